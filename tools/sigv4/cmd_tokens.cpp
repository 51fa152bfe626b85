// `sigv4 eks-token`, `sigv4 rds-token` and `sigv4 dsql-token`: print an authentication token made by
// presigning (see sigv4/tokens.hpp). -v prints the canonical request and string to sign on stderr.
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "request_options.hpp"
#include "sigv4/error.hpp"
#include "sigv4/tokens.hpp"

namespace sigv4::cli {
namespace {

constexpr std::string_view kExecApiBeta = "client.authentication.k8s.io/v1beta1";
constexpr std::string_view kExecApiV1 = "client.authentication.k8s.io/v1";

Args parse(const std::vector<std::string>& argv, std::set<std::string> values, std::set<std::string> flags) {
  add_credential_options(values, flags);
  flags.insert({"-v", "--verbose"});
  Args args(argv, values, flags);
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
  return args;
}

void print_verbose(const Args& args, const ServiceToken& t, const Credentials& creds) {
  if (!args.flag("-v") && !args.flag("--verbose")) return;
  std::cerr << "--- canonical request ---\n" << redact_secrets(t.signing.canonical_request, creds) << "\n";
  std::cerr << "--- string to sign ---\n" << t.signing.string_to_sign << "\n\n";
}

std::string required(const Args& args, const std::string& name) {
  auto v = args.value(name);
  if (!v || v->empty()) throw UsageError(name + " is required");
  return *v;
}

// The ExecCredential apiVersion: --api-version, else the one kubectl announces in KUBERNETES_EXEC_INFO
// (client-go sets it for every exec plugin), else v1beta1, which every EKS version accepts.
std::string exec_api_version(const Args& args) {
  if (auto v = args.value("--api-version")) {
    if (*v != kExecApiBeta && *v != kExecApiV1)
      throw UsageError("--api-version must be " + std::string(kExecApiBeta) + " or " +
                       std::string(kExecApiV1));
    return *v;
  }
  const char* info = std::getenv("KUBERNETES_EXEC_INFO");
  if (info && *info) {
    const auto j = nlohmann::json::parse(info, nullptr, false);
    if (j.is_object() && j.contains("apiVersion") && j["apiVersion"].is_string()) {
      const std::string v = j["apiVersion"].get<std::string>();
      if (v == kExecApiBeta || v == kExecApiV1) return v;
    }
    std::cerr << "sigv4 eks-token: KUBERNETES_EXEC_INFO names no supported apiVersion; answering with "
              << kExecApiBeta << "\n";
  }
  return std::string(kExecApiBeta);
}

}  // namespace

int cmd_eks_token(const std::vector<std::string>& argv) {
  const Args args =
      parse(argv, {"--cluster", "--cluster-id", "--sts-host", "--api-version"}, {"--token-only"});
  const auto name = args.value("--cluster"), id = args.value("--cluster-id");
  if (name && id) throw UsageError("give --cluster or --cluster-id, not both");
  if (!name && !id)
    throw UsageError("--cluster NAME (or --cluster-id ID for an Outposts local cluster) is required");
  const Credentials creds = read_credentials(args);
  const std::string region = read_region(args);
  const std::string sts_host = args.value("--sts-host").value_or("");
  ServiceToken t;
  try {
    t = make_eks_token(creds, read_time(args), {name ? *name : *id, region, sts_host});
  } catch (const Error& e) {
    throw InputError(e.what());
  }
  print_verbose(args, t, creds);
  if (args.flag("--token-only")) {
    std::cout << t.token << "\n";
    return 0;
  }
  std::cout << eks_exec_credential_json(t, exec_api_version(args)) << "\n";
  return 0;
}

int cmd_rds_token(const std::vector<std::string>& argv) {
  const Args args = parse(argv, {"--host", "--port", "--user"}, {});
  const std::string host = required(args, "--host"), port_text = required(args, "--port"),
                    user = required(args, "--user");
  long port = 0;
  try {
    std::size_t used = 0;
    port = std::stol(port_text, &used);
    if (used != port_text.size() || port < 1 || port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    throw UsageError("--port needs a number 1..65535, got '" + port_text + "'");
  }
  const Credentials creds = read_credentials(args);
  const std::string region = read_region(args);
  ServiceToken t;
  try {
    t = make_rds_auth_token(creds, read_time(args), {host, static_cast<std::uint16_t>(port), user, region});
  } catch (const Error& e) {
    throw InputError(e.what());
  }
  print_verbose(args, t, creds);
  std::cout << t.token << "\n";
  return 0;
}

int cmd_dsql_token(const std::vector<std::string>& argv) {
  const Args args = parse(argv, {"--host", "--expires"}, {"--admin"});
  const std::string host = required(args, "--host");
  std::int64_t expires = kDbTokenExpires;
  if (auto e = args.value("--expires")) {
    try {
      std::size_t used = 0;
      expires = std::stoll(*e, &used);
      if (used != e->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw UsageError("--expires needs a number of seconds, got '" + *e + "'");
    }
  }
  const Credentials creds = read_credentials(args);
  const std::string region = read_region(args);
  ServiceToken t;
  try {
    t = make_dsql_auth_token(
        creds, read_time(args),
        {host, region, args.flag("--admin") ? DsqlAction::db_connect_admin : DsqlAction::db_connect,
         expires});
  } catch (const Error& e) {
    throw InputError(e.what());
  }
  print_verbose(args, t, creds);
  std::cout << t.token << "\n";
  return 0;
}

}  // namespace sigv4::cli
