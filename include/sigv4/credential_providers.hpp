// Where credentials come from, the way the AWS SDKs find them ("Standardized credential providers" in
// the AWS SDKs and Tools Reference Guide): one interface, one small class per source, a default chain
// in the SDKs' order, and a cache that refreshes temporary credentials before they expire.
//
// A provider answers one of three ways (CredentialsOutcome):
//   found          credentials, possibly with an expiration;
//   not_configured this source is not set up here (no variables, no file, no profile): a chain moves on;
//   failed         the source is set up but does not work (malformed file, process exits 1, endpoint
//                  down, STS refuses, credentials already expired): a chain stops and reports it, as the
//                  SDKs do, rather than silently using a different identity.
// The error text never contains a secret. Every provider is safe to call from several threads.
//
// Example:
//   auto chain = sigv4::default_credentials_chain();           // cached and refreshed
//   sigv4::CredentialsOutcome c = chain->resolve();
//   if (!c.found()) throw std::runtime_error(c.error);
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/credentials.hpp"

namespace sigv4 {

// The environment variables a provider reads; tests pass a map instead of the process environment.
class Environment {
 public:
  using Lookup = std::function<std::optional<std::string>(std::string_view name)>;
  explicit Environment(Lookup lookup) : lookup_(std::move(lookup)) {}
  // The real process environment (getenv).
  static Environment process();
  static Environment from_map(std::map<std::string, std::string, std::less<>> vars);

  // The variable's value; unset and empty are both nullopt (the SDKs treat "" as unset).
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
  // $HOME (the SDKs' "~"); nullopt when unset.
  [[nodiscard]] std::optional<std::filesystem::path> home() const;

 private:
  Lookup lookup_;
};

enum class CredentialsStatus { found, not_configured, failed };

struct CredentialsOutcome {
  CredentialsStatus status = CredentialsStatus::not_configured;
  Credentials credentials;  // set when found
  std::string source;       // which provider answered ("environment", "profile default", ...)
  std::string error;        // why not_configured / failed (no secrets)

  [[nodiscard]] bool found() const noexcept { return status == CredentialsStatus::found; }
  static CredentialsOutcome ok(Credentials c, std::string source);
  static CredentialsOutcome not_configured(std::string why);
  static CredentialsOutcome failure(std::string why);
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Obtains credentials now (a provider does no caching of its own; wrap it in CachingProvider).
  // Credentials that are already expired are reported as failed.
  [[nodiscard]] virtual CredentialsOutcome resolve() = 0;
  // Short name for messages ("environment", "imds", ...).
  [[nodiscard]] virtual std::string name() const = 0;
};

// Fixed credentials given by the caller.
class StaticProvider final : public CredentialsProvider {
 public:
  explicit StaticProvider(Credentials credentials) : credentials_(std::move(credentials)) {}
  CredentialsOutcome resolve() override;
  std::string name() const override { return "static"; }

 private:
  Credentials credentials_;
};

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (and the legacy AWS_ACCESS_KEY /
// AWS_SECRET_KEY botocore also reads). Only one of the two main variables set is `failed`.
class EnvironmentProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentProvider(Environment env = Environment::process()) : env_(std::move(env)) {}
  CredentialsOutcome resolve() override;
  std::string name() const override { return "environment"; }

 private:
  Environment env_;
};

// Timeouts and endpoints of the HTTP-based providers; the defaults are the SDKs' (1 s for the
// link-local IMDS and container endpoints, which do not exist off AWS and must fail fast).
struct RemoteProviderOptions {
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds total_timeout{2000};
  int attempts = 2;  // IMDS and container: tries per request before giving up
};

// Runs a command (`credential_process` in a profile) through /bin/sh and reads its stdout: JSON with
// "Version": 1, "AccessKeyId", "SecretAccessKey", optional "SessionToken" and "Expiration" (ISO 8601).
// Failed when the command exits non-zero, prints malformed JSON (or more than 64 KiB), runs longer
// than the timeout (it is then killed), or returns expired credentials. stderr is passed through.
class ProcessProvider final : public CredentialsProvider {
 public:
  explicit ProcessProvider(std::string command, std::chrono::milliseconds timeout = std::chrono::seconds(60))
      : command_(std::move(command)), timeout_(timeout) {}
  CredentialsOutcome resolve() override;
  std::string name() const override { return "credential_process"; }

