// POST policy rules: the document's shape, the form, the HTML page, multipart parsing, and the server
// side: an upload built by build_post_policy passes verify_post_policy, and each violated rule is
// refused with S3's error. Equality with botocore's generate_presigned_post is in
// tests/services/post_policy_peer_test.cpp.
#include "sigv4/post_policy.hpp"

#include <gtest/gtest.h>

#include "sigv4/crypto/base64.hpp"
#include "sigv4/error.hpp"
#include "sigv4/multipart_form.hpp"

namespace {

using namespace sigv4;

constexpr const char* kAk = "AKIDEXAMPLE";
constexpr const char* kSk = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SigningTime kTime = SigningTime::parse_or_throw("20261125T120000Z");

PostPolicyRequest photo_upload() {
  PostPolicyRequest r;
  r.bucket = "uploads";
  r.key = "user/42/${filename}";
  r.region = "eu-west-1";
  r.fields = {{"Content-Type", "image/png"}, {"x-amz-meta-owner", "alice"}, {"success_action_status", "201"}};
  r.conditions = {
      PostCondition::equals("Content-Type", "image/png"), PostCondition::equals("x-amz-meta-owner", "alice"),
      PostCondition::equals("success_action_status", "201"), PostCondition::content_length_range(1, 1024)};
  return r;
}

PostUpload upload_of(const PostPolicyForm& form, std::string filename = "cat.png", std::uint64_t size = 100) {
  PostUpload u;
  u.fields = form.fields;
  u.filename = std::move(filename);
  u.file_size = size;
  return u;
}

PostVerifyResult verify(const PostUpload& u, std::int64_t clock_offset = 0, std::string_view secret = kSk,
                        std::optional<std::string_view> token = {}) {
  CredentialStore store;
  store.add(kAk, secret, token);
  PostVerifyOptions o;
  o.bucket = "uploads";
  o.now = SigningTime::from_unix_seconds(kTime.unix_seconds() + clock_offset);
  return verify_post_policy(u, store.lookup(), o);
}

void set_field(PostUpload& u, std::string_view name, std::string value) {
  for (auto& [k, v] : u.fields)
    if (k == name) v = std::move(value);
}

TEST(PostPolicyDocument, HoldsExpirationUserConditionsThenBucketKeyAndCredentialConditions) {
  const PostPolicyForm f = build_post_policy(Credentials(kAk, kSk), kTime, photo_upload());
  EXPECT_EQ(
      f.policy_json,
      R"({"expiration": "2026-11-25T13:00:00Z", "conditions": [{"Content-Type": "image/png"}, )"
      R"({"x-amz-meta-owner": "alice"}, {"success_action_status": "201"}, ["content-length-range", 1, 1024], )"
      R"({"bucket": "uploads"}, ["starts-with", "$key", "user/42/"], {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, )"
      R"({"x-amz-credential": "AKIDEXAMPLE/20261125/eu-west-1/s3/aws4_request"}, {"x-amz-date": "20261125T120000Z"}]})");
  std::vector<std::uint8_t> decoded;
  ASSERT_TRUE(crypto::base64_decode(f.policy, decoded));
  EXPECT_EQ(std::string(decoded.begin(), decoded.end()), f.policy_json);
  EXPECT_EQ(f.url, "https://uploads.s3.eu-west-1.amazonaws.com/");
}

TEST(PostPolicyDocument, NonAsciiIsEscapedAsJsonDumpsDoes) {
  PostPolicyRequest r = photo_upload();
  r.key = "caf\xc3\xa9 \xf0\x9f\x98\x80\"q\"";
  r.conditions = {};
  const PostPolicyForm f = build_post_policy(Credentials(kAk, kSk), kTime, r);
  EXPECT_NE(f.policy_json.find(R"({"key": "caf\u00e9 \ud83d\ude00\"q\""})"), std::string::npos)
      << f.policy_json;
}

TEST(PostPolicyForm, FieldsAreUserFieldsKeyCredentialTokenPolicySignatureInThatOrder) {
  const PostPolicyForm f = build_post_policy(Credentials(kAk, kSk, "tok"), kTime, photo_upload());
  std::vector<std::string> names;
  for (const auto& [k, v] : f.fields) names.push_back(k);
  EXPECT_EQ(names, (std::vector<std::string>{"Content-Type", "x-amz-meta-owner", "success_action_status",
                                             "key", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
                                             "x-amz-security-token", "policy", "x-amz-signature"}));
  EXPECT_NE(f.policy_json.find(R"({"x-amz-security-token": "tok"})"), std::string::npos);
}

TEST(PostPolicyForm, HtmlPageEscapesEveryValue) {
  PostPolicyRequest r = photo_upload();
  r.fields.push_back({"success_action_redirect", "https://e.example/?a=1&b=\"<x>\""});
  const std::string html = post_policy_html(build_post_policy(Credentials(kAk, kSk), kTime, r));
  EXPECT_NE(html.find(R"(value="https://e.example/?a=1&amp;b=&quot;&lt;x&gt;&quot;")"), std::string::npos);
  EXPECT_NE(html.find(R"(enctype="multipart/form-data")"), std::string::npos);
  EXPECT_NE(html.find(R"(<input type="file" name="file">)"), std::string::npos);
}

TEST(PostPolicyForm, RefusesEmptyKeyBadRangeNonUtf8AndNonPositiveExpiry) {
  auto code = [](PostPolicyRequest r) {
    try {
      (void)build_post_policy(Credentials(kAk, kSk), kTime, r);
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::io_error;
  };
  PostPolicyRequest r = photo_upload();
  r.key = "";
  EXPECT_EQ(code(r), ErrorCode::invalid_argument);
  r = photo_upload();
  r.conditions.push_back(PostCondition::content_length_range(10, 1));
  EXPECT_EQ(code(r), ErrorCode::invalid_argument);
  r = photo_upload();
  r.fields.push_back({"x-amz-meta-bad", "\xff"});
  EXPECT_EQ(code(r), ErrorCode::invalid_argument);
  r = photo_upload();
  r.expires_seconds = 0;
  EXPECT_EQ(code(r), ErrorCode::expires_out_of_range);
}

TEST(PostPolicyVerify, TheFormBuiltByTheLibraryIsAccepted) {
  const PostVerifyResult v =
      verify(upload_of(build_post_policy(Credentials(kAk, kSk), kTime, photo_upload())));
  EXPECT_TRUE(v.ok()) << (v.error ? v.error->message : "");
  EXPECT_EQ(v.key, "user/42/cat.png");
  EXPECT_EQ(v.access_key_id, kAk);
}

// Found by post_form_fuzz (fuzz/regressions/post_form_fuzz/): a region with a control character made
// the signer throw out of verify_post_policy, which promises never to throw for upload content.
TEST(PostPolicyVerify, CredentialRegionTheSignerRefusesIsInvalidArgumentNotAThrow) {
  PostUpload u = upload_of(build_post_policy(Credentials(kAk, kSk), kTime, photo_upload()));
  for (auto& [k, v] : u.fields)
    if (k == "x-amz-credential") v.replace(v.find("eu-west-1"), 9, std::string("eu-we\0st-1", 10));
  PostVerifyResult v;
  ASSERT_NO_THROW(v = verify(u));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error->name(), "InvalidArgument");
}

TEST(PostPolicyVerify, ExpiredPolicyIsAccessDenied) {
  const PostVerifyResult v =
      verify(upload_of(build_post_policy(Credentials(kAk, kSk), kTime, photo_upload())), 3600);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error->name(), "AccessDenied");
  EXPECT_EQ(v.error->message, "Invalid according to Policy: Policy expired.");
}

TEST(PostPolicyVerify, WrongSecretOrTamperedPolicyIsSignatureDoesNotMatch) {
  const PostPolicyForm f = build_post_policy(Credentials(kAk, kSk), kTime, photo_upload());
  EXPECT_EQ(verify(upload_of(f), 0, "other-secret").error->name(), "SignatureDoesNotMatch");
  PostUpload tampered = upload_of(f);
  std::string json = f.policy_json;
  json.replace(json.find("1024"), 4, "9999");
  std::string b64;
  crypto::base64_append({reinterpret_cast<const std::uint8_t*>(json.data()), json.size()}, b64);
  set_field(tampered, "policy", b64);
  const PostVerifyResult v = verify(tampered);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error->name(), "SignatureDoesNotMatch");
  EXPECT_EQ(v.error->detail("StringToSign"), b64);
}

TEST(PostPolicyVerify, FieldViolatingAnEqualsConditionIsRefused) {
  PostUpload u = upload_of(build_post_policy(Credentials(kAk, kSk), kTime, photo_upload()));
  set_field(u, "Content-Type", "text/html");
  const PostVerifyResult v = verify(u);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error->name(), "AccessDenied");
  EXPECT_EQ(v.error->message,
            R"(Invalid according to Policy: Policy Condition failed: {"Content-Type": "image/png"})");
}

