// Rules of the body half of verification (payload_verifier.hpp), on real clients' requests from
// ../shared/captures; expected digests are the captures' own (computed by the capture tooling).
#include "sigv4/payload_verifier.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sigv4/raw_request.hpp"

using sigv4::S3ErrorCode;

namespace {

sigv4::HttpRequest load(const std::string& name) {
  std::ifstream in(std::string(SIGV4_SHARED_DIR) + "/captures/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return *sigv4::parse_raw_request(ss.str()).request;
}

// MD5 of the 20000-byte object of the small captures (md5_base64 in their .json).
constexpr const char* kObjectMd5 = "yWjT6IHR7JU0OkIf4+eaGg==";

struct Run {
  std::optional<sigv4::S3Error> error;
  std::string data;
  std::vector<std::pair<std::string, std::string>> checked;
  std::string md5_hex;
};

Run verify(const sigv4::HttpRequest& req, std::string_view body, std::size_t piece = 1000,
           const sigv4::PayloadVerifierOptions& options = {}) {
  sigv4::CredentialStore store;
  store.add("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  sigv4::VerifyOptions vo;
  const auto* date = req.find_header("x-amz-date");
  vo.now =
      *sigv4::SigningTime::parse(std::string_view(date->value).substr(date->value.find_first_not_of(' ')));
  std::vector<sigv4::HeaderView> hv;
  const auto auth = sigv4::verify_request(req.view(hv), store.lookup(), vo);
  EXPECT_TRUE(auth.ok()) << auth.error->message;
  sigv4::PayloadVerifier pv(auth, hv, options);
  Run r;
  for (std::size_t at = 0; at < body.size() && !r.error; at += piece)
    r.error = pv.feed(body.substr(at, piece), [&](std::string_view d) { r.data.append(d); });
  if (!r.error) r.error = pv.finish();
  if (!r.error) {
    r.checked = pv.checked();
    r.md5_hex = pv.md5_hex();
  }
  return r;
}

}  // namespace

TEST(PayloadVerifier, HexContentSha256IsCheckedAgainstTheBody) {
  const auto req = load("js-http-buffer-small-01.raw");
  const auto ok = verify(req, req.body);
  ASSERT_FALSE(ok.error) << ok.error->message;
  EXPECT_EQ(ok.data, req.body);
  std::string altered = req.body;
  altered[19999] ^= 1;
  const auto bad = verify(req, altered);
  ASSERT_TRUE(bad.error);
  EXPECT_EQ(bad.error->code, S3ErrorCode::x_amz_content_sha256_mismatch);
  EXPECT_EQ(bad.error->detail("ClientComputedContentSHA256"),
            "93a6015a3874a774dd59fdd5db19414b301525381eb5ddcc265cdcc68bb9d350");
}

TEST(PayloadVerifier, ContentMd5IsCheckedAgainstTheData) {
  auto req = load("js-http-buffer-small-01.raw");
  req.headers.push_back({"Content-MD5", kObjectMd5});
  const auto ok = verify(req, req.body);
  ASSERT_FALSE(ok.error) << ok.error->message;
  EXPECT_NE(
      std::find(ok.checked.begin(), ok.checked.end(), std::pair<std::string, std::string>("md5", kObjectMd5)),
      ok.checked.end());
  EXPECT_EQ(ok.md5_hex, "c968d3e881d1ec95343a421fe3e79a1a");  // the same digest in hex
  req.set_header("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==");
  const auto bad = verify(req, req.body);
  ASSERT_TRUE(bad.error);
  EXPECT_EQ(bad.error->code, S3ErrorCode::bad_digest);
  EXPECT_EQ(bad.error->detail("CalculatedDigest"), kObjectMd5);
}

TEST(PayloadVerifier, MalformedContentMd5IsInvalidDigest) {
  auto req = load("js-http-buffer-small-01.raw");
  req.headers.push_back({"Content-MD5", "not-base64"});
  const auto r = verify(req, req.body);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, S3ErrorCode::invalid_digest);
}

TEST(PayloadVerifier, ChecksumHeaderIsCheckedAgainstTheData) {
  auto req = load("js-http-buffer-small-01.raw");  // x-amz-checksum-crc32: Nh/G5w== (the JS SDK's value)
  const auto ok = verify(req, req.body);
  ASSERT_FALSE(ok.error);
  EXPECT_NE(std::find(ok.checked.begin(), ok.checked.end(),
                      std::pair<std::string, std::string>("crc32", "Nh/G5w==")),
            ok.checked.end());
}

TEST(PayloadVerifier, CompleteMultipartUploadChecksumHeaderIsNotAboutTheBody) {
  EXPECT_EQ(sigv4::checksum_header_scope("POST", "/b/k?uploadId=1"),
            sigv4::ChecksumHeaderScope::not_the_body);
  EXPECT_EQ(sigv4::checksum_header_scope("POST", "/b/k?uploads="), sigv4::ChecksumHeaderScope::body);
  EXPECT_EQ(sigv4::checksum_header_scope("PUT", "/b/k?partNumber=1&uploadId=1"),
            sigv4::ChecksumHeaderScope::body);
  const auto req = load("minio-go-http-put-unknown-03.raw");
  sigv4::PayloadVerifierOptions o;
  o.checksum_header = sigv4::checksum_header_scope(req.method, req.target);
  EXPECT_FALSE(verify(req, req.body, 1000, o).error);
}

TEST(PayloadVerifier, ShortBodyIsIncompleteBody) {
  const auto req = load("js-http-buffer-small-01.raw");
  const auto r = verify(req, std::string_view(req.body).substr(0, 19999));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, S3ErrorCode::incomplete_body);
}

