// The two STS calls the providers make, AssumeRole (signed) and AssumeRoleWithWebIdentity (unsigned),
// sent as POST form bodies (STS API Reference, "Making Query Requests"). Internal to the library.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sigv4/credential_providers.hpp"

namespace sigv4::credentials_detail {

// Sends Action=<action>&Version=2011-06-15&<params> to the endpoint; signs it (SigV4, service "sts",
// the endpoint's region) when `signer` is given. Found: the <Credentials> of the result. Failed: a
// transport error, or STS's error Code and Message with the HTTP status.
CredentialsOutcome call_sts(const StsEndpoint& endpoint, std::string_view action,
                            const std::vector<std::pair<std::string, std::string>>& params,
                            const Credentials* signer, const RemoteProviderOptions& options, std::string source);

// "sigv4-<milliseconds since 1970>": a session name when none is configured.
std::string default_session_name();

}  // namespace sigv4::credentials_detail
