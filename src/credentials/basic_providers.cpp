// Environment, CredentialsOutcome, timestamps, and the two providers that need no I/O: static and
// environment variables.
#include <algorithm>
#include <cstdlib>

#include "credentials_common.hpp"
#include "sigv4/credential_providers.hpp"
#include "sigv4/time.hpp"

namespace sigv4 {

using credentials_detail::reject_if_expired;

Environment Environment::process() {
  return Environment([](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  });
}

Environment Environment::from_map(std::map<std::string, std::string, std::less<>> vars) {
  return Environment([vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  });
}

std::optional<std::string> Environment::get(std::string_view name) const {
  auto v = lookup_(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

std::optional<std::filesystem::path> Environment::home() const {
  if (auto h = get("HOME")) return std::filesystem::path(*h);
  return std::nullopt;
}

CredentialsOutcome CredentialsOutcome::ok(Credentials c, std::string source) {
  CredentialsOutcome o;
  o.status = CredentialsStatus::found;
  o.credentials = std::move(c);
  o.source = std::move(source);
  return o;
}

CredentialsOutcome CredentialsOutcome::not_configured(std::string why) {
  CredentialsOutcome o;
  o.status = CredentialsStatus::not_configured;
  o.error = std::move(why);
  return o;
}

CredentialsOutcome CredentialsOutcome::failure(std::string why) {
  CredentialsOutcome o;
  o.status = CredentialsStatus::failed;
  o.error = std::move(why);
  return o;
}

std::optional<std::chrono::system_clock::time_point> parse_expiration(std::string_view text) {
  // Split off a "+hh:mm" / "-hh:mm" offset after the time, so SigningTime::parse sees "...Z".
  if (text.size() < 20 || text.size() > 40) return std::nullopt;
  std::int64_t offset = 0;
  std::string base(text);
  const char last = text.back();
  if (last != 'Z' && last != 'z') {
    if (text.size() < 25) return std::nullopt;
    const std::string_view tz = text.substr(text.size() - 6);
    if ((tz[0] != '+' && tz[0] != '-') || tz[3] != ':') return std::nullopt;
    for (int i : {1, 2, 4, 5})
      if (tz[static_cast<std::size_t>(i)] < '0' || tz[static_cast<std::size_t>(i)] > '9') return std::nullopt;
    const int hours = (tz[1] - '0') * 10 + (tz[2] - '0');
    const int minutes = (tz[4] - '0') * 10 + (tz[5] - '0');
    if (hours > 23 || minutes > 59) return std::nullopt;
    offset = (tz[0] == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
    base = std::string(text.substr(0, text.size() - 6)) + "Z";
  }
  if (base[10] != 'T' && base[10] != 't') return std::nullopt;
  const auto t = SigningTime::parse(base);
  if (!t) return std::nullopt;
  // Years 0000-9999 parse, but system_clock (nanoseconds in 64 bits) only spans 1677-2262: converting
  // seconds outside that range overflows (undefined behaviour), so such times are clamped.
  using Clock = std::chrono::system_clock;
  constexpr std::int64_t kMax = std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max()).count();
  constexpr std::int64_t kMin = std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::min()).count();
  const std::int64_t seconds = std::clamp<std::int64_t>(t->unix_seconds() - offset, kMin, kMax);
  return Clock::time_point(std::chrono::seconds(seconds));
}

CredentialsOutcome StaticProvider::resolve() {
  if (credentials_.access_key_id.empty() || credentials_.secret_access_key.empty())
    return CredentialsOutcome::failure("static: empty access key id or secret");
  return reject_if_expired(CredentialsOutcome::ok(credentials_, "static"));
}

CredentialsOutcome EnvironmentProvider::resolve() {
  auto id = env_.get("AWS_ACCESS_KEY_ID");
  if (!id) id = env_.get("AWS_ACCESS_KEY");
  auto secret = env_.get("AWS_SECRET_ACCESS_KEY");
  if (!secret) secret = env_.get("AWS_SECRET_KEY");
  if (!id && !secret) return CredentialsOutcome::not_configured("environment: AWS_ACCESS_KEY_ID not set");
  if (!id) return CredentialsOutcome::failure("environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
  if (!secret) return CredentialsOutcome::failure("environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  Credentials c(*id, *secret, env_.get("AWS_SESSION_TOKEN").value_or(""));
  credentials_detail::wipe(*secret);
  if (auto exp = env_.get("AWS_CREDENTIAL_EXPIRATION")) {
    auto when = parse_expiration(*exp);
    if (!when) return CredentialsOutcome::failure("environment: AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time");
    c.expiration = when;
  }
  return reject_if_expired(CredentialsOutcome::ok(std::move(c), "environment"));
}

}  // namespace sigv4
