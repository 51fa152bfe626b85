// Every limit a parser of outside bytes has, checked exactly at the limit (accepted) and one past it
// (refused with the limit's own error), where the owners' tests only checked far past it or not at
// all: the aws-chunked decoder (chunk size, chunk header line, trailer line, trailer count), the
// HTTP chunked de-framer (chunk size, line length, trailer count), the raw-request parser (line
// length, header count, header bytes) and the chunk signer's credential scope.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "sigv4/chunked.hpp"
#include "sigv4/error.hpp"
#include "sigv4/http_chunked_decoder.hpp"
#include "sigv4/raw_request.hpp"

namespace {

using sigv4::ChecksumAlgorithm;
using sigv4::ChunkedError;
using sigv4::HttpChunkedError;

std::string hex(std::size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%zx", n);
  return buf;
}

std::string crc32_line(std::string_view data) {
  return "x-amz-checksum-crc32:" + sigv4::compute_checksum(ChecksumAlgorithm::crc32, data).base64() + "\r\n";
}

sigv4::ChunkedDecoderConfig unsigned_config(const sigv4::ChunkedDecoderLimits& limits,
                                            std::vector<std::string> trailers = {"x-amz-checksum-crc32"}) {
  sigv4::ChunkedDecoderConfig c;
  c.mode = sigv4::ChunkedMode::unsigned_payload_trailer;
  c.declared_trailers = std::move(trailers);
  c.limits = limits;
  return c;
}

// Decodes a whole unsigned-trailer wire body; returns the first error (none when it decoded).
ChunkedError decode(const sigv4::ChunkedDecoderConfig& config, std::string_view wire) {
  sigv4::ChunkedDecoder d(config, std::nullopt);
  const ChunkedError e = d.feed(wire, [](std::string_view) {});
  return e != ChunkedError::none ? e : d.finish();
}

// --- aws-chunked decoder ---

TEST(AwsChunkedLimits, ChunkOfExactlyMaxChunkSizeIsAcceptedOneMoreByteIsNot) {
  sigv4::ChunkedDecoderLimits limits;
  limits.max_chunk_size = 1000;
  const std::string at(1000, 'a');
  const std::string past(1001, 'a');
  EXPECT_EQ(decode(unsigned_config(limits), hex(at.size()) + "\r\n" + at + "\r\n0\r\n" + crc32_line(at) + "\r\n"),
            ChunkedError::none);
  EXPECT_EQ(decode(unsigned_config(limits), hex(past.size()) + "\r\n"), ChunkedError::chunk_too_large);
}

TEST(AwsChunkedLimits, DefaultMaxChunkSizeIs16MiBExactly) {
  const sigv4::ChunkedDecoderLimits limits;
  // 16 MiB announced: accepted until the data runs out (truncated, not too large); 16 MiB + 1: refused.
  EXPECT_EQ(decode(unsigned_config(limits), "1000000\r\n"), ChunkedError::truncated_body);
  EXPECT_EQ(decode(unsigned_config(limits), "1000001\r\n"), ChunkedError::chunk_too_large);
}

TEST(AwsChunkedLimits, ChunkHeaderLineOfExactlyMaxLineLengthIsAcceptedOneMoreIsNot) {
  sigv4::ChunkedDecoderLimits limits;
  limits.max_line_length = 32;  // above the 29 characters of the CRC32 trailer line
  // Leading zeros are legal hex, so a size line can be padded to any length (CRLF not counted).
  const std::string at = std::string(31, '0') + "1";
  const std::string past = std::string(32, '0') + "1";
  ASSERT_EQ(at.size(), 32u);
  EXPECT_EQ(decode(unsigned_config(limits), at + "\r\nx\r\n0\r\n" + crc32_line("x") + "\r\n"), ChunkedError::none);
  EXPECT_EQ(decode(unsigned_config(limits), past + "\r\nx\r\n"), ChunkedError::chunk_header_too_long);
}

TEST(AwsChunkedLimits, TrailerLineOfExactlyMaxLineLengthIsAcceptedOneMoreIsNot) {
  const std::string line = crc32_line("x");  // "x-amz-checksum-crc32:<8 base64>\r\n"
  sigv4::ChunkedDecoderLimits limits;
  limits.max_line_length = line.size() - 2;
  const std::string body = "1\r\nx\r\n0\r\n" + line + "\r\n";
  EXPECT_EQ(decode(unsigned_config(limits), body), ChunkedError::none);
  limits.max_line_length = line.size() - 3;
  EXPECT_EQ(decode(unsigned_config(limits), body), ChunkedError::trailer_line_too_long);
}

TEST(AwsChunkedLimits, ExactlyMaxTrailersAreAcceptedOneMoreIsNot) {
  sigv4::ChunkedDecoderLimits limits;
  limits.max_trailers = 3;
  const std::vector<std::string> names = {"x-amz-checksum-crc32", "x-amz-meta-a", "x-amz-meta-b", "x-amz-meta-c"};
  const std::string at = "1\r\nx\r\n0\r\n" + crc32_line("x") + "x-amz-meta-a:1\r\nx-amz-meta-b:2\r\n\r\n";
  const std::string past = "1\r\nx\r\n0\r\n" + crc32_line("x") + "x-amz-meta-a:1\r\nx-amz-meta-b:2\r\nx-amz-meta-c:3\r\n\r\n";
  EXPECT_EQ(decode(unsigned_config(limits, {names.begin(), names.begin() + 3}), at), ChunkedError::none);
  EXPECT_EQ(decode(unsigned_config(limits, names), past), ChunkedError::too_many_trailers);
}

// --- HTTP chunked de-framer ---

HttpChunkedError deframe(sigv4::HttpChunkedDecoder& d, std::string_view wire) {
  const HttpChunkedError e = d.feed(wire, [](std::string_view) {});
  return e != HttpChunkedError::none ? e : d.finish();
}

TEST(HttpChunkedLimits, ChunkOfExactlyMaxChunkSizeIsAcceptedOneMoreByteIsNot) {
  sigv4::HttpChunkedDecoder at(16);
  EXPECT_EQ(deframe(at, "10\r\n" + std::string(16, 'a') + "\r\n0\r\n\r\n"), HttpChunkedError::none);
  sigv4::HttpChunkedDecoder past(16);
  EXPECT_EQ(deframe(past, "11\r\n"), HttpChunkedError::chunk_too_large);
}

TEST(HttpChunkedLimits, SizeLineOfExactlyMaxLineLengthIsAcceptedOneMoreIsNot) {
  sigv4::HttpChunkedDecoder at(1024, 8);
  EXPECT_EQ(deframe(at, "00000001\r\nx\r\n0\r\n\r\n"), HttpChunkedError::none);
  sigv4::HttpChunkedDecoder past(1024, 8);
  EXPECT_EQ(deframe(past, "000000001\r\nx\r\n0\r\n\r\n"), HttpChunkedError::line_too_long);
}

TEST(HttpChunkedLimits, TrailerLineOfExactlyMaxLineLengthIsAcceptedOneMoreIsNot) {
  sigv4::HttpChunkedDecoder at(1024, 8);
  EXPECT_EQ(deframe(at, "0\r\nX-T:1234\r\n\r\n"), HttpChunkedError::none);
  sigv4::HttpChunkedDecoder past(1024, 8);
  EXPECT_EQ(deframe(past, "0\r\nX-T:12345\r\n\r\n"), HttpChunkedError::line_too_long);
}

TEST(HttpChunkedLimits, ExactlyMaxTrailersAreAcceptedOneMoreIsNot) {
  sigv4::HttpChunkedDecoder at(1024, 4096, 2);
  EXPECT_EQ(deframe(at, "0\r\nA:1\r\nB:2\r\n\r\n"), HttpChunkedError::none);
  EXPECT_EQ(at.trailers().size(), 2u);
  sigv4::HttpChunkedDecoder past(1024, 4096, 2);
  EXPECT_EQ(deframe(past, "0\r\nA:1\r\nB:2\r\nC:3\r\n\r\n"), HttpChunkedError::too_many_trailers);
}

// --- raw request parser ---

TEST(RawRequestLimits, LineOfExactlyMaxLineLengthIsAcceptedOneMoreIsNot) {
  sigv4::RawRequestLimits limits;
  limits.max_line_length = 20;
  const std::string at = "X:" + std::string(18, 'v');
  const std::string past = "X:" + std::string(19, 'v');
  EXPECT_TRUE(sigv4::parse_raw_request("GET / HTTP/1.1\n" + at + "\n\n", limits).request);
  EXPECT_FALSE(sigv4::parse_raw_request("GET / HTTP/1.1\n" + past + "\n\n", limits).request);
  // The request line too.
  const std::string line_at = "GET /" + std::string(6, 'p') + " HTTP/1.1";
  ASSERT_EQ(line_at.size(), 20u);
  EXPECT_TRUE(sigv4::parse_raw_request(line_at + "\n\n", limits).request);
  EXPECT_FALSE(sigv4::parse_raw_request("GET /" + std::string(7, 'p') + " HTTP/1.1\n\n", limits).request);
}

TEST(RawRequestLimits, ExactlyMaxHeadersAreAcceptedOneMoreIsNot) {
  sigv4::RawRequestLimits limits;
  limits.max_headers = 3;
  EXPECT_TRUE(sigv4::parse_raw_request("GET / HTTP/1.1\nA:1\nB:2\nC:3\n\n", limits).request);
  const auto past = sigv4::parse_raw_request("GET / HTTP/1.1\nA:1\nB:2\nC:3\nD:4\n\n", limits);
  EXPECT_FALSE(past.request);
  EXPECT_NE(past.error.find("more headers"), std::string::npos) << past.error;
}

TEST(RawRequestLimits, HeaderBytesOfExactlyTheLimitAreAcceptedOneMoreIsNot) {
  sigv4::RawRequestLimits limits;
  limits.max_header_bytes = 10;  // line bytes of the header section, line ends not counted
  EXPECT_TRUE(sigv4::parse_raw_request("GET / HTTP/1.1\nA:12\nB:3456\n\n", limits).request);
  const auto past = sigv4::parse_raw_request("GET / HTTP/1.1\nA:12\nB:34567\n\n", limits);
  EXPECT_FALSE(past.request);
  EXPECT_NE(past.error.find("headers larger"), std::string::npos) << past.error;
}

// --- chunk signer ---

TEST(ChunkSignerLimits, CredentialScopeOf256CharactersIsAcceptedOneMoreIsNot) {
  const auto time = sigv4::SigningTime::parse_or_throw("20261122T212128Z");
  const auto key = sigv4::SigningKey::derive("secret", time.date_stamp(), "us-east-1", "s3");
  const std::string seed(64, 'a');
  EXPECT_NO_THROW(sigv4::ChunkSigner(key, time, std::string(256, 's'), seed));
  EXPECT_THROW(sigv4::ChunkSigner(key, time, std::string(257, 's'), seed), sigv4::Error);
}

}  // namespace
