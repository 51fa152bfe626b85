// Runs a shell command line for a test and collects what it prints: the one way tests run the CLI
// (the caller adds "2>&1" or "2>/dev/null" and any environment to the command line).
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace sigv4::test {

struct ShellRun {
  int exit_code = -1;  // -1 when the command did not exit normally (a signal) or could not start
  std::string out;     // its standard output
};

inline ShellRun run_shell(const std::string& command_line) {
  ShellRun r;
  FILE* pipe = popen(command_line.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[65536];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace sigv4::test
