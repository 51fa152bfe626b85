// S3 presigned URLs against botocore's generate_presigned_url (python3-botocore, signature s3v4) at one
// frozen clock: same scheme, host and path, every query parameter equal, the same signature.
// botocore 1.29 puts virtual-hosted URLs on the global endpoint (BUCKET.s3.amazonaws.com) whatever the
// region; we use the regional endpoint as current SDKs do, so outside us-east-1 botocore is given the
// regional endpoint explicitly.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peer_process.hpp"
#include "presigned_url_compare.hpp"
#include "sigv4/s3_presign.hpp"

namespace {

using namespace sigv4;
using json = nlohmann::ordered_json;

constexpr const char* kAk = "AKIDEXAMPLE";
constexpr const char* kSk = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kToken = "FwoGZXIvYXdzEBYaDK+session/token==";

struct Oracle {
  std::string region;
  std::string endpoint_url;  // empty: AWS
  std::string addressing = "auto";
  std::string client_method = "get_object";
  json params;
  std::int64_t expires = 3600;
  std::string session_token;
  std::string http_method;
};

std::string botocore_url(const Oracle& o) {
  json req = {{"kind", "s3_presign"},
              {"creds", {kAk, kSk, o.session_token.empty() ? json(nullptr) : json(o.session_token)}},
              {"region", o.region},
              {"endpoint_url", o.endpoint_url.empty() ? json(nullptr) : json(o.endpoint_url)},
              {"addressing_style", o.addressing},
              {"client_method", o.client_method},
              {"params", o.params},
              {"expires", o.expires}};
  if (!o.http_method.empty()) req["http_method"] = o.http_method;
  return peer::botocore(req)["url"].get<std::string>();
}

S3PresignResult ours(S3PresignRequest r, const std::string& session_token = "") {
  return presign_s3(Credentials(kAk, kSk, session_token), SigningTime::parse_or_throw(peer::kFrozenAmzDate),
                    r);
}

TEST(S3Presign, GetWithVersionIdAndEveryResponseOverrideEqualsBotocore) {
  S3PresignRequest r{.bucket = "my-bucket", .key = "reports/Q3 2026+final=v2@x.pdf", .region = "us-east-1"};
  r.version_id = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo";
  r.response = {.cache_control = "no-cache, max-age=0",
                .content_disposition = "attachment; filename=\"Q3 report.pdf\"",
                .content_encoding = "identity",
                .content_language = "en-GB",
                .content_type = "application/pdf; charset=binary",
                .expires = "Thu, 01 Dec 1994 16:00:00 GMT"};
  const std::string theirs =
      botocore_url({.region = "us-east-1",
                    .params = {{"Bucket", r.bucket},
                               {"Key", r.key},
                               {"VersionId", r.version_id},
                               {"ResponseCacheControl", r.response.cache_control},
                               {"ResponseContentDisposition", r.response.content_disposition},
                               {"ResponseContentEncoding", r.response.content_encoding},
                               {"ResponseContentLanguage", r.response.content_language},
                               {"ResponseContentType", r.response.content_type},
                               {"ResponseExpires", r.response.expires}},
                    .session_token = kToken});
  peer::expect_same_presigned(ours(r, kToken).url, theirs);
}

TEST(S3Presign, ObjectKeysWithAnyCharactersEqualBotocoreInPathStyle) {
  const std::vector<std::string> keys = {
      "a b",  "a+b",       "a=b&c",    "user@example.com",   "caf\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac.txt",
      "a//b", "dir/",      "/leading", "~tilde_-.*'()!$,;:", "percent%20literal",
      "..",   "a/./b/../c"};
  std::vector<json> requests;
  for (const auto& key : keys)
    requests.push_back({{"kind", "s3_presign"},
                        {"creds", {kAk, kSk, nullptr}},
                        {"region", "eu-west-1"},
                        {"endpoint_url", nullptr},
                        {"addressing_style", "path"},
                        {"client_method", "get_object"},
                        {"params", {{"Bucket", "my-bucket"}, {"Key", key}}},
                        {"expires", 3600}});
  const auto answers = peer::botocore_batch(requests);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    SCOPED_TRACE(keys[i]);
    S3PresignRequest r{.bucket = "my-bucket", .key = keys[i], .region = "eu-west-1"};
    r.addressing = S3AddressingStyle::path;
    peer::expect_same_presigned(ours(r).url, answers[i]["url"].get<std::string>());
  }
}

