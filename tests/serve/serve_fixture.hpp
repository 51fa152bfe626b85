// A GoogleTest fixture for the C++ tests that talk to a real sigv4-serve (tests/unit/serve_*_test.cpp):
// a server per test with one bucket created by a signed PUT; on tear-down the server must stop on
// SIGTERM, exit 0 and have reported nothing to a sanitizer (the TSan/ASan builds run these tests too).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <memory>
#include <string>
#include <utility>

#include "serve/running_serve.hpp"
#include "sigv4/http_client.hpp"
#include "sigv4/signed_upload.hpp"

namespace sigv4_test {

class ServeWithBucket : public ::testing::Test {
 protected:
  // `bucket_path` is "/name".
  ServeWithBucket(sigv4::Credentials credentials, std::string bucket_path)
      : credentials_(std::move(credentials)), bucket_path_(std::move(bucket_path)) {}

  void SetUp() override {
    if (RunningServe::binary().empty()) GTEST_SKIP() << "sigv4-serve was not built (no cpp-httplib)";
    server_ = std::make_unique<RunningServe>(credentials_.access_key_id,
                                             std::string(credentials_.secret_access_key.reveal()));
    sigv4::HttpRequest bucket = sigv4::HttpRequest::from_url("PUT", server_->url(bucket_path_));
    const sigv4::HttpResult r = sigv4::sign_and_send(client_, bucket, sigv4::SignedPayload::bytes(""), credentials_,
                                                     "us-east-1", "s3", sigv4::SigningSettings::s3());
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.response.status, 200);
  }

  void TearDown() override {
    if (!server_) return;
    const RunningServe::Exit exit = server_->stop();
    ASSERT_TRUE(exit.status.has_value()) << "sigv4-serve did not stop on SIGTERM";
    EXPECT_TRUE(WIFEXITED(*exit.status) && WEXITSTATUS(*exit.status) == 0) << exit.stderr_text;
    EXPECT_FALSE(has_sanitizer_report(exit.stderr_text)) << exit.stderr_text;
  }

  sigv4::Credentials credentials_;
  std::string bucket_path_;
  std::unique_ptr<RunningServe> server_;
  sigv4::HttpClient client_;
};

}  // namespace sigv4_test
