// AWS credentials: access key id, secret access key and an optional session token.
// Providers that obtain them (environment, profiles, IMDS, ...) live in credential_providers.hpp.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "sigv4/secret.hpp"

namespace sigv4 {

struct Credentials {
  std::string access_key_id;  // not a secret (it appears in every Authorization header)
  SecretString secret_access_key;
  SecretString session_token;  // empty when the credentials are long-term
  // When temporary credentials stop working; empty for long-term credentials.
  std::optional<std::chrono::system_clock::time_point> expiration;

  Credentials() = default;
  Credentials(std::string access_key, std::string_view secret, std::string_view token = {})
      : access_key_id(std::move(access_key)), secret_access_key(secret), session_token(token) {}
};

// Credentials viewed, not owned: what the signer reads. For callers that hold the secret elsewhere
// (a server recomputing a signature from its credential store) and must not copy it.
struct CredentialsView {
  std::string_view access_key_id;
  std::string_view secret_access_key;
  std::string_view session_token;  // empty for long-term credentials

  static CredentialsView of(const Credentials& c) noexcept {
    return {c.access_key_id, c.secret_access_key.reveal(), c.session_token.reveal()};
  }
};

}  // namespace sigv4