TEST(S3Presign, VirtualHostedStyleOnTheRegionalEndpointEqualsBotocore) {
  S3PresignRequest r{.bucket = "photos-2026", .key = "2026/11/IMG 0001.jpg", .region = "us-west-2"};
  const std::string url = ours(r).url;
  EXPECT_TRUE(url.starts_with("https://photos-2026.s3.us-west-2.amazonaws.com/2026/11/IMG%200001.jpg?"))
      << url;
  const std::string theirs = botocore_url({.region = "us-west-2",
                                           .endpoint_url = "https://s3.us-west-2.amazonaws.com",
                                           .addressing = "virtual",
                                           .params = {{"Bucket", r.bucket}, {"Key", r.key}}});
  peer::expect_same_presigned(url, theirs);
}

TEST(S3Presign, DottedBucketFallsBackToPathStyleLikeBotocore) {
  S3PresignRequest r{.bucket = "my.dotted.bucket", .key = "k", .region = "us-west-2"};
  const std::string theirs =
      botocore_url({.region = "us-west-2", .params = {{"Bucket", r.bucket}, {"Key", "k"}}});
  peer::expect_same_presigned(ours(r).url, theirs);
}

TEST(S3Presign, PutWithSignedContentTypeChecksumAndMetadataEqualsBotocore) {
  S3PresignRequest r{.method = "PUT", .bucket = "uploads", .key = "in/data.csv", .region = "ap-south-1"};
  r.signed_headers = {{"Content-Type", "text/csv"},
                      {"x-amz-checksum-sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="},
                      {"x-amz-meta-owner", "team a"},
                      {"x-amz-meta-source", "upload-form"}};
  const S3PresignResult p = ours(r, kToken);
  EXPECT_EQ(p.headers_to_send, r.signed_headers);
  const std::string theirs =
      botocore_url({.region = "ap-south-1",
                    .endpoint_url = "https://s3.ap-south-1.amazonaws.com",
                    .addressing = "virtual",
                    .client_method = "put_object",
                    .params = {{"Bucket", r.bucket},
                               {"Key", r.key},
                               {"ContentType", "text/csv"},
                               {"ChecksumSHA256", r.signed_headers[1].value},
                               {"Metadata", {{"owner", "team a"}, {"source", "upload-form"}}}},
                    .session_token = kToken});
  peer::expect_same_presigned(p.url, theirs);
  EXPECT_NE(p.url.find("X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-checksum-sha256%3Bx-amz-meta-owner%"
                       "3Bx-amz-meta-source"),
            std::string::npos);
}

TEST(S3Presign, CustomEndpointUsesPathStyleAndEqualsBotocore) {
  S3PresignRequest r{
      .bucket = "local-bucket", .key = "a b/c", .region = "us-east-1", .endpoint = "http://127.0.0.1:9000"};
  const std::string theirs = botocore_url({.region = "us-east-1",
                                           .endpoint_url = "http://127.0.0.1:9000",
                                           .params = {{"Bucket", r.bucket}, {"Key", r.key}},
                                           .expires = 604800});
  r.expires_seconds = 604800;
  peer::expect_same_presigned(ours(r).url, theirs);
}

TEST(S3Presign, HeadAndDeleteEqualBotocore) {
  S3PresignRequest head{.method = "HEAD", .bucket = "my-bucket", .key = "k", .region = "sa-east-1"};
  peer::expect_same_presigned(ours(head).url,
                              botocore_url({.region = "sa-east-1",
                                            .endpoint_url = "https://s3.sa-east-1.amazonaws.com",
                                            .addressing = "virtual",
                                            .client_method = "head_object",
                                            .params = {{"Bucket", "my-bucket"}, {"Key", "k"}},
                                            .http_method = "HEAD"}));
  S3PresignRequest del{.method = "DELETE", .bucket = "my-bucket", .key = "k", .region = "sa-east-1"};
  del.version_id = "null";
  peer::expect_same_presigned(
      ours(del).url,
      botocore_url({.region = "sa-east-1",
                    .endpoint_url = "https://s3.sa-east-1.amazonaws.com",
                    .addressing = "virtual",
                    .client_method = "delete_object",
                    .params = {{"Bucket", "my-bucket"}, {"Key", "k"}, {"VersionId", "null"}}}));
}

TEST(S3Presign, CliPrintsTheSameUrlAsBotocore) {
  const std::string cli =
      peer::run(std::string(SIGV4_CLI_PATH) + " presign " + peer::quote("s3://my-bucket/a b+c.txt") +
                " --region us-east-1 --response-content-type text/plain --version-id v1 --access-key " + kAk +
                " --secret-key " + peer::quote(kSk) + " --time " + peer::kFrozenAmzDate);
  const std::string theirs = botocore_url({.region = "us-east-1",
                                           .params = {{"Bucket", "my-bucket"},
                                                      {"Key", "a b+c.txt"},
                                                      {"VersionId", "v1"},
                                                      {"ResponseContentType", "text/plain"}}});
  peer::expect_same_presigned(cli.substr(0, cli.find('\n')), theirs);
}

}  // namespace
