// Chunk and trailer signatures against the values real clients computed (minio-go 7.0.46 captures in
// ../shared/captures), and the encoder's output against whole captured bodies.
#include <gtest/gtest.h>

#include "chunked/capture_util.hpp"
#include "sigv4/crypto/sha256.hpp"

namespace {

const std::string kDir = std::string(SIGV4_SHARED_DIR) + "/captures";
const sigv4::SigningTime kTime128 = sigv4::SigningTime::parse_or_throw("20261122T212128Z");
constexpr std::string_view kScope = "20261122/us-east-1/s3/aws4_request";

sigv4::SigningKey key_for(const sigv4::SigningTime& t) {
  return sigv4::SigningKey::derive(chunked_test::kSecret, t.date_stamp(), "us-east-1", "s3");
}

// minio-go-http-put-small-01: 20000 bytes in one chunk, then the final chunk.
TEST(ChunkSigner, ChunkSignaturesChainFromTheSeedAsMinioGoComputedThem) {
  sigv4::ChunkSigner s(key_for(kTime128), kTime128, kScope,
                       "90652dfb974bd805536910aec6b49ab63166c983a291d46487db72b402ca4cbb");
  EXPECT_EQ(s.sign_chunk(chunked_test::object_bytes(20000)),
            "8597459821db7f7273e6c045474e583c0bfff946d91a2afe5e0c19d3849d56c2");
  EXPECT_EQ(s.previous_signature(), "8597459821db7f7273e6c045474e583c0bfff946d91a2afe5e0c19d3849d56c2");
  EXPECT_EQ(s.sign_chunk(""), "dd6396640d3639e0f451fc2753a88d9fdde9209877e60bb1751ff02fc5b28b15");
}

// minio-go-http-signed-trailer-small-01: the trailer signature chains from the final chunk's and
// covers "x-amz-checksum-crc32c:ehRF4Q==\n" (minio-go sends the line as "...==\n\r\n").
TEST(ChunkSigner, TrailerSignatureCoversTheCanonicalTrailersAfterTheFinalChunk) {
  sigv4::ChunkSigner s(key_for(kTime128), kTime128, kScope,
                       "60d38d36a6a276936186fd3fd77354d1444bebb5a0156318f97338beeb4726bc");
  EXPECT_EQ(s.sign_chunk(chunked_test::object_bytes(20000)),
            "c5623a7e5259265f7b7409d7b2d7397c5f0855405bca93ce7bfce268daaf8041");
  EXPECT_EQ(s.sign_chunk(""), "748b2279ee3415bb92a41e4f2605f9346f4809cbe566a628f9494e746e287efe");
  std::string canonical;
  sigv4::append_canonical_trailer(canonical, "X-Amz-Checksum-Crc32c", " ehRF4Q== ");
  EXPECT_EQ(canonical, "x-amz-checksum-crc32c:ehRF4Q==\n");
  char sig[64];
  s.sign_trailer(canonical, sig);
  EXPECT_EQ(std::string_view(sig, 64), "34e18f2552c3eef261db91f0b0658c3859e3da5a9709ba348b53bce1eac67f19");
}

TEST(ChunkSigner, StringToSignHasTheDocumentedSixLines) {
  sigv4::ChunkSigner s(key_for(kTime128), kTime128, kScope, std::string(64, 'a'));
  std::string sts;
  s.chunk_string_to_sign(sigv4::crypto::sha256(""), sts);
  EXPECT_EQ(sts, "AWS4-HMAC-SHA256-PAYLOAD\n20261122T212128Z\n20261122/us-east-1/s3/aws4_request\n" +
                     std::string(64, 'a') + "\n" + std::string(sigv4::crypto::kEmptySha256Hex) + "\n" +
                     std::string(sigv4::crypto::kEmptySha256Hex));
  s.trailer_string_to_sign("", sts);
  EXPECT_EQ(sts, "AWS4-HMAC-SHA256-TRAILER\n20261122T212128Z\n20261122/us-east-1/s3/aws4_request\n" +
                     std::string(64, 'a') + "\n" + std::string(sigv4::crypto::kEmptySha256Hex));
}

TEST(ChunkSigner, VerifyAcceptsTheRightSignatureAndDoesNotAdvanceOnAWrongOne) {
  sigv4::ChunkSigner s(key_for(kTime128), kTime128, kScope,
                       "90652dfb974bd805536910aec6b49ab63166c983a291d46487db72b402ca4cbb");
  const auto hash = sigv4::crypto::sha256(chunked_test::object_bytes(20000));
  EXPECT_FALSE(s.verify_chunk(hash, "8597459821db7f7273e6c045474e583c0bfff946d91a2afe5e0c19d3849d56c3"));
  EXPECT_FALSE(s.verify_chunk(hash, "8597459821db7f7273e6c045474e583c0bfff946d91a2afe5e0c19d3849d56c"));
  EXPECT_EQ(s.previous_signature(), "90652dfb974bd805536910aec6b49ab63166c983a291d46487db72b402ca4cbb");
  EXPECT_TRUE(s.verify_chunk(hash, "8597459821db7f7273e6c045474e583c0bfff946d91a2afe5e0c19d3849d56c2"));
  EXPECT_EQ(s.previous_signature(), "8597459821db7f7273e6c045474e583c0bfff946d91a2afe5e0c19d3849d56c2");
}

TEST(ChunkSigner, RefusesASeedThatIsNotAHexSignature) {
  EXPECT_THROW(sigv4::ChunkSigner(key_for(kTime128), kTime128, kScope, "abc"), sigv4::Error);
  EXPECT_THROW(sigv4::ChunkSigner(key_for(kTime128), kTime128, kScope, std::string(64, 'A')), sigv4::Error);
  EXPECT_THROW(sigv4::ChunkSigner(key_for(kTime128), kTime128, "", std::string(64, 'a')), sigv4::Error);
}

// Encoding the captured object with the captured seed reproduces the client's body byte for byte.
std::string encode_like(const chunked_test::Capture& c, sigv4::ChunkedMode mode,
                        std::optional<sigv4::ChecksumAlgorithm> checksum) {
  const std::string object = chunked_test::object_bytes(c.decoded_length);
  sigv4::ChunkedUploadOptions o;
  o.mode = mode;
  o.checksum = checksum;
  sigv4::ChunkedEncoder enc(sigv4::ChunkSource::bytes(object), o, chunked_test::seed_signer(c, mode));
  std::string wire;
  for (auto piece = enc.next(); !piece.empty(); piece = enc.next()) wire.append(piece);
  EXPECT_EQ(wire.size(), sigv4::chunked_wire_length(c.decoded_length, o));
  return wire;
}

TEST(ChunkedEncoder, ReproducesMinioGoSignedChunkBodiesExactly) {
  for (const char* name :
       {"minio-go-http-put-01", "minio-go-http-put-small-01", "minio-go-http-put-unknown-02"}) {
    chunked_test::Capture c;
    std::string why;
    ASSERT_TRUE(chunked_test::load_capture(kDir, name, c, why)) << why;
    EXPECT_TRUE(encode_like(c, sigv4::ChunkedMode::signed_payload, std::nullopt) == c.aws_chunked_body)
        << name;
  }
}

TEST(ChunkedEncoder, ReproducesTheJsSdkUnsignedTrailerBodiesExactly) {
  const std::pair<const char*, sigv4::ChecksumAlgorithm> cases[] = {
      {"js-http-stream-01", sigv4::ChecksumAlgorithm::crc32},
      {"js-http-stream-crc32c-01", sigv4::ChecksumAlgorithm::crc32c},
      {"js-http-stream-sha256-01", sigv4::ChecksumAlgorithm::sha256}};
  for (auto [name, algorithm] : cases) {
    chunked_test::Capture c;
    std::string why;
    ASSERT_TRUE(chunked_test::load_capture(kDir, name, c, why)) << why;
    EXPECT_TRUE(encode_like(c, sigv4::ChunkedMode::unsigned_payload_trailer, algorithm) == c.aws_chunked_body)
        << name;
  }
}

// minio-go ends its trailer line "\n\r\n"; apart from that extra byte our body is the same, so every
// chunk signature and the trailer signature agree.
TEST(ChunkedEncoder, ReproducesMinioGoSignedTrailerBodiesExceptItsTrailerLineQuirk) {
  for (const char* name : {"minio-go-http-signed-trailer-01", "minio-go-http-signed-trailer-small-01"}) {
    chunked_test::Capture c;
    std::string why;
    ASSERT_TRUE(chunked_test::load_capture(kDir, name, c, why)) << why;
    std::string theirs = c.aws_chunked_body;
    const std::size_t quirk = theirs.find("==\n\r\n");
    ASSERT_NE(quirk, std::string::npos);
    theirs.erase(quirk + 2, 1);
    EXPECT_TRUE(encode_like(c, sigv4::ChunkedMode::signed_payload_trailer,
                            sigv4::ChecksumAlgorithm::crc32c) == theirs)
        << name;
  }
}

}  // namespace
