// `explain` names the right cause for deliberately broken requests. Each test signs a request, breaks it
// the way a proxy, an HTTP library or a hand-written signer does, lets the verifier (the server side,
// as `sigv4 serve` runs it) refuse it, and explains the S3 error document it produced.
#include "sigv4/explain.hpp"

#include <gtest/gtest.h>

#include "sigv4/signer.hpp"
#include "sigv4/verifier.hpp"

namespace {

using namespace sigv4;

constexpr const char* kAk = "AKIDEXAMPLE";
constexpr const char* kSk = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SigningTime kTime = SigningTime::parse_or_throw("20261125T120000Z");

struct Signed {
  HttpRequest request;
  SigningResult result;
};

Signed sign_s3(HttpRequest req, const SigningSettings& settings = SigningSettings::s3(),
               std::string_view region = "us-east-1") {
  Signed s{std::move(req), {}};
  std::vector<HeaderView> views;
  s.result = sign_request(s.request.view(views), Body::bytes(s.request.body), Credentials(kAk, kSk),
                          {kTime, region, "s3"}, settings);
  for (const auto& h : s.result.headers_to_add) s.request.set_header(h.name, h.value);
  return s;
}

HttpRequest get(std::string_view target, std::string_view host = "examplebucket.s3.amazonaws.com") {
  HttpRequest r;
  r.method = "GET";
  r.target = std::string(target);
  r.headers = {{"Host", std::string(host)}};
  return r;
}

// What the server answers for `received` (the error document, as S3 and `sigv4 serve` send it).
// The server's clock is `clock_offset` seconds after the signing time; `region` is enforced when set.
std::string server_error_xml(const HttpRequest& received, std::int64_t clock_offset = 0,
                             std::string region = {}, std::string_view secret = kSk) {
  CredentialStore store;
  store.add(kAk, secret);
  VerifyOptions options;
  options.now = SigningTime::from_unix_seconds(kTime.unix_seconds() + clock_offset);
  options.region = std::move(region);
  std::vector<HeaderView> views;
  const VerifyResult v = verify_request(received.view(views), store.lookup(), options);
  EXPECT_FALSE(v.ok()) << "the broken request was accepted";
  return v.ok() ? std::string() : v.error->to_xml("/", "TESTREQUEST");
}

Explanation explain(const ClientSignatureRecord& client, const std::string& xml) {
  const auto server = parse_s3_error_body(xml);
  EXPECT_TRUE(server.has_value()) << xml;
  return server ? explain_signature_mismatch(client, *server) : Explanation{};
}

Explanation explain_request(const HttpRequest& as_signed, const std::string& xml) {
  const ClientSideParse client = client_side_from_request(as_signed);
  EXPECT_TRUE(client.side.has_value()) << client.error;
  return client.side ? explain(*client.side, xml) : Explanation{};
}

TEST(Explain, SpaceSentAsPlusInTheQueryIsPlusVersusPercent20) {
  const Signed s = sign_s3(get("/photos?prefix=my%20holiday"));
  HttpRequest received = s.request;
  received.target = "/photos?prefix=my+holiday";  // an HTML-form encoder re-wrote the space
  const Explanation e = explain_request(s.request, server_error_xml(received));
  EXPECT_EQ(e.cause, MismatchCause::query_plus_vs_space) << e.summary << "\n" << e.side_by_side;
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.line_role, "canonical query");
  EXPECT_EQ(e.client_line, "prefix=my%20holiday");
  EXPECT_EQ(e.server_line, "prefix=my%2Bholiday");
  EXPECT_EQ(e.column, 11u);  // "prefix=my%2" is common; then "0" against "B"
}

TEST(Explain, PathEncodedTwiceForS3IsDoubleEncoding) {
  // A signer that applies the generic (double-encoding) rules to S3.
  SigningSettings generic;
  generic.content_sha256_header = ContentSha256Header::add_and_sign;
  const Signed s = sign_s3(get("/my%20photo.jpg"), generic);
  const Explanation e =
      explain({s.result.canonical_request, s.result.string_to_sign}, server_error_xml(s.request));
  EXPECT_EQ(e.cause, MismatchCause::path_double_encoding) << e.summary << "\n" << e.side_by_side;
  EXPECT_EQ(e.line_role, "canonical URI");
  EXPECT_EQ(e.client_line, "/my%2520photo.jpg");
}

