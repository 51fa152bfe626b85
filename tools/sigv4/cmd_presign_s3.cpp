// `sigv4 presign s3://BUCKET/KEY`: an S3 presigned URL with the options of sigv4/s3_presign.hpp.
// The URL goes to stdout; warnings (capped expiry) and the headers the user must send go to stderr;
// --json prints everything as one object instead.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "request_options.hpp"
#include "s3_options.hpp"
#include "sigv4/error.hpp"
#include "sigv4/s3_presign.hpp"

namespace sigv4::cli {
namespace {

const std::pair<const char*, std::string S3ResponseOverrides::*> kOverrideOptions[] = {
    {"--response-cache-control", &S3ResponseOverrides::cache_control},
    {"--response-content-disposition", &S3ResponseOverrides::content_disposition},
    {"--response-content-encoding", &S3ResponseOverrides::content_encoding},
    {"--response-content-language", &S3ResponseOverrides::content_language},
    {"--response-content-type", &S3ResponseOverrides::content_type},
    {"--response-expires", &S3ResponseOverrides::expires},
};

}  // namespace

int cmd_presign_s3(const std::vector<std::string>& argv) {
  std::set<std::string> values{"-X", "--method", "--expires", "--version-id", "-H", "--query"};
  std::set<std::string> flags{"--json", "-v", "--verbose"};
  add_s3_location_options(values, flags);
  for (const auto& [name, member] : kOverrideOptions) values.insert(name);
  add_credential_options(values, flags);
  const Args args(argv, values, flags);
  const S3Location location = read_s3_location(args);
  S3PresignRequest r;
  r.bucket = location.bucket;
  r.key = location.key;
  r.endpoint = location.endpoint;
  r.addressing = location.addressing;
  if (args.value("-X") && args.value("--method")) throw UsageError("give -X or --method, not both");
  r.method = args.value("-X").value_or(args.value("--method").value_or("GET"));
  r.region = read_region(args);
  r.version_id = args.value("--version-id").value_or("");
  for (const auto& [name, member] : kOverrideOptions) r.response.*member = args.value(name).value_or("");
  for (const auto& q : args.values("--query")) {
    const auto eq = q.find('=');
    r.extra_query.emplace_back(q.substr(0, eq), eq == std::string::npos ? std::string() : q.substr(eq + 1));
  }
  for (const auto& h : args.values("-H")) {
    const auto colon = h.find(':');
    if (colon == std::string::npos || colon == 0) throw UsageError("-H needs 'Name: value', got '" + h + "'");
    std::string value = h.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    r.signed_headers.push_back({h.substr(0, colon), first == std::string::npos ? "" : value.substr(first)});
  }
  if (auto e = args.value("--expires")) {
    try {
      std::size_t used = 0;
      r.expires_seconds = std::stoll(*e, &used);
      if (used != e->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw UsageError("--expires needs a number of seconds, got '" + *e + "'");
    }
  }
  const Credentials creds = read_credentials(args);
  S3PresignResult p;
  try {
    p = presign_s3(creds, read_time(args), r);
  } catch (const Error& e) {
    throw InputError(e.what());
  }

  if (args.flag("--json")) {
    nlohmann::ordered_json j;
    j["url"] = p.url;
    j["method"] = r.method;
    j["expires_seconds"] = p.expires_seconds;
    auto headers = nlohmann::ordered_json::object();
    for (const auto& h : p.headers_to_send) headers[h.name] = h.value;
    j["headers"] = headers;
    auto warnings = nlohmann::ordered_json::array();
    for (const auto& w : p.warnings) warnings.push_back(w.message);
    j["warnings"] = warnings;
    j["canonical_request"] = redact_secrets(p.signing.canonical_request, creds);
    j["string_to_sign"] = p.signing.string_to_sign;
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return 0;
  }
  for (const auto& w : p.warnings) std::cerr << "sigv4 presign: warning: " << w.message << "\n";
  if (!p.headers_to_send.empty()) {
    std::cerr << "sigv4 presign: the request must carry these signed headers:\n";
    for (const auto& h : p.headers_to_send) std::cerr << "  " << h.name << ": " << h.value << "\n";
  }
  if (args.flag("-v") || args.flag("--verbose")) {
    std::cerr << "--- canonical request ---\n" << redact_secrets(p.signing.canonical_request, creds) << "\n";
    std::cerr << "--- string to sign ---\n" << p.signing.string_to_sign << "\n\n";
  }
  std::cout << p.url << "\n";
  return 0;
}

}  // namespace sigv4::cli
