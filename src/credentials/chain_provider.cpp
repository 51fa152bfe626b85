// The default chain and the cache in front of it.
#include "credentials_common.hpp"

namespace sigv4 {

CredentialsOutcome ChainProvider::resolve() {
  std::string tried;
  for (const auto& provider : providers_) {
    CredentialsOutcome outcome = provider->resolve();
    if (outcome.status != CredentialsStatus::not_configured) return outcome;
    tried += (tried.empty() ? "" : "; ") + outcome.error;
  }
  return CredentialsOutcome::not_configured("no credentials found (" + tried + ")");
}

CachingProvider::CachingProvider(std::shared_ptr<CredentialsProvider> inner, std::chrono::seconds refresh_before,
                                 Clock clock)
    : inner_(std::move(inner)), refresh_before_(refresh_before), clock_(std::move(clock)) {}

CredentialsOutcome CachingProvider::resolve() {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto now = clock_();
  if (cached_) {
    const auto& exp = cached_->credentials.expiration;
    if (!exp || *exp - refresh_before_ > now) return *cached_;
  }
  CredentialsOutcome fresh = inner_->resolve();
  if (fresh.found() && fresh.credentials.expiration && *fresh.credentials.expiration <= now)
    fresh = CredentialsOutcome::failure(fresh.source + ": credentials expired at " +
                                        credentials_detail::format_time(*fresh.credentials.expiration));
  if (fresh.found()) {
    cached_ = fresh;
    return fresh;
  }
  // Refresh failed: keep serving cached credentials while they still work.
  if (cached_ && cached_->credentials.expiration && *cached_->credentials.expiration > now) return *cached_;
  cached_.reset();
  return fresh;
}

void CachingProvider::invalidate() {
  const std::lock_guard<std::mutex> lock(mutex_);
  cached_.reset();
}

std::shared_ptr<CredentialsProvider> default_credentials_chain(std::optional<std::string> profile, Environment env,
                                                               RemoteProviderOptions options) {
  std::vector<std::shared_ptr<CredentialsProvider>> providers;
  // An explicitly chosen profile overrides the environment variables (as `aws --profile` does).
  if (!profile || profile->empty()) providers.push_back(std::make_shared<EnvironmentProvider>(env));
  if (!profile || profile->empty()) providers.push_back(std::make_shared<WebIdentityProvider>(env, options));
  providers.push_back(std::make_shared<ProfileProvider>(profile, env, options));
  providers.push_back(std::make_shared<ContainerProvider>(env, options));
  providers.push_back(std::make_shared<ImdsProvider>(env, options));
  return std::make_shared<CachingProvider>(std::make_shared<ChainProvider>(std::move(providers)));
}

}  // namespace sigv4
