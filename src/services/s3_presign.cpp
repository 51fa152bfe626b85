#include "sigv4/s3_presign.hpp"

#include <algorithm>
#include <chrono>

#include "sigv4/canonical.hpp"
#include "sigv4/error.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/url.hpp"

namespace sigv4 {
namespace {

constexpr std::int64_t kMaxPresignExpires = 604800;

// RFC 1123 label rules as S3 applies them to virtual-hostable bucket names (S3 User Guide, "Bucket
// naming rules"), plus "no '.' over https" since *.s3.amazonaws.com covers one label only.
bool virtual_hostable(std::string_view bucket, bool https) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(bucket.front()) || !alnum(bucket.back())) return false;
  for (std::size_t i = 0; i < bucket.size(); ++i) {
    const char c = bucket[i];
    if (c == '.') {
      if (https || bucket[i - 1] == '.' || bucket[i - 1] == '-' || bucket[i + 1] == '-') return false;
    } else if (!alnum(c) && c != '-') {
      return false;
    }
  }
  return true;
}

std::string aws_endpoint_host(std::string_view region) {
  if (region == "us-east-1") return "s3.amazonaws.com";
  std::string host = "s3.";
  host.append(region).append(region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com");
  return host;
}

bool is_signer_owned_header(std::string_view name) {
  for (std::string_view owned : {"host", "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"})
    if (iequals(name, owned)) return true;
  return false;
}

void append_param(std::string& target, std::string_view key, std::string_view value) {
  target.push_back(target.find('?') == std::string::npos ? '?' : '&');
  append_uri_encoded(target, key, false);
  target.push_back('=');
  append_uri_encoded(target, value, false);
}

std::string iso(SigningTime t) {
  const auto a = t.iso8601();
  return {a.data(), a.size()};
}

}  // namespace

std::string s3_encode_key(std::string_view key) {
  std::string out;
  append_uri_encoded(out, key, true);
  return out;
}

S3PresignResult presign_s3(const Credentials& credentials, SigningTime time, const S3PresignRequest& request) {
  if (request.bucket.empty() || request.bucket.find('/') != std::string::npos)
    throw Error(ErrorCode::invalid_argument, "S3 presign: the bucket name must be non-empty and hold no '/', got '" +
                                                 request.bucket + "'");
  if (request.region.empty()) throw Error(ErrorCode::invalid_region, "S3 presign: the region is empty");
  if (request.expires_seconds < 1)
    throw Error(ErrorCode::expires_out_of_range,
                "S3 presign: the expiry must be at least 1 second, got " + std::to_string(request.expires_seconds));
  for (const auto& h : request.signed_headers)
    if (is_signer_owned_header(h.name))
      throw Error(ErrorCode::invalid_argument, "S3 presign: header '" + h.name + "' is set by the signer itself");

  // --- Expiry: SigV4's 7 days, then what the credentials have left. ---
  S3PresignResult out;
  out.expires_seconds = request.expires_seconds;
  if (out.expires_seconds > kMaxPresignExpires) {
    out.warnings.push_back({ExpiryWarning::capped_at_seven_days,
                            "expiry of " + std::to_string(out.expires_seconds) +
                                " s capped at 604800 s (7 days), the longest a SigV4 presigned URL can live"});
    out.expires_seconds = kMaxPresignExpires;
  }
  if (credentials.expiration) {
    const std::int64_t expires_at =
        std::chrono::duration_cast<std::chrono::seconds>(credentials.expiration->time_since_epoch()).count();
    const std::int64_t left = expires_at - time.unix_seconds();
    const std::string when = iso(SigningTime::from_unix_seconds(expires_at));
    if (left < 1) throw Error(ErrorCode::invalid_credentials, "S3 presign: the credentials expired at " + when);
    if (left < out.expires_seconds) {
      out.warnings.push_back({ExpiryWarning::capped_at_credentials,
                              "the credentials expire at " + when + ", before the URL would (" +
                                  iso(SigningTime::from_unix_seconds(time.unix_seconds() + out.expires_seconds)) +
                                  "); expiry capped at " + std::to_string(left) +
                                  " s, since S3 refuses the URL once its credentials have expired"});
      out.expires_seconds = left;
    }
  }

  // --- URL: endpoint, addressing style, encoded key, operation parameters. ---
  ParsedUrl endpoint;
  const bool custom = !request.endpoint.empty();
  if (custom) {
    auto parsed = parse_url(request.endpoint);
    if (!parsed) throw Error(ErrorCode::malformed_url, "S3 presign: bad endpoint URL '" + request.endpoint + "'");
    if (parsed->target != "/")
      throw Error(ErrorCode::invalid_argument,
                  "S3 presign: the endpoint must have no path or query, got '" + request.endpoint + "'");
    endpoint = std::move(*parsed);
  } else {
    endpoint.scheme = "https";
    endpoint.host = aws_endpoint_host(request.region);
  }
  bool virtual_style = false;
  switch (request.addressing) {
    case S3AddressingStyle::automatic:
      virtual_style = !custom && virtual_hostable(request.bucket, endpoint.scheme == "https");
      break;
    case S3AddressingStyle::virtual_hosted: virtual_style = true; break;
    case S3AddressingStyle::path: virtual_style = false; break;
  }
  std::string url = endpoint.scheme + "://";
  if (virtual_style) url.append(request.bucket).push_back('.');
  url.append(endpoint.host);
  if (endpoint.port) url.append(":").append(std::to_string(*endpoint.port));
  std::string target = "/";
  if (!virtual_style) target.append(s3_encode_key(request.bucket)).push_back('/');
  target.append(s3_encode_key(request.key));
  if (!virtual_style && request.key.empty()) target.pop_back();  // "/bucket", not "/bucket/"
  if (!request.version_id.empty()) append_param(target, "versionId", request.version_id);
  const std::pair<std::string_view, const std::string*> overrides[] = {
      {"response-cache-control", &request.response.cache_control},
      {"response-content-disposition", &request.response.content_disposition},
      {"response-content-encoding", &request.response.content_encoding},
      {"response-content-language", &request.response.content_language},
      {"response-content-type", &request.response.content_type},
      {"response-expires", &request.response.expires},
  };
  for (const auto& [name, value] : overrides)
    if (!value->empty()) append_param(target, name, *value);
  for (const auto& [k, v] : request.extra_query) append_param(target, k, v);
  url.append(target);

  HttpRequest http = HttpRequest::from_url(request.method, url);
  for (const auto& h : request.signed_headers) http.headers.push_back(h);
  std::vector<HeaderView> views;
  sign_request(http.view(views), Body(), credentials, {time, request.region, "s3"},
               SigningSettings::s3_presign(out.expires_seconds), out.signing);
  out.url = out.signing.presigned_url;
  out.headers_to_send = request.signed_headers;
  return out;
}

}  // namespace sigv4
