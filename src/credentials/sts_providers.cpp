// Web identity and assume-role credentials, both from STS (AWS SDKs and Tools Reference Guide,
// "Assume role credential provider").
#include <fstream>
#include <iterator>

#include "credentials_common.hpp"
#include "sts_client.hpp"

namespace sigv4 {

WebIdentityProvider::WebIdentityProvider(Environment env, RemoteProviderOptions options)
    : env_(std::move(env)), options_(options) {
  auto file = env_.get("AWS_WEB_IDENTITY_TOKEN_FILE");
  auto role = env_.get("AWS_ROLE_ARN");
  if (!file || !role) return;
  Config c;
  c.token_file = *file;
  c.role_arn = *role;
  c.session_name = env_.get("AWS_ROLE_SESSION_NAME").value_or("");
  c.region = env_.get("AWS_REGION").value_or(env_.get("AWS_DEFAULT_REGION").value_or("us-east-1"));
  config_ = std::move(c);
}

WebIdentityProvider::WebIdentityProvider(Config config, Environment env, RemoteProviderOptions options)
    : config_(std::move(config)), env_(std::move(env)), options_(options) {}

CredentialsOutcome WebIdentityProvider::resolve() {
  if (!config_) return CredentialsOutcome::not_configured("web_identity: AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN not set");
  std::ifstream in(config_->token_file, std::ios::binary);
  if (!in) return CredentialsOutcome::failure("web_identity: cannot read token file '" + config_->token_file.string() + "'");
  std::string token(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>{});
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) return CredentialsOutcome::failure("web_identity: token file '" + config_->token_file.string() + "' is empty");
  std::vector<std::pair<std::string, std::string>> params = {
      {"RoleArn", config_->role_arn},
      {"RoleSessionName", config_->session_name.empty() ? credentials_detail::default_session_name() : config_->session_name},
      {"WebIdentityToken", token}};
  credentials_detail::wipe(token);
  auto outcome = credentials_detail::call_sts(StsEndpoint::resolve(env_, config_->region), "AssumeRoleWithWebIdentity",
                                              params, nullptr, options_, "web_identity " + config_->role_arn);
  credentials_detail::wipe(params.back().second);
  return outcome;
}

AssumeRoleProvider::AssumeRoleProvider(std::shared_ptr<CredentialsProvider> source, Config config, Environment env,
                                       RemoteProviderOptions options)
    : source_(std::move(source)), config_(std::move(config)), env_(std::move(env)), options_(options) {}

CredentialsOutcome AssumeRoleProvider::resolve() {
  if (!source_) return CredentialsOutcome::failure("assume_role " + config_.role_arn + ": no source credentials provider");
  CredentialsOutcome source = source_->resolve();
  if (!source.found())
    return CredentialsOutcome::failure("assume_role " + config_.role_arn + ": source credentials: " + source.error);
  std::vector<std::pair<std::string, std::string>> params = {
      {"RoleArn", config_.role_arn},
      {"RoleSessionName", config_.session_name.empty() ? credentials_detail::default_session_name() : config_.session_name}};
  if (!config_.external_id.empty()) params.emplace_back("ExternalId", config_.external_id);
  if (config_.duration_seconds) params.emplace_back("DurationSeconds", std::to_string(*config_.duration_seconds));
  return credentials_detail::call_sts(StsEndpoint::resolve(env_, config_.region), "AssumeRole", params,
                                      &source.credentials, options_, "assume_role " + config_.role_arn);
}

}  // namespace sigv4
