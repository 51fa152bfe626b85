// EKS, RDS and DSQL tokens against the AWS CLI (`aws eks get-token`, `aws rds generate-db-auth-token`,
// Debian awscli 2.9) and botocore (DSQL), all at one frozen clock (faketime), compared field by field
// after decoding; then the whole token, and the CLI's output against the library's.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peer_process.hpp"
#include "presigned_url_compare.hpp"
#include "sigv4/crypto/base64.hpp"
#include "sigv4/tokens.hpp"

namespace {

using namespace sigv4;
using peer::quote;

constexpr const char* kAk = "AKIDEXAMPLE";
constexpr const char* kSk = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kToken = "IQoJb3JpZ2luX2VjEPn//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with+slashes=";

std::string decode_eks(const std::string& token) {
  EXPECT_TRUE(token.starts_with(kEksTokenPrefix)) << token;
  std::vector<std::uint8_t> bytes;
  EXPECT_TRUE(crypto::base64url_decode(std::string_view(token).substr(kEksTokenPrefix.size()), bytes))
      << token;
  return {bytes.begin(), bytes.end()};
}

struct EksCase {
  const char* region;
  const char* cluster;
  const char* session_token;
  bool cluster_id;  // --cluster-id (Outposts local cluster) instead of --cluster-name
};

void expect_eks_matches_aws_cli(const EksCase& c, const std::string& exec_info = "") {
  const std::string extra = exec_info.empty() ? "" : "KUBERNETES_EXEC_INFO=" + quote(exec_info);
  const std::string aws_text =
      peer::run(peer::aws_env(kAk, kSk, c.session_token, extra) + "/usr/bin/aws eks get-token --region " +
                c.region + (c.cluster_id ? " --cluster-id " : " --cluster-name ") + quote(c.cluster));
  const auto theirs = nlohmann::json::parse(aws_text);

  const Credentials creds(kAk, kSk, c.session_token);
  const ServiceToken t =
      make_eks_token(creds, SigningTime::parse_or_throw(peer::kFrozenAmzDate), {c.cluster, c.region});
  const std::string api = theirs["apiVersion"].get<std::string>();
  const auto ours = nlohmann::json::parse(eks_exec_credential_json(t, api));

  EXPECT_EQ(ours["kind"], theirs["kind"]);
  EXPECT_EQ(ours["spec"], theirs["spec"]);
  EXPECT_EQ(ours["status"]["expirationTimestamp"], theirs["status"]["expirationTimestamp"]);
  const std::string our_token = ours["status"]["token"], their_token = theirs["status"]["token"];
  peer::expect_same_presigned(decode_eks(our_token), decode_eks(their_token));
  EXPECT_EQ(our_token, their_token);

  // The CLI prints the same object, byte for byte (same field order and separators as the AWS CLI).
  const std::string cli = peer::run(
      (exec_info.empty() ? std::string() : "KUBERNETES_EXEC_INFO=" + quote(exec_info) + " ") +
      SIGV4_CLI_PATH + " eks-token --region " + c.region + (c.cluster_id ? " --cluster-id " : " --cluster ") +
      quote(c.cluster) + " --access-key " + kAk + " --secret-key " + quote(kSk) + " --session-token " +
      quote(c.session_token) + " --time " + peer::kFrozenAmzDate);
  EXPECT_EQ(nlohmann::json::parse(cli), theirs);
  EXPECT_EQ(cli, aws_text);
}

TEST(EksToken, EqualsAwsCliGetTokenForLongTermCredentials) {
  expect_eks_matches_aws_cli({"us-west-2", "my-cluster", "", false});
}

TEST(EksToken, EqualsAwsCliGetTokenInUsEast1WithTheRegionalStsEndpoint) {
  expect_eks_matches_aws_cli({"us-east-1", "prod_cluster.v2", "", false});
}

TEST(EksToken, EqualsAwsCliGetTokenWithSessionTokenSigned) {
  expect_eks_matches_aws_cli({"eu-central-1", "team-a", kToken, false});
}

TEST(EksToken, EqualsAwsCliGetTokenForClusterIdOfOutpostsCluster) {
  expect_eks_matches_aws_cli({"ap-southeast-2", "0f2a3b4c-1111-2222-3333-444455556666", "", true});
}

TEST(EksToken, EqualsAwsCliGetTokenInChinaPartition) {
  expect_eks_matches_aws_cli({"cn-north-1", "beijing", "", false});
}

TEST(EksToken, ExecCredentialApiVersionFollowsKubernetesExecInfo) {
  expect_eks_matches_aws_cli(
      {"us-west-2", "my-cluster", "", false},
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}})");
}