 private:
  std::string command_;
  std::chrono::milliseconds timeout_;
};

// ECS/EKS container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (appended to
// http://169.254.170.2) or AWS_CONTAINER_CREDENTIALS_FULL_URI (https anywhere; http only to a loopback
// address or the ECS/EKS link-local hosts, as the SDKs require), with the Authorization header from
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read on every call: EKS rotates it) or
// AWS_CONTAINER_AUTHORIZATION_TOKEN. The answer is JSON: AccessKeyId, SecretAccessKey, Token, Expiration.
class ContainerProvider final : public CredentialsProvider {
 public:
  explicit ContainerProvider(Environment env = Environment::process(), RemoteProviderOptions options = {},
                             std::string relative_base = "http://169.254.170.2");
  CredentialsOutcome resolve() override;
  std::string name() const override { return "container"; }

 private:
  Environment env_;
  RemoteProviderOptions options_;
  std::string relative_base_;
};

// EC2 instance metadata, IMDSv2 only: PUT /latest/api/token (X-aws-ec2-metadata-token-ttl-seconds),
// GET /latest/meta-data/iam/security-credentials/ (role name), GET .../<role> (JSON with Code "Success").
// Endpoint http://169.254.169.254 unless AWS_EC2_METADATA_SERVICE_ENDPOINT is set; not_configured when
// AWS_EC2_METADATA_DISABLED=true. An unreachable endpoint is not_configured (not on EC2), an endpoint
// that answers wrongly is failed.
class ImdsProvider final : public CredentialsProvider {
 public:
  explicit ImdsProvider(Environment env = Environment::process(), RemoteProviderOptions options = {});
  CredentialsOutcome resolve() override;
  std::string name() const override { return "imds"; }

 private:
  Environment env_;
  RemoteProviderOptions options_;
};

// Where STS is: https://sts.<region>.amazonaws.com, or AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL
// (the SDKs' service endpoint override, also used by tests).
struct StsEndpoint {
  std::string url;     // "https://sts.us-east-1.amazonaws.com"
  std::string region;  // signing region
  static StsEndpoint resolve(const Environment& env, std::string_view region);
};

// STS AssumeRoleWithWebIdentity (an unsigned call): the token read from AWS_WEB_IDENTITY_TOKEN_FILE
// (on every call: it is rotated), AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME (default "sigv4-<time>").
// Failed when the token file cannot be read or STS answers an error (its Code and Message reported).
class WebIdentityProvider final : public CredentialsProvider {
 public:
  struct Config {
    std::filesystem::path token_file;
    std::string role_arn;
    std::string session_name;
    std::string region = "us-east-1";
  };
  // From the environment; resolve() is not_configured when the variables are missing.
  explicit WebIdentityProvider(Environment env = Environment::process(), RemoteProviderOptions options = {});
  WebIdentityProvider(Config config, Environment env, RemoteProviderOptions options = {});
  CredentialsOutcome resolve() override;
  std::string name() const override { return "web_identity"; }

 private:
  std::optional<Config> config_;
  Environment env_;
  RemoteProviderOptions options_;
};

// STS AssumeRole signed (SigV4, service "sts") with the source provider's credentials: role_arn,
// role_session_name, external_id, duration_seconds. Failed when the source has no credentials or STS
// refuses (e.g. 403 SignatureDoesNotMatch, reported with STS's code and message).
class AssumeRoleProvider final : public CredentialsProvider {
 public:
  struct Config {
    std::string role_arn;
    std::string session_name;
    std::string external_id;
    std::optional<int> duration_seconds;
    std::string region = "us-east-1";
  };
  AssumeRoleProvider(std::shared_ptr<CredentialsProvider> source, Config config,
                     Environment env = Environment::process(), RemoteProviderOptions options = {});
  CredentialsOutcome resolve() override;
  std::string name() const override { return "assume_role"; }

