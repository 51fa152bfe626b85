// IMDSv2, container, web identity and assume-role providers against local endpoints that behave like
// the real ones (tests/creds/fake_aws_endpoints.py). The STS stand-in recomputes every AssumeRole
// signature with botocore, so a pass means botocore agrees with our signer, not that we agree with
// ourselves. Also: `sigv4 curl` output never contains a secret (canary).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>

#include "creds/support.hpp"
#include "sigv4/credential_providers.hpp"
#include "sigv4/http_client.hpp"

using namespace sigv4;
using sigv4_test::TempDir;

namespace {

constexpr const char* kCanarySecret = "CANARYsecretDoNotPrint/0123456789abcdefXYZ";
constexpr const char* kIssuedSecret = "ISSUEDsecretFromEndpoint+abc";
constexpr const char* kIssuedToken = "ISSUEDtokenFromEndpoint";
constexpr const char* kContainerToken = "container-auth-token-123";
constexpr const char* kWebToken = "eyJ.web-identity-token.sig";

class FakeAws : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new sigv4_test::ChildProcess({"/usr/bin/python3", SIGV4_FAKE_AWS, "--key",
                                            std::string("AKIDSOURCE:") + kCanarySecret, "--issued-secret", kIssuedSecret,
                                            "--issued-token", kIssuedToken, "--container-token", kContainerToken,
                                            "--web-token", kWebToken, "--lifetime", "110"});
    const std::string line = server_->read_line(std::chrono::seconds(20));
    ASSERT_TRUE(line.starts_with("PORT ")) << line;
    base_ = "http://127.0.0.1:" + line.substr(5);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static Environment env(std::map<std::string, std::string, std::less<>> vars) {
    return Environment::from_map(std::move(vars));
  }
  // The endpoint's request log (JSON text).
  static std::string log() {
    HttpClient client;
    auto r = client.send(HttpRequest::from_url("GET", base_ + "/__log"), SendBody::empty());
    return r.response.body;
  }
  static RemoteProviderOptions fast() {
    RemoteProviderOptions o;
    o.connect_timeout = std::chrono::milliseconds(500);
    o.total_timeout = std::chrono::milliseconds(1500);
    o.attempts = 1;
    return o;
  }
  static inline sigv4_test::ChildProcess* server_ = nullptr;
  static inline std::string base_;
};

}  // namespace

TEST_F(FakeAws, ImdsV2TokenThenRoleThenCredentials) {
  const auto o = ImdsProvider(env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", base_}})).resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "ASIAIMDS");
  EXPECT_EQ(o.credentials.secret_access_key.reveal(), std::string(kIssuedSecret) + "/IMDS");
  EXPECT_EQ(o.credentials.session_token.reveal(), std::string(kIssuedToken) + "-IMDS");
  ASSERT_TRUE(o.credentials.expiration);
  EXPECT_GT(*o.credentials.expiration, std::chrono::system_clock::now() + std::chrono::hours(5));
  EXPECT_NE(o.source.find("sigv4-test-role"), std::string::npos);
}

TEST_F(FakeAws, ImdsExpiredCredentialsFail) {
  const auto o = ImdsProvider(env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", base_ + "/expired"}})).resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("expired"), std::string::npos) << o.error;
}

TEST_F(FakeAws, ImdsMalformedAnswerOrMissingSuccessCodeFails) {
  EXPECT_EQ(ImdsProvider(env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", base_ + "/broken"}})).resolve().status,
            CredentialsStatus::failed);
  EXPECT_EQ(ImdsProvider(env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", base_ + "/nocode"}})).resolve().status,
            CredentialsStatus::failed);
}

TEST_F(FakeAws, ImdsThatDoesNotAnswerInTimeGivesUpQuickly) {
  const auto start = std::chrono::steady_clock::now();
  const auto o = ImdsProvider(env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", base_ + "/slow"}}), fast()).resolve();
  EXPECT_FALSE(o.found());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

TEST_F(FakeAws, ContainerFullUriWithAuthorizationToken) {
  const auto o = ContainerProvider(env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", base_ + "/container/creds"},
                                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kContainerToken}}))
                     .resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "ASIACONTAINER");
  EXPECT_EQ(o.credentials.session_token.reveal(), std::string(kIssuedToken) + "-CONTAINER");
}

TEST_F(FakeAws, ContainerTokenFileIsPreferredAndReadEachTime) {
  TempDir dir;
  const auto file = dir.write("token", std::string(kContainerToken) + "\n");
  auto provider = ContainerProvider(env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", base_ + "/container/creds"},
                                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong-token"},
                                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.string()}}));
  ASSERT_TRUE(provider.resolve().found());
  dir.write("token", "rotated-to-something-the-endpoint-refuses");
  const auto o = provider.resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("401"), std::string::npos) << o.error;
}

