// SigV4a streaming (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD[-TRAILER]): the encoder's output, decoded
// by a server that holds only the sender's public key, round-trips whatever the sizes, checksum and
// slicing; the Content-Length computed before signing equals the bytes sent (signatures padded to 144);
// and every tampering is refused with the chunked error that names it.
#include <gtest/gtest.h>

#include <random>

#include "sigv4/chunked.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/error.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/sigv4a_key.hpp"

namespace {

using sigv4::ChecksumAlgorithm;
using sigv4::ChunkedError;
using sigv4::ChunkedMode;

const sigv4::Credentials kCreds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const sigv4::SigningTime kTime = sigv4::SigningTime::parse_or_throw("20130524T000000Z");
constexpr std::size_t kChunk = 8192;

std::string random_bytes(std::size_t n, std::mt19937& rng) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

struct Upload {
  sigv4::HttpRequest request;
  sigv4::SigningResult seed;
  std::string wire;
};

sigv4::ChunkedUploadOptions options(ChunkedMode mode, std::optional<ChecksumAlgorithm> checksum = std::nullopt) {
  sigv4::ChunkedUploadOptions o;
  o.mode = mode;
  o.chunk_size = kChunk;
  o.checksum = checksum;
  return o;
}

Upload upload(std::string_view data, const sigv4::ChunkedUploadOptions& o) {
  Upload u;
  u.request = sigv4::HttpRequest::from_url("PUT", "https://mrap.accesspoint.s3-global.amazonaws.com/key.bin");
  sigv4::ChunkedEncoder enc =
      sigv4::sign_chunked_upload(u.request, sigv4::ChunkSource::bytes(data), kCreds, {kTime, "us-east-1", "s3"}, o,
                                 sigv4::SigningSettings::s3().with_sigv4a("*"), &u.seed);
  for (auto piece = enc.next(); !piece.empty(); piece = enc.next()) u.wire.append(piece);
  EXPECT_TRUE(enc.done());
  return u;
}

struct Result {
  ChunkedError error = ChunkedError::none;
  std::string message, data;
  std::vector<sigv4::Header> trailers;
};

// Decodes as a server: configuration from the headers, the chain verified with the public key derived
// from the stored secret (the server never re-signs), wire bytes fed in random slices.
Result server_decode(const Upload& u, std::string_view wire, std::mt19937& rng, std::size_t max_slice,
                     std::string_view secret = kCreds.secret_access_key.reveal()) {
  std::vector<sigv4::HeaderView> views;
  for (const auto& h : u.request.headers) views.push_back({h.name, h.value});
  auto cfg = sigv4::ChunkedDecoderConfig::from_headers(views);
  Result r;
  if (!cfg.config) {
    r.error = ChunkedError::invalid_config;
    r.message = cfg.error;
    return r;
  }
  sigv4::ChunkSigner verifier(sigv4::sigv4a_public_key(kCreds.access_key_id, secret), kTime,
                              u.seed.credential_scope, u.seed.signature);
  sigv4::ChunkedDecoder dec(*cfg.config, std::move(verifier));
  std::uniform_int_distribution<std::size_t> slice(1, max_slice);
  for (std::size_t at = 0; at < wire.size();) {
    const std::size_t n = std::min(slice(rng), wire.size() - at);
    r.error = dec.feed(wire.substr(at, n), [&](std::string_view d) { r.data.append(d); });
    if (r.error != ChunkedError::none) break;
    at += n;
  }
  if (r.error == ChunkedError::none) r.error = dec.finish();
  r.message = dec.error_message();
  r.trailers = dec.trailers();
  return r;
}

std::string header_value(const sigv4::HttpRequest& r, std::string_view name) {
  const sigv4::Header* h = r.find_header(name);
  return h != nullptr ? h->value : "";
}

// Every "chunk-signature=" value in the wire, in order.
std::vector<std::string> chunk_signatures(const std::string& wire) {
  std::vector<std::string> out;
  const std::string key = ";chunk-signature=";
  for (std::size_t at = wire.find(key); at != std::string::npos; at = wire.find(key, at + 1))
    out.push_back(wire.substr(at + key.size(), wire.find("\r\n", at) - at - key.size()));
  return out;
}

TEST(Sigv4aChunked, RequestCarriesTheEcdsaStreamingLiteralAndTheV4aScope) {
  const Upload u = upload("hello", options(ChunkedMode::ecdsa_signed_payload));
  EXPECT_EQ(header_value(u.request, "x-amz-content-sha256"), "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD");
  EXPECT_EQ(header_value(u.request, "X-Amz-Region-Set"), "*");
  EXPECT_EQ(u.seed.credential_scope, "20130524/s3/aws4_request");
  EXPECT_EQ(header_value(u.request, "Authorization").rfind("AWS4-ECDSA-P256-SHA256 ", 0), 0u);
  const Upload t =
      upload("hello", options(ChunkedMode::ecdsa_signed_payload_trailer, ChecksumAlgorithm::crc32c));
  EXPECT_EQ(header_value(t.request, "x-amz-content-sha256"), "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER");
}

TEST(Sigv4aChunked, ContentLengthComputedBeforeSigningEqualsTheWireBecauseSignaturesArePaddedTo144) {
  std::mt19937 rng(7);
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, kChunk - 1, kChunk, kChunk + 1, 3 * kChunk + 17}) {
    for (auto o : {options(ChunkedMode::ecdsa_signed_payload),
                   options(ChunkedMode::ecdsa_signed_payload_trailer, ChecksumAlgorithm::crc32),
                   options(ChunkedMode::ecdsa_signed_payload_trailer, ChecksumAlgorithm::sha256)}) {
      const Upload u = upload(random_bytes(size, rng), o);
      EXPECT_EQ(header_value(u.request, "Content-Length"), std::to_string(u.wire.size())) << size;
      EXPECT_EQ(sigv4::chunked_wire_length(size, o), u.wire.size());
      EXPECT_EQ(header_value(u.request, "x-amz-decoded-content-length"), std::to_string(size));
    }
  }
}

