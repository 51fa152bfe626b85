// `sigv4 verify` against every request real clients sent (../shared/captures: the AWS SDK for
// JavaScript v3 and minio-go, header and presigned, plain, aws-chunked signed and unsigned, with
// trailers), each valid at its own x-amz-date, and tampered copies of each (a header, the path, the
// query, a body byte, the signature, the date), refused with the code S3 answers with. The captures
// are the independent oracle: they were produced and checked by other implementations.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "support/shell.hpp"
#include <sstream>

namespace fs = std::filesystem;

namespace {

const std::string kCaptures = std::string(SIGV4_SHARED_DIR) + "/captures";
const std::string kCredentials = "AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

std::string run(const std::string& command, int& exit_code) {
  auto r = sigv4::test::run_shell(command);
  exit_code = r.exit_code;
  return std::move(r.out);
}

std::string read_capture(const fs::path& path) {
  int rc = 0;
  const std::string bytes = run("gzip -dcf '" + path.string() + "'", rc);
  EXPECT_EQ(rc, 0) << path;
  return bytes;
}

std::vector<fs::path> captures() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kCaptures)) {
    const std::string name = e.path().filename().string();
    if (name.ends_with(".raw") || name.ends_with(".raw.gz")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The header value (first, trimmed) of a raw request, or "".
std::string header_value(const std::string& raw, const std::string& lower_name) {
  const auto end = raw.find("\r\n\r\n");
  std::istringstream in(raw.substr(0, end));
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != lower_name) continue;
    std::string v = line.substr(colon + 1);
    while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
    while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
    return v;
  }
  return {};
}

std::string amz_date_of(const std::string& raw) {
  std::string d = header_value(raw, "x-amz-date");
  if (d.empty()) {
    const auto at = raw.find("X-Amz-Date=");
    d = raw.substr(at + 11, 16);
  }
  return d;
}

struct Verdict {
  int exit_code = -1;
  nlohmann::json json;
};

Verdict verify_bytes(const std::string& raw, const std::string& now, const std::string& extra = {}) {
  const fs::path tmp = fs::temp_directory_path() / ("sigv4-verify-" + std::to_string(::getpid()) + ".raw");
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(raw.data(), static_cast<std::streamsize>(raw.size()));
  }
  Verdict v;
  const std::string out = run(std::string(SIGV4_CLI_PATH) + " verify --json --request '" + tmp.string() +
                                  "' --credentials " + kCredentials + " --now " + now + " " + extra,
                              v.exit_code);
  fs::remove(tmp);
  v.json = nlohmann::json::parse(out, nullptr, false);
  return v;
}

std::string code(const Verdict& v) {
  if (v.json.is_discarded() || v.json["error_code"].is_null()) return "none";
  return v.json["error_code"].get<std::string>();
}

// The first byte of object data in the body: the data is byte i = i % 251, so bytes 100..115 in a
// row only occur inside data, never in chunk framing.
std::size_t data_byte_offset(const std::string& raw) {
  std::string pattern;
  for (int i = 100; i < 116; ++i) pattern.push_back(static_cast<char>(i));
  const auto body = raw.find("\r\n\r\n");
  return raw.find(pattern, body);
}

// What S3 answers when one body byte changed, by payload mode.
std::string expected_for_body_byte(const std::string& raw) {
  const std::string mode = header_value(raw, "x-amz-content-sha256");
  if (mode.size() == 64) return "XAmzContentSHA256Mismatch";
  if (mode == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" || mode == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
    return "SignatureDoesNotMatch";
  if (mode == "STREAMING-UNSIGNED-PAYLOAD-TRAILER") return "BadDigest";
  // UNSIGNED-PAYLOAD: only a Content-MD5 or x-amz-checksum-* header protects the body.
  if (!header_value(raw, "content-md5").empty()) return "BadDigest";
  for (const char* h : {"x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-sha256"})
    if (!header_value(raw, h).empty()) return "BadDigest";
  return "none";
}

}  // namespace

TEST(VerifyCaptures, EveryCaptureVerifiesAtItsOwnTime) {
  const auto all = captures();
  ASSERT_GE(all.size(), 20u);
  for (const auto& path : all) {
    const std::string raw = read_capture(path);
    const Verdict v = verify_bytes(raw, amz_date_of(raw));
    EXPECT_EQ(v.exit_code, 0) << path.filename() << ": " << v.json.dump();
    EXPECT_EQ(v.json["valid"], true) << path.filename();
    // The decoded length equals what the capture's independent parse found.
    std::ifstream meta(path.string().substr(0, path.string().find(".raw")) + ".json");
    const auto m = nlohmann::json::parse(meta, nullptr, false);
    ASSERT_FALSE(m.is_discarded()) << path;
    const auto expected_length =
        m.contains("aws_chunked") ? m["aws_chunked"]["decoded_payload"]["length"] : m["http_body"]["length"];
    EXPECT_EQ(v.json["decoded_length"], expected_length) << path.filename();
    if (m.contains("aws_chunked")) {
      EXPECT_EQ(v.json["chunks"], m["aws_chunked"]["chunk_count"]) << path.filename();
    }
  }
}

