// A sigv4-serve process for the C++ tests (tests/unit/serve_*_test.cpp): started on 127.0.0.1 on a
// free port (--port 0; the port is read from its "listening on" line), with its stderr kept in a file
// so that a test can fail on a sanitizer report from the server, and stopped with SIGTERM.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "creds/support.hpp"

namespace sigv4_test {

class RunningServe {
 public:
  // The sigv4-serve built beside the sigv4 CLI under test; empty when it was not built (no cpp-httplib).
  static std::filesystem::path binary() {
    const auto p = std::filesystem::path(SIGV4_CLI_PATH).parent_path() / "sigv4-serve";
    return std::filesystem::exists(p) ? p : std::filesystem::path();
  }

  RunningServe(const std::string& access_key, const std::string& secret)
      : RunningServe(std::vector<std::string>{"--credentials", access_key + ":" + secret}) {}
  // With the given credential options, e.g. {"--credentials-file", path}.
  explicit RunningServe(const std::vector<std::string>& credential_args)
      : process_(command(dir_, credential_args), dir_.path() / "serve.stderr") {
    // Under ThreadSanitizer the server takes a few seconds to start.
    const std::string line = process_.read_line(std::chrono::seconds(60));
    const auto colon = line.rfind(':');
    if (line.find("listening on http://127.0.0.1:") == std::string::npos || colon == std::string::npos)
      throw std::runtime_error("unexpected first line from sigv4-serve: " + line);
    port_ = std::stoi(line.substr(colon + 1));
  }

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  [[nodiscard]] bool running() { return ::waitpid(process_.pid(), nullptr, WNOHANG) == 0; }

  struct Exit {
    std::optional<int> status;  // waitpid() status; nullopt when it did not stop within the timeout
    std::string stderr_text;
  };
  // SIGTERM, then the exit status and everything the server wrote on stderr.
  Exit stop() {
    Exit e;
    e.status = process_.stop(std::chrono::seconds(30));
    std::ifstream in(dir_.path() / "serve.stderr", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    e.stderr_text = text.str();
    return e;
  }

 private:
  static std::vector<std::string> command(const TempDir& dir,
                                          const std::vector<std::string>& credential_args) {
    std::vector<std::string> argv = {binary().string(), "--root", (dir.path() / "root").string(),
                                     "--port",          "0",      "--quiet"};
    argv.insert(argv.end(), credential_args.begin(), credential_args.end());
    return argv;
  }

  TempDir dir_;
  ChildProcess process_;
  int port_ = 0;
};

// Whether a sanitizer (ThreadSanitizer, AddressSanitizer, LeakSanitizer, UBSan) reported something.
inline bool has_sanitizer_report(const std::string& stderr_text) {
  for (const char* marker : {"WARNING: ThreadSanitizer", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                             "runtime error:", "ThreadSanitizer:", "AddressSanitizer:"})
    if (stderr_text.find(marker) != std::string::npos) return true;
  return false;
}

}  // namespace sigv4_test
