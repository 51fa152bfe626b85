// The credential providers that need no network peer: static, environment, shared files (with
// assume-role chains checked up to the STS call), credential_process, the chain, the cache, region
// resolution, and unreachable endpoints. Endpoint behaviour (IMDS, container, STS) is in tests/creds.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "creds/support.hpp"
#include "sigv4/credential_providers.hpp"
#include "sigv4/time.hpp"

using namespace sigv4;
using sigv4_test::TempDir;

namespace {

// A canary: no error text may ever contain it.
constexpr const char* kCanarySecret = "CANARYsecretDoNotPrint/0123456789abcdefXYZ";

Environment env_of(std::map<std::string, std::string, std::less<>> vars) { return Environment::from_map(std::move(vars)); }

std::string iso_in(std::chrono::seconds from_now) {
  const auto t = SigningTime(std::chrono::system_clock::now() + from_now).iso8601();
  return std::string(t.data(), t.size());
}

// A provider that counts its calls and answers what it is told.
class CountingProvider : public CredentialsProvider {
 public:
  std::atomic<int> calls{0};
  std::function<CredentialsOutcome()> answer;
  CredentialsOutcome resolve() override {
    ++calls;
    return answer();
  }
  std::string name() const override { return "counting"; }
};

Credentials expiring(std::chrono::system_clock::time_point when, const std::string& id = "ASIATEMP") {
  Credentials c(id, "secret", "token");
  c.expiration = when;
  return c;
}

}  // namespace

TEST(StaticProvider, ReturnsItsCredentials) {
  StaticProvider p(Credentials("AKID", "SECRET"));
  const auto o = p.resolve();
  ASSERT_TRUE(o.found());
  EXPECT_EQ(o.credentials.access_key_id, "AKID");
  EXPECT_EQ(o.credentials.secret_access_key.reveal(), "SECRET");
}

TEST(StaticProvider, ExpiredCredentialsAreAFailure) {
  StaticProvider p(expiring(std::chrono::system_clock::now() - std::chrono::minutes(1)));
  EXPECT_EQ(p.resolve().status, CredentialsStatus::failed);
}

