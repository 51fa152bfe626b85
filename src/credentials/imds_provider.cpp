// EC2 instance metadata credentials, IMDSv2 (EC2 User Guide, "Use the Instance Metadata Service to
// access instance metadata" and "Retrieve security credentials from instance metadata").
#include <nlohmann/json.hpp>

#include "credentials_common.hpp"

namespace sigv4 {
namespace {

constexpr std::string_view kCredentialsPath = "/latest/meta-data/iam/security-credentials/";

}  // namespace

ImdsProvider::ImdsProvider(Environment env, RemoteProviderOptions options) : env_(std::move(env)), options_(options) {}

CredentialsOutcome ImdsProvider::resolve() {
  if (auto disabled = env_.get("AWS_EC2_METADATA_DISABLED"); disabled && iequals(*disabled, "true"))
    return CredentialsOutcome::not_configured("imds: disabled by AWS_EC2_METADATA_DISABLED");
  std::string endpoint = env_.get("AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or("http://169.254.169.254");
  while (endpoint.ends_with("/")) endpoint.pop_back();

  HttpClient client = credentials_detail::remote_client(options_);
  // Retries a request on transport failures and 5xx answers, at most options_.attempts times.
  auto call = [&](HttpRequest& request) {
    HttpResult r;
    for (int attempt = 0; attempt < std::max(1, options_.attempts); ++attempt) {
      r = client.send(request, SendBody::empty());
      if (r.ok() && r.response.status < 500) break;
      // An endpoint that does not exist (not on EC2) is not worth a second try.
      if (!r.ok() && (r.error == TransportError::connect_failed || r.error == TransportError::resolve_failed)) break;
    }
    return r;
  };
  HttpRequest put;
  try {
    put = HttpRequest::from_url("PUT", endpoint + "/latest/api/token");
  } catch (const std::exception&) {
    return CredentialsOutcome::failure("imds: AWS_EC2_METADATA_SERVICE_ENDPOINT is not a URL");
  }
  put.headers.push_back({"X-aws-ec2-metadata-token-ttl-seconds", "21600"});
  HttpResult token = call(put);
  if (!token.ok()) return CredentialsOutcome::not_configured("imds: no instance metadata service (" + token.message + ")");
  if (token.response.status != 200)
    return CredentialsOutcome::failure("imds: token request answered HTTP " + std::to_string(token.response.status));
  std::string session = std::move(token.response.body);
  if (session.empty() || session.find_first_of("\r\n") != std::string::npos)
    return CredentialsOutcome::failure("imds: malformed session token");

  HttpRequest get = HttpRequest::from_url("GET", endpoint + std::string(kCredentialsPath));
  get.headers.push_back({"X-aws-ec2-metadata-token", session});
  HttpResult role = call(get);
  if (!role.ok()) return CredentialsOutcome::failure("imds: " + role.message);
  if (role.response.status == 404)
    return CredentialsOutcome::not_configured("imds: the instance has no IAM role attached");
  if (role.response.status != 200)
    return CredentialsOutcome::failure("imds: role request answered HTTP " + std::to_string(role.response.status));
  std::string name = role.response.body;
  if (const auto nl = name.find_first_of("\r\n"); nl != std::string::npos) name.resize(nl);
  if (name.empty() || name.find_first_of("/?#% ") != std::string::npos)
    return CredentialsOutcome::failure("imds: malformed role name");

  get.target = HttpRequest::from_url("GET", endpoint + std::string(kCredentialsPath) + name).target;
  HttpResult creds = call(get);
  credentials_detail::wipe(get.headers.back().value);
  credentials_detail::wipe(session);
  if (!creds.ok()) return CredentialsOutcome::failure("imds: " + creds.message);
  if (creds.response.status != 200)
    return CredentialsOutcome::failure("imds: credentials request answered HTTP " + std::to_string(creds.response.status));
  {
    const nlohmann::json j = nlohmann::json::parse(creds.response.body, nullptr, false);
    const auto code = j.is_object() ? j.find("Code") : j.end();
    if (j.is_object() && (code == j.end() || !code->is_string() || code->get<std::string>() != "Success")) {
      credentials_detail::wipe(creds.response.body);
      return CredentialsOutcome::failure("imds: credentials answer has no \"Code\": \"Success\"");
    }
  }
  auto outcome = credentials_detail::parse_json_credentials(creds.response.body, "Token", "imds role " + name);
  credentials_detail::wipe(creds.response.body);
  return outcome;
}

}  // namespace sigv4
