// Reading the official aws-c-auth signing suite (../shared/conformance/aws-c-auth-suite, see its README):
// expected files, the case context, signed requests reduced to what must match, and running the CLI.
// Shared by the SigV4 and SigV4a conformance runners.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sigv4/sigv4.hpp"

namespace sigv4::testing_support {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The expected files are compared after removing '\r' (as both upstream runners do).
inline std::string strip_cr(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

inline std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

inline std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    const auto at = s.find(sep, pos);
    out.emplace_back(s.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos));
    if (at == std::string_view::npos) return out;
    pos = at + 1;
  }
}

// A signed request reduced to what must match: request line path, sorted query parameters, sorted
// (lower-case name, trimmed value) headers, and the body.
struct SignedRequestShape {
  std::string method, path, body;
  std::vector<std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;
  friend bool operator==(const SignedRequestShape&, const SignedRequestShape&) = default;
};

inline std::ostream& operator<<(std::ostream& os, const SignedRequestShape& s) {
  os << s.method << " " << s.path << "\n  query:";
  for (const auto& q : s.query) os << " [" << q << "]";
  for (const auto& [n, v] : s.headers) os << "\n  " << n << ": " << v;
  return os << "\n  body: " << s.body;
}

inline SignedRequestShape shape_of(const HttpRequest& r) {
  SignedRequestShape s;
  s.method = r.method;
  const auto parts = split_target(r.target);
  s.path = std::string(parts.path);
  if (parts.has_query)
    for (auto& q : split(parts.query, '&'))
      if (!q.empty()) s.query.push_back(q);
  std::sort(s.query.begin(), s.query.end());
  for (const auto& h : r.headers) s.headers.emplace_back(lower(h.name), trim(h.value));
  std::sort(s.headers.begin(), s.headers.end());
  s.body = r.body;
  return s;
}

inline SignedRequestShape shape_of_text(const std::string& text) {
  auto parsed = parse_raw_request(strip_cr(text));
  if (!parsed.request) throw std::runtime_error("cannot parse expected signed request: " + parsed.error);
  auto s = shape_of(*parsed.request);
  s.body = trim(s.body);  // the expected files end the body with optional blank lines
  return s;
}

// One case of the suite in one mode (header signing or query signing).
struct SuiteCase {
  std::string name;
  bool query = false;
};

// Readable case names in gtest's failure messages.
inline void PrintTo(const SuiteCase& c, std::ostream* os) { *os << c.name << (c.query ? " (query)" : " (header)"); }

inline std::string suite_case_label(const ::testing::TestParamInfo<SuiteCase>& info) {
  std::string n = info.param.name + (info.param.query ? "_query" : "_header");
  std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return n;
}

// Every case folder holding `required_file`, in both modes, sorted.
inline std::vector<SuiteCase> list_suite_cases(const fs::path& dir, const std::string& required_file) {
  std::vector<SuiteCase> cases;
  if (!fs::is_directory(dir)) return cases;
  for (const auto& e : fs::directory_iterator(dir))
    if (fs::exists(e.path() / required_file)) {
      cases.push_back({e.path().filename().string(), false});
      cases.push_back({e.path().filename().string(), true});
    }
  std::sort(cases.begin(), cases.end(), [](const SuiteCase& a, const SuiteCase& b) {
    return std::tie(a.name, a.query) < std::tie(b.name, b.query);
  });
  return cases;
}

// context.json turned into signing inputs, with the upstream runner's semantics (README).
struct SuiteContext {
  Credentials credentials;
  SigningTime time;
  std::string region, service;
  SigningSettings settings;
  bool sign_body = false;
  bool normalize = true;
  bool omit_token = false;
  std::int64_t expires = 0;
};

inline SuiteContext load_suite_context(const fs::path& dir, bool query) {
  using nlohmann::json;
  const json j = json::parse(read_file(dir / "context.json"));
  SuiteContext c;
  c.credentials = Credentials(j["credentials"]["access_key_id"].get<std::string>(),
                              j["credentials"]["secret_access_key"].get<std::string>(),
                              j["credentials"].value("token", std::string()));
  c.time = SigningTime::parse_or_throw(j["timestamp"].get<std::string>());
  c.region = j["region"].get<std::string>();
  c.service = j["service"].get<std::string>();
  c.normalize = j.value("normalize", true);
  c.sign_body = j.value("sign_body", false);
  c.omit_token = j.value("omit_session_token", false);
  c.expires = j.value("expiration_in_seconds", 0);
  auto& s = c.settings;
  s.uri_encoding = UriEncoding::double_encode;  // the upstream runner always double-encodes
  s.path_normalization = c.normalize ? PathNormalization::normalize : PathNormalization::as_given;
  if (c.sign_body) {
    s.payload_mode = PayloadMode::sha256_of_body;
    s.content_sha256_header = ContentSha256Header::add_and_sign;
  } else {
    // sign_body=false: the payload hash is the empty-string hash whatever the body.
    s.payload_mode = PayloadMode::precomputed;
    s.payload_hash = std::string(crypto::kEmptySha256Hex);
  }
  s.session_token = c.omit_token ? SessionTokenMode::append_after_signing : SessionTokenMode::sign;
  if (query) {
    s.location = SignatureLocation::query;
    s.expires_seconds = c.expires;
  }
  return c;
}

// The CLI arguments that reproduce a context (`sigv4 sign|presign ... --json`), without the command.
inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

inline std::string cli_signing_arguments(const SuiteContext& ctx, const fs::path& request_file, bool query) {
  std::string cmd = " --json --request " + shell_quote(request_file.string()) + " --access-key " +
                    shell_quote(ctx.credentials.access_key_id) + " --secret-key " +
                    shell_quote(std::string(ctx.credentials.secret_access_key.reveal())) + " --region " + ctx.region +
                    " --service " + ctx.service + " --time " + std::string(ctx.time.amz_date());
  if (!ctx.credentials.session_token.empty())
    cmd += " --session-token " + shell_quote(std::string(ctx.credentials.session_token.reveal()));
  if (!ctx.normalize) cmd += " --no-normalize-path";
  if (ctx.sign_body)
    cmd += " --content-sha256-header";
  else
    cmd += " --payload-hash " + std::string(crypto::kEmptySha256Hex);
  if (ctx.omit_token) cmd += " --omit-session-token";
  if (query) cmd += " --expires " + std::to_string(ctx.expires);
  return cmd;
}

// Runs a shell command and returns its standard output.
inline std::string run_command(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  return out;
}

// The CLI must not see the developer's AWS environment.
inline std::string without_aws_environment(const std::string& command) {
  return "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_REGION -u AWS_DEFAULT_REGION " +
         command;
}

}  // namespace sigv4::testing_support
