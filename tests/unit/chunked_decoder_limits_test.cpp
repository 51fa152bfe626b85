// The decoder's limits and error codes, one rule per test: each malformed or hostile body is refused
// with its own ChunkedError, mapped to the S3 error a server answers with, and memory stays bounded.
#include <gtest/gtest.h>

#include "sigv4/chunked.hpp"
#include "sigv4/crypto/sha256.hpp"

namespace {

using sigv4::ChecksumAlgorithm;
using sigv4::ChunkedError;
using sigv4::ChunkedMode;

const sigv4::SigningTime kTime = sigv4::SigningTime::parse_or_throw("20261122T212128Z");
const std::string kSeed(64, '7');

sigv4::ChunkSigner signer() {
  return sigv4::ChunkSigner(sigv4::SigningKey::derive("secret", kTime.date_stamp(), "us-east-1", "s3"), kTime,
                            "20261122/us-east-1/s3/aws4_request", kSeed);
}

std::string crc32_of(std::string_view d) {
  return sigv4::compute_checksum(ChecksumAlgorithm::crc32, d).base64();
}

sigv4::ChunkedDecoderConfig unsigned_config(std::vector<std::string> trailers = {"x-amz-checksum-crc32"}) {
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::unsigned_payload_trailer;
  c.declared_trailers = std::move(trailers);
  return c;
}

// An unsigned-trailer body with these chunks and the CRC32 trailer of their data.
std::string unsigned_body(const std::vector<std::string>& chunks, std::string trailers = "") {
  std::string w, all;
  char hex[32];
  for (const auto& c : chunks) {
    std::snprintf(hex, sizeof hex, "%zx", c.size());
    w.append(hex).append("\r\n").append(c).append("\r\n");
    all += c;
  }
  if (trailers.empty()) trailers = "x-amz-checksum-crc32:" + crc32_of(all) + "\r\n";
  return w + "0\r\n" + trailers + "\r\n";
}

// A signed body (chain from kSeed), with the trailer block for the signed-trailer mode.
std::string signed_body(const std::vector<std::string>& chunks, ChunkedMode mode) {
  sigv4::ChunkSigner s = signer();
  std::string w, all;
  char hex[32];
  for (const auto& c : chunks) {
    std::snprintf(hex, sizeof hex, "%zx", c.size());
    w.append(hex).append(";chunk-signature=").append(s.sign_chunk(c)).append("\r\n").append(c).append("\r\n");
    all += c;
  }
  w.append("0;chunk-signature=").append(s.sign_chunk("")).append("\r\n");
  if (mode == ChunkedMode::signed_payload) return w + "\r\n";
  std::string canonical;
  sigv4::append_canonical_trailer(canonical, "x-amz-checksum-crc32", crc32_of(all));
  char sig[64];
  s.sign_trailer(canonical, sig);
  return w + "x-amz-checksum-crc32:" + crc32_of(all) + "\r\nx-amz-trailer-signature:" + std::string(sig, 64) +
         "\r\n\r\n";
}

struct Outcome {
  ChunkedError error;
  std::string message;
  std::string released;
  std::size_t sink_calls = 0;
};

Outcome run(const sigv4::ChunkedDecoderConfig& config, std::string_view wire, bool signed_chain = false,
            std::size_t slice = 0) {
  sigv4::ChunkedDecoder dec(config, signed_chain ? std::optional(signer()) : std::nullopt);
  Outcome o{ChunkedError::none, {}, {}, 0};
  auto sink = [&o](std::string_view d) {
    o.released.append(d);
    ++o.sink_calls;
  };
  for (std::size_t at = 0; at < wire.size() && o.error == ChunkedError::none;
       at += slice ? slice : wire.size())
    o.error = dec.feed(wire.substr(at, slice ? slice : wire.size()), sink);
  if (o.error == ChunkedError::none) o.error = dec.finish();
  o.message = dec.error_message();
  return o;
}

TEST(ChunkedDecoderLimits, WellFormedBodiesOfEveryModeDecode) {
  EXPECT_EQ(run(unsigned_config(), unsigned_body({"hello", " world"})).released, "hello world");
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload;
  EXPECT_EQ(run(c, signed_body({"hello", " world"}, c.mode), true).released, "hello world");
  c.mode = ChunkedMode::signed_payload_trailer;
  c.declared_trailers = {"x-amz-checksum-crc32"};
  EXPECT_EQ(run(c, signed_body({"hello", " world"}, c.mode), true).released, "hello world");
}

TEST(ChunkedDecoderLimits, UpperCaseHexSizesAndLeadingZerosAreAccepted) {
  const std::string data(0x4E, 'q');
  std::string w = unsigned_body({data});
  w.replace(0, 2, "0004E");
  EXPECT_EQ(run(unsigned_config(), w).error, ChunkedError::none);
}

TEST(ChunkedDecoderLimits, ChunkAboveTheMaximumIsRefusedBeforeItsDataIsRead) {
  const Outcome o = run(unsigned_config(), "1000001\r\n");  // 16 MiB + 1
  EXPECT_EQ(o.error, ChunkedError::chunk_too_large);
  EXPECT_EQ(sigv4::s3_error_code(o.error), "InvalidChunkSizeError");
  auto c = unsigned_config();
  c.limits.max_chunk_size = 4;
  EXPECT_EQ(run(c, unsigned_body({"hello"})).error, ChunkedError::chunk_too_large);
}

TEST(ChunkedDecoderLimits, ChunkSizeBeyond64BitsIsAnOverflow) {
  EXPECT_EQ(run(unsigned_config(), "10000000000000000\r\n").error, ChunkedError::chunk_size_overflow);
  EXPECT_EQ(run(unsigned_config(), "fffffffffffffffff\r\n").error, ChunkedError::chunk_size_overflow);
}

TEST(ChunkedDecoderLimits, ChunkSizeThatIsNotHexIsInvalid) {
  for (const char* w : {"\r\n", "g\r\n", " 5\r\n", "5 \r\n", "-5\r\n", "0x5\r\n"})
    EXPECT_EQ(run(unsigned_config(), w).error, ChunkedError::chunk_size_invalid) << w;
}

TEST(ChunkedDecoderLimits, OverlongChunkHeaderLineIsRefusedWithoutBufferingIt) {
  const std::string w = std::string(5000, '0') + "\r\n";
  EXPECT_EQ(run(unsigned_config(), w, false, 1).error, ChunkedError::chunk_header_too_long);
}

TEST(ChunkedDecoderLimits, ChunkExtensionsMustMatchTheMode) {
  EXPECT_EQ(run(unsigned_config(), "5;chunk-signature=" + std::string(64, 'a') + "\r\nhello\r\n").error,
            ChunkedError::malformed_chunk_header);
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload;
  EXPECT_EQ(run(c, "5\r\nhello\r\n", true).error, ChunkedError::malformed_chunk_header);
  EXPECT_EQ(run(c, "5;chunk-signature=" + std::string(64, 'A') + "\r\n", true).error,
            ChunkedError::malformed_chunk_header);
  EXPECT_EQ(run(c, "5;chunk-signature=" + std::string(63, 'a') + "\r\n", true).error,
            ChunkedError::malformed_chunk_header);
  EXPECT_EQ(run(c, "5;chunk-signaturf=" + std::string(64, 'a') + "\r\n", true).error,
            ChunkedError::malformed_chunk_header);
}

TEST(ChunkedDecoderLimits, MissingCrlfAfterDataOrABareLfIsRefused) {
  EXPECT_EQ(run(unsigned_config(), "5\r\nhello\n\r\n").error, ChunkedError::missing_crlf);
  EXPECT_EQ(run(unsigned_config(), "5\r\nhelloX\r\n").error, ChunkedError::missing_crlf);
  EXPECT_EQ(run(unsigned_config(), "5\nhello\r\n").error, ChunkedError::missing_crlf);
  EXPECT_EQ(run(unsigned_config(), "5\r\rhello\r\n").error, ChunkedError::missing_crlf);
  // A bare LF ending the empty line after the trailers.
  std::string w = unsigned_body({"hello"});
  w.replace(w.size() - 2, 2, "\n");
  EXPECT_EQ(run(unsigned_config(), w).error, ChunkedError::missing_crlf);
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload;
  w = signed_body({"hello"}, c.mode);
  w.back() = 'x';
  EXPECT_EQ(run(c, w, true).error, ChunkedError::missing_crlf);
  EXPECT_EQ(sigv4::s3_error_code(ChunkedError::missing_crlf), "IncompleteBody");
}

TEST(ChunkedDecoderLimits, MinioGoTrailerLineEndingLfCrLfIsAccepted) {
  std::string w = unsigned_body({"hello"});
  w.insert(w.find("==\r\n") + 2, "\n");
  EXPECT_EQ(run(unsigned_config(), w).error, ChunkedError::none);
}

TEST(ChunkedDecoderLimits, TruncatedBodyIsIncomplete) {
  const std::string w = unsigned_body({"hello"});
  for (std::size_t cut = 0; cut < w.size(); ++cut) {
    const Outcome o = run(unsigned_config(), std::string_view(w).substr(0, cut));
    EXPECT_EQ(o.error, ChunkedError::truncated_body) << cut;
  }
}

TEST(ChunkedDecoderLimits, BytesAfterTheEndAreRefused) {
  EXPECT_EQ(run(unsigned_config(), unsigned_body({"hello"}) + "\r\n").error, ChunkedError::extra_bytes);
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload;
  EXPECT_EQ(run(c, signed_body({"hello"}, c.mode) + "0", true).error, ChunkedError::extra_bytes);
}

TEST(ChunkedDecoderLimits, DecodedLengthMustMatchXAmzDecodedContentLength) {
  auto c = unsigned_config();
  c.decoded_content_length = 11;
  EXPECT_EQ(run(c, unsigned_body({"hello", " world"})).error, ChunkedError::none);
  c.decoded_content_length = 12;
  EXPECT_EQ(run(c, unsigned_body({"hello", " world"})).error, ChunkedError::decoded_length_mismatch);
  // Announcing more than declared is refused at the chunk header, before its data is released.
  c.decoded_content_length = 7;
  const Outcome o = run(c, unsigned_body({"hello", " world"}));
  EXPECT_EQ(o.error, ChunkedError::decoded_length_mismatch);
  EXPECT_EQ(o.released, "hello");
}

TEST(ChunkedDecoderLimits, WrongFinalChunkSignatureIsItsOwnError) {
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload;
  std::string w = signed_body({std::string(9000, 'a'), "b"}, c.mode);
  const std::size_t last = w.rfind(";chunk-signature=") + 20;
  w[last] = w[last] == '0' ? '1' : '0';
  const Outcome o = run(c, w, true);
  EXPECT_EQ(o.error, ChunkedError::final_signature_mismatch);
  EXPECT_EQ(o.released, std::string(9000, 'a') + "b");  // the data chunks themselves were valid
  EXPECT_EQ(sigv4::s3_http_status(o.error), 403);
}

TEST(ChunkedDecoderLimits, S3MinimumChunkSizeAppliesToEveryChunkButTheLast) {
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload;
  c.chunk_size_rule = sigv4::ChunkSizeRule::s3_minimum;
  EXPECT_EQ(run(c, signed_body({std::string(8192, 'a'), "tail"}, c.mode), true).error, ChunkedError::none);
  const Outcome o = run(c, signed_body({std::string(8191, 'a'), "tail"}, c.mode), true);
  EXPECT_EQ(o.error, ChunkedError::chunk_too_small);
  EXPECT_EQ(sigv4::s3_error_code(o.error), "InvalidChunkSizeError");
  c.chunk_size_rule = sigv4::ChunkSizeRule::any_size;
  EXPECT_EQ(run(c, signed_body({"a", "b", "c"}, c.mode), true).error, ChunkedError::none);
}

TEST(ChunkedDecoderLimits, OverlongTrailerLineIsRefused) {
  const std::string w = unsigned_body({"hello"}, "x-amz-checksum-crc32:" + std::string(3000, 'A') + "\r\n");
  EXPECT_EQ(run(unsigned_config(), w, false, 100).error, ChunkedError::trailer_line_too_long);
}

TEST(ChunkedDecoderLimits, TooManyTrailersAreRefused) {
  std::vector<std::string> names;
  std::string trailers;
  for (int i = 0; i < 9; ++i) {
    names.push_back("x-amz-meta-t" + std::to_string(i));
    trailers += "x-amz-meta-t" + std::to_string(i) + ":v\r\n";
  }
  const Outcome o = run(unsigned_config(names), unsigned_body({"hello"}, trailers));
  EXPECT_EQ(o.error, ChunkedError::too_many_trailers);
  EXPECT_EQ(sigv4::s3_error_code(o.error), "MalformedTrailerError");
}

TEST(ChunkedDecoderLimits, MalformedUndeclaredRepeatedOrNonBase64TrailersAreMalformed) {
  const std::string crc = crc32_of("hello");
  for (const std::string& t : {std::string("no-colon\r\n"), std::string(":novalue\r\n"),
                               "x-amz-checksum-crc32c:" + crc + "\r\n",  // not declared
                               "x-amz-checksum-crc32:" + crc + "\r\nx-amz-checksum-crc32:" + crc + "\r\n",
                               std::string("x-amz-checksum-crc32:not base64!\r\n"),
                               std::string("x-amz-checksum-crc32:AAAAAAAAAAA=\r\n"),  // 8 bytes, not 4
                               "x-amz-trailer-signature:" + std::string(64, 'a') + "\r\n"})
    EXPECT_EQ(run(unsigned_config(), unsigned_body({"hello"}, t)).error, ChunkedError::malformed_trailer)
        << t;
}

TEST(ChunkedDecoderLimits, DeclaredTrailerThatNeverCameIsMissing) {
  const Outcome o = run(unsigned_config(), "5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(o.error, ChunkedError::missing_trailer);
  EXPECT_EQ(sigv4::s3_error_code(o.error), "MalformedTrailerError");
}

TEST(ChunkedDecoderLimits, SignedTrailerModeNeedsTheTrailerSignatureLast) {
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload_trailer;
  c.declared_trailers = {"x-amz-checksum-crc32"};
  const std::string w = signed_body({"hello"}, c.mode);
  const std::size_t sig = w.find("x-amz-trailer-signature");
  EXPECT_EQ(run(c, w.substr(0, sig) + "\r\n", true).error, ChunkedError::missing_trailer_signature);
  // The signature first, the checksum after it.
  const std::size_t crc = w.find("x-amz-checksum-crc32");
  const std::string crc_line = w.substr(crc, sig - crc), sig_line = w.substr(sig, w.size() - 2 - sig);
  EXPECT_NE(run(c, w.substr(0, crc) + sig_line + crc_line + "\r\n", true).error, ChunkedError::none);
  std::string bad = w;
  bad[sig + 30] = bad[sig + 30] == '0' ? '1' : '0';
  EXPECT_EQ(run(c, bad, true).error, ChunkedError::trailer_signature_mismatch);
}

TEST(ChunkedDecoderLimits, TrailerChecksumMustMatchTheData) {
  const Outcome o =
      run(unsigned_config(), unsigned_body({"hello"}, "x-amz-checksum-crc32:" + crc32_of("hellO") + "\r\n"));
  EXPECT_EQ(o.error, ChunkedError::checksum_mismatch);
  EXPECT_EQ(sigv4::s3_error_code(o.error), "BadDigest");
  EXPECT_NE(o.message.find("x-amz-checksum-crc32"), std::string::npos) << o.message;
}

TEST(ChunkedDecoderLimits, ChecksumHeaderIsCheckedAgainstTheDecodedData) {
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload;
  c.header_checksum = sigv4::ExpectedChecksum{
      ChecksumAlgorithm::crc32c, sigv4::compute_checksum(ChecksumAlgorithm::crc32c, "hello").base64()};
  EXPECT_EQ(run(c, signed_body({"hello"}, c.mode), true).error, ChunkedError::none);
  c.header_checksum->base64 = sigv4::compute_checksum(ChecksumAlgorithm::crc32c, "hellO").base64();
  EXPECT_EQ(run(c, signed_body({"hello"}, c.mode), true).error, ChunkedError::checksum_mismatch);
}

TEST(ChunkedDecoderLimits, InconsistentConfigurationIsReportedNotGuessed) {
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload;
  EXPECT_EQ(run(c, signed_body({"hello"}, c.mode), false).error, ChunkedError::invalid_config);  // no signer
  c.declared_trailers = {"x-amz-checksum-crc32"};
  EXPECT_EQ(run(c, signed_body({"hello"}, c.mode), true).error, ChunkedError::invalid_config);
  EXPECT_EQ(
      run(unsigned_config({"x-amz-checksum-crc32", "x-amz-checksum-sha1"}), unsigned_body({"hello"})).error,
      ChunkedError::invalid_config);
  EXPECT_EQ(sigv4::s3_http_status(ChunkedError::invalid_config), 500);
}

TEST(ChunkedDecoderLimits, FirstErrorIsStickyAndNothingMoreIsReleased) {
  sigv4::ChunkedDecoder dec(unsigned_config(), std::nullopt);
  std::string got;
  auto sink = [&](std::string_view d) { got.append(d); };
  EXPECT_EQ(dec.feed("5\r\nhelloX", sink), ChunkedError::missing_crlf);
  EXPECT_EQ(dec.feed("\r\n3\r\nabc\r\n", sink), ChunkedError::missing_crlf);
  EXPECT_EQ(dec.finish(), ChunkedError::missing_crlf);
  EXPECT_EQ(got, "hello");  // unsigned mode: released as it came, before the error
  EXPECT_FALSE(dec.complete());
}

TEST(ChunkedDecoderLimits, AfterVerificationHoldsAtMostOneChunkAndReleasesItWhole) {
  sigv4::ChunkedDecoderConfig c;
  c.mode = ChunkedMode::signed_payload;
  const std::string w = signed_body({std::string(10000, 'a'), std::string(10000, 'b')}, c.mode);
  const Outcome o = run(c, w, true, 1);
  EXPECT_EQ(o.error, ChunkedError::none);
  EXPECT_EQ(o.sink_calls, 2u);  // one call per verified chunk, though fed one byte at a time
  c.release = sigv4::DataRelease::before_verification;
  EXPECT_EQ(run(c, w, true, 1).sink_calls, 20000u);
}

TEST(ChunkedDecoderConfigFromHeaders, ReadsModeLengthTrailersAndChecksumHeader) {
  const sigv4::HeaderView h[] = {{"X-Amz-Content-Sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"},
                                 {"X-Amz-Decoded-Content-Length", "5242880"},
                                 {"X-Amz-Trailer", " X-Amz-Checksum-CRC32C , x-amz-meta-a"}};
  const auto r = sigv4::ChunkedDecoderConfig::from_headers(h);
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->mode, ChunkedMode::signed_payload_trailer);
  EXPECT_EQ(r.config->decoded_content_length, 5242880u);
  EXPECT_EQ(r.config->declared_trailers, (std::vector<std::string>{"x-amz-checksum-crc32c", "x-amz-meta-a"}));
  const sigv4::HeaderView h2[] = {{"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
                                  {"x-amz-checksum-crc32c", "CatQ4g=="}};
  const auto r2 = sigv4::ChunkedDecoderConfig::from_headers(h2);
  ASSERT_TRUE(r2.config);
  EXPECT_EQ(r2.config->header_checksum->algorithm, ChecksumAlgorithm::crc32c);
}

TEST(ChunkedDecoderConfigFromHeaders, RefusesRequestsThatAreNotConsistentAwsChunked) {
  const std::vector<std::vector<sigv4::HeaderView>> bad = {
      {{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}},
      {{"x-amz-date", "20261122T212128Z"}},
      {{"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
       {"x-amz-decoded-content-length", "12a"}},
      {{"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
       {"x-amz-trailer", "x-amz-checksum-crc32"}},
      {{"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
       {"x-amz-trailer", "x-amz-checksum-crc32,x-amz-checksum-sha1"}},
  };
  for (const auto& h : bad) {
    const auto r = sigv4::ChunkedDecoderConfig::from_headers(h);
    EXPECT_FALSE(r.config);
    EXPECT_FALSE(r.error.empty());
  }
}

TEST(HttpChunkedDecoder, RemovesTransferCodingInAnySlicing) {
  const std::string w = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-T: v \r\n\r\n";
  for (std::size_t slice = 1; slice <= w.size(); ++slice) {
    sigv4::HttpChunkedDecoder d;
    std::string out;
    sigv4::HttpChunkedError e = sigv4::HttpChunkedError::none;
    for (std::size_t at = 0; at < w.size() && e == sigv4::HttpChunkedError::none; at += slice)
      e = d.feed(std::string_view(w).substr(at, slice), [&](std::string_view c) { out.append(c); });
    ASSERT_EQ(e, sigv4::HttpChunkedError::none);
    ASSERT_EQ(d.finish(), sigv4::HttpChunkedError::none);
    EXPECT_EQ(out, "Wikipedia in\r\n\r\nchunks.");
    ASSERT_EQ(d.trailers().size(), 1u);
    EXPECT_EQ(d.trailers()[0].value, "v");
  }
}

TEST(HttpChunkedDecoder, RefusesMalformedFraming) {
  auto err = [](std::string_view w) {
    sigv4::HttpChunkedDecoder d(1024);
    auto e = d.feed(w, nullptr);
    return e != sigv4::HttpChunkedError::none ? e : d.finish();
  };
  EXPECT_EQ(err("z\r\n"), sigv4::HttpChunkedError::invalid_chunk_size);
  EXPECT_EQ(err("401\r\n"), sigv4::HttpChunkedError::chunk_too_large);
  EXPECT_EQ(err("1\r\naX"), sigv4::HttpChunkedError::missing_crlf);
  EXPECT_EQ(err("1\na\r\n"), sigv4::HttpChunkedError::missing_crlf);
  EXPECT_EQ(err("1\r\na\r\n"), sigv4::HttpChunkedError::truncated);
  EXPECT_EQ(err("0\r\n\r\nx"), sigv4::HttpChunkedError::extra_bytes);
  EXPECT_EQ(err("0\r\nnocolon\r\n\r\n"), sigv4::HttpChunkedError::malformed_trailer);
}

}  // namespace
