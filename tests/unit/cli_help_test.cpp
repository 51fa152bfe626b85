// `sigv4 COMMAND --help`: every command describes itself (exit 0, on stdout), `sigv4 help COMMAND` says
// the same, and every option a help text names is one the command's parser really accepts (so the
// help cannot drift from the code unnoticed).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include "support/shell.hpp"

namespace {

using Run = sigv4::test::ShellRun;

Run run(const std::string& args, bool with_stderr = true) {
  return sigv4::test::run_shell("env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_REGION "
                                "-u AWS_DEFAULT_REGION " SIGV4_CLI_PATH " " + args +
                                (with_stderr ? " 2>&1" : " 2>/dev/null") + " </dev/null");
}

// The commands `sigv4 --help` lists.
std::vector<std::string> listed_commands() {
  const auto r = run("--help", false);
  std::vector<std::string> out;
  const std::regex line(R"(^  ([a-z][a-z0-9-]+) )");
  std::size_t start = 0;
  while (start < r.out.size()) {
    const auto end = std::min(r.out.find('\n', start), r.out.size());
    const std::string l = r.out.substr(start, end - start);
    std::smatch m;
    if (std::regex_search(l, m, line)) out.push_back(m[1]);
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST(CliHelp, EveryCommandDescribesItself) {
  const auto commands = listed_commands();
  ASSERT_GE(commands.size(), 11u);
  for (const auto& c : commands) {
    const auto r = run(c + " --help", false);
    EXPECT_EQ(r.exit_code, 0) << c << ": " << r.out;
    EXPECT_EQ(r.out.rfind("usage: sigv4 " + c, 0), 0u) << c << ": " << r.out;
    EXPECT_EQ(run("help " + c, false).out, r.out) << c;
  }
  EXPECT_EQ(run("sign -h", false).out, run("sign --help", false).out);
  EXPECT_EQ(run("help no-such-command").exit_code, 2);
}

TEST(CliHelp, EveryOptionInAHelpTextIsAccepted) {
  const std::regex option(R"((^|[\s\[(|])(--[a-z0-9][a-z0-9-]*))");
  for (const auto& c : listed_commands()) {
    if (c == "curl") continue;  // prints its own usage, from its own parser
    const std::string text = run(c + " --help", false).out;
    std::set<std::string> options;
    for (std::sregex_iterator it(text.begin(), text.end(), option), end; it != end; ++it) options.insert((*it)[2]);
    ASSERT_FALSE(options.empty()) << c;
    for (const auto& o : options) {
      if (o == "--help") continue;
      // The option alone (its value missing, or other required options missing): the parser must
      // complain about anything but the option being unknown. presign and post-policy also have an
      // s3:// form whose own options only that form takes.
      bool accepted = run(c + " " + o).out.find("unknown option") == std::string::npos;
      if (!accepted && (c == "presign" || c == "post-policy"))
        accepted = run(c + " s3://bucket/key " + o).out.find("unknown option") == std::string::npos;
      EXPECT_TRUE(accepted) << "sigv4 " << c << " --help names " << o << ", which the command refuses";
    }
  }
}
