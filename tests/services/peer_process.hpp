// Running the oracles (awscli, botocore under faketime) from a test: a shell command in, its stdout out.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/url.hpp"

namespace peer {

inline constexpr const char* kFrozenClock = "2026-11-25 12:00:00";  // what faketime -f freezes
inline constexpr const char* kFrozenAmzDate = "20261125T120000Z";   // the same instant for sigv4

// Single-quoted for /bin/sh.
inline std::string quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  return out + "'";
}

struct PipeCloser {
  void operator()(FILE* f) const { pclose(f); }
};

// Runs `command` with /bin/sh and returns its stdout; throws when it exits non-zero.
inline std::string run(const std::string& command) {
  std::unique_ptr<FILE, PipeCloser> pipe(popen(command.c_str(), "r"));
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe.get())) out.append(buf, n);
  const int status = pclose(pipe.release());
  if (status != 0)
    throw std::runtime_error("command failed (" + std::to_string(status) + "): " + command + "\n" + out);
  return out;
}

// The environment for the AWS CLI: these credentials only, no config files, no instance metadata.
inline std::string aws_env(std::string_view ak, std::string_view sk, std::string_view token,
                           std::string_view extra = {}) {
  std::string e =
      "env -i PATH=/usr/bin:/bin HOME=/tmp AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "
      "AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=" +
      quote(ak) + " AWS_SECRET_ACCESS_KEY=" + quote(sk);
  if (!token.empty()) e += " AWS_SESSION_TOKEN=" + quote(token);
  if (!extra.empty()) e += " " + std::string(extra);
  return e + " faketime -f " + quote(kFrozenClock) + " ";
}

// The answers of tests/services/botocore_oracle.py for some cases (one Python process), at the frozen clock.
// Objects keep botocore's key order (Python dicts keep insertion order; so does ordered_json).
inline std::vector<nlohmann::ordered_json> botocore_batch(
    const std::vector<nlohmann::ordered_json>& requests) {
  const auto file = std::filesystem::temp_directory_path() / ("sigv4-oracle-" + std::to_string(::getpid()) +
                                                              "-" + std::to_string(std::rand()) + ".json");
  {
    std::ofstream out(file);
    for (const auto& r : requests) out << r.dump() << "\n";
  }
  std::string text;
  try {
    text = run("faketime -f " + quote(kFrozenClock) + " /usr/bin/python3 " + quote(SIGV4_ORACLE) + " < " +
               quote(file.string()));
  } catch (...) {
    std::filesystem::remove(file);
    throw;
  }
  std::filesystem::remove(file);
  std::vector<nlohmann::ordered_json> answers;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    answers.push_back(nlohmann::ordered_json::parse(text.substr(pos, nl - pos)));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  if (answers.size() != requests.size())
    throw std::runtime_error("oracle answered " + std::to_string(answers.size()) + " of " +
                             std::to_string(requests.size()));
  return answers;
}

inline nlohmann::ordered_json botocore(const nlohmann::ordered_json& request) {
  return botocore_batch({request}).front();
}

// A URL's query as (name, value) pairs in order, still percent-encoded.
inline std::vector<std::pair<std::string, std::string>> query_params(std::string_view url) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto q = url.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view rest = url.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view part = rest.substr(0, amp);
    const auto eq = part.find('=');
    out.emplace_back(std::string(part.substr(0, eq)),
                     eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return out;
}

}  // namespace peer