 private:
  std::shared_ptr<CredentialsProvider> source_;
  Config config_;
  Environment env_;
  RemoteProviderOptions options_;
};

// The shared files: ~/.aws/credentials ([name]) and ~/.aws/config ([default], [profile name]), or
// AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE; the profile is the one given, else AWS_PROFILE, else
// "default". The profile's keys are merged (credentials file wins). In the SDKs' order of precedence,
// a profile gives credentials by: role_arn (+ source_profile, whose chain is followed with a cycle check,
// or credential_source Environment / Ec2InstanceMetadata / EcsContainer; or web_identity_token_file),
// then aws_access_key_id + aws_secret_access_key (+ aws_session_token), then credential_process.
// Not configured when neither file exists or the profile is absent; failed for a malformed file, a
// profile with only half a key pair, a missing source profile or a cycle.
class ProfileProvider final : public CredentialsProvider {
 public:
  explicit ProfileProvider(std::optional<std::string> profile = std::nullopt,
                           Environment env = Environment::process(), RemoteProviderOptions options = {});
  CredentialsOutcome resolve() override;
  std::string name() const override;

 private:
  std::optional<std::string> profile_;
  Environment env_;
  RemoteProviderOptions options_;
};

// Tries providers in order: the first `found` wins, a `failed` stops the chain (its error returned),
// `not_configured` moves on. When nothing is found, the error lists what each provider said.
class ChainProvider final : public CredentialsProvider {
 public:
  explicit ChainProvider(std::vector<std::shared_ptr<CredentialsProvider>> providers)
      : providers_(std::move(providers)) {}
  CredentialsOutcome resolve() override;
  std::string name() const override { return "chain"; }

 private:
  std::vector<std::shared_ptr<CredentialsProvider>> providers_;
};

// Caches what another provider returns and refreshes it when less than refresh_before remains before
// its expiration (credentials without expiration are kept for ever). Thread-safe: concurrent callers
// share one refresh. When a refresh fails while the cached credentials are still valid, the cached ones
// are returned (a short STS or IMDS outage does not stop a running program); expired ones never are.
class CachingProvider final : public CredentialsProvider {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  explicit CachingProvider(std::shared_ptr<CredentialsProvider> inner,
                           std::chrono::seconds refresh_before = std::chrono::minutes(5),
                           Clock clock = [] { return std::chrono::system_clock::now(); });
  CredentialsOutcome resolve() override;
  std::string name() const override { return inner_->name(); }
  // Drops the cached credentials (e.g. after a 403 ExpiredToken).
  void invalidate();

 private:
  std::shared_ptr<CredentialsProvider> inner_;
  std::chrono::seconds refresh_before_;
  Clock clock_;
  std::mutex mutex_;
  std::optional<CredentialsOutcome> cached_;
};

// The default chain, in the order of botocore and the AWS SDK for JavaScript v3: environment, web
// identity (environment variables), shared files (profile), container endpoint, IMDSv2; wrapped in a
// CachingProvider. `profile` overrides AWS_PROFILE.
std::shared_ptr<CredentialsProvider> default_credentials_chain(std::optional<std::string> profile = std::nullopt,
                                                               Environment env = Environment::process(),
                                                               RemoteProviderOptions options = {});

// The region as the SDKs resolve it: AWS_REGION, then AWS_DEFAULT_REGION, then the profile's `region`
// in the config file (profile as for ProfileProvider). nullopt when none is set.
std::optional<std::string> resolve_region(std::optional<std::string> profile = std::nullopt,
                                          const Environment& env = Environment::process());

// Parses the timestamps credential sources return: "2024-05-01T12:00:00Z", with optional fractional
// seconds and a "+hh:mm"/"-hh:mm" offset instead of "Z". nullopt for anything else. Times outside what
// system_clock holds (before 1678 or after 2261) are clamped to its range.
std::optional<std::chrono::system_clock::time_point> parse_expiration(std::string_view text);

}  // namespace sigv4