TEST(Sigv4aChunked, EachChunkSignatureIsDerHexRightPaddedWithStarsTo144) {
  std::mt19937 rng(8);
  const Upload u = upload(random_bytes(5 * kChunk, rng), options(ChunkedMode::ecdsa_signed_payload));
  const auto sigs = chunk_signatures(u.wire);
  ASSERT_EQ(sigs.size(), 6u);  // five data chunks and the final one
  for (const std::string& s : sigs) {
    ASSERT_EQ(s.size(), 144u);
    const std::size_t hex = s.find_first_not_of("0123456789abcdef");
    const std::size_t n = hex == std::string::npos ? s.size() : hex;
    EXPECT_EQ(n % 2, 0u);
    EXPECT_GE(n, 16u);
    EXPECT_EQ(s.substr(0, 2), "30");  // a DER SEQUENCE
    EXPECT_EQ(s.find_first_not_of('*', n), std::string::npos) << s;
  }
}

TEST(Sigv4aChunked, ChunkStringToSignFollowsTheEcdsaPayloadRule) {
  const auto key = sigv4::cached_sigv4a_signing_key(kCreds.access_key_id, kCreds.secret_access_key.reveal());
  const std::string seed = key.sign_hex("seed");
  sigv4::ChunkSigner s(key, kTime, "20130524/s3/aws4_request", seed);
  std::string sts;
  s.chunk_string_to_sign(sigv4::crypto::sha256("abc"), sts);
  EXPECT_EQ(sts, "AWS4-ECDSA-P256-SHA256-PAYLOAD\n20130524T000000Z\n20130524/s3/aws4_request\n" + seed +
                     "\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
                     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // The next string chains from the previous signature without its padding.
  const std::string wire = s.sign_chunk("abc");
  const std::string unpadded = wire.substr(0, wire.find('*'));
  EXPECT_EQ(s.previous_signature(), unpadded);
  s.trailer_string_to_sign("x-amz-checksum-crc32:NSRBwg==\n", sts);
  EXPECT_EQ(sts, "AWS4-ECDSA-P256-SHA256-TRAILER\n20130524T000000Z\n20130524/s3/aws4_request\n" + unpadded + "\n" +
                     sigv4::crypto::hex(sigv4::crypto::sha256("x-amz-checksum-crc32:NSRBwg==\n")));
  // The signature verifies with the public key over that string (checked independently in
  // tests/sigv4a/independent_check_test.cpp).
  EXPECT_TRUE(key.public_key().verify_sha256_hex(
      "AWS4-ECDSA-P256-SHA256-PAYLOAD\n20130524T000000Z\n20130524/s3/aws4_request\n" + seed +
          "\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      unpadded));
}

TEST(Sigv4aChunked, RoundTripsInEveryModeSizeChecksumAndSlicing) {
  std::mt19937 rng(2026);
  std::uniform_int_distribution<std::size_t> size(0, 6 * kChunk);
  int cases = 0;
  for (int i = 0; i < 12; ++i) {
    for (auto o : {options(ChunkedMode::ecdsa_signed_payload),
                   options(ChunkedMode::ecdsa_signed_payload_trailer, ChecksumAlgorithm::crc32),
                   options(ChunkedMode::ecdsa_signed_payload_trailer, ChecksumAlgorithm::crc32c),
                   options(ChunkedMode::ecdsa_signed_payload_trailer, ChecksumAlgorithm::crc64nvme),
                   options(ChunkedMode::ecdsa_signed_payload_trailer, ChecksumAlgorithm::sha1),
                   options(ChunkedMode::ecdsa_signed_payload_trailer, ChecksumAlgorithm::sha256)}) {
      const std::string data = random_bytes(i == 0 ? 0 : size(rng), rng);
      const Upload u = upload(data, o);
      const Result r = server_decode(u, u.wire, rng, i % 2 == 0 ? 7 : 70000);
      ASSERT_EQ(r.error, ChunkedError::none) << r.message;
      EXPECT_EQ(r.data, data);
      if (o.checksum) {
        ASSERT_EQ(r.trailers.size(), 1u);
        EXPECT_EQ(r.trailers[0].name, sigv4::checksum_header_name(*o.checksum));
      }
      ++cases;
    }
  }
  EXPECT_EQ(cases, 72);
}

// Tampering helpers: each returns the wire with one thing changed.
std::string replace_at(std::string wire, std::size_t at, char c) {
  wire[at] = c;
  return wire;
}

class Sigv4aChunkedTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = random_bytes(3 * kChunk + 100, rng_);
    plain_ = upload(data_, options(ChunkedMode::ecdsa_signed_payload));
    trailer_ = upload(data_, options(ChunkedMode::ecdsa_signed_payload_trailer, ChecksumAlgorithm::crc32c));
    ASSERT_EQ(decode(plain_, plain_.wire), ChunkedError::none);
    ASSERT_EQ(decode(trailer_, trailer_.wire), ChunkedError::none);
  }
  ChunkedError decode(const Upload& u, const std::string& wire) { return server_decode(u, wire, rng_, 5000).error; }

  std::mt19937 rng_{99};
  std::string data_;
  Upload plain_, trailer_;
};

TEST_F(Sigv4aChunkedTamper, ChangedChunkDataIsAChunkSignatureMismatch) {
  const std::size_t data_start = plain_.wire.find("\r\n") + 2;
  for (std::size_t at : {data_start, data_start + 5000, plain_.wire.rfind("0;chunk") - 10}) {
    std::string w = plain_.wire;
    w[at] = static_cast<char>(w[at] ^ 1);
    EXPECT_EQ(decode(plain_, w), ChunkedError::chunk_signature_mismatch) << at;
  }
}

TEST_F(Sigv4aChunkedTamper, ChangedChunkSignatureIsAChunkSignatureMismatch) {
  const std::size_t sig = plain_.wire.find("chunk-signature=") + 16;
  // A hex digit changed inside the DER (the s value's last byte area): still well-formed hex.
  const std::size_t at = sig + 100;
  const char c = plain_.wire[at] == '0' ? '1' : '0';
  EXPECT_EQ(decode(plain_, replace_at(plain_.wire, at, c)), ChunkedError::chunk_signature_mismatch);
}

TEST_F(Sigv4aChunkedTamper, SignatureFromAnotherUploadOfTheSameDataIsRefused) {
  // ECDSA signatures are randomised: a second upload of the same data has other signatures, and they
  // chain from another seed, so splicing one in fails.
  const Upload other = upload(data_, options(ChunkedMode::ecdsa_signed_payload));
  const auto mine = chunk_signatures(plain_.wire), theirs = chunk_signatures(other.wire);
  ASSERT_NE(mine[0], theirs[0]);
  std::string w = plain_.wire;
  w.replace(w.find(mine[1]), 144, theirs[1]);
  EXPECT_EQ(decode(plain_, w), ChunkedError::chunk_signature_mismatch);
}

TEST_F(Sigv4aChunkedTamper, BrokenPaddingOrAnUpperCaseSignatureIsAMalformedChunkHeader) {
  const std::size_t sig = plain_.wire.find("chunk-signature=") + 16;
  const std::size_t star = plain_.wire.find('*', sig);
  if (star != std::string::npos && star < sig + 144) {
    EXPECT_EQ(decode(plain_, replace_at(plain_.wire, star + (sig + 144 - star) / 2, '0')),
              ChunkedError::malformed_chunk_header);
  }
  EXPECT_EQ(decode(plain_, replace_at(plain_.wire, sig, '#')), ChunkedError::malformed_chunk_header);
  std::string upper = plain_.wire;
  for (std::size_t i = sig; i < sig + 140; ++i)
    if (upper[i] >= 'a' && upper[i] <= 'f') upper[i] = static_cast<char>(upper[i] - 32);
  EXPECT_EQ(decode(plain_, upper), ChunkedError::malformed_chunk_header);
}

TEST_F(Sigv4aChunkedTamper, SwappedChunksAreRefused) {
  // Chunks 1 and 2 are both full-size: swapping them keeps the framing, breaks the chain.
  const std::size_t c1 = plain_.wire.find("\r\n2000;") + 2;
  const std::size_t c2 = plain_.wire.find("\r\n2000;", c1) + 2;
  const std::size_t len = c2 - c1;
  std::string w = plain_.wire;
  w.replace(c1, len, plain_.wire.substr(c2, len));
  w.replace(c2, len, plain_.wire.substr(c1, len));
  EXPECT_EQ(decode(plain_, w), ChunkedError::chunk_signature_mismatch);
}

TEST_F(Sigv4aChunkedTamper, ChangedFinalChunkSignatureIsAFinalSignatureMismatch) {
  const std::size_t sig = plain_.wire.rfind("0;chunk-signature=") + 18;
  const char c = plain_.wire[sig + 90] == '0' ? '1' : '0';
  EXPECT_EQ(decode(plain_, replace_at(plain_.wire, sig + 90, c)), ChunkedError::final_signature_mismatch);
}

TEST_F(Sigv4aChunkedTamper, ChangedTrailerValueOrSignatureIsATrailerSignatureMismatch) {
  const std::size_t value = trailer_.wire.find("x-amz-checksum-crc32c:") + 22;
  EXPECT_EQ(decode(trailer_, replace_at(trailer_.wire, value, trailer_.wire[value] == 'A' ? 'B' : 'A')),
            ChunkedError::trailer_signature_mismatch);
  const std::size_t sig = trailer_.wire.find("x-amz-trailer-signature:") + 24;
  EXPECT_EQ(decode(trailer_, replace_at(trailer_.wire, sig + 80, trailer_.wire[sig + 80] == '0' ? '1' : '0')),
            ChunkedError::trailer_signature_mismatch);
}

TEST_F(Sigv4aChunkedTamper, MissingTrailerSignatureOrTrailerOrderIsRefused) {
  const std::size_t line = trailer_.wire.find("x-amz-trailer-signature:");
  std::string without = trailer_.wire;
  without.erase(line, without.find("\r\n", line) + 2 - line);
  EXPECT_EQ(decode(trailer_, without), ChunkedError::missing_trailer_signature);
  // The signature line first, then the checksum: it is checked over the trailers before it (none), so
  // it does not match.
  const std::size_t checksum = trailer_.wire.find("x-amz-checksum-crc32c:");
  const std::string checksum_line = trailer_.wire.substr(checksum, line - checksum);
  const std::string sig_line = trailer_.wire.substr(line, trailer_.wire.find("\r\n", line) + 2 - line);
  std::string swapped = trailer_.wire.substr(0, checksum) + sig_line + checksum_line + "\r\n";
  EXPECT_EQ(decode(trailer_, swapped), ChunkedError::trailer_signature_mismatch);
}

TEST_F(Sigv4aChunkedTamper, AnotherSecretsPublicKeyRefusesTheFirstChunk) {
  const Result r = server_decode(plain_, plain_.wire, rng_, 5000, "another-secret");
  EXPECT_EQ(r.error, ChunkedError::chunk_signature_mismatch);
  EXPECT_TRUE(r.data.empty());  // nothing released before verification
}

TEST(Sigv4aChunked, AlgorithmMismatchesAreRefused) {
  // An ECDSA mode with a SigV4 request, and an HMAC mode with a SigV4a request.
  sigv4::HttpRequest r = sigv4::HttpRequest::from_url("PUT", "https://b.s3.amazonaws.com/k");
  EXPECT_THROW((void)sigv4::sign_chunked_upload(r, sigv4::ChunkSource::bytes("x"), kCreds, {kTime, "us-east-1", "s3"},
                                                options(ChunkedMode::ecdsa_signed_payload)),
               sigv4::Error);
  EXPECT_THROW((void)sigv4::sign_chunked_upload(r, sigv4::ChunkSource::bytes("x"), kCreds, {kTime, "us-east-1", "s3"},
                                                options(ChunkedMode::signed_payload),
                                                sigv4::SigningSettings::s3().with_sigv4a()),
               sigv4::Error);
  // A decoder for an ECDSA mode given an HMAC chain is misconfigured.
  sigv4::ChunkedDecoderConfig cfg;
  cfg.mode = ChunkedMode::ecdsa_signed_payload;
  sigv4::ChunkedDecoder dec(cfg, sigv4::ChunkSigner(sigv4::SigningKey::derive("s", "20130524", "us-east-1", "s3"),
                                                    kTime, "20130524/us-east-1/s3/aws4_request", std::string(64, 'a')));
  EXPECT_EQ(dec.finish(), ChunkedError::invalid_config);
  // chunked_mode_for follows the algorithm.
  EXPECT_EQ(sigv4::chunked_mode_for(ChunkedMode::signed_payload_trailer, sigv4::SigningAlgorithm::ecdsa_p256_sha256),
            ChunkedMode::ecdsa_signed_payload_trailer);
  EXPECT_EQ(sigv4::chunked_mode_for(ChunkedMode::ecdsa_signed_payload, sigv4::SigningAlgorithm::hmac_sha256),
            ChunkedMode::signed_payload);
  EXPECT_EQ(sigv4::chunked_mode_from_literal("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER"),
            ChunkedMode::ecdsa_signed_payload_trailer);
}

TEST(Sigv4aChunked, VerifyOnlyChainCannotSignAndSeedsAreChecked) {
  const auto key = sigv4::cached_sigv4a_signing_key(kCreds.access_key_id, kCreds.secret_access_key.reveal());
  const std::string seed = key.sign_hex("seed");
  sigv4::ChunkSigner verify_only(key.public_key(), kTime, "20130524/s3/aws4_request", seed);
  EXPECT_THROW((void)verify_only.sign_chunk("x"), sigv4::Error);
  EXPECT_THROW(sigv4::ChunkSigner(key, kTime, "20130524/s3/aws4_request", std::string(64, 'g')), sigv4::Error);
  EXPECT_THROW(sigv4::ChunkSigner(key, kTime, "20130524/s3/aws4_request", std::string(146, 'a')), sigv4::Error);
  EXPECT_THROW(sigv4::ChunkSigner(key, kTime, "20130524/s3/aws4_request", "abc"), sigv4::Error);
  // A padded seed is accepted and its padding dropped from the chain.
  sigv4::ChunkSigner padded(key, kTime, "20130524/s3/aws4_request", seed + std::string(144 - seed.size(), '*'));
  EXPECT_EQ(padded.previous_signature(), seed);
}

}  // namespace
