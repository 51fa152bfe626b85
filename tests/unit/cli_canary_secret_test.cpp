// Canary secrets: every sub-command of the sigv4 tool is run with a distinctive secret access key and
// session token (given as options and through the environment), on its success paths, with -v and
// --json, and on its error paths (usage errors, malformed input, refused requests, a running server
// answering good and bad requests), and everything it prints is searched for them.
//
// Rules checked (issue 9, "Secrets never appear in logs, errors, exceptions, -v output"):
//   - the secret access key never appears in stdout or stderr, whole, percent-encoded, or as a prefix;
//   - the session token appears only where it is part of the signed request itself: an
//     X-Amz-Security-Token header line (the request, or its canonical form) or the
//     X-Amz-Security-Token query parameter of a presigned URL.
// Sub-commands that land later (curl, eks-token, ...) are found through `sigv4 --help` and get the
// generic runs (options, environment, -v, a bad option) until they get runs of their own here.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/shell.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

// '/' and '+' so that percent-encoded and JSON-escaped spellings differ from the raw one.
const std::string kSecret = "CANARYsecret/7Xq+Zz9wQ1kLm3Np5Rt";
const std::string kSecretEncoded = "CANARYsecret%2F7Xq%2BZz9wQ1kLm3Np5Rt";
const std::string kSecretPrefix = "CANARYsecret";
const std::string kToken = "CANARYtoken/IQoJb3JpZ2luX2VjE+PdS0zVx8Yq9";
const std::string kTokenEncoded = "CANARYtoken%2FIQoJb3JpZ2luX2VjE%2BPdS0zVx8Yq9";
const std::string kTokenPrefix = "CANARYtoken";
const std::string kAccessKey = "AKIDCANARY";

using Output = sigv4::test::ShellRun;  // out: stdout and stderr together

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

enum class Environment { canary, clean };

// Runs a shell command line, by default with the canary credentials in the environment.
Output shell(const std::string& command, Environment environment = Environment::canary) {
  const std::string vars = environment == Environment::canary
                               ? "env AWS_ACCESS_KEY_ID=" + kAccessKey + " AWS_SECRET_ACCESS_KEY=" + quote(kSecret) +
                                     " AWS_SESSION_TOKEN=" + quote(kToken) + " AWS_REGION=us-east-1 "
                               : "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN ";
  const std::string cmd = vars + command + " 2>&1";
  return sigv4::test::run_shell(cmd);
}

Output sigv4(const std::string& args) { return shell(std::string(SIGV4_CLI_PATH) + " " + args); }

std::string regex_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// The output with every allowed appearance of the token removed: the header "X-Amz-Security-Token"
// with the token as its value ("name:token" in a request or canonical request, "name", "token" in a
// --json pair) and the query parameter "X-Amz-Security-Token=<encoded token>" (any case).
std::string without_signed_token(const std::string& out) {
  static const std::regex allowed("x-amz-security-token\"?\\s*[:=,]\\s*\"?(" + regex_escape(kToken) + "|" +
                                      regex_escape(kTokenEncoded) + ")",
                                  std::regex::icase);
  return std::regex_replace(out, allowed, "<signed token>");
}

// The two rules, for one run.
void expect_no_leak(const Output& r, const std::string& what) {
  EXPECT_EQ(r.out.find(kSecretPrefix), std::string::npos) << what << " printed the secret key:\n" << r.out;
  EXPECT_EQ(r.out.find(kSecretEncoded), std::string::npos) << what << " printed the encoded secret key";
  const std::string rest = without_signed_token(r.out);
  EXPECT_EQ(rest.find(kTokenPrefix), std::string::npos)
      << what << " printed the session token outside the signed request:\n"
      << rest;
}

const std::string kCreds = " --access-key " + kAccessKey + " --secret-key " + quote(kSecret) + " --session-token " +
                           quote(kToken) + " --region us-east-1 --time 20261122T101010Z ";
const std::string kUrl = " --url 'https://examplebucket.s3.amazonaws.com/canary%20key.txt?versionId=1' ";