TEST(EnvironmentProvider, ReadsTheThreeVariables) {
  EnvironmentProvider p(env_of({{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "S"}, {"AWS_SESSION_TOKEN", "T"}}));
  const auto o = p.resolve();
  ASSERT_TRUE(o.found());
  EXPECT_EQ(o.credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(o.credentials.session_token.reveal(), "T");
  EXPECT_EQ(o.source, "environment");
}

TEST(EnvironmentProvider, UnsetIsNotConfiguredAndEmptyCountsAsUnset) {
  EXPECT_EQ(EnvironmentProvider(env_of({})).resolve().status, CredentialsStatus::not_configured);
  EXPECT_EQ(EnvironmentProvider(env_of({{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", ""}})).resolve().status,
            CredentialsStatus::not_configured);
}

TEST(EnvironmentProvider, HalfAKeyPairIsAFailureThatNamesTheMissingVariable) {
  const auto o = EnvironmentProvider(env_of({{"AWS_ACCESS_KEY_ID", "AKID"}})).resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

TEST(EnvironmentProvider, ExpiredCredentialExpirationIsAFailure) {
  const auto o = EnvironmentProvider(env_of({{"AWS_ACCESS_KEY_ID", "A"},
                                             {"AWS_SECRET_ACCESS_KEY", kCanarySecret},
                                             {"AWS_CREDENTIAL_EXPIRATION", iso_in(-std::chrono::seconds(60))}}))
                     .resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("expired"), std::string::npos);
  EXPECT_EQ(o.error.find(kCanarySecret), std::string::npos);
}

TEST(ParseExpiration, AcceptsZuluFractionsAndOffsets) {
  const auto z = parse_expiration("2024-05-01T12:00:00Z");
  ASSERT_TRUE(z);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*z), 1714564800);  // date -u -d 2024-05-01T12:00:00Z +%s
  EXPECT_EQ(parse_expiration("2024-05-01T12:00:00.123Z"), z);
  EXPECT_EQ(parse_expiration("2024-05-01T14:00:00+02:00"), z);
  EXPECT_EQ(parse_expiration("2024-05-01T07:30:00-04:30"), z);
}

TEST(ParseExpiration, RefusesWhatIsNotAnIsoTime) {
  for (const char* bad : {"", "tomorrow", "2024-05-01", "2024-05-01 12:00:00Z", "2024-13-01T12:00:00Z",
                          "2024-05-01T12:00:00+2:00", "2024-05-01T12:00:00+25:00", "1714564800"})
    EXPECT_FALSE(parse_expiration(bad)) << bad;
}

// Found by credentials_response_fuzz (fuzz/regressions/credentials_response_fuzz/): "4062-..." overflowed
// the nanosecond clock while converting (undefined behaviour, a crash under UBSan).
TEST(ParseExpiration, ClampsTimesBeyondTheClockRangeInsteadOfOverflowing) {
  const auto far = parse_expiration("4062-01-01T00:00:00.5+01:00");
  ASSERT_TRUE(far);
  EXPECT_GT(*far, *parse_expiration("2261-12-31T23:59:59Z"));
  EXPECT_EQ(parse_expiration("9999-12-31T23:59:59Z"), far);
}

// --- shared files ---

class SharedFiles : public ::testing::Test {
 protected:
  TempDir dir;
  std::map<std::string, std::string, std::less<>> vars;
  void SetUp() override { vars["HOME"] = dir.path().string(); }
  void credentials(const std::string& text) { dir.write(".aws/credentials", text); }
  void config(const std::string& text) { dir.write(".aws/config", text); }
  CredentialsOutcome resolve(std::optional<std::string> profile = std::nullopt) {
    RemoteProviderOptions fast;
    fast.connect_timeout = std::chrono::milliseconds(300);
    fast.total_timeout = std::chrono::milliseconds(600);
    return ProfileProvider(std::move(profile), env_of(vars), fast).resolve();
  }
};

TEST_F(SharedFiles, DefaultProfileFromTheCredentialsFile) {
  credentials("[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = SDEF\n");
  const auto o = resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "AKIDDEF");
  EXPECT_EQ(o.source, "profile default");
}

TEST_F(SharedFiles, AwsProfileSelectsAProfileAndConfigUsesTheProfilePrefix) {
  config("[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = SDEV\naws_session_token = TDEV\n");
  vars["AWS_PROFILE"] = "dev";
  const auto o = resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "AKIDDEV");
  EXPECT_EQ(o.credentials.session_token.reveal(), "TDEV");
}

TEST_F(SharedFiles, TheCredentialsFileWinsOverTheConfigFile) {
  config("[profile p]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = S1\nregion = eu-west-1\n");
  credentials("[p]\naws_access_key_id = FROMCREDS\naws_secret_access_key = S2\n");
  const auto o = resolve("p");
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "FROMCREDS");
}

TEST_F(SharedFiles, FileLocationsComeFromTheEnvironmentVariables) {
  const auto c = dir.write("elsewhere/creds.ini", "[x]\naws_access_key_id = AKIDX\naws_secret_access_key = SX\n");
  vars["AWS_SHARED_CREDENTIALS_FILE"] = c.string();
  vars["AWS_CONFIG_FILE"] = (dir.path() / "missing-config").string();
  const auto o = resolve("x");
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "AKIDX");
}

TEST_F(SharedFiles, NoFilesIsNotConfiguredButAChosenProfileThatIsMissingFails) {
  EXPECT_EQ(resolve().status, CredentialsStatus::not_configured);
  credentials("[default]\naws_access_key_id = A\naws_secret_access_key = S\n");
  const auto o = resolve("nosuch");
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("nosuch"), std::string::npos);
}

TEST_F(SharedFiles, MalformedFileFailsWithTheLineNumberAndNoSecret) {
  credentials(std::string("[default]\naws_access_key_id = A\naws_secret_access_key = ") + kCanarySecret +
              "\nthis line is not a property\n");
  const auto o = resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("line 4"), std::string::npos) << o.error;
  EXPECT_EQ(o.error.find(kCanarySecret), std::string::npos);
}

TEST_F(SharedFiles, HalfAKeyPairInAProfileFails) {
  credentials("[default]\naws_access_key_id = A\n");
  EXPECT_EQ(resolve().status, CredentialsStatus::failed);
}