TEST(VerifyCaptures, ATamperedSignedHeaderIsSignatureDoesNotMatch) {
  for (const auto& path : captures()) {
    std::string raw = read_capture(path);
    const std::string host = header_value(raw, "host");
    raw.replace(raw.find(host), host.size(), host + "1");
    const Verdict v = verify_bytes(raw, amz_date_of(raw));
    EXPECT_EQ(v.exit_code, 1) << path.filename();
    EXPECT_EQ(code(v), "SignatureDoesNotMatch") << path.filename();
    EXPECT_EQ(v.json["http_status"], 403);
  }
}

TEST(VerifyCaptures, ATamperedPathIsSignatureDoesNotMatch) {
  for (const auto& path : captures()) {
    std::string raw = read_capture(path);
    raw.replace(raw.find("/examplebucket/"), 15, "/examplebuckeT/");
    EXPECT_EQ(code(verify_bytes(raw, amz_date_of(raw))), "SignatureDoesNotMatch") << path.filename();
  }
}

TEST(VerifyCaptures, ATamperedQueryIsSignatureDoesNotMatch) {
  for (const auto& path : captures()) {
    std::string raw = read_capture(path);
    const auto space = raw.find(" HTTP/1.1\r\n");
    const std::string target = raw.substr(0, space);
    raw.insert(space, target.find('?') == std::string::npos ? "?versionId=1" : "&versionId=1");
    EXPECT_EQ(code(verify_bytes(raw, amz_date_of(raw))), "SignatureDoesNotMatch") << path.filename();
  }
}

TEST(VerifyCaptures, ATamperedSignatureIsSignatureDoesNotMatch) {
  for (const auto& path : captures()) {
    std::string raw = read_capture(path);
    auto at = raw.find("Signature=");
    if (raw.compare(at - 6, 6, "X-Amz-") != 0) at = raw.find("Signature=", at);  // header: the first one
    at += 10;
    raw[at] = raw[at] == '0' ? '1' : '0';
    const Verdict v = verify_bytes(raw, amz_date_of(raw));
    EXPECT_EQ(code(v), "SignatureDoesNotMatch") << path.filename();
    EXPECT_FALSE(v.json["details"]["CanonicalRequest"].get<std::string>().empty()) << path.filename();
    EXPECT_FALSE(v.json["details"]["StringToSignBytes"].get<std::string>().empty()) << path.filename();
  }
}

TEST(VerifyCaptures, ATamperedDateIsSignatureDoesNotMatch) {
  for (const auto& path : captures()) {
    std::string raw = read_capture(path);
    const std::string date = amz_date_of(raw);
    std::string later = date;
    later[14] = later[14] == '0' ? '1' : '0';  // a different second of the same day
    raw.replace(raw.find(date), 16, later);
    EXPECT_EQ(code(verify_bytes(raw, date)), "SignatureDoesNotMatch") << path.filename();
  }
}

TEST(VerifyCaptures, ATamperedBodyByteIsRefusedWithTheCodeOfItsPayloadMode) {
  int tampered = 0;
  for (const auto& path : captures()) {
    std::string raw = read_capture(path);
    const auto at = data_byte_offset(raw);
    if (at == std::string::npos) continue;  // no body (presigned GET, CreateMultipartUpload, Complete)
    raw[at] = static_cast<char>(raw[at] ^ 0x01);
    const std::string expected = expected_for_body_byte(raw);
    const Verdict v = verify_bytes(raw, amz_date_of(raw));
    EXPECT_EQ(code(v), expected) << path.filename();
    EXPECT_EQ(v.exit_code, expected == "none" ? 0 : 1) << path.filename();
    ++tampered;
  }
  EXPECT_GE(tampered, 15);
}

TEST(VerifyCaptures, OutputIsTheDecodedObjectOnlyWhenValid) {
  const fs::path out = fs::temp_directory_path() / ("sigv4-verify-out-" + std::to_string(::getpid()));
  for (const char* name : {"minio-go-http-signed-trailer-small-01.raw", "js-http-stream-small-01.raw"}) {
    std::string raw = read_capture(fs::path(kCaptures) / name);
    const Verdict v = verify_bytes(raw, amz_date_of(raw), "--output '" + out.string() + "'");
    ASSERT_EQ(v.exit_code, 0) << name;
    std::ifstream in(out, std::ios::binary);
    const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_EQ(body.size(), 20000u) << name;
    for (std::size_t i = 0; i < body.size(); ++i)
      ASSERT_EQ(static_cast<unsigned char>(body[i]), i % 251) << name << " byte " << i;
    fs::remove(out);
    raw[data_byte_offset(raw)] ^= 1;
    EXPECT_EQ(verify_bytes(raw, amz_date_of(raw), "--output '" + out.string() + "'").exit_code, 1);
    EXPECT_FALSE(fs::exists(out)) << name << ": a refused body must not be written";
    EXPECT_FALSE(fs::exists(out.string() + ".partial"));
  }
}

