// Every bad input the signer refuses, each with its error code and a message naming the problem.
#include <gtest/gtest.h>

#include "sigv4/signer.hpp"

namespace {

using namespace sigv4;

const Credentials kCreds("AKIDEXAMPLE", "secret");
const SigningScope kScope{SigningTime::parse_or_throw("20150830T123600Z"), "us-east-1", "s3"};

ErrorCode error_of(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return ErrorCode::invalid_argument;
}

ErrorCode sign_error(std::vector<HeaderView> headers, std::string_view target = "/", std::string_view method = "GET",
                     const Credentials& c = kCreds, SigningScope scope = kScope, std::string* message = nullptr) {
  return error_of([&] { (void)sign_request(RequestView{method, target, headers}, Body(), c, scope, {}); }, message);
}

const std::vector<HeaderView> kHost = {{"Host", "h"}};

TEST(SignerErrors, BadTimeFormat) {
  std::string msg;
  EXPECT_EQ(error_of([] { (void)SigningTime::parse_or_throw("2015-08-30 12:36"); }, &msg), ErrorCode::invalid_time);
  EXPECT_NE(msg.find("2015-08-30 12:36"), std::string::npos);
  for (auto bad : {"20150230T000000Z", "20151301T000000Z", "20150830T246000Z", "20150830T123600", "2015083T123600Z",
                   "19690101T000000Z", "", "2015-08-30T12:36:00", "2015-08-30T12:36:00+01:00"})
    EXPECT_FALSE(SigningTime::parse(bad)) << bad;
}

TEST(SignerErrors, EmptyOrBadRegionAndService) {
  EXPECT_EQ(sign_error(kHost, "/", "GET", kCreds, {kScope.time, "", "s3"}), ErrorCode::invalid_region);
  EXPECT_EQ(sign_error(kHost, "/", "GET", kCreds, {kScope.time, "us/east", "s3"}), ErrorCode::invalid_region);
  EXPECT_EQ(sign_error(kHost, "/", "GET", kCreds, {kScope.time, "us-east-1", ""}), ErrorCode::invalid_service);
  EXPECT_EQ(sign_error(kHost, "/", "GET", kCreds, {kScope.time, "us-east-1", "s 3"}), ErrorCode::invalid_service);
}

TEST(SignerErrors, MissingCredentials) {
  EXPECT_EQ(sign_error(kHost, "/", "GET", Credentials("", "s")), ErrorCode::invalid_credentials);
  EXPECT_EQ(sign_error(kHost, "/", "GET", Credentials("AK", "")), ErrorCode::invalid_credentials);
  EXPECT_EQ(sign_error(kHost, "/", "GET", Credentials("A/K", "s")), ErrorCode::invalid_credentials);
}

TEST(SignerErrors, InvalidMethod) {
  EXPECT_EQ(sign_error(kHost, "/", ""), ErrorCode::invalid_method);
  EXPECT_EQ(sign_error(kHost, "/", "GE T"), ErrorCode::invalid_method);
}

TEST(SignerErrors, InvalidHeaderName) {
  std::string msg;
  EXPECT_EQ(sign_error({{"Host", "h"}, {"Bad Name", "v"}}, "/", "GET", kCreds, kScope, &msg),
            ErrorCode::invalid_header_name);
  EXPECT_NE(msg.find("Bad Name"), std::string::npos);
  EXPECT_EQ(sign_error({{"Host", "h"}, {"", "v"}}), ErrorCode::invalid_header_name);
  EXPECT_EQ(sign_error({{"Host", "h"}, {"a:b", "v"}}), ErrorCode::invalid_header_name);
}

TEST(SignerErrors, HeaderValueWithBareCrLfOrControlCharacters) {
  for (std::string_view bad : std::initializer_list<std::string_view>{"a\r\nX-Injected: 1", "a\nb", "a\rb", std::string_view("a\0b", 3), "a\x01", "trailing\n"})
    EXPECT_EQ(sign_error({{"Host", "h"}, {"X", bad}}), ErrorCode::invalid_header_value) << bad;
}

TEST(SignerErrors, FoldedContinuationLinesAreAccepted) {
  EXPECT_NO_THROW((void)sign_request(RequestView{"GET", "/", std::vector<HeaderView>{{"Host", "h"}, {"X", "a\n  b"}}},
                                     Body(), kCreds, kScope, {}));
}

TEST(SignerErrors, MalformedTargetAndEscapes) {
  EXPECT_EQ(sign_error(kHost, "no-slash"), ErrorCode::malformed_url);
  EXPECT_EQ(sign_error(kHost, "/a#frag"), ErrorCode::malformed_url);
  EXPECT_EQ(sign_error(kHost, "/a\x01"), ErrorCode::malformed_url);
  EXPECT_EQ(sign_error(kHost, "/a%zz"), ErrorCode::malformed_percent_escape);
  EXPECT_EQ(sign_error(kHost, "/a?b=%"), ErrorCode::malformed_percent_escape);
}

TEST(SignerErrors, MissingHost) {
  std::string msg;
  EXPECT_EQ(sign_error({{"X", "1"}}, "/", "GET", kCreds, kScope, &msg), ErrorCode::missing_host);
  EXPECT_NE(msg.find("Host"), std::string::npos);
}

TEST(SignerErrors, MalformedUrl) {
  for (auto bad : {"example.com/a", "ftp://example.com/", "https://", "https://host:0/", "https://host:99999/",
                   "https://host:x/", "https://user@host/", "https://ho st/", "https://[::1/"})
    EXPECT_EQ(error_of([&] { (void)HttpRequest::from_url("GET", bad); }), ErrorCode::malformed_url) << bad;
}

TEST(Url, HostHeaderKeepsNonDefaultPortsOnly) {
  EXPECT_EQ(HttpRequest::from_url("GET", "https://h.example:443/a").find_header("host")->value, "h.example");
  EXPECT_EQ(HttpRequest::from_url("GET", "http://h.example:80/a").find_header("host")->value, "h.example");
  EXPECT_EQ(HttpRequest::from_url("GET", "http://127.0.0.1:9000/a").find_header("host")->value, "127.0.0.1:9000");
  EXPECT_EQ(HttpRequest::from_url("GET", "http://[::1]:9000/a").find_header("host")->value, "[::1]:9000");
  EXPECT_EQ(HttpRequest::from_url("GET", "https://h.example?x=1").target, "/?x=1");
  EXPECT_EQ(HttpRequest::from_url("GET", "https://h.example").target, "/");
  EXPECT_EQ(HttpRequest::from_url("GET", "https://h.example/a%20b?c#frag").target, "/a%20b?c");
}

TEST(Time, FormatsAmzDateDateStampAndIso8601) {
  const auto t = SigningTime::parse_or_throw("2015-08-30T12:36:00Z");
  EXPECT_EQ(t.amz_date(), "20150830T123600Z");
  EXPECT_EQ(t.date_stamp(), "20150830");
  const auto iso = t.iso8601();
  EXPECT_EQ(std::string(iso.data(), iso.size()), "2015-08-30T12:36:00Z");
  EXPECT_EQ(t.unix_seconds(), 1440938160);
  EXPECT_EQ(SigningTime::parse_or_throw("20240229T235959Z").amz_date(), "20240229T235959Z");
  EXPECT_EQ(SigningTime::parse_or_throw("2015-08-30T12:36:00.123Z").amz_date(), "20150830T123600Z");
  EXPECT_EQ(SigningTime::from_unix_seconds(0).amz_date(), "19700101T000000Z");
}

}  // namespace