TEST_F(SharedFiles, AProfileWithoutCredentialsLetsTheChainMoveOn) {
  config("[default]\nregion = eu-west-3\n");
  EXPECT_EQ(resolve().status, CredentialsStatus::not_configured);
}

TEST_F(SharedFiles, CredentialProcessInAProfileRunsTheCommand) {
  const auto script = dir.write("proc.sh",
                                "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"SP\", "
                                "\"SessionToken\": \"TP\", \"Expiration\": \"" + iso_in(std::chrono::hours(1)) + "\"}'\n",
                                true);
  config("[profile proc]\ncredential_process = " + script.string() + "\n");
  const auto o = resolve("proc");
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "AKIDPROC");
  EXPECT_EQ(o.credentials.session_token.reveal(), "TP");
  ASSERT_TRUE(o.credentials.expiration);
}

TEST_F(SharedFiles, SourceProfileCycleFails) {
  config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n"
         "[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n");
  const auto o = resolve("a");
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("cycle"), std::string::npos) << o.error;
}

TEST_F(SharedFiles, RoleArnWithoutASourceFails) {
  config("[profile r]\nrole_arn = arn:aws:iam::123456789012:role/r\n");
  const auto o = resolve("r");
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("source_profile"), std::string::npos);
}

TEST_F(SharedFiles, AssumeRoleWithAnUnreachableStsFailsWithoutLeakingTheSourceSecret) {
  credentials(std::string("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = ") + kCanarySecret + "\n");
  config("[profile r]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n");
  vars["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:" + std::to_string(sigv4_test::closed_port());
  const auto o = resolve("r");
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("assume_role"), std::string::npos) << o.error;
  EXPECT_EQ(o.error.find(kCanarySecret), std::string::npos);
}

// --- credential_process ---

TEST(ProcessProvider, ReadsVersion1Json) {
  const auto o = ProcessProvider("printf '{\"Version\":1,\"AccessKeyId\":\"AKIDP\",\"SecretAccessKey\":\"S\"}'").resolve();
  ASSERT_TRUE(o.found()) << o.error;
  EXPECT_EQ(o.credentials.access_key_id, "AKIDP");
  EXPECT_FALSE(o.credentials.expiration);
}

TEST(ProcessProvider, ANonZeroExitFails) {
  const auto o = ProcessProvider("echo oops >&2; exit 3").resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("status 3"), std::string::npos);
}

TEST(ProcessProvider, MalformedJsonOrAMissingVersionFails) {
  EXPECT_EQ(ProcessProvider("echo '{\"Version\": 1, \"AccessKeyId\": '").resolve().status, CredentialsStatus::failed);
  EXPECT_EQ(ProcessProvider("echo '{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}'").resolve().status,
            CredentialsStatus::failed);
  EXPECT_EQ(ProcessProvider("echo '{\"Version\": 2, \"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}'").resolve().status,
            CredentialsStatus::failed);
}

TEST(ProcessProvider, ExpiredCredentialsFailAndTheSecretIsNotInTheMessage) {
  const auto o = ProcessProvider(std::string("echo '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"") +
                                 kCanarySecret + "\",\"Expiration\":\"2001-01-01T00:00:00Z\"}'")
                     .resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("expired"), std::string::npos);
  EXPECT_EQ(o.error.find(kCanarySecret), std::string::npos);
}

TEST(ProcessProvider, ACommandThatHangsIsKilledAtTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const auto o = ProcessProvider("exec sleep 30", std::chrono::milliseconds(300)).resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("killed"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ProcessProvider, OutputOver64KiBFails) {
  EXPECT_EQ(ProcessProvider("head -c 100000 /dev/zero | tr '\\0' 'a'").resolve().status, CredentialsStatus::failed);
}

// --- unreachable endpoints ---

TEST(ImdsProvider, AnUnreachableEndpointIsNotConfiguredAndFast) {
  const auto start = std::chrono::steady_clock::now();
  const auto o = ImdsProvider(env_of({{"AWS_EC2_METADATA_SERVICE_ENDPOINT",
                                       "http://127.0.0.1:" + std::to_string(sigv4_test::closed_port())}}))
                     .resolve();
  EXPECT_EQ(o.status, CredentialsStatus::not_configured) << o.error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(ImdsProvider, DisabledByEnvironment) {
  EXPECT_EQ(ImdsProvider(env_of({{"AWS_EC2_METADATA_DISABLED", "true"}})).resolve().status,
            CredentialsStatus::not_configured);
}

TEST(ContainerProvider, AnUnreachableEndpointIsAFailure) {
  const auto o = ContainerProvider(env_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI",
                                            "http://127.0.0.1:" + std::to_string(sigv4_test::closed_port()) + "/c"}}))
                     .resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
}

