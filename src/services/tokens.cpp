#include "sigv4/tokens.hpp"

#include <vector>

#include "json_text.hpp"
#include "sigv4/canonical.hpp"
#include "sigv4/crypto/base64.hpp"
#include "sigv4/error.hpp"
#include "sigv4/request.hpp"
#include "sigv4/settings.hpp"

namespace sigv4 {
namespace {

// A host name or bracketed IPv6 literal, nothing else: the token generators add scheme and port
// themselves, so a caller passing "https://db:5432" would otherwise sign for a host nobody connects to.
void require_bare_host(std::string_view host, std::string_view what) {
  bool ok = !host.empty();
  const bool ipv6 = ok && host.front() == '[';
  for (const char c : host) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '/' || c == '?' || c == '#' || c == '@' || c == '%' ||
        (c == ':' && !ipv6))
      ok = false;
  }
  if (ipv6 && host.back() != ']') ok = false;
  if (!ok)
    throw Error(ErrorCode::malformed_url,
                std::string(what) + " must be a bare host name (no scheme, port, path or spaces), got '" +
                    std::string(host) + "'");
}

// Presigns GET `url` (plus `extra_headers`) for `service` with the ordinary (non-S3) rules.
void presign_get(std::string_view url, const std::vector<Header>& extra_headers,
                 const Credentials& credentials, SigningTime time, std::string_view region,
                 std::string_view service, std::int64_t expires, SigningResult& out) {
  HttpRequest request = HttpRequest::from_url("GET", url);
  for (const auto& h : extra_headers) request.headers.push_back(h);
  SigningSettings settings;
  settings.location = SignatureLocation::query;
  settings.expires_seconds = expires;
  std::vector<HeaderView> views;
  sign_request(request.view(views), Body(), credentials, {time, region, service}, settings, out);
}

std::string sts_host_for(std::string_view region) {
  std::string host = "sts.";
  host.append(region);
  host.append(region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com");
  return host;
}

}  // namespace

ServiceToken make_eks_token(const Credentials& credentials, SigningTime time,
                            const EksTokenOptions& options) {
  if (options.cluster_id.empty())
    throw Error(ErrorCode::invalid_argument, "EKS token: the cluster name is empty");
  if (options.region.empty()) throw Error(ErrorCode::invalid_region, "EKS token: the region is empty");
  const std::string host =
      options.sts_host.empty() ? sts_host_for(options.region) : std::string(options.sts_host);
  if (!options.sts_host.empty()) require_bare_host(host, "STS host");
  ServiceToken t;
  presign_get("https://" + host + "/?Action=GetCallerIdentity&Version=2011-06-15",
              {{"x-k8s-aws-id", std::string(options.cluster_id)}}, credentials, time, options.region, "sts",
              kEksPresignExpires, t.signing);
  const std::string& url = t.signing.presigned_url;
  t.token.assign(kEksTokenPrefix);
  crypto::base64url_append({reinterpret_cast<const std::uint8_t*>(url.data()), url.size()}, t.token);
  t.expiration = SigningTime::from_unix_seconds(time.unix_seconds() + kEksTokenLifetime);
  return t;
}

std::string eks_exec_credential_json(const ServiceToken& token, std::string_view api_version) {
  std::string out = R"({"kind": "ExecCredential", "apiVersion": )";
  detail::append_json_string(out, api_version);
  out.append(R"(, "spec": {}, "status": {"expirationTimestamp": )");
  const auto iso = token.expiration.iso8601();
  detail::append_json_string(out, {iso.data(), iso.size()});
  out.append(R"(, "token": )");
  detail::append_json_string(out, token.token);
  out.append("}}");
  return out;
}

ServiceToken make_rds_auth_token(const Credentials& credentials, SigningTime time,
                                 const RdsTokenOptions& options) {
  require_bare_host(options.host, "RDS host");
  if (options.port == 0) throw Error(ErrorCode::invalid_argument, "RDS token: the port must be 1..65535");
  if (options.user.empty()) throw Error(ErrorCode::invalid_argument, "RDS token: the database user is empty");
  std::string url = "https://";
  url.append(options.host).push_back(':');
  url.append(std::to_string(options.port)).append("/?Action=connect&DBUser=");
  append_uri_encoded(url, options.user, false);
  ServiceToken t;
  presign_get(url, {}, credentials, time, options.region, "rds-db", kDbTokenExpires, t.signing);
  // The token names the port even when it is 443 (the signed Host header then omits it, as HTTP does).
  t.token.assign(options.host).push_back(':');
  t.token.append(std::to_string(options.port)).append(t.signing.presigned_target);
  t.expiration = SigningTime::from_unix_seconds(time.unix_seconds() + kDbTokenExpires);
  return t;
}

ServiceToken make_dsql_auth_token(const Credentials& credentials, SigningTime time,
                                  const DsqlTokenOptions& options) {
  require_bare_host(options.host, "DSQL host");
  std::string url = "https://";
  url.append(options.host).append("/?Action=");
  url.append(options.action == DsqlAction::db_connect_admin ? "DbConnectAdmin" : "DbConnect");
  ServiceToken t;
  presign_get(url, {}, credentials, time, options.region, "dsql", options.expires_seconds, t.signing);
  t.token.assign(options.host).append(t.signing.presigned_target);
  t.expiration = SigningTime::from_unix_seconds(time.unix_seconds() + options.expires_seconds);
  return t;
}

}  // namespace sigv4