TEST(PostPolicyVerify, KeyOutsideTheStartsWithPrefixIsRefused) {
  PostUpload u = upload_of(build_post_policy(Credentials(kAk, kSk), kTime, photo_upload()));
  set_field(u, "key", "user/43/cat.png");
  const PostVerifyResult v = verify(u);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error->message,
            R"(Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/42/"])");
}

TEST(PostPolicyVerify, FileOutsideContentLengthRangeIsEntityTooLargeOrSmall) {
  const PostPolicyForm f = build_post_policy(Credentials(kAk, kSk), kTime, photo_upload());
  const PostVerifyResult big = verify(upload_of(f, "a", 1025));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error->name(), "EntityTooLarge");
  EXPECT_EQ(big.error->detail("MaxSizeAllowed"), "1024");
  const PostVerifyResult empty = verify(upload_of(f, "a", 0));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error->name(), "EntityTooSmall");
}

TEST(PostPolicyVerify, FieldWithoutAConditionIsExtraInputField) {
  PostUpload u = upload_of(build_post_policy(Credentials(kAk, kSk), kTime, photo_upload()));
  u.fields.insert(u.fields.begin(), {"acl", "public-read"});
  u.fields.insert(u.fields.begin(), {"x-ignore-tracking", "1"});  // x-ignore-* fields need none
  const PostVerifyResult v = verify(u);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error->message, "Invalid according to Policy: Extra input fields: acl");
}