TEST_F(FakeAws, ContainerRelativeUriIsAppendedToTheBase) {
  const auto o = ContainerProvider(env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/container/creds"},
                                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kContainerToken}}),
                                   {}, base_)
                     .resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "ASIACONTAINER");
}

TEST_F(FakeAws, ContainerMalformedOrExpiredAnswersFail) {
  for (const char* variant : {"/broken", "/expired"}) {
    const auto o = ContainerProvider(env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", base_ + variant + "/container/creds"},
                                          {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kContainerToken}}))
                       .resolve();
    EXPECT_EQ(o.status, CredentialsStatus::failed) << variant;
  }
}

TEST_F(FakeAws, WebIdentityExchangesTheTokenFileAtSts) {
  TempDir dir;
  const auto token = dir.write("token", kWebToken);
  const auto o = WebIdentityProvider(env({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.string()},
                                          {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"},
                                          {"AWS_ROLE_SESSION_NAME", "s1"},
                                          {"AWS_ENDPOINT_URL_STS", base_}}))
                     .resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "ASIAWEBID");
  EXPECT_EQ(o.credentials.secret_access_key.reveal(), std::string(kIssuedSecret) + "/WEBID");
}

TEST_F(FakeAws, WebIdentityRefusedTokenReportsStsCode) {
  TempDir dir;
  const auto token = dir.write("token", "not-the-right-token");
  const auto o = WebIdentityProvider(env({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.string()},
                                          {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"},
                                          {"AWS_ENDPOINT_URL_STS", base_}}))
                     .resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("InvalidIdentityToken"), std::string::npos) << o.error;
}

TEST_F(FakeAws, AssumeRoleFromAProfileIsSignedSoThatBotocoreAgrees) {
  TempDir dir;
  dir.write(".aws/credentials", std::string("[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = ") +
                                    kCanarySecret + "\n");
  dir.write(".aws/config", "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
                           "role_session_name = e2e-session\nexternal_id = ext-1\nregion = eu-west-1\n");
  const auto o = ProfileProvider("role", env({{"HOME", dir.path().string()}, {"AWS_ENDPOINT_URL_STS", base_}})).resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "ASIAROLE");
  EXPECT_EQ(o.credentials.session_token.reveal(), std::string(kIssuedToken) + "-ROLE");
  const std::string l = log();
  EXPECT_NE(l.find("verified by botocore, scope"), std::string::npos) << l;
  EXPECT_NE(l.find("/eu-west-1/sts"), std::string::npos);
  EXPECT_NE(l.find("ExternalId=ext-1"), std::string::npos);
}

TEST_F(FakeAws, AssumeRoleWithAWrongSourceSecretIsRefusedBySts) {
  TempDir dir;
  dir.write(".aws/credentials", "[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = not-the-secret\n");
  dir.write(".aws/config", "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n");
  const auto o = ProfileProvider("role", env({{"HOME", dir.path().string()}, {"AWS_ENDPOINT_URL_STS", base_}})).resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("403 SignatureDoesNotMatch"), std::string::npos) << o.error;
}

TEST_F(FakeAws, ChainedRolesSignEachHopWithThePreviousCredentials) {
  TempDir dir;
  dir.write(".aws/credentials", std::string("[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = ") +
                                    kCanarySecret + "\n");
  // The second hop is signed with ASIAROLE, which the STS stand-in does not know: refused, as it must.
  dir.write(".aws/config", "[profile hop1]\nrole_arn = arn:aws:iam::123456789012:role/one\nsource_profile = base\n"
                           "[profile hop2]\nrole_arn = arn:aws:iam::123456789012:role/two\nsource_profile = hop1\n");
  const auto o = ProfileProvider("hop2", env({{"HOME", dir.path().string()}, {"AWS_ENDPOINT_URL_STS", base_}})).resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("unknown access key ASIAROLE"), std::string::npos) << o.error;
}

