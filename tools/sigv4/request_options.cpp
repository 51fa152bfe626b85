#include "request_options.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "sigv4/error.hpp"
#include "sigv4/raw_request.hpp"
#include "sigv4/url.hpp"

namespace sigv4::cli {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace

std::string read_file_or_stdin(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read '" + path + "'");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}


void add_request_options(std::set<std::string>& v, std::set<std::string>&) {
  v.insert({"--request", "-X", "--url", "-H", "--data", "--data-binary"});
}

void add_signing_options(std::set<std::string>& v, std::set<std::string>& f) {
  v.insert({"--access-key", "--secret-key", "--session-token", "--region", "--service", "--time", "--payload-hash",
            "--region-set"});
  f.insert({"--s3", "--no-normalize-path", "--no-double-encode", "--unsigned-payload", "--content-sha256-header",
            "--omit-session-token", "--sigv4a"});
}

RequestInput read_request(const Args& args) {
  RequestInput in;
  const auto file = args.value("--request");
  const bool built = args.value("--url") || args.value("-X") || !args.values("-H").empty() || args.value("--data") ||
                     args.value("--data-binary");
  if (file && built) throw UsageError("--request cannot be combined with -X/--url/-H/--data");
  if (file) {
    const std::string text = read_file_or_stdin(*file);
    auto parsed = parse_raw_request(text);
    if (!parsed.request) throw InputError("cannot parse request " + *file + ": " + parsed.error);
    in.request = std::move(*parsed.request);
    // An absolute-form target ("GET http://host/path HTTP/1.1", as sent to proxies) signs as its
    // origin form, with Host taken from the URL when the request has none.
    if (in.request.target.rfind("http://", 0) == 0 || in.request.target.rfind("https://", 0) == 0) {
      auto url = parse_url(in.request.target);
      if (!url) throw InputError("malformed absolute request target in " + *file);
      in.request.target = url->target;
      in.request.scheme = url->scheme;
      if (!in.request.find_header("host")) in.request.headers.push_back({"Host", url->host_header()});
    }
    return in;
  }
  const auto url = args.value("--url");
  if (!url) throw UsageError("give the request with --request FILE or --url URL");
  try {
    in.request = HttpRequest::from_url(args.value("-X").value_or("GET"), *url);
  } catch (const Error& e) {
    throw InputError(e.what());
  }
  for (const auto& h : args.values("-H")) {
    const auto colon = h.find(':');
    if (colon == std::string::npos || colon == 0) throw UsageError("-H needs 'Name: value', got '" + h + "'");
    std::string value = h.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    value = first == std::string::npos ? std::string() : value.substr(first);
    const std::string name = h.substr(0, colon);
    if (iequals(name, "host"))
      in.request.set_header("Host", value);
    else
      in.request.headers.push_back({name, value});
  }
  const auto data = args.value("--data");
  const auto data_binary = args.value("--data-binary");
  if (data && data_binary) throw UsageError("--data and --data-binary cannot be combined");
  if (data) in.request.body = *data;
  if (data_binary) {
    if (data_binary->empty() || (*data_binary)[0] != '@')
      in.request.body = *data_binary;
    else
      in.body_file = data_binary->substr(1);
    if (in.body_file && !std::filesystem::is_regular_file(*in.body_file))
      throw InputError("cannot read body file '" + in.body_file->string() + "'");
  }
  return in;
}

void add_credential_options(std::set<std::string>& v, std::set<std::string>&) {
  v.insert({"--access-key", "--secret-key", "--session-token", "--credentials-expiration", "--region", "--time"});
}

Credentials read_credentials(const Args& args) {
  const std::string access_key = args.value("--access-key").value_or(env("AWS_ACCESS_KEY_ID"));
  const std::string secret = args.value("--secret-key").value_or(env("AWS_SECRET_ACCESS_KEY"));
  const std::string token = args.value("--session-token").value_or(env("AWS_SESSION_TOKEN"));
  if (access_key.empty() || secret.empty())
    throw UsageError("credentials missing: give --access-key and --secret-key or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
  Credentials c(access_key, secret, token);
  // When temporary credentials expire (as `aws configure export-credentials` writes it), so that
  // presigned URLs can be capped to it.
  const std::string expiration = args.value("--credentials-expiration").value_or(env("AWS_CREDENTIAL_EXPIRATION"));
  if (!expiration.empty()) {
    auto parsed = SigningTime::parse(expiration);
    if (!parsed) throw InputError("invalid credentials expiration '" + expiration + "': expected ISO 8601 UTC");
    c.expiration = std::chrono::system_clock::time_point(std::chrono::seconds(parsed->unix_seconds()));
  }
  return c;
}

std::string read_region(const Args& args) {
  std::string region = args.value("--region").value_or(env("AWS_REGION"));
  if (region.empty()) region = env("AWS_DEFAULT_REGION");
  if (region.empty()) throw UsageError("region missing: give --region or set AWS_REGION");
  return region;
}

SigningTime read_time(const Args& args) {
  if (auto t = args.value("--time")) {
    auto parsed = SigningTime::parse(*t);
    if (!parsed) throw InputError("invalid --time '" + *t + "': expected YYYYMMDDTHHMMSSZ");
    return *parsed;
  }
  return SigningTime::now();
}

SigningOptions read_signing_options(const Args& args, bool presign) {
  SigningOptions o;
  o.credentials = read_credentials(args);
  const bool sigv4a = args.flag("--sigv4a");
  const auto region_set = args.value("--region-set");
  if (region_set && !sigv4a) throw UsageError("--region-set is for SigV4a: add --sigv4a");
  if (region_set && region_set->empty())
    throw UsageError("--region-set needs a value such as '*' or 'us-east-1,us-west-2'");
  // SigV4a signs for a region set, not a region: --region-set alone is enough.
  if (region_set && !args.value("--region") && env("AWS_REGION").empty() && env("AWS_DEFAULT_REGION").empty())
    o.region.clear();
  else
    o.region = read_region(args);
  const bool s3 = args.flag("--s3");
  o.service = args.value("--service").value_or(s3 ? "s3" : "");
  if (o.service.empty()) throw UsageError("service missing: give --service (or --s3)");
  o.time = read_time(args);
  SigningSettings& s = o.settings;
  if (s3) s = SigningSettings::s3();
  if (presign) {
    s.location = SignatureLocation::query;
    if (s3) s.payload_mode = PayloadMode::unsigned_payload;
  }
  if (args.flag("--no-normalize-path")) s.path_normalization = PathNormalization::as_given;
  if (args.flag("--no-double-encode")) s.uri_encoding = UriEncoding::single_encode;
  if (args.flag("--unsigned-payload")) s.payload_mode = PayloadMode::unsigned_payload;
  if (auto h = args.value("--payload-hash")) {
    s.payload_mode = PayloadMode::precomputed;
    s.payload_hash = *h;
  }
  if (args.flag("--content-sha256-header")) s.content_sha256_header = ContentSha256Header::add_and_sign;
  if (args.flag("--omit-session-token")) s.session_token = SessionTokenMode::append_after_signing;
  if (sigv4a) s = s.with_sigv4a(region_set.value_or(o.region));
  return o;
}

std::string redact_secrets(std::string text, const Credentials& credentials) {
  for (std::string_view secret : {credentials.secret_access_key.reveal(), credentials.session_token.reveal()}) {
    if (secret.empty()) continue;
    const std::string marker = "<redacted>";
    for (std::size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + marker.size()))
      text.replace(pos, secret.size(), marker);
  }
  return text;
}

}  // namespace sigv4::cli
