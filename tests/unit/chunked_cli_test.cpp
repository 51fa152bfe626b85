// `sigv4 sign-chunked`: the printed request carries the aws-chunked headers and a body that a server
// (our decoder, seeded by the printed Authorization header) decodes back to the file, in every mode.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>

#include "chunked/capture_util.hpp"
#include "support/shell.hpp"

namespace {

using CliRun = sigv4::test::ShellRun;

CliRun run(const std::string& args) {
  return sigv4::test::run_shell(std::string(SIGV4_CLI_PATH) + " " + args + " 2>/dev/null");
}

const std::string kSigning =
    " --access-key AKIDEXAMPLE --secret-key wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY --region us-east-1 --s3"
    " --time 20261122T212128Z";

TEST(SignChunkedCli, PrintsARequestWhoseBodyDecodesInEveryMode) {
  std::mt19937 rng(8);
  std::string data(100000, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  const std::string path = testing::TempDir() + "sign_chunked_body.bin";
  std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
  for (const char* mode : {"signed", "signed-trailer", "unsigned-trailer"}) {
    SCOPED_TRACE(mode);
    const CliRun r =
        run("sign-chunked -X PUT --url https://examplebucket.s3.amazonaws.com/big.bin --data-binary @" +
            path + kSigning + " --mode " + mode +
            (std::string(mode) == "signed" ? "" : " --checksum sha256") + " --chunk-size 16384");
    ASSERT_EQ(r.exit_code, 0);
    sigv4::RawRequestParse parsed = sigv4::parse_raw_request(r.out);
    ASSERT_TRUE(parsed.request) << parsed.error;
    const sigv4::HttpRequest& req = *parsed.request;
    EXPECT_EQ(req.find_header("Content-Length")->value, std::to_string(req.body.size()));
    EXPECT_EQ(req.find_header("Content-Encoding")->value, "aws-chunked");
    std::vector<sigv4::HeaderView> views;
    for (const auto& h : req.headers) views.push_back({h.name, h.value});
    auto cfg = sigv4::ChunkedDecoderConfig::from_headers(views);
    ASSERT_TRUE(cfg.config) << cfg.error;
    const std::string auth = req.find_header("Authorization")->value;
    const sigv4::SigningTime t = sigv4::SigningTime::parse_or_throw("20261122T212128Z");
    std::optional<sigv4::ChunkSigner> signer;
    if (sigv4::chunked_mode_has_chunk_signatures(cfg.config->mode))
      signer.emplace(sigv4::cached_signing_key(chunked_test::kSecret, t.date_stamp(), "us-east-1", "s3"), t,
                     "20261122/us-east-1/s3/aws4_request", chunked_test::auth_param(auth, "Signature"));
    sigv4::ChunkedDecoder dec(*cfg.config, std::move(signer));
    std::string decoded;
    ASSERT_EQ(dec.feed(req.body, [&](std::string_view d) { decoded.append(d); }), sigv4::ChunkedError::none)
        << dec.error_message();
    ASSERT_EQ(dec.finish(), sigv4::ChunkedError::none) << dec.error_message();
    EXPECT_TRUE(decoded == data);
  }
  std::remove(path.c_str());
}

TEST(SignChunkedCli, BadModeIsAUsageErrorAndATooSmallChunkIsRefused) {
  const std::string req = "sign-chunked -X PUT --url https://b.s3.amazonaws.com/k --data x" + kSigning;
  EXPECT_EQ(run(req + " --mode streaming").exit_code, 2);
  EXPECT_EQ(run(req + " --checksum md5").exit_code, 2);
  EXPECT_EQ(run(req + " --chunk-size 100").exit_code, 1);
  EXPECT_EQ(run(req + " --mode signed --checksum crc32").exit_code, 1);
  EXPECT_EQ(run(req).exit_code, 0);
}

}  // namespace

namespace {

// What sign-chunked prints, `sigv4 verify` (the server side, issue 4) accepts as S3 would.
TEST(SignChunkedCli, OutputPassesSigv4VerifyInEveryMode) {
  for (const char* mode : {"signed", "signed-trailer", "unsigned-trailer"}) {
    const std::string cli = SIGV4_CLI_PATH;
    const std::string cmd = cli + " sign-chunked -X PUT --url https://examplebucket.s3.amazonaws.com/k --data " +
                            std::string(20000, 'v') + kSigning + " --chunk-size 8192 --mode " + mode + " | " + cli +
                            " verify --request - --credentials AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
                            " --now 20261122T212130Z >/dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << mode;
  }
}

}  // namespace
