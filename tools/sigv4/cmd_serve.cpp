// `sigv4 serve`: runs the sigv4-serve program installed beside this one (serve/serve_main.cpp), so
// that the HTTP library and its dependencies are loaded only by the server, never by `sigv4 sign`.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "args.hpp"
#include "commands.hpp"

namespace sigv4::cli {

int cmd_serve(const std::vector<std::string>& args) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path server = (ec ? std::filesystem::path(".") : self.parent_path()) / "sigv4-serve";
  if (!std::filesystem::exists(server))
    throw UsageError(
        "sigv4-serve is not installed beside sigv4 (it needs cpp-httplib, Debian libcpp-httplib-dev)");
  std::vector<std::string> owned{server.string()};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(server.c_str(), argv.data());
  throw InputError("cannot run " + server.string() + ": " + std::strerror(errno));
}

}  // namespace sigv4::cli