TEST_F(FakeAws, StsMalformedAnswerFails) {
  TempDir dir;
  dir.write(".aws/credentials", std::string("[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = ") +
                                    kCanarySecret + "\n");
  dir.write(".aws/config", "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n");
  const auto o =
      ProfileProvider("role", env({{"HOME", dir.path().string()}, {"AWS_ENDPOINT_URL_STS", base_ + "/broken"}})).resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_EQ(o.error.find(kCanarySecret), std::string::npos);
}

TEST_F(FakeAws, DefaultChainFallsThroughToTheContainerEndpoint) {
  TempDir dir;
  const auto o = default_credentials_chain(std::nullopt,
                                           env({{"HOME", dir.path().string()},
                                                {"AWS_CONTAINER_CREDENTIALS_FULL_URI", base_ + "/container/creds"},
                                                {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kContainerToken}}))
                     ->resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "ASIACONTAINER");
}

TEST_F(FakeAws, DefaultChainFallsThroughToImds) {
  TempDir dir;
  const auto o = default_credentials_chain(std::nullopt, env({{"HOME", dir.path().string()},
                                                              {"AWS_EC2_METADATA_SERVICE_ENDPOINT", base_}}))
                     ->resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "ASIAIMDS");
}

// `sigv4 curl -v` against the STS stand-in: botocore accepts the signature, and neither the secret nor
// the session token appears anywhere in what the command prints.
TEST_F(FakeAws, CurlOutputNeverContainsTheSecretOrToken) {
  TempDir dir;
  const std::string out = (dir.path() / "out.txt").string();
  const std::string cmd = std::string("AWS_ACCESS_KEY_ID=AKIDSOURCE AWS_SECRET_ACCESS_KEY='") + kCanarySecret +
                          "' AWS_SESSION_TOKEN=CANARYtoken/with+chars= HOME=" + dir.path().string() +
                          " AWS_EC2_METADATA_DISABLED=true '" + SIGV4_CLI_PATH + "' curl -v --service sts --region us-east-1" +
                          " -d 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::1:role/x&RoleSessionName=s' " +
                          base_ + "/ > " + out + " 2>&1; echo \"exit=$?\" >> " + out;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(out);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("<AccessKeyId>ASIAROLE</AccessKeyId>"), std::string::npos) << text;
  EXPECT_NE(text.find("exit=0"), std::string::npos) << text;
  EXPECT_NE(text.find("--- canonical request ---"), std::string::npos);
  EXPECT_EQ(text.find(kCanarySecret), std::string::npos) << text;
  EXPECT_EQ(text.find("CANARYtoken"), std::string::npos) << text;
}

// --- the HTTP client itself, against the same local server ---

TEST_F(FakeAws, HttpClientSendsTheRequestTargetVerbatim) {
  HttpClient client;
  HttpRequest req = HttpRequest::from_url("GET", base_ + "/");
  req.target = "/keys/a/../b//c%2Fd?x=1&y";
  const auto r = client.send(req, SendBody::empty());
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.response.status, 404);
  EXPECT_NE(log().find("\"path\": \"/keys/a/../b//c%2Fd?x=1&y\""), std::string::npos);
}

TEST_F(FakeAws, HttpClientReportsATimeoutAsTimedOut) {
  HttpClientOptions o;
  o.timeouts.total = std::chrono::milliseconds(500);
  HttpClient client(o);
  const auto start = std::chrono::steady_clock::now();
  const auto r = client.send(HttpRequest::from_url("GET", base_ + "/slow/container/creds"), SendBody::empty());
  EXPECT_EQ(r.error, TransportError::timed_out) << r.message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(FakeAws, HttpClientReportsARefusedConnectionAndHidesTheQuery) {
  HttpClient client;
  const auto r = client.send(HttpRequest::from_url("GET", "http://127.0.0.1:" + std::to_string(sigv4_test::closed_port()) +
                                                             "/k?X-Amz-Signature=SECRETISH"),
                             SendBody::empty());
  EXPECT_EQ(r.error, TransportError::connect_failed);
  EXPECT_EQ(r.message.find("SECRETISH"), std::string::npos) << r.message;
}

TEST_F(FakeAws, HttpClientBoundsAResponseCollectedInMemory) {
  HttpClientOptions o;
  o.max_response_bytes = 16;
  HttpClient client(o);
  const auto r = client.send(HttpRequest::from_url("GET", base_ + "/__log"), SendBody::empty());
  EXPECT_EQ(r.error, TransportError::response_too_large);
}