fs::path temp_dir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("sigv4-canary-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

// The sub-commands `sigv4 --help` lists.
std::set<std::string> listed_commands() {
  const Output help = sigv4("--help");
  std::set<std::string> names;
  std::istringstream in(help.out);
  std::string line;
  bool in_list = false;
  while (std::getline(in, line)) {
    if (line.rfind("commands:", 0) == 0) {
      in_list = true;
      continue;
    }
    if (in_list && line.empty()) break;
    if (in_list && line.size() > 2 && line[0] == ' ') {
      std::istringstream words(line);
      std::string name;
      words >> name;
      names.insert(name);
    }
  }
  return names;
}

TEST(CanarySecret, HelpListsTheCommandsThisTestKnows) {
  const auto names = listed_commands();
  for (const char* known : {"sign", "presign", "sign-chunked", "verify", "serve"})
    EXPECT_TRUE(names.count(known)) << known << " not in `sigv4 --help`";
}

TEST(CanarySecret, SignNeverPrintsTheSecretAndTheTokenOnlyInItsHeader) {
  const std::vector<std::string> runs = {
      "sign -X GET" + kUrl + kCreds + "--service s3 --s3",
      "sign -X GET" + kUrl + kCreds + "--service s3 --s3 -v",
      "sign -X GET" + kUrl + kCreds + "--service s3 --s3 --json",
      "sign -X PUT" + kUrl + kCreds + "--service s3 --s3 --data hello -H 'x-amz-meta-a: b' -v",
      "sign -X GET" + kUrl + "--service s3 --time 20261122T101010Z -v",  // credentials from the environment
      // error paths
      "sign -X GET" + kUrl + kCreds + "-v",                                   // no service
      "sign -X GET --url 'not a url'" + kCreds + "--service s3 -v",            // bad URL
      "sign -X 'G T'" + kUrl + kCreds + "--service s3 -v",                     // bad method
      "sign -X GET" + kUrl + kCreds + "--service s3 -H 'bad header: a\x01' -v",  // bad header value
      "sign -X GET" + kUrl + kCreds + "--service s3 --time yesterday -v",      // bad time
      "sign -X GET" + kUrl + kCreds + "--service s3 --payload-hash nothex -v",
      "sign --request /nonexistent/canary.txt" + kCreds + "--service s3 -v",
      "sign --bogus-option" + kCreds + "--service s3",
  };
  for (const auto& args : runs) expect_no_leak(sigv4(args), "sigv4 " + args);
}

TEST(CanarySecret, PresignNeverPrintsTheSecretAndTheTokenOnlyInItsQueryParameter) {
  const std::vector<std::string> runs = {
      "presign -X GET" + kUrl + kCreds + "--service s3 --s3",
      "presign -X GET" + kUrl + kCreds + "--service s3 --s3 -v",
      "presign -X GET" + kUrl + kCreds + "--service s3 --s3 --json",
      "presign -X GET" + kUrl + kCreds + "--service s3 --s3 --expires 0 -v",       // out of range
      "presign -X GET" + kUrl + kCreds + "--service s3 --s3 --expires 604801 -v",  // out of range
      "presign -X GET" + kUrl + kCreds + "--service s3 --s3 --expires soon -v",
      "presign -X GET" + kUrl + kCreds + "--service '' -v",
  };
  for (const auto& args : runs) expect_no_leak(sigv4(args), "sigv4 " + args);
}

TEST(CanarySecret, SignChunkedNeverPrintsTheSecretAndTheTokenOnlyInItsHeader) {
  const fs::path data = temp_dir() / "data.bin";
  std::ofstream(data, std::ios::binary) << std::string(20000, 'x');
  const std::string url = " -X PUT --url https://examplebucket.s3.amazonaws.com/obj ";
  std::vector<std::string> runs;
  for (const std::string mode : {"signed", "signed-trailer", "unsigned-trailer"}) {
    const std::string checksum = mode == "signed" ? "" : " --checksum crc32c";
    runs.push_back("sign-chunked" + url + kCreds + "--service s3 --mode " + mode + checksum +
                   " --chunk-size 8192 --data-binary @" + data.string());
    runs.push_back("sign-chunked" + url + kCreds + "--service s3 --mode " + mode + checksum + " --data abc --json");
    runs.push_back("sign-chunked" + url + kCreds + "--service s3 --mode " + mode + checksum + " --data abc -v");
  }
  runs.push_back("sign-chunked" + url + kCreds + "--service s3 --mode sideways --data abc");
  runs.push_back("sign-chunked" + url + kCreds + "--service s3 --chunk-size 10 --data abc");
  runs.push_back("sign-chunked" + url + kCreds + "--service s3 --mode signed --checksum crc32 --data abc");
  runs.push_back("sign-chunked" + url + kCreds + "--service s3 --data-binary @/nonexistent");
  for (const auto& args : runs) expect_no_leak(sigv4(args), "sigv4 " + args);
}

TEST(CanarySecret, VerifyNeverPrintsTheSecretAndTheTokenOnlyInTheCanonicalRequest) {
  // A request signed with the canary key (no token: `verify --credentials` has none to compare).
  const fs::path good = temp_dir() / "good.txt";
  const std::string signer = std::string(SIGV4_CLI_PATH) + " sign -X PUT --url https://examplebucket.s3.amazonaws.com/o" +
                             " --access-key " + kAccessKey + " --secret-key " + quote(kSecret) +
                             " --region us-east-1 --service s3 --s3 --time 20261122T101010Z --data hello";
  ASSERT_EQ(shell(signer + " > " + good.string()).exit_code, 0);
  // The same with a token the server does not expect, and a tampered copy.
  const fs::path with_token = temp_dir() / "token.txt";
  ASSERT_EQ(shell(signer + " --session-token " + quote(kToken) + " > " + with_token.string()).exit_code, 0);
  const fs::path tampered = temp_dir() / "tampered.txt";
  ASSERT_EQ(shell("sed 's#PUT /o #PUT /x #' " + good.string() + " > " + tampered.string()).exit_code, 0);

  const std::string creds = " --credentials " + quote(kAccessKey + ":" + kSecret) + " --now 20261122T101010Z ";
  const std::vector<std::string> runs = {
      "verify --request " + good.string() + creds,
      "verify --request " + good.string() + creds + "--json",
      "verify --request " + tampered.string() + creds,
      "verify --request " + tampered.string() + creds + "--json",
      "verify --request " + with_token.string() + creds + "--json",
      "verify --request " + good.string() + " --credentials " + quote(kAccessKey + ":" + kSecret + "x") +
          " --now 20261122T101010Z --json",                                                // wrong key
      "verify --request " + good.string() + " --credentials " + quote(kSecret),            // malformed pair
      "verify --request " + good.string() + " --credentials " + quote(":" + kSecret),      // malformed pair
      "verify --request /nonexistent/canary.txt" + creds,
      "verify --request " + good.string() + creds + "--now never",
  };
  for (const auto& args : runs) expect_no_leak(sigv4(args), "sigv4 " + args);
}

// Polls for the port file `sigv4 serve --port-file` writes once it listens.
int wait_for_port(const fs::path& file) {
  for (int i = 0; i < 100; ++i) {
    std::ifstream in(file);
    int port = 0;
    if (in >> port && port > 0) return port;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return 0;
}

TEST(CanarySecret, ServeNeverLogsOrAnswersWithTheSecret) {
  const fs::path root = temp_dir() / "root";
  const fs::path port_file = temp_dir() / "port";
  const fs::path log = temp_dir() / "serve.log";
  fs::remove(port_file);
  const std::string serve = std::string(SIGV4_CLI_PATH) + " serve --root " + root.string() + " --credentials " +
                            quote(kAccessKey + ":" + kSecret) + " --port 0 --port-file " + port_file.string();
  // Bounded: the server is killed by timeout after 30 s at the latest.
  const Output started = shell("timeout 30 " + serve + " > " + log.string() + " 2>&1 & echo $!");
  const int port = wait_for_port(port_file);
  ASSERT_GT(port, 0) << "sigv4 serve did not start";
  const std::string host = "127.0.0.1:" + std::to_string(port);
  const std::string sign = std::string(SIGV4_CLI_PATH) + " sign --access-key " + kAccessKey + " --secret-key " +
                           quote(kSecret) + " --region us-east-1 --service s3 --s3 ";
  // Sends a raw request (from a file) and returns the response.
  auto send = [&](const fs::path& request) {
    return shell("timeout 10 bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(port) + "; cat " +
                 request.string() + " >&3; timeout 3 cat <&3'");
  };
  std::vector<std::pair<std::string, std::string>> requests = {
      {"create", "-X PUT --url http://" + host + "/canary -H 'Connection: close'"},
      {"put", "-X PUT --url http://" + host + "/canary/o -H 'Connection: close' --data hello"},
      {"get", "-X GET --url http://" + host + "/canary/o -H 'Connection: close'"},
      {"token", "-X GET --url http://" + host + "/canary/o -H 'Connection: close' --session-token " + quote(kToken)},
      {"tampered", "-X GET --url http://" + host + "/canary/o -H 'Connection: close'"},
  };
  std::vector<Output> responses;
  for (const auto& [name, args] : requests) {
    const fs::path file = temp_dir() / ("serve-" + name + ".txt");
    ASSERT_EQ(shell(sign + args + " > " + file.string(), Environment::clean).exit_code, 0) << name;
    if (name == "tampered") shell("sed -i 's#GET /canary/o #GET /canary/p #' " + file.string());
    responses.push_back(send(file));
    expect_no_leak(responses.back(), "sigv4 serve answering " + name);
  }
  // sigv4 curl (credentials from the environment, as the SDKs find them) against the server: its -v
  // output shows the request it sent; the server refuses the token it does not know.
  if (listed_commands().count("curl")) {
    for (const std::string& args :
         {"curl -v -X PUT -d hello --region us-east-1 --service s3 http://" + host + "/canary/c",
          "curl -v --region us-east-1 --service s3 http://" + host + "/canary/o",
          "curl -v --payload unsigned -X PUT -d x --region us-east-1 http://" + host + "/canary/u"})
      expect_no_leak(shell("timeout 10 " + std::string(SIGV4_CLI_PATH) + " " + args), "sigv4 " + args);
  }
  EXPECT_NE(responses[3].out.find("InvalidToken"), std::string::npos) << responses[3].out;
  EXPECT_NE(responses[4].out.find("SignatureDoesNotMatch"), std::string::npos) << responses[4].out;
  shell("kill " + std::to_string(std::stoi(started.out)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  Output server_log;
  server_log.out = shell("cat " + log.string()).out;
  EXPECT_NE(server_log.out.find("listening"), std::string::npos) << server_log.out;
  expect_no_leak(server_log, "the sigv4 serve log");
  // Error paths of the server itself.
  expect_no_leak(sigv4("serve --root " + root.string() + " --credentials " + quote(kSecret)), "serve, bad pair");
  expect_no_leak(sigv4("serve --credentials " + quote(kAccessKey + ":" + kSecret)), "serve, no root");
  expect_no_leak(sigv4("serve --root " + root.string() + " --host 192.0.2.1 --credentials " +
                       quote(kAccessKey + ":" + kSecret)),
                 "serve, cannot listen");
}

// The tokens are presigned URLs: the session token may appear in them (as X-Amz-Security-Token, or
// base64url-encoded inside an EKS token), never elsewhere.
TEST(CanarySecret, TokenCommandsNeverPrintTheSecretAndTheTokenOnlyInsideTheSignedToken) {
  const auto names = listed_commands();
  std::vector<std::string> runs;
  if (names.count("eks-token")) {
    runs.push_back("eks-token --cluster canary" + kCreds);
    runs.push_back("eks-token --cluster canary --token-only -v" + kCreds);
    runs.push_back("eks-token --cluster canary --api-version nonsense -v" + kCreds);
    runs.push_back("eks-token -v" + kCreds);  // no cluster
  }
  if (names.count("rds-token")) {
    runs.push_back("rds-token --host db.example.com --port 5432 --user canary -v" + kCreds);
    runs.push_back("rds-token --host db.example.com --port notaport --user canary -v" + kCreds);
  }
  if (names.count("dsql-token")) {
    runs.push_back("dsql-token --host cluster.dsql.us-east-1.on.aws --admin -v" + kCreds);
    runs.push_back("dsql-token --host cluster.dsql.us-east-1.on.aws --expires 0 -v" + kCreds);
  }
  runs.push_back("presign s3://examplebucket/canary.txt --expires 60" + kCreds);
  runs.push_back("presign s3://examplebucket/canary.txt --expires 999999999 -v" + kCreds);
  for (const auto& args : runs) expect_no_leak(sigv4(args), "sigv4 " + args);
}

TEST(CanarySecret, EveryOtherCommandNeverPrintsTheSecretOrTheToken) {
  const std::set<std::string> covered = {"sign",      "presign",   "sign-chunked", "verify",
                                         "serve",     "curl",      "eks-token",    "rds-token",
                                         "dsql-token"};
  for (const auto& name : listed_commands()) {
    if (covered.count(name)) continue;
    // Only 127.0.0.1 (port 1: refused at once), so that a command that sends requests stays local.
    const std::string local = " --url http://127.0.0.1:1/canary ";
    const std::vector<std::string> runs = {
        name + local + kCreds + "--service s3 -v",
        name + local + kCreds + "--service s3 --json",
        name + " -v http://127.0.0.1:1/canary",
        name + " -v",  // credentials from the environment only
        name + " --bogus-option" + kCreds,
        name + " --help",
    };
    for (const auto& args : runs)
      expect_no_leak(shell("timeout 10 " + std::string(SIGV4_CLI_PATH) + " " + args), "sigv4 " + args);
  }
}

}  // namespace