TEST(ContainerProvider, PlainHttpToANonLocalHostIsRefused) {
  const auto o = ContainerProvider(env_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds"}})).resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("not allowed"), std::string::npos);
}

TEST(ContainerProvider, NotConfiguredWithoutItsVariables) {
  EXPECT_EQ(ContainerProvider(env_of({})).resolve().status, CredentialsStatus::not_configured);
}

TEST(WebIdentityProvider, AnUnreadableTokenFileFails) {
  const auto o = WebIdentityProvider(env_of({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token"},
                                             {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/w"}}))
                     .resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_NE(o.error.find("token file"), std::string::npos);
}

// --- chain ---

TEST(ChainProvider, FirstFoundWinsAndNotConfiguredMovesOn) {
  auto a = std::make_shared<CountingProvider>();
  a->answer = [] { return CredentialsOutcome::not_configured("a: nothing"); };
  auto b = std::make_shared<CountingProvider>();
  b->answer = [] { return CredentialsOutcome::ok(Credentials("B", "S"), "b"); };
  auto c = std::make_shared<CountingProvider>();
  c->answer = [] { return CredentialsOutcome::ok(Credentials("C", "S"), "c"); };
  const auto o = ChainProvider({a, b, c}).resolve();
  EXPECT_EQ(o.credentials.access_key_id, "B");
  EXPECT_EQ(c->calls, 0);
}

TEST(ChainProvider, AFailureStopsTheChain) {
  auto a = std::make_shared<CountingProvider>();
  a->answer = [] { return CredentialsOutcome::failure("a: broken file"); };
  auto b = std::make_shared<CountingProvider>();
  b->answer = [] { return CredentialsOutcome::ok(Credentials("B", "S"), "b"); };
  const auto o = ChainProvider({a, b}).resolve();
  EXPECT_EQ(o.status, CredentialsStatus::failed);
  EXPECT_EQ(b->calls, 0);
}

TEST(ChainProvider, NothingFoundListsEveryProvider) {
  auto a = std::make_shared<CountingProvider>();
  a->answer = [] { return CredentialsOutcome::not_configured("a: unset"); };
  auto b = std::make_shared<CountingProvider>();
  b->answer = [] { return CredentialsOutcome::not_configured("b: no file"); };
  const auto o = ChainProvider({a, b}).resolve();
  EXPECT_EQ(o.status, CredentialsStatus::not_configured);
  EXPECT_NE(o.error.find("a: unset"), std::string::npos);
  EXPECT_NE(o.error.find("b: no file"), std::string::npos);
}

TEST(DefaultChain, EnvironmentComesBeforeTheProfile) {
  TempDir dir;
  dir.write(".aws/credentials", "[default]\naws_access_key_id = FROMFILE\naws_secret_access_key = S\n");
  const auto env = env_of({{"HOME", dir.path().string()}, {"AWS_ACCESS_KEY_ID", "FROMENV"},
                           {"AWS_SECRET_ACCESS_KEY", "S"}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  EXPECT_EQ(default_credentials_chain(std::nullopt, env)->resolve().credentials.access_key_id, "FROMENV");
}

TEST(DefaultChain, AnExplicitProfileOverridesTheEnvironment) {
  TempDir dir;
  dir.write(".aws/credentials", "[p]\naws_access_key_id = FROMFILE\naws_secret_access_key = S\n");
  const auto env = env_of({{"HOME", dir.path().string()}, {"AWS_ACCESS_KEY_ID", "FROMENV"},
                           {"AWS_SECRET_ACCESS_KEY", "S"}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  EXPECT_EQ(default_credentials_chain("p", env)->resolve().credentials.access_key_id, "FROMFILE");
}

TEST(DefaultChain, NothingAnywhereIsNotConfigured) {
  TempDir dir;
  const auto env = env_of({{"HOME", dir.path().string()}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  const auto o = default_credentials_chain(std::nullopt, env)->resolve();
  EXPECT_EQ(o.status, CredentialsStatus::not_configured);
  EXPECT_NE(o.error.find("environment"), std::string::npos);
}

// --- cache ---

TEST(CachingProvider, LongTermCredentialsAreFetchedOnce) {
  auto inner = std::make_shared<CountingProvider>();
  inner->answer = [] { return CredentialsOutcome::ok(Credentials("A", "S"), "x"); };
  CachingProvider cache(inner);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(cache.resolve().found());
  EXPECT_EQ(inner->calls, 1);
}

TEST(CachingProvider, RefreshesWithinFiveMinutesOfExpiry) {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto inner = std::make_shared<CountingProvider>();
  int generation = 0;
  inner->answer = [&] {
    ++generation;
    return CredentialsOutcome::ok(expiring(now + minutes(15), "GEN" + std::to_string(generation)), "x");
  };
  CachingProvider cache(inner, minutes(5), [&] { return now; });
  EXPECT_EQ(cache.resolve().credentials.access_key_id, "GEN1");
  now += minutes(9);  // 6 minutes left: still cached
  EXPECT_EQ(cache.resolve().credentials.access_key_id, "GEN1");
  now += minutes(2);  // 4 minutes left: refreshed
  EXPECT_EQ(cache.resolve().credentials.access_key_id, "GEN2");
  EXPECT_EQ(inner->calls, 2);
}

TEST(CachingProvider, AFailedRefreshKeepsServingCredentialsThatStillWork) {
  using namespace std::chrono;
  auto now = system_clock::now();
  const auto expiry = now + minutes(10);
  auto inner = std::make_shared<CountingProvider>();
  bool up = true;
  inner->answer = [&] { return up ? CredentialsOutcome::ok(expiring(expiry), "x") : CredentialsOutcome::failure("down"); };
  CachingProvider cache(inner, minutes(5), [&] { return now; });
  ASSERT_TRUE(cache.resolve().found());
  up = false;
  now += minutes(7);  // in the refresh window, refresh fails, cached still valid
  EXPECT_TRUE(cache.resolve().found());
  now += minutes(4);  // past expiry: the failure is reported
  EXPECT_EQ(cache.resolve().status, CredentialsStatus::failed);
}

TEST(CachingProvider, ConcurrentCallersShareOneRefresh) {
  auto inner = std::make_shared<CountingProvider>();
  inner->answer = [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return CredentialsOutcome::ok(expiring(std::chrono::system_clock::now() + std::chrono::hours(1)), "x");
  };
  CachingProvider cache(inner);
  std::atomic<int> found{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) found += cache.resolve().found() ? 1 : 0;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(found, 800);
  EXPECT_EQ(inner->calls, 1);
}

// --- region ---

TEST(ResolveRegion, AwsRegionThenAwsDefaultRegionThenProfile) {
  TempDir dir;
  dir.write(".aws/config", "[default]\nregion = eu-west-3\n[profile other]\nregion = ap-south-1\n");
  std::map<std::string, std::string, std::less<>> vars{{"HOME", dir.path().string()}};
  EXPECT_EQ(resolve_region(std::nullopt, env_of(vars)), "eu-west-3");
  EXPECT_EQ(resolve_region("other", env_of(vars)), "ap-south-1");
  vars["AWS_DEFAULT_REGION"] = "us-west-1";
  EXPECT_EQ(resolve_region(std::nullopt, env_of(vars)), "us-west-1");
  vars["AWS_REGION"] = "us-east-2";
  EXPECT_EQ(resolve_region(std::nullopt, env_of(vars)), "us-east-2");
}

TEST(ResolveRegion, NoneSetIsNullopt) {
  TempDir dir;
  EXPECT_FALSE(resolve_region(std::nullopt, env_of({{"HOME", dir.path().string()}})));
}
