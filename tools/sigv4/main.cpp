// The sigv4 command-line tool: a thin layer over the library. Exit codes: 0 success, 1 bad input or
// refused request, 2 usage error.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "help.hpp"

namespace {

using Command = int (*)(const std::vector<std::string>&);

struct CommandInfo {
  Command run;
  const char* summary;
};

const std::map<std::string, CommandInfo>& commands() {
  static const std::map<std::string, CommandInfo> kCommands = {
      {"sign", {sigv4::cli::cmd_sign, "sign a request and print it (or --json: every intermediate)"}},
      {"presign", {sigv4::cli::cmd_presign, "print a presigned URL for a request"}},
      {"sign-chunked", {sigv4::cli::cmd_sign_chunked, "sign a streaming upload and print it with its aws-chunked body"}},
      {"serve", {sigv4::cli::cmd_serve, "run an S3-compatible object server that verifies every request (--root DIR)"}},
      {"verify", {sigv4::cli::cmd_verify, "authenticate a raw request as S3 would (--request FILE --credentials AK:SECRET)"}},
      {"curl", {sigv4::cli::cmd_curl, "send a signed request, like curl (credentials as the AWS SDKs find them)"}},
      {"eks-token", {sigv4::cli::cmd_eks_token, "print a kubectl ExecCredential with an EKS token (--cluster NAME)"}},
      {"rds-token", {sigv4::cli::cmd_rds_token, "print an RDS IAM auth token (--host H --port P --user U)"}},
      {"dsql-token", {sigv4::cli::cmd_dsql_token, "print an Aurora DSQL auth token (--host H [--admin])"}},
      {"post-policy", {sigv4::cli::cmd_post_policy, "print S3 POST form fields as JSON for s3://BUCKET/KEY (--html FILE: a form)"}},
      {"explain", {sigv4::cli::cmd_explain, "explain a SignatureDoesNotMatch (--request FILE|--log FILE --error FILE)"}},
  };
  return kCommands;
}

void usage(std::ostream& out) {
  out << "usage: sigv4 COMMAND [options]\n\ncommands:\n";
  for (const auto& [name, info] : commands()) out << "  " << name << std::string(10 - std::min<std::size_t>(name.size(), 9), ' ') << info.summary << "\n";
  out << "\nrequest:  --request FILE|-  or  -X METHOD --url URL [-H 'Name: value']... [--data S | --data-binary @FILE]\n"
         "signing:  --access-key K --secret-key S [--session-token T] --region R --service S [--time YYYYMMDDTHHMMSSZ]\n"
         "          [--s3] [--no-normalize-path] [--no-double-encode] [--unsigned-payload] [--payload-hash H]\n"
         "          [--content-sha256-header] [--omit-session-token] [--expires SECONDS] [--json] [-v]\n"
         "          [--sigv4a [--region-set REGIONS]]   SigV4a (ECDSA P-256); REGIONS: '*', 'us-east-1,us-west-2'\n"
         "\n'sigv4 COMMAND --help' describes one command.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    usage(std::cerr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    if (argc > 2) {  // sigv4 help COMMAND
      if (const auto text = sigv4::cli::command_help(argv[2])) {
        std::cout << *text;
        return 0;
      }
      if (commands().count(argv[2]) == 0) {
        std::cerr << "sigv4: unknown command '" << argv[2] << "'\n";
        usage(std::cerr);
        return 2;
      }
      // A command that prints its own help (curl).
      return commands().at(argv[2]).run({"--help"});
    }
    usage(std::cout);
    return 0;
  }
  const auto it = commands().find(name);
  if (it == commands().end()) {
    std::cerr << "sigv4: unknown command '" << name << "'\n";
    usage(std::cerr);
    return 2;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (sigv4::cli::is_help_request(args))
    if (const auto text = sigv4::cli::command_help(name)) {
      std::cout << *text;
      return 0;
    }
  try {
    return it->second.run(args);
  } catch (const sigv4::cli::UsageError& e) {
    std::cerr << "sigv4 " << name << ": " << e.what() << "\n";
    return 2;
  } catch (const sigv4::cli::InputError& e) {
    std::cerr << "sigv4 " << name << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "sigv4 " << name << ": " << e.what() << "\n";
    return 1;
  }
}
