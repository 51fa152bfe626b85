// credential_process: run a command, read credentials from its stdout (AWS SDKs and Tools Reference
// Guide, "Process credential provider").
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "credentials_common.hpp"

extern char** environ;

namespace sigv4 {
namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

struct RunResult {
  std::string output;
  std::string error;  // empty on success
};

RunResult run_command(const std::string& command, std::chrono::milliseconds timeout) {
  RunResult r;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    r.error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return r;
  }
  Fd read_end(fds[0]), write_end(fds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
  // The command stays in our process group so that it can prompt on the terminal (an MFA code, as
  // aws-vault does); a timeout therefore kills the shell, not children it may have started.
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    r.error = std::string("cannot start /bin/sh: ") + std::strerror(rc);
    return r;
  }
  write_end.reset();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false, too_long = false;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{read_end.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      timed_out = ready == 0;
      break;
    }
    const ssize_t n = ::read(read_end.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    r.output.append(buf, static_cast<std::size_t>(n));
    if (r.output.size() > kMaxOutput) {
      too_long = true;
      break;
    }
  }
  if (timed_out || too_long) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    r.error = "did not finish within " + std::to_string(timeout.count()) + " ms (killed)";
  } else if (too_long) {
    r.error = "printed more than " + std::to_string(kMaxOutput) + " bytes";
  } else if (WIFSIGNALED(status)) {
    r.error = "killed by signal " + std::to_string(WTERMSIG(status));
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    r.error = "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  return r;
}

}  // namespace

CredentialsOutcome ProcessProvider::resolve() {
  // The command itself is not repeated in messages: it may carry arguments the user considers private.
  if (command_.empty()) return CredentialsOutcome::failure("credential_process: empty command");
  RunResult run = run_command(command_, timeout_);
  if (!run.error.empty()) {
    credentials_detail::wipe(run.output);
    return CredentialsOutcome::failure("credential_process: command " + run.error);
  }
  // Version 1 is the only format defined; another one must not be misread.
  const nlohmann::json j = nlohmann::json::parse(run.output, nullptr, false);
  const bool version_1 = j.is_object() && j.contains("Version") && j["Version"].is_number_integer() &&
                         j["Version"].get<int>() == 1;
  CredentialsOutcome outcome =
      version_1 ? credentials_detail::parse_json_credentials(run.output, "SessionToken", "credential_process")
                : CredentialsOutcome::failure(j.is_discarded() ? "credential_process: output is not JSON"
                                                               : "credential_process: output lacks \"Version\": 1");
  credentials_detail::wipe(run.output);
  return outcome;
}

}  // namespace sigv4
