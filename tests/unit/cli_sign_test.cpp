// The `sigv4 sign` / `sigv4 presign` CLI contract: outputs, --json keys, exit codes (0 ok, 1 bad input,
// 2 usage), and -v output that never shows the secret key or the session token.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include "support/shell.hpp"

namespace {

using Run = sigv4::test::ShellRun;

Run run(const std::string& args) {
  return sigv4::test::run_shell("env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_REGION "
                                "-u AWS_DEFAULT_REGION " SIGV4_CLI_PATH " " + args + " 2>&1");
}

const std::string kCreds = " --access-key AKIDEXAMPLE --secret-key CANARYSECRETwJalrXUtnFEMI --region us-east-1 ";
const std::string kUrl = " --url 'https://examplebucket.s3.amazonaws.com/a%20b.txt?versionId=1' ";

TEST(CliSign, PrintsTheSignedRequest) {
  const auto r = run("sign -X GET" + kUrl + kCreds + "--s3 --time 20150830T123600Z");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("GET /a%20b.txt?versionId=1 HTTP/1.1\r\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request"),
            std::string::npos);
  EXPECT_NE(r.out.find("x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            std::string::npos);
}

TEST(CliSign, JsonHasEveryContractKey) {
  const auto r = run("sign --json -X PUT" + kUrl + kCreds + "--s3 --data hello --time 20150830T123600Z");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (auto key : {"canonical_request", "string_to_sign", "signature", "signed_headers", "credential_scope",
                   "payload_hash", "signing_key", "authorization", "added_headers"})
    EXPECT_NE(r.out.find("\"" + std::string(key) + "\""), std::string::npos) << key;
  EXPECT_NE(r.out.find("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"), std::string::npos);  // sha256("hello")
}

TEST(CliPresign, PrintsTheUrlAndJsonHasPresignKeys) {
  auto r = run("presign -X GET" + kUrl + kCreds + "--s3 --expires 600 --time 20150830T123600Z");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("https://examplebucket.s3.amazonaws.com/a%20b.txt?versionId=1&X-Amz-Algorithm=", 0), 0u);
  EXPECT_NE(r.out.find("X-Amz-Expires=600"), std::string::npos);
  r = run("presign --json -X GET" + kUrl + kCreds + "--s3 --time 20150830T123600Z");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\"presigned_url\""), std::string::npos);
  EXPECT_NE(r.out.find("\"presign_params\""), std::string::npos);
  EXPECT_NE(r.out.find("UNSIGNED-PAYLOAD"), std::string::npos);
}

TEST(CliSign, RequestFileAndStdinGiveTheSameSignature) {
  const std::string path = testing::TempDir() + "/cli_request.txt";
  std::ofstream(path) << "GET /x HTTP/1.1\nHost:example.amazonaws.com\n\n";
  const auto a = run("sign --json --request " + path + kCreds + "--service svc --time 20150830T123600Z");
  const auto b = run("sign --json --request - < " + path + kCreds + "--service svc --time 20150830T123600Z");
  EXPECT_EQ(a.exit_code, 0) << a.out;
  EXPECT_EQ(a.out, b.out);
}

TEST(CliSign, AbsoluteFormTargetSignsAsOriginFormWithHostFromTheUrl) {
  const std::string path = testing::TempDir() + "/cli_absolute.txt";
  std::ofstream(path) << "GET http://example.amazonaws.com:8080/x?a=1 HTTP/1.1\n\n";
  const auto r = run("sign --request " + path + kCreds + "--service svc --time 20150830T123600Z");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("GET /x?a=1 HTTP/1.1\r\nHost:example.amazonaws.com:8080\r\n", 0), 0u) << r.out;
}

TEST(CliSign, DataBinaryFileIsHashed) {
  const std::string path = testing::TempDir() + "/cli_body.bin";
  std::ofstream(path) << "hello";
  const auto r = run("sign --json -X PUT" + kUrl + kCreds + "--s3 --data-binary @" + path);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"), std::string::npos);
}

TEST(CliSign, VerboseRedactsTheSecretAndTheSessionToken) {
  const auto r = run("sign -v -X GET" + kUrl + kCreds + "--s3 --session-token CANARYTOKEN/+= --time 20150830T123600Z");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("--- canonical request ---"), std::string::npos);
  EXPECT_EQ(r.out.find("CANARYSECRET"), std::string::npos);
  // The token is part of the signed request itself (stdout), but never of the -v diagnostics (stderr).
  const auto diag = r.out.substr(0, r.out.find("GET /a%20b.txt"));
  EXPECT_EQ(diag.find("CANARYTOKEN"), std::string::npos) << diag;
  EXPECT_NE(diag.find("<redacted>"), std::string::npos);
  const auto p = run("presign -v -X GET" + kUrl + kCreds + "--s3 --session-token CANARYTOKEN/+=");
  EXPECT_EQ(p.out.substr(0, p.out.find("https://")).find("CANARYTOKEN"), std::string::npos);
}

TEST(CliExitCodes, UsageErrorsExitTwo) {
  EXPECT_EQ(run("").exit_code, 2);
  EXPECT_EQ(run("nonsense").exit_code, 2);
  EXPECT_EQ(run("sign" + kCreds).exit_code, 2);                                // no request
  EXPECT_EQ(run("sign --bogus" + kUrl + kCreds + "--s3").exit_code, 2);         // unknown option
  EXPECT_EQ(run("sign" + kUrl + " --region us-east-1 --s3").exit_code, 2);     // no credentials
  EXPECT_EQ(run("sign" + kUrl + " --access-key A --secret-key B").exit_code, 2);  // no region
  EXPECT_EQ(run("sign" + kUrl + kCreds).exit_code, 2);                         // no service
  EXPECT_EQ(run("presign" + kUrl + kCreds + "--s3 --expires soon").exit_code, 2);
}

TEST(CliExitCodes, BadInputExitsOneWithAMessage) {
  auto r = run("presign" + kUrl + kCreds + "--s3 --expires 604801");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("604800"), std::string::npos) << r.out;
  r = run("sign --url 'ftp://x/'" + kCreds + "--s3");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("malformed URL"), std::string::npos);
  r = run("sign" + kUrl + kCreds + "--s3 --time 2015");
  EXPECT_EQ(r.exit_code, 1);
  r = run("sign" + kUrl + kCreds + "--s3 -H 'Bad Name: x'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("Bad Name"), std::string::npos);
  r = run("sign --request /nonexistent/file" + kCreds + "--s3");
  EXPECT_EQ(r.exit_code, 1);
  r = run("sign --url 'https://h/a%zz'" + kCreds + "--s3");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("percent"), std::string::npos);
}

}  // namespace
