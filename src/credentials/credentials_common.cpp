#include "credentials_common.hpp"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "sigv4/time.hpp"

namespace sigv4::credentials_detail {

CredentialsOutcome reject_if_expired(CredentialsOutcome outcome) {
  if (!outcome.found() || !outcome.credentials.expiration) return outcome;
  if (*outcome.credentials.expiration <= std::chrono::system_clock::now())
    return CredentialsOutcome::failure(outcome.source + ": credentials expired at " +
                                       format_time(*outcome.credentials.expiration));
  return outcome;
}

CredentialsOutcome parse_json_credentials(std::string_view json, std::string_view token_key, std::string source) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return CredentialsOutcome::failure(source + ": answer is not a JSON object");
  auto text = [&](std::string_view key) -> std::optional<std::string> {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto id = text("AccessKeyId");
  auto secret = text("SecretAccessKey");
  if (!id || id->empty() || !secret || secret->empty())
    return CredentialsOutcome::failure(source + ": answer lacks AccessKeyId or SecretAccessKey");
  Credentials c(*id, *secret, text(token_key).value_or(""));
  wipe(*secret);
  if (auto token_it = j.find(token_key); token_it != j.end() && token_it->is_string()) {
    auto& s = token_it->get_ref<std::string&>();
    wipe(s);
  }
  if (auto it = j.find("SecretAccessKey"); it != j.end()) wipe(it->get_ref<std::string&>());
  if (const auto it = j.find("Expiration"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return CredentialsOutcome::failure(source + ": Expiration is not a string");
    auto when = parse_expiration(it->get<std::string>());
    if (!when)
      return CredentialsOutcome::failure(source + ": Expiration '" + it->get<std::string>().substr(0, 40) +
                                         "' is not an ISO 8601 time");
    c.expiration = when;
  }
  return reject_if_expired(CredentialsOutcome::ok(std::move(c), std::move(source)));
}

HttpClient remote_client(const RemoteProviderOptions& options) {
  HttpClientOptions o;
  o.timeouts.connect = options.connect_timeout;
  o.timeouts.total = options.total_timeout;
  o.timeouts.stall = std::chrono::seconds(0);
  o.max_response_bytes = 64 * 1024;
  return HttpClient(o);
}

void wipe(std::string& s) noexcept {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

std::string format_time(std::chrono::system_clock::time_point t) {
  const auto st = SigningTime(t).iso8601();
  return std::string(st.data(), st.size());
}

}  // namespace sigv4::credentials_detail
