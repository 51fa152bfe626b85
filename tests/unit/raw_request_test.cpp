// The raw HTTP request parser used by `sigv4 sign --request` (the aws-c-auth suite's request.txt format).
#include <gtest/gtest.h>

#include "sigv4/raw_request.hpp"

namespace {

TEST(RawRequest, ParsesRequestLineHeadersAndBody) {
  const auto p = sigv4::parse_raw_request("POST /a?b=c HTTP/1.1\r\nHost:example.com\r\nX-A: 1\r\n\r\nbody\r\nmore");
  ASSERT_TRUE(p.request) << p.error;
  EXPECT_EQ(p.request->method, "POST");
  EXPECT_EQ(p.request->target, "/a?b=c");
  ASSERT_EQ(p.request->headers.size(), 2u);
  EXPECT_EQ(p.request->headers[1].value, " 1");  // whitespace after the colon belongs to the value
  EXPECT_EQ(p.request->body, "body\r\nmore");
}

TEST(RawRequest, TargetMayHoldRawSpaces) {
  const auto p = sigv4::parse_raw_request("GET /example space/ HTTP/1.1\nHost:h\n\n");
  ASSERT_TRUE(p.request);
  EXPECT_EQ(p.request->target, "/example space/");
}

TEST(RawRequest, ContinuationLinesExtendThePreviousValue) {
  const auto p = sigv4::parse_raw_request("GET / HTTP/1.1\nMy-Header1:value1\n  value2\n     value3\n\n");
  ASSERT_TRUE(p.request);
  EXPECT_EQ(p.request->headers[0].value, "value1\n  value2\n     value3");
}

TEST(RawRequest, RepeatedHeadersStaySeparate) {
  const auto p = sigv4::parse_raw_request("GET / HTTP/1.1\nA:1\nA:2\n\n");
  ASSERT_TRUE(p.request);
  EXPECT_EQ(p.request->headers.size(), 2u);
}

TEST(RawRequest, NoBlankLineMeansNoBody) {
  const auto p = sigv4::parse_raw_request("GET / HTTP/1.1\nHost:h");
  ASSERT_TRUE(p.request);
  EXPECT_TRUE(p.request->body.empty());
}

TEST(RawRequest, BadInputGetsAnErrorNotAnException) {
  for (std::string_view bad : std::initializer_list<std::string_view>{"", "\n", "GET\n", "GET /\n", "GET / FTP/1\n", "G T / HTTP/1.1\n",
                               "GET / HTTP/1.1\n  continuation first\n", "GET / HTTP/1.1\nno colon\n",
                               "GET / HTTP/1.1\nBad Name:v\n"}) {
    const auto p = sigv4::parse_raw_request(bad);
    EXPECT_FALSE(p.request) << bad;
    EXPECT_FALSE(p.error.empty()) << bad;
  }
}

TEST(RawRequest, LimitsAreEnforced) {
  sigv4::RawRequestLimits limits;
  limits.max_headers = 2;
  EXPECT_TRUE(sigv4::parse_raw_request("GET / HTTP/1.1\nA:1\nB:2\n\n", limits).request);
  EXPECT_FALSE(sigv4::parse_raw_request("GET / HTTP/1.1\nA:1\nB:2\nC:3\n\n", limits).request);
  limits = {};
  limits.max_line_length = 10;
  EXPECT_FALSE(sigv4::parse_raw_request("GET / HTTP/1.1\nA:12345678901\n\n", limits).request);
}

TEST(RawRequest, FormatRoundTrips) {
  const std::string text = "PUT /k HTTP/1.1\r\nHost:h\r\nX:a\r\n  b\r\n\r\nbody";
  const auto p = sigv4::parse_raw_request(text);
  ASSERT_TRUE(p.request);
  EXPECT_EQ(sigv4::format_raw_request(*p.request), text);
}

}  // namespace
