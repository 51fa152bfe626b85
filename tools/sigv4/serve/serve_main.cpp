// The `sigv4 serve` program (installed as sigv4-serve beside sigv4, which runs it for `sigv4 serve`,
// so that the HTTP library is not loaded by every other sub-command):
//
//   sigv4 serve --root DIR (--credentials AK:SECRET[,AK2:SECRET2...] | --credentials-file FILE)
//               [--host 127.0.0.1] [--port 9000] [--region R] [--max-skew SECONDS]
//               [--domain localhost]... [--min-part-size BYTES] [--port-file FILE] [--quiet]
//               [--sigv4a]
//
// --sigv4a accepts SigV4a (AWS4-ECDSA-P256-SHA256) requests, aws-chunked ECDSA uploads included; it
// needs --region, the region this server stands for, which each request's X-Amz-Region-Set must
// contain. Without it SigV4a requests are refused (InvalidArgument "Unsupported Authorization Type"):
// a server opts in to an authentication algorithm.
// --port 0 picks a free port; the port is printed ("listening on http://127.0.0.1:PORT") and, with
// --port-file, written to FILE once the socket is bound (what tests wait for). The credentials file
// holds one AK:SECRET a line ('#' comments). Stops on SIGINT/SIGTERM. Exit 0 after a clean stop, 1
// when it cannot listen, 2 on usage errors.
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

#include "../args.hpp"
#include "../credential_pairs.hpp"
#include "s3_server.hpp"

namespace sigv4::cli {
namespace {

int serve_main(const std::vector<std::string>& argv) {
  const Args args(argv,
                  {"--root", "--credentials", "--credentials-file", "--host", "--port", "--region",
                   "--max-skew", "--domain", "--min-part-size", "--port-file"},
                  {"--quiet", "--sigv4a"});
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
  serve::ServerConfig config;
  const auto root = args.value("--root");
  if (!root) throw UsageError("--root DIR is required");
  config.root = *root;
  if (auto c = args.value("--credentials"))
    add_credential_pairs(config.credentials, *c, "--credentials needs AK:SECRET pairs");
  if (auto f = args.value("--credentials-file"))
    add_credentials_file(config.credentials, *f, "--credentials-file needs AK:SECRET pairs");
  if (config.credentials.empty()) throw UsageError("--credentials or --credentials-file is required");
  if (auto h = args.value("--host")) config.host = *h;
  auto number = [](const std::string& option, const std::string& v) {
    try {
      std::size_t used = 0;
      const auto n = std::stoll(v, &used);
      if (used != v.size() || n < 0) throw std::invalid_argument("bad");
      return n;
    } catch (const std::exception&) {
      throw UsageError(option + " needs a non-negative number, got '" + v + "'");
    }
  };
  if (auto p = args.value("--port")) config.port = static_cast<int>(number("--port", *p));
  if (auto r = args.value("--region")) config.region = *r;
  config.accept_sigv4a = args.flag("--sigv4a");
  if (config.accept_sigv4a && config.region.empty())
    throw UsageError("--sigv4a needs --region: the region that SigV4a region sets must contain");
  if (auto m = args.value("--max-skew")) config.max_skew_seconds = number("--max-skew", *m);
  if (auto m = args.value("--min-part-size"))
    config.min_part_size = static_cast<std::uint64_t>(number("--min-part-size", *m));
  if (const auto domains = args.values("--domain"); !domains.empty()) config.domains = domains;
  config.log_requests = !args.flag("--quiet");

  serve::S3Server server(config);
  const int port = server.bind();
  if (port <= 0) throw InputError("cannot listen on " + config.host + ":" + std::to_string(config.port));
  std::cout << "sigv4 serve: listening on http://" << config.host << ":" << port << " (root "
            << config.root.string() << ")" << std::endl;
  if (auto pf = args.value("--port-file")) {
    const std::string tmp = *pf + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::rename(tmp.c_str(), pf->c_str());
  }

  // SIGINT/SIGTERM stop the server from a thread that waits for them (no work in a signal handler).
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // httplib's stop() waits for idle keep-alive connections to time out; after a short grace period
  // the process exits anyway (a half-written upload only leaves a file in .tmp/, cleared at start).
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&set, &sig);
    if (done) return;
    server.stop();
    for (int i = 0; i < 200 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!done) std::_Exit(0);
  });
  const bool ok = server.run();
  done = true;
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace sigv4::cli

int main(int argc, char** argv) {
  try {
    return sigv4::cli::serve_main(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const sigv4::cli::UsageError& e) {
    std::cerr << "sigv4 serve: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sigv4 serve: " << e.what() << "\n";
    return 1;
  }
}
