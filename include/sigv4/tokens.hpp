// Authentication tokens that are presigned SigV4 URLs in disguise: the EKS (Kubernetes) bearer token,
// the RDS IAM database password and the Aurora DSQL password. Each is one presigned GET built through
// the ordinary signer (sign_request with SignatureLocation::query); nothing is sent anywhere.
//
// Example:
//   sigv4::ServiceToken t = sigv4::make_rds_auth_token(creds, sigv4::SigningTime::now(),
//       {.host = "db.abc.us-west-2.rds.amazonaws.com", .port = 5432, .user = "alice", .region =
//       "us-west-2"});
//   // t.token is the password: "db.abc...:5432/?Action=connect&DBUser=alice&X-Amz-Algorithm=..."
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sigv4/credentials.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/time.hpp"

namespace sigv4 {

// A token and how it was made.
struct ServiceToken {
  std::string token;
  // When the token stops being accepted (EKS: the time kubectl is told to ask again, see below).
  SigningTime expiration;
  // The presigned request behind the token, every intermediate included (for -v and debugging).
  SigningResult signing;
};

// --- EKS ---------------------------------------------------------------------------------------------
// Rule (aws-iam-authenticator / EKS "Cluster authentication"): the token is "k8s-aws-v1." followed by
// the URL-safe base64 (RFC 4648 section 5, padding removed) of a presigned STS GetCallerIdentity URL
// "https://sts.REGION.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-..." whose
// signed headers are host and x-k8s-aws-id (the cluster name, or the cluster id of an Outposts local
// cluster), with X-Amz-Expires=60. EKS accepts such a token for 15 minutes after X-Amz-Date; like the
// AWS CLI, `expiration` is set one minute earlier (signing time + 14 min) so kubectl refreshes in time.
struct EksTokenOptions {
  std::string_view cluster_id;  // the cluster name (or id); required
  std::string_view region;      // required: the STS region that signs (and the endpoint's region)
  // STS host to presign for. Empty: the regional endpoint "sts.REGION.amazonaws.com" (".amazonaws.com.cn"
  // for cn-* regions), as AWS CLI v2 and every current SDK use. The host is part of the signature.
  std::string_view sts_host = {};
};

inline constexpr std::string_view kEksTokenPrefix = "k8s-aws-v1.";
inline constexpr std::int64_t kEksPresignExpires = 60;
inline constexpr std::int64_t kEksTokenLifetime = 14 * 60;

// Throws sigv4::Error(invalid_argument) for an empty cluster id, invalid_region for an empty or bad
// region, invalid_credentials for empty credentials, malformed_url for an sts_host that is not a host.
[[nodiscard]] ServiceToken make_eks_token(const Credentials& credentials, SigningTime time,
                                          const EksTokenOptions& options);

// The ExecCredential object kubectl's exec credential plugin protocol expects on stdout
// ({"kind":"ExecCredential","apiVersion":...,"spec":{},"status":{"expirationTimestamp":...,"token":...}}),
// in the field order the AWS CLI writes. api_version is "client.authentication.k8s.io/v1beta1" (the
// default) or ".../v1"; the token is JSON-escaped. Does not validate api_version.
[[nodiscard]] std::string eks_exec_credential_json(
    const ServiceToken& token, std::string_view api_version = "client.authentication.k8s.io/v1beta1");

// --- RDS ---------------------------------------------------------------------------------------------
// Rule (RDS "IAM database authentication", generate-db-auth-token): a presigned GET of
// "https://HOST:PORT/?Action=connect&DBUser=USER" for service "rds-db", X-Amz-Expires=900, with the
// "https://" removed. The user name is percent-encoded like any query value (RFC 3986 unreserved kept).
// The Host header that is signed is "HOST:PORT" (just "HOST" for port 443, the https default).
struct RdsTokenOptions {
  std::string_view host;    // DB endpoint host name, no scheme, no port, no path; required
  std::uint16_t port = 0;   // 1..65535; required
  std::string_view user;    // database user name; required
  std::string_view region;  // required
};
inline constexpr std::int64_t kDbTokenExpires = 900;

// Throws sigv4::Error(invalid_argument) for an empty user or port 0, malformed_url for a host that is
// empty or holds a scheme, path, port, userinfo or whitespace, invalid_region/invalid_credentials as
// the signer does.
[[nodiscard]] ServiceToken make_rds_auth_token(const Credentials& credentials, SigningTime time,
                                               const RdsTokenOptions& options);

// --- Aurora DSQL -------------------------------------------------------------------------------------
// Rule (Aurora DSQL "Generating an authentication token"): like RDS, but for service "dsql", the
// cluster endpoint host without a port, and Action=DbConnect (custom database roles) or
// Action=DbConnectAdmin (the admin role). Default and usual expiry 900 s; up to 604800 allowed.
enum class DsqlAction {
  db_connect,        // Action=DbConnect: connect as a custom database role
  db_connect_admin,  // Action=DbConnectAdmin: connect as the built-in admin role
};
struct DsqlTokenOptions {
  std::string_view host;  // cluster endpoint, e.g. "abc123.dsql.us-east-1.on.aws"; required
  std::string_view region;
  DsqlAction action = DsqlAction::db_connect;
  std::int64_t expires_seconds = kDbTokenExpires;
};

// Same errors as make_rds_auth_token, plus expires_out_of_range outside 1..604800.
[[nodiscard]] ServiceToken make_dsql_auth_token(const Credentials& credentials, SigningTime time,
                                                const DsqlTokenOptions& options);

}  // namespace sigv4