struct RdsCase {
  const char* host;
  int port;
  const char* user;
  const char* region;
  const char* session_token;
};

void expect_rds_matches_aws_cli(const RdsCase& c) {
  std::string theirs =
      peer::run(peer::aws_env(kAk, kSk, c.session_token) +
                "/usr/bin/aws rds generate-db-auth-token --hostname " + quote(c.host) + " --port " +
                std::to_string(c.port) + " --username " + quote(c.user) + " --region " + c.region);
  while (!theirs.empty() && (theirs.back() == '\n' || theirs.back() == '\r')) theirs.pop_back();
  const ServiceToken t = make_rds_auth_token(Credentials(kAk, kSk, c.session_token),
                                             SigningTime::parse_or_throw(peer::kFrozenAmzDate),
                                             {c.host, static_cast<std::uint16_t>(c.port), c.user, c.region});
  peer::expect_same_presigned(t.token, theirs);
  EXPECT_EQ(t.token, theirs);
  std::string cli =
      peer::run(std::string(SIGV4_CLI_PATH) + " rds-token --host " + quote(c.host) + " --port " +
                std::to_string(c.port) + " --user " + quote(c.user) + " --region " + c.region +
                " --access-key " + kAk + " --secret-key " + quote(kSk) + " --session-token " +
                quote(c.session_token) + " --time " + peer::kFrozenAmzDate);
  EXPECT_EQ(cli, t.token + "\n");
}

TEST(RdsAuthToken, EqualsAwsCliForPostgresPort) {
  expect_rds_matches_aws_cli(
      {"mydb.cluster-abc.us-west-2.rds.amazonaws.com", 5432, "alice", "us-west-2", ""});
}

TEST(RdsAuthToken, EqualsAwsCliForUserNamesThatNeedEncoding) {
  expect_rds_matches_aws_cli({"db.example.com", 3306, "al ice@x+y=z/ü", "eu-west-1", ""});
}

TEST(RdsAuthToken, EqualsAwsCliKeepingPort443InTheTokenButNotInTheSignedHost) {
  expect_rds_matches_aws_cli({"db.example.com", 443, "bob", "us-east-1", ""});
}

TEST(RdsAuthToken, EqualsAwsCliWithSessionTokenSigned) {
  expect_rds_matches_aws_cli(
      {"proxy-1.proxy-xyz.ap-northeast-1.rds.amazonaws.com", 5432, "iam_user", "ap-northeast-1", kToken});
}

void expect_dsql_matches_botocore(const char* host, const char* region, DsqlAction action,
                                  std::int64_t expires, const char* session_token) {
  const char* action_name = action == DsqlAction::db_connect_admin ? "DbConnectAdmin" : "DbConnect";
  const auto theirs =
      peer::botocore({{"kind", "dsql"},
                      {"creds", {kAk, kSk, *session_token ? nlohmann::json(session_token) : nullptr}},
                      {"region", region},
                      {"host", host},
                      {"action", action_name},
                      {"expires", expires}});
  const ServiceToken t = make_dsql_auth_token(Credentials(kAk, kSk, session_token),
                                              SigningTime::parse_or_throw(peer::kFrozenAmzDate),
                                              {host, region, action, expires});
  peer::expect_same_presigned(t.token, theirs["token"].get<std::string>());
}

TEST(DsqlAuthToken, EqualsBotocoreForDbConnectAdmin) {
  expect_dsql_matches_botocore("abcdefghijklmnop.dsql.us-east-1.on.aws", "us-east-1",
                               DsqlAction::db_connect_admin, 900, "");
}

TEST(DsqlAuthToken, EqualsBotocoreForDbConnectWithSessionTokenAndLongerExpiry) {
  expect_dsql_matches_botocore("abcdefghijklmnop.dsql.us-east-2.on.aws", "us-east-2", DsqlAction::db_connect,
                               3600, kToken);
}

}  // namespace
