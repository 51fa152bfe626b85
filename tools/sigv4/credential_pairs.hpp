// The access keys and secrets a server-side verifier looks requests up in, as the sigv4 tool takes
// them: "AK:SECRET[,AK2:SECRET2...]" on the command line (`sigv4 verify --credentials`, `sigv4 serve
// --credentials`) or in a file (`sigv4 serve --credentials-file`). One parser, so both commands accept
// exactly the same text.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "sigv4/verifier.hpp"

namespace sigv4::cli {

// Adds every "AK:SECRET" of a comma-separated list to `store` (the secret is everything after the
// first ':'). Throws UsageError(usage) for a pair without ':' or with an empty key or secret.
void add_credential_pairs(CredentialStore& store, std::string_view text, const std::string& usage);

// Adds the pairs of a credentials file: each line a list as above; trailing spaces and CRs are
// ignored, blank lines and lines starting with '#' skipped. Throws InputError when the file cannot be
// read, UsageError(usage) for a malformed line.
void add_credentials_file(CredentialStore& store, const std::filesystem::path& path,
                          const std::string& usage);

}  // namespace sigv4::cli
