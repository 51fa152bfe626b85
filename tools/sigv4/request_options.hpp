// The request and signing options shared by `sigv4 sign`, `sigv4 presign` (and later `curl`):
//   request:  --request FILE|-   or   -X METHOD --url URL [-H 'Name: value']... [--data S | --data-binary @FILE]
//   signing:  --access-key --secret-key [--session-token] --region --service --time --s3
//             --no-normalize-path --no-double-encode --unsigned-payload --payload-hash
//             --content-sha256-header --omit-session-token
//             --sigv4a [--region-set R[,R...]|*]  (SigV4a; the region set defaults to --region)
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "args.hpp"
#include "sigv4/credentials.hpp"
#include "sigv4/request.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/time.hpp"

namespace sigv4::cli {

void add_request_options(std::set<std::string>& value_options, std::set<std::string>& flags);
void add_signing_options(std::set<std::string>& value_options, std::set<std::string>& flags);

struct RequestInput {
  HttpRequest request;                             // body holds --data or the raw request's body
  std::optional<std::filesystem::path> body_file;  // --data-binary @FILE: streamed, never loaded
};

// The whole content of a file, or of stdin for "-"; InputError when it cannot be read.
std::string read_file_or_stdin(const std::string& path);

// Throws UsageError for missing/conflicting options, InputError for unreadable or malformed input.
RequestInput read_request(const Args& args);

struct SigningOptions {
  Credentials credentials;
  std::string region;
  std::string service;
  SigningTime time;
  SigningSettings settings;
};

// Credentials, region and time alone, for commands that sign something other than a given request
// (tokens, S3 presigning): --access-key --secret-key [--session-token] [--credentials-expiration T]
// --region [--time].
void add_credential_options(std::set<std::string>& value_options, std::set<std::string>& flags);
// --access-key/--secret-key/--session-token, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN;
// --credentials-expiration (or AWS_CREDENTIAL_EXPIRATION, ISO 8601) sets Credentials::expiration.
// UsageError when the key id or secret is missing, InputError for an unparsable expiration.
Credentials read_credentials(const Args& args);
// --region, else AWS_REGION, else AWS_DEFAULT_REGION; UsageError when none is set.
std::string read_region(const Args& args);
// --time (YYYYMMDDTHHMMSSZ or ISO 8601), else now; InputError for an unparsable time.
SigningTime read_time(const Args& args);

// `presign` selects the query location and presign payload defaults.
SigningOptions read_signing_options(const Args& args, bool presign);

// The text with every occurrence of each secret replaced by a redaction marker (for -v output).
std::string redact_secrets(std::string text, const Credentials& credentials);

}  // namespace sigv4::cli
