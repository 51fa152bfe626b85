// `sigv4 curl` runs in its own executable, sigv4-curl, installed next to sigv4: libcurl pulls in
// about thirty shared libraries (TLS, HTTP/2, IDN, Kerberos, LDAP, ...) whose loading would otherwise
// slow down every `sigv4 sign` (a few milliseconds a process, issue 6) and would load a second,
// shared libcrypto beside the static one the tool links. This command only hands over to it.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "commands.hpp"

namespace sigv4::cli {

int cmd_curl(const std::vector<std::string>& args) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path helper = (ec ? std::filesystem::path(".") : self.parent_path()) / "sigv4-curl";
  std::vector<char*> argv;
  std::string name = helper.string();
  argv.push_back(name.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(helper.c_str(), argv.data());
  std::cerr << "sigv4 curl: cannot run " << helper << ": " << std::strerror(errno)
            << " (it is built and installed with sigv4)\n";
  return 1;
}

}  // namespace sigv4::cli
