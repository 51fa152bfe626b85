// Helpers shared by the credential providers (internal to the library).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "sigv4/credential_providers.hpp"
#include "sigv4/http_client.hpp"

namespace sigv4::credentials_detail {

// `found` credentials that are already expired become `failed` (naming the source and the time).
CredentialsOutcome reject_if_expired(CredentialsOutcome outcome);

// Parses the JSON answer of credential_process, the container endpoint or IMDS. `token_key` is
// "SessionToken" (process) or "Token" (container, IMDS). Failed (message without secrets) when
// the JSON is malformed, a key is missing or not a string, or Expiration is not a timestamp.
CredentialsOutcome parse_json_credentials(std::string_view json, std::string_view token_key, std::string source);

// An HTTP client with the remote providers' short timeouts.
HttpClient remote_client(const RemoteProviderOptions& options);

// Zeroes a buffer that held a secret before it is released.
void wipe(std::string& s) noexcept;

// "2024-05-01T12:00:00Z" (UTC) for messages.
std::string format_time(std::chrono::system_clock::time_point t);

}  // namespace sigv4::credentials_detail
