// A PUT or POST without a body still carries "Content-Length: 0" (as every AWS SDK sends it): without
// it S3 answers 411 MissingContentLength, and cpp-httplib (under sigv4 serve) reads the body until the
// connection closes, so creating a bucket with SignedPayload::empty() hung until the server's read
// timeout. Checked against a running sigv4-serve with a short client timeout.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "serve/running_serve.hpp"
#include "sigv4/http_client.hpp"
#include "sigv4/signed_upload.hpp"

namespace {

using namespace sigv4;
using sigv4_test::RunningServe;

const Credentials kCreds("AKIDEMPTYBODY", "empty/body/test/secret");

TEST(HttpClientEmptyBody, PutAndPostWithoutABodyAreAnsweredAtOnce) {
  if (RunningServe::binary().empty()) GTEST_SKIP() << "sigv4-serve was not built (no cpp-httplib)";
  RunningServe server(kCreds.access_key_id, std::string(kCreds.secret_access_key.reveal()));
  HttpClientOptions o;
  o.timeouts.connect = std::chrono::seconds(5);
  o.timeouts.total = std::chrono::seconds(10);  // the server's read timeout is longer
  HttpClient client(o);

  const auto started = std::chrono::steady_clock::now();
  HttpRequest bucket = HttpRequest::from_url("PUT", server.url("/empty-body"));
  const HttpResult created = sign_and_send(client, bucket, SignedPayload::empty(), kCreds, "us-east-1", "s3",
                                           SigningSettings::s3());
  ASSERT_TRUE(created.ok()) << created.message;
  EXPECT_EQ(created.response.status, 200) << created.response.body;

  HttpRequest object = HttpRequest::from_url("PUT", server.url("/empty-body/zero-bytes"));
  const HttpResult put = sign_and_send(client, object, SignedPayload::empty(), kCreds, "us-east-1", "s3",
                                       SigningSettings::s3());
  ASSERT_TRUE(put.ok()) << put.message;
  EXPECT_EQ(put.response.status, 200) << put.response.body;

  HttpRequest get = HttpRequest::from_url("GET", server.url("/empty-body/zero-bytes"));
  const HttpResult got = sign_and_send(client, get, SignedPayload::empty(), kCreds, "us-east-1", "s3",
                                       SigningSettings::s3());
  ASSERT_TRUE(got.ok()) << got.message;
  EXPECT_EQ(got.response.status, 200);
  EXPECT_TRUE(got.response.body.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