TEST(VerifyCli, JsonHasEveryKeyOfTheContract) {
  const std::string raw = read_capture(fs::path(kCaptures) / "js-http-stream-small-01.raw");
  const Verdict v = verify_bytes(raw, amz_date_of(raw));
  for (const char* key : {"valid", "error_code", "http_status", "message", "auth", "payload_mode",
                          "decoded_length", "chunks", "checksums"})
    EXPECT_TRUE(v.json.contains(key)) << key;
  EXPECT_EQ(v.json["auth"], "header");
  EXPECT_EQ(v.json["payload_mode"], "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
  EXPECT_EQ(v.json["checksums"]["crc32"], "ok");
  EXPECT_EQ(v.json["http_status"], 200);
}

TEST(VerifyCli, RegionAndSkewOptionsAreEnforced) {
  const std::string raw = read_capture(fs::path(kCaptures) / "js-http-buffer-small-01.raw");
  EXPECT_EQ(code(verify_bytes(raw, amz_date_of(raw), "--region eu-west-1")), "AuthorizationHeaderMalformed");
  EXPECT_EQ(code(verify_bytes(raw, amz_date_of(raw), "--region us-east-1 --service s3")), "none");
  EXPECT_EQ(code(verify_bytes(raw, "20261122T214119Z")), "RequestTimeTooSkewed");  // 20 minutes later
  EXPECT_EQ(code(verify_bytes(raw, "20261122T214119Z", "--max-skew 1800")), "none");
  EXPECT_EQ(code(verify_bytes(raw, amz_date_of(raw), "--service iam")), "AuthorizationHeaderMalformed");
}

TEST(VerifyCli, WrongSecretIsSignatureDoesNotMatchAndUnknownKeyIsInvalidAccessKeyId) {
  const std::string raw = read_capture(fs::path(kCaptures) / "minio-go-http-put-small-01.raw");
  int rc = 0;
  const fs::path tmp = fs::temp_directory_path() / ("sigv4-verify-k-" + std::to_string(::getpid()) + ".raw");
  std::ofstream(tmp, std::ios::binary) << raw;
  auto j =
      nlohmann::json::parse(run(std::string(SIGV4_CLI_PATH) + " verify --json --request " + tmp.string() +
                                    " --credentials AKIDEXAMPLE:wrong --now " + amz_date_of(raw),
                                rc));
  EXPECT_EQ(rc, 1);
  EXPECT_EQ(j["error_code"], "SignatureDoesNotMatch");
  j = nlohmann::json::parse(run(std::string(SIGV4_CLI_PATH) + " verify --json --request " + tmp.string() +
                                    " --credentials OTHER:x," + kCredentials + " --now " + amz_date_of(raw),
                                rc));
  EXPECT_EQ(rc, 0) << j.dump();
  j = nlohmann::json::parse(run(std::string(SIGV4_CLI_PATH) + " verify --json --request " + tmp.string() +
                                    " --credentials OTHER:x --now " + amz_date_of(raw),
                                rc));
  EXPECT_EQ(j["error_code"], "InvalidAccessKeyId");
  fs::remove(tmp);
}

TEST(VerifyCli, GzipInputFromStdinWithRequestGz) {
  int rc = 0;
  const std::string path = kCaptures + "/minio-go-http-signed-trailer-01.raw.gz";
  const auto j = nlohmann::json::parse(run(std::string(SIGV4_CLI_PATH) +
                                               " verify --json --request - --request-gz"
                                               " --credentials " +
                                               kCredentials + " --now 20261122T212126Z < " + path,
                                           rc),
                                       nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(rc, 0) << j.dump();
  EXPECT_EQ(j["decoded_length"], 5242880);
}

TEST(VerifyCli, UsageErrorsExitWith2) {
  int rc = 0;
  run(std::string(SIGV4_CLI_PATH) + " verify --credentials A:B 2>/dev/null", rc);
  EXPECT_EQ(rc, 2);
  run(std::string(SIGV4_CLI_PATH) + " verify --request - --credentials nocolon </dev/null 2>/dev/null", rc);
  EXPECT_EQ(rc, 2);
  run(std::string(SIGV4_CLI_PATH) +
          " verify --request - --credentials A:B --now yesterday </dev/null 2>/dev/null",
      rc);
  EXPECT_EQ(rc, 2);
  run(std::string(SIGV4_CLI_PATH) + " verify --request - --credentials A:B --bogus </dev/null 2>/dev/null",
      rc);
  EXPECT_EQ(rc, 2);
}