TEST(PostPolicyVerify, MissingRequiredFieldUnknownKeyAndTokenRulesAreRefused) {
  const PostPolicyForm f = build_post_policy(Credentials(kAk, kSk), kTime, photo_upload());
  PostUpload u = upload_of(f);
  std::erase_if(u.fields, [](const auto& p) { return p.first == "x-amz-signature"; });
  EXPECT_EQ(verify(u).error->name(), "InvalidArgument");

  CredentialStore empty;
  PostVerifyOptions o;
  o.bucket = "uploads";
  o.now = kTime;
  EXPECT_EQ(verify_post_policy(upload_of(f), empty.lookup(), o).error->name(), "InvalidAccessKeyId");

  EXPECT_EQ(verify(upload_of(f), 0, kSk, "needed-token").error->name(), "MissingSecurityHeader");
  const PostPolicyForm with_token = build_post_policy(Credentials(kAk, kSk, "tok"), kTime, photo_upload());
  EXPECT_EQ(verify(upload_of(with_token), 0, kSk, "other").error->name(), "InvalidToken");
  EXPECT_TRUE(verify(upload_of(with_token), 0, kSk, "tok").ok());
}

TEST(PostPolicyVerify, WrongBucketFailsTheBucketCondition) {
  const PostPolicyForm f = build_post_policy(Credentials(kAk, kSk), kTime, photo_upload());
  CredentialStore store;
  store.add(kAk, kSk);
  PostVerifyOptions o;
  o.bucket = "someone-elses";
  o.now = kTime;
  const PostVerifyResult v = verify_post_policy(upload_of(f), store.lookup(), o);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error->message,
            R"(Invalid according to Policy: Policy Condition failed: {"bucket": "uploads"})");
}

TEST(MultipartForm, FieldsAndFileAreSplitAsCurlSendsThem) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuser/${filename}\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\nContent-Type: "
      "text/plain\r\n\r\n"
      "line1\r\nline2\r\n--XyZ--\r\n";
  const auto boundary = multipart_boundary("multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(boundary);
  const MultipartParse p = parse_multipart_form(body, *boundary);
  ASSERT_TRUE(p.ok()) << p.error;
  ASSERT_EQ(p.parts.size(), 2u);
  EXPECT_EQ(p.parts[0].name, "key");
  EXPECT_EQ(p.parts[0].data, "user/${filename}");
  EXPECT_EQ(p.parts[1].filename, "a b.txt");
  EXPECT_EQ(p.parts[1].content_type, "text/plain");
  EXPECT_EQ(p.parts[1].data, "line1\r\nline2");
  const auto file = post_upload_from_form(p.parts);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->upload.fields.size(), 1u);
  EXPECT_EQ(file->upload.file_size, 12u);
}

TEST(MultipartForm, MalformedBodiesGetAnErrorNotAnException) {
  EXPECT_FALSE(multipart_boundary("application/json"));
  EXPECT_TRUE(multipart_boundary("multipart/form-data; boundary=\"quoted b\"") ==
              std::optional<std::string>("quoted b"));
  EXPECT_FALSE(parse_multipart_form("garbage", "b").ok());
  EXPECT_FALSE(
      parse_multipart_form("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", "b").ok());
  EXPECT_FALSE(parse_multipart_form("--b\r\nContent-Type: x\r\n\r\nv\r\n--b--", "b").ok());
  MultipartLimits tight;
  tight.max_parts = 1;
  EXPECT_FALSE(parse_multipart_form("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                                    "--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n2\r\n--b--",
                                    "b", tight)
                   .ok());
}

}  // namespace
