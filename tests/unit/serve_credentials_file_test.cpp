// sigv4 serve --credentials-file: one or more AK:SECRET per line, '#' comments, blank lines, CRLF and
// trailing spaces tolerated; a malformed line is a usage error (exit 2). The same parser reads
// `--credentials` of sigv4 serve and sigv4 verify (tools/sigv4/credential_pairs.hpp).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "serve/running_serve.hpp"
#include "sigv4/http_client.hpp"

namespace {

using namespace sigv4;
using sigv4_test::RunningServe;
using sigv4_test::TempDir;

long status_with(HttpClient& client, const RunningServe& server, const char* method, const std::string& path,
                 const Credentials& creds) {
  HttpRequest r = HttpRequest::from_url(method, server.url(path));
  const HttpResult res = sign_and_send(
      client, r, std::string_view(method) == "PUT" ? SignedPayload::bytes("x") : SignedPayload::empty(),
      creds, "us-east-1", "s3", SigningSettings::s3());
  EXPECT_TRUE(res.ok()) << res.message;
  return res.response.status;
}

TEST(ServeCredentialsFile, EveryPairOfTheFileIsAcceptedAndNothingElse) {
  if (RunningServe::binary().empty()) GTEST_SKIP() << "sigv4-serve was not built (no cpp-httplib)";
  TempDir dir;
  const auto file =
      dir.write("keys", "# test keys\r\nAKONE:secret/one\r\n\r\n  \nAKTWO:two,AKTHREE:three:with:colons  \n");
  RunningServe server(std::vector<std::string>{"--credentials-file", file.string()});
  HttpClient client;
  EXPECT_EQ(status_with(client, server, "PUT", "/keys", Credentials("AKONE", "secret/one")), 200);
  EXPECT_EQ(status_with(client, server, "PUT", "/keys/a", Credentials("AKTWO", "two")), 200);
  EXPECT_EQ(status_with(client, server, "GET", "/keys/a", Credentials("AKTHREE", "three:with:colons")), 200);
  EXPECT_EQ(status_with(client, server, "GET", "/keys/a", Credentials("AKTWO", "two,AKTHREE")), 403);
  EXPECT_EQ(status_with(client, server, "GET", "/keys/a", Credentials("#", " test keys")), 403);
  const RunningServe::Exit exit = server.stop();
  ASSERT_TRUE(exit.status.has_value());
  EXPECT_FALSE(sigv4_test::has_sanitizer_report(exit.stderr_text)) << exit.stderr_text;
}

TEST(ServeCredentialsFile, AMalformedLineIsAUsageError) {
  if (RunningServe::binary().empty()) GTEST_SKIP() << "sigv4-serve was not built (no cpp-httplib)";
  TempDir dir;
  const auto stderr_file = dir.path() / "stderr";
  for (const char* bad : {"AKONE:secret\nno-colon-here\n", "AKONE:\n", ":secret\n", "AKONE:s,\n"}) {
    const auto file = dir.write("keys", bad);
    sigv4_test::ChildProcess p({RunningServe::binary().string(), "--root", (dir.path() / "root").string(),
                                "--credentials-file", file.string(), "--port", "0"},
                               stderr_file);
    const auto status = p.wait_for_exit(std::chrono::seconds(30));
    ASSERT_TRUE(status.has_value()) << bad;
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 2) << bad;
    std::ifstream in(stderr_file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("--credentials-file needs AK:SECRET pairs"), std::string::npos) << text;
  }
  const auto missing = dir.path() / "missing";
  sigv4_test::ChildProcess p({RunningServe::binary().string(), "--root", (dir.path() / "root").string(),
                              "--credentials-file", missing.string(), "--port", "0"},
                             stderr_file);
  const auto status = p.wait_for_exit(std::chrono::seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1);
}

}  // namespace
