#include "sigv4/s3_presign.hpp"

#include <algorithm>
#include <chrono>

#include "sigv4/canonical.hpp"
#include "sigv4/error.hpp"
#include "sigv4/settings.hpp"

namespace sigv4 {
namespace {

constexpr std::int64_t kMaxPresignExpires = 604800;

bool is_signer_owned_header(std::string_view name) {
  for (std::string_view owned :
       {"host", "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"})
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

S3PresignResult presign_s3(const Credentials& credentials, SigningTime time,
                           const S3PresignRequest& request) {
  if (request.region.empty()) throw Error(ErrorCode::invalid_region, "S3 presign: the region is empty");
  if (request.expires_seconds < 1)
    throw Error(ErrorCode::expires_out_of_range, "S3 presign: the expiry must be at least 1 second, got " +
                                                     std::to_string(request.expires_seconds));
  for (const auto& h : request.signed_headers)
    if (is_signer_owned_header(h.name))
      throw Error(ErrorCode::invalid_argument,
                  "S3 presign: header '" + h.name + "' is set by the signer itself");

  // --- Expiry: SigV4's 7 days, then what the credentials have left. ---
  S3PresignResult out;
  out.expires_seconds = request.expires_seconds;
  if (out.expires_seconds > kMaxPresignExpires) {
    out.warnings.push_back(
        {ExpiryWarning::capped_at_seven_days,
         "expiry of " + std::to_string(out.expires_seconds) +
             " s capped at 604800 s (7 days), the longest a SigV4 presigned URL can live"});
    out.expires_seconds = kMaxPresignExpires;
  }
  if (credentials.expiration) {
    const std::int64_t expires_at =
        std::chrono::duration_cast<std::chrono::seconds>(credentials.expiration->time_since_epoch()).count();
    const std::int64_t left = expires_at - time.unix_seconds();
    const std::string when = iso(SigningTime::from_unix_seconds(expires_at));
    if (left < 1)
      throw Error(ErrorCode::invalid_credentials, "S3 presign: the credentials expired at " + when);
    if (left < out.expires_seconds) {
      out.warnings.push_back(
          {ExpiryWarning::capped_at_credentials,
           "the credentials expire at " + when + ", before the URL would (" +
               iso(SigningTime::from_unix_seconds(time.unix_seconds() + out.expires_seconds)) +
               "); expiry capped at " + std::to_string(left) +
               " s, since S3 refuses the URL once its credentials have expired"});
      out.expires_seconds = left;
    }
  }

  // --- URL: endpoint, addressing style, encoded key, operation parameters. ---
  const S3Address address =
      s3_address(request.bucket, request.key, request.region, request.endpoint, request.addressing);
  std::string target = address.path;
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

  HttpRequest http = HttpRequest::from_url(request.method, address.scheme + "://" + address.host + target);
  for (const auto& h : request.signed_headers) http.headers.push_back(h);
  std::vector<HeaderView> views;
  sign_request(http.view(views), Body(), credentials, {time, request.region, "s3"},
               SigningSettings::s3_presign(out.expires_seconds), out.signing);
  out.url = out.signing.presigned_url;
  out.headers_to_send = request.signed_headers;
  return out;
}

}  // namespace sigv4