TEST(Explain, DotSegmentsRemovedByTheSignerOnlyIsPathNormalization) {
  SigningSettings generic;
  generic.content_sha256_header = ContentSha256Header::add_and_sign;
  const Signed s = sign_s3(get("/logs/../2026//a.txt"), generic);
  const Explanation e =
      explain({s.result.canonical_request, s.result.string_to_sign}, server_error_xml(s.request));
  EXPECT_EQ(e.cause, MismatchCause::path_normalization) << e.summary << "\n" << e.side_by_side;
}

TEST(Explain, ContentTypeRewrittenByAnHttpLibraryIsHeaderChanged) {
  HttpRequest r = get("/doc.txt");
  r.method = "PUT";
  r.headers.push_back({"Content-Type", "text/plain"});
  r.body = "hello";
  const Signed s = sign_s3(r);
  HttpRequest received = s.request;
  received.set_header("Content-Type", "text/plain; charset=UTF-8");
  const Explanation e = explain_request(s.request, server_error_xml(received));
  EXPECT_EQ(e.cause, MismatchCause::header_changed) << e.summary << "\n" << e.side_by_side;
  EXPECT_EQ(e.line_role, "header content-type");
  EXPECT_EQ(e.column, 23u);  // "content-type:text/plain" ends where "; charset" begins
}

TEST(Explain, SignedHeaderDroppedByAProxyIsHeaderNotSent) {
  HttpRequest r = get("/k");
  r.headers.push_back({"x-amz-meta-owner", "alice"});
  const Signed s = sign_s3(r);
  HttpRequest received = s.request;
  std::erase_if(received.headers, [](const Header& h) { return iequals(h.name, "x-amz-meta-owner"); });
  const Explanation e = explain_request(s.request, server_error_xml(received));
  EXPECT_EQ(e.cause, MismatchCause::header_not_sent) << e.summary << "\n" << e.side_by_side;
  EXPECT_EQ(e.server_line, "x-amz-meta-owner:");
}

TEST(Explain, UntrimmedHeaderValueOfAHandWrittenSignerIsWhitespace) {
  HttpRequest r = get("/k");
  r.headers.push_back({"x-amz-meta-note", "two  spaces"});
  const Signed s = sign_s3(r);
  // The hand-written signer put the value in the canonical request untouched.
  std::string naive = s.result.canonical_request;
  naive.replace(naive.find("x-amz-meta-note:two spaces"), 26, "x-amz-meta-note:two  spaces");
  const Explanation e = explain({naive, ""}, server_error_xml(s.request, 0, {}, "a-different-secret"));
  EXPECT_EQ(e.cause, MismatchCause::header_whitespace) << e.summary << "\n" << e.side_by_side;
}

TEST(Explain, HostRewrittenByAProxyIsHostChanged) {
  const Signed s = sign_s3(get("/k"));
  HttpRequest received = s.request;
  received.set_header("Host", "examplebucket.s3.amazonaws.com:8443");
  const Explanation e = explain_request(s.request, server_error_xml(received));
  EXPECT_EQ(e.cause, MismatchCause::host_changed) << e.summary << "\n" << e.side_by_side;
}

TEST(Explain, DateRestampedAfterSigningIsClock) {
  const Signed s = sign_s3(get("/k"));
  HttpRequest received = s.request;
  received.set_header("X-Amz-Date", "20261125T120005Z");  // a retry layer re-stamped the date
  const Explanation e = explain_request(s.request, server_error_xml(received));
  EXPECT_EQ(e.cause, MismatchCause::clock) << e.summary << "\n" << e.side_by_side;
}

TEST(Explain, ClockOffByAnHourIsClock) {
  const Signed s = sign_s3(get("/k"));
  const Explanation e = explain_request(s.request, server_error_xml(s.request, 3600));
  EXPECT_EQ(e.cause, MismatchCause::clock) << e.summary;
  EXPECT_NE(e.summary.find("RequestTimeTooSkewed"), std::string::npos) << e.summary;
}

TEST(Explain, SignedForAnotherRegionIsRegion) {
  const Signed s = sign_s3(get("/k"));
  const Explanation e = explain_request(s.request, server_error_xml(s.request, 0, "eu-west-1"));
  EXPECT_EQ(e.cause, MismatchCause::region) << e.summary;
}

