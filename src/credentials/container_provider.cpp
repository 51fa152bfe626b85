// ECS / EKS Pod Identity container credentials (AWS SDKs and Tools Reference Guide, "Container
// credential provider").
#include <fstream>
#include <iterator>

#include "credentials_common.hpp"
#include "sigv4/url.hpp"

namespace sigv4 {
namespace {

// http is allowed only to these hosts (the SDKs' rule): loopback, the ECS and EKS link-local addresses.
bool is_allowed_http_host(std::string host) {
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host == "::1" || host == "169.254.170.2" || host == "169.254.170.23" ||
      host == "fd00:ec2::23")
    return true;
  return host.starts_with("127.") && host.find_first_not_of("0123456789.") == std::string::npos;
}

}  // namespace

ContainerProvider::ContainerProvider(Environment env, RemoteProviderOptions options, std::string relative_base)
    : env_(std::move(env)), options_(options), relative_base_(std::move(relative_base)) {}

CredentialsOutcome ContainerProvider::resolve() {
  std::string url;
  if (auto rel = env_.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = relative_base_ + (rel->starts_with("/") ? "" : "/") + *rel;
  } else if (auto full = env_.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    url = *full;
    const auto parsed = parse_url(url);
    if (!parsed) return CredentialsOutcome::failure("container: AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL");
    if (parsed->scheme == "http" && !is_allowed_http_host(parsed->host))
      return CredentialsOutcome::failure("container: http to '" + parsed->host +
                                         "' is not allowed (only loopback and the ECS/EKS link-local hosts)");
  } else {
    return CredentialsOutcome::not_configured("container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI not set");
  }

  std::string token;
  if (auto file = env_.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) return CredentialsOutcome::failure("container: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE '" + *file + "'");
    token.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  } else if (auto t = env_.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *t;
  }
  if (token.find_first_of("\r\n") != std::string::npos)
    return CredentialsOutcome::failure("container: the authorization token contains a line break");

  HttpRequest request;
  try {
    request = HttpRequest::from_url("GET", url);
  } catch (const std::exception&) {
    return CredentialsOutcome::failure("container: credentials URI is not a URL");
  }
  if (!token.empty()) request.headers.push_back({"Authorization", token});
  request.headers.push_back({"Accept", "application/json"});
  credentials_detail::wipe(token);

  HttpClient client = credentials_detail::remote_client(options_);
  HttpResult result;
  for (int attempt = 0; attempt < std::max(1, options_.attempts); ++attempt) {
    result = client.send(request, SendBody::empty());
    if (result.ok() && result.response.status < 500) break;
  }
  for (auto& h : request.headers)
    if (iequals(h.name, "authorization")) credentials_detail::wipe(h.value);
  if (!result.ok()) return CredentialsOutcome::failure("container: " + result.message);
  if (result.response.status != 200)
    return CredentialsOutcome::failure("container: endpoint answered HTTP " + std::to_string(result.response.status));
  auto outcome = credentials_detail::parse_json_credentials(result.response.body, "Token", "container");
  credentials_detail::wipe(result.response.body);
  return outcome;
}

}  // namespace sigv4
