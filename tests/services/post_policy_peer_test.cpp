// POST policies against botocore's generate_presigned_post at one frozen clock: the policy document
// byte for byte, its base64, the signature and every form field; and the server side accepts botocore's
// forms as it accepts ours.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peer_process.hpp"
#include "sigv4/post_policy.hpp"

namespace {

using namespace sigv4;
using json = nlohmann::ordered_json;

constexpr const char* kAk = "AKIDEXAMPLE";
constexpr const char* kSk = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

json botocore_condition(const PostCondition& c) {
  switch (c.kind) {
    case PostConditionKind::equals:
      return json::object({{c.field, c.value}});
    case PostConditionKind::starts_with:
      return json::array({"starts-with", "$" + c.field, c.value});
    case PostConditionKind::content_length_range:
      return json::array({"content-length-range", c.min_bytes, c.max_bytes});
  }
  return nullptr;
}

void expect_equal_to_botocore(const PostPolicyRequest& r, const std::string& token, bool compare_url) {
  json fields = json::object();
  for (const auto& [k, v] : r.fields) fields[k] = v;
  json conditions = json::array();
  for (const auto& c : r.conditions) conditions.push_back(botocore_condition(c));
  const auto theirs = peer::botocore({{"kind", "s3_post"},
                                      {"creds", {kAk, kSk, token.empty() ? json(nullptr) : json(token)}},
                                      {"region", r.region},
                                      {"bucket", r.bucket},
                                      {"key", r.key},
                                      {"fields", fields},
                                      {"conditions", conditions},
                                      {"expires", r.expires_seconds}});
  const PostPolicyForm ours =
      build_post_policy(Credentials(kAk, kSk, token), SigningTime::parse_or_throw(peer::kFrozenAmzDate), r);
  EXPECT_EQ(ours.policy_json, theirs["policy_json"].get<std::string>());
  ASSERT_TRUE(theirs["fields"].is_object());
  std::vector<std::pair<std::string, std::string>> their_fields;
  for (const auto& [k, v] : theirs["fields"].items()) their_fields.emplace_back(k, v.get<std::string>());
  EXPECT_EQ(ours.fields, their_fields);  // names, values and order; policy and x-amz-signature included
  EXPECT_EQ(ours.policy, theirs["fields"]["policy"].get<std::string>());
  EXPECT_EQ(ours.signature, theirs["fields"]["x-amz-signature"].get<std::string>());
  if (compare_url) {
    EXPECT_EQ(ours.url, theirs["url"].get<std::string>());
  }

  // The server side accepts botocore's form (and so both sides agree on the rules).
  CredentialStore store;
  store.add(kAk, kSk, token.empty() ? std::nullopt : std::optional<std::string_view>(token));
  PostUpload upload;
  upload.fields = their_fields;
  upload.filename = "photo.png";
  upload.file_size = 100;
  PostVerifyOptions o;
  o.bucket = r.bucket;
  o.now = SigningTime::parse_or_throw(peer::kFrozenAmzDate);
  const PostVerifyResult v = verify_post_policy(upload, store.lookup(), o);
  EXPECT_TRUE(v.ok()) << (v.error ? v.error->message : "");
}

TEST(PostPolicy, FilenameKeyWithTypeMetadataStatusAndRangeEqualsBotocore) {
  PostPolicyRequest r;
  r.bucket = "my-bucket";
  r.key = "uploads/${filename}";
  r.region = "us-east-1";
  r.fields = {{"Content-Type", "image/png"}, {"x-amz-meta-owner", "me"}, {"success_action_status", "201"}};
  r.conditions = {
      PostCondition::equals("Content-Type", "image/png"), PostCondition::equals("x-amz-meta-owner", "me"),
      PostCondition::equals("success_action_status", "201"), PostCondition::content_length_range(1, 1048576)};
  expect_equal_to_botocore(r, "", true);
}

TEST(PostPolicy, SessionTokenAndStartsWithConditionsEqualBotocore) {
  PostPolicyRequest r;
  r.bucket = "team-uploads";
  r.key = "reports/2026/q4.csv";
  r.region = "eu-central-1";
  r.expires_seconds = 600;
  r.fields = {{"Content-Type", "text/csv"}, {"acl", "private"}};
  r.conditions = {PostCondition::starts_with("Content-Type", "text/"),
                  PostCondition::equals("acl", "private"), PostCondition::content_length_range(0, 10485760)};
  expect_equal_to_botocore(r, "FwoGZXIvYXdzEBYaDK+session/token==", false);
}

TEST(PostPolicy, NonAsciiKeysAndSpecialCharactersEqualBotocore) {
  PostPolicyRequest r;
  r.bucket = "my-bucket";
  r.key = "caf\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac \"quoted\" \\ & <tag> \xf0\x9f\x98\x80.txt";
  r.region = "ap-northeast-1";
  r.fields = {{"success_action_redirect", "https://example.com/done?a=1&b=<2>"},
              {"x-amz-meta-note", "tab\there, newline\nthere"}};
  r.conditions = {PostCondition::equals("success_action_redirect", "https://example.com/done?a=1&b=<2>"),
                  PostCondition::equals("x-amz-meta-note", "tab\there, newline\nthere")};
  expect_equal_to_botocore(r, "", false);
}

}  // namespace