TEST(Explain, HeadSentForAUrlSignedForGetIsMethod) {
  const Signed s = sign_s3(get("/k"));
  HttpRequest received = s.request;
  received.method = "HEAD";
  const Explanation e = explain_request(s.request, server_error_xml(received));
  EXPECT_EQ(e.cause, MismatchCause::method) << e.summary;
  EXPECT_EQ(e.line, 0u);
}

TEST(Explain, QueryParameterAddedAfterSigningIsQueryChanged) {
  const Signed s = sign_s3(get("/k?versionId=3"));
  HttpRequest received = s.request;
  received.target = "/k?versionId=3&x-id=GetObject";
  const Explanation e = explain_request(s.request, server_error_xml(received));
  EXPECT_EQ(e.cause, MismatchCause::query_changed) << e.summary;
}

TEST(Explain, ContentSha256ReplacedIsPayloadHash) {
  HttpRequest r = get("/k");
  r.method = "PUT";
  r.body = "data";
  const Signed s = sign_s3(r);
  HttpRequest received = s.request;
  received.set_header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  const Explanation e = explain_request(s.request, server_error_xml(received));
  EXPECT_EQ(e.cause, MismatchCause::payload_hash) << e.summary;
}

TEST(Explain, IdenticalCanonicalRequestsMeanTheSecretKeyDiffers) {
  const Signed s = sign_s3(get("/k"));
  const Explanation e = explain_request(s.request, server_error_xml(s.request, 0, {}, "another-secret"));
  EXPECT_EQ(e.cause, MismatchCause::secret_key) << e.summary << "\n" << e.side_by_side;
  EXPECT_FALSE(e.line.has_value());
}

TEST(Explain, PresignedUrlExpiredIsClock) {
  HttpRequest r = get("/k");
  const Signed s = sign_s3(r, SigningSettings::s3_presign(60));
  HttpRequest received = s.request;
  received.target = s.result.presigned_target;
  const Explanation e = explain_request(received, server_error_xml(received, 120));
  EXPECT_EQ(e.cause, MismatchCause::clock) << e.summary;
}

TEST(ExplainInput, ErrorBodyBytesArePreferredAndEntitiesDecoded) {
  const auto r = parse_s3_error_body(
      "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><Message>a &amp; b</Message>"
      "<CanonicalRequest>ignored</CanonicalRequest><CanonicalRequestBytes>47 45 54 0a "
      "2f</CanonicalRequestBytes>"
      "<StringToSign>X&#10;Y</StringToSign></Error>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message, "a & b");
  EXPECT_EQ(r->canonical_request, "GET\n/");
  EXPECT_EQ(r->string_to_sign, "X\nY");
  EXPECT_FALSE(parse_s3_error_body("<html>no</html>"));
  EXPECT_FALSE(
      parse_s3_error_body("<Error><Code>X</Code><CanonicalRequestBytes>4g</CanonicalRequestBytes></Error>"));
}

// Lenient entity decoding: an error document is read to be shown, so a bad entity stays as written.
TEST(ExplainInput, AMalformedEntityInTheErrorBodyIsKeptAsText) {
  const auto r = parse_s3_error_body(
      "<Error><Code>SignatureDoesNotMatch</Code><Message>a &nbsp; b &#x110000; &amp c &lt;d&gt;</Message>"
      "</Error>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message, "a &nbsp; b &#x110000; &amp c <d>");
}

TEST(ExplainInput, VerboseLogSectionsAreRead) {
  const auto c = client_side_from_verbose_log(
      "* Connected\n--- canonical request ---\nGET\n/\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD\n"
      "--- string to sign ---\nAWS4-HMAC-SHA256\n20261125T120000Z\nS\nH\n\n--- signature ---\nabc\n");
  ASSERT_TRUE(c.side) << c.error;
  EXPECT_EQ(c.side->canonical_request, "GET\n/\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD");
  EXPECT_EQ(c.side->string_to_sign, "AWS4-HMAC-SHA256\n20261125T120000Z\nS\nH");
  EXPECT_FALSE(client_side_from_verbose_log("nothing here").side);
}

TEST(ExplainInput, UnsignedRequestIsRefusedWithAReason) {
  const ClientSideParse c = client_side_from_request(get("/k"));
  EXPECT_FALSE(c.side);
  EXPECT_NE(c.error.find("not signed"), std::string::npos);
}

}  // namespace