TEST(PayloadVerifier, SignedChunksReleaseOnlyVerifiedDataInAnySlicing) {
  const auto req = load("minio-go-http-signed-trailer-small-01.raw");
  for (std::size_t piece : {1u, 7u, 8192u, 100000u}) {
    const auto r = verify(req, req.body, piece);
    ASSERT_FALSE(r.error) << piece << ": " << r.error->message;
    ASSERT_EQ(r.data.size(), 20000u);
    for (std::size_t i = 0; i < r.data.size(); ++i) ASSERT_EQ(static_cast<unsigned char>(r.data[i]), i % 251);
  }
  std::string altered = req.body;
  altered[5000] ^= 1;
  const auto bad = verify(req, altered);
  ASSERT_TRUE(bad.error);
  EXPECT_EQ(bad.error->code, S3ErrorCode::signature_does_not_match);
  EXPECT_TRUE(bad.data.empty()) << "no data of a chunk whose signature failed may be released";
}

TEST(PayloadVerifier, StreamingWithoutDecodedContentLengthIsMissingContentLength) {
  auto req = load("minio-go-http-put-small-01.raw");
  std::erase_if(req.headers, [](const sigv4::Header& h) {
    return sigv4::iequals(h.name, "x-amz-decoded-content-length");
  });
  // The header was signed: drop it from SignedHeaders too would break the signature, so check the
  // body verifier directly with an accepted result of the original request.
  const auto orig = load("minio-go-http-put-small-01.raw");
  sigv4::CredentialStore store;
  store.add("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  sigv4::VerifyOptions vo;
  vo.now = *sigv4::SigningTime::parse("20261122T212127Z");
  std::vector<sigv4::HeaderView> hv;
  const auto auth = sigv4::verify_request(orig.view(hv), store.lookup(), vo);
  ASSERT_TRUE(auth.ok()) << auth.error->message;
  std::vector<sigv4::HeaderView> stripped;
  const auto view = req.view(stripped);
  sigv4::PayloadVerifier pv(auth, view.headers);
  ASSERT_TRUE(pv.error());
  EXPECT_EQ(pv.error()->code, S3ErrorCode::missing_content_length);
}
