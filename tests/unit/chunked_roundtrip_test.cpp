// Round trips: what the encoder produces (after signing the request with the core signer), a server
// configured from the request's headers decodes and validates, whatever the sizes, mode, checksum and
// slicing of the wire bytes.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "chunked/capture_util.hpp"
#include "sigv4/chunked.hpp"
#include "sigv4/signer.hpp"

namespace {

using sigv4::ChecksumAlgorithm;
using sigv4::ChunkedError;
using sigv4::ChunkedMode;

const sigv4::Credentials kCreds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const sigv4::SigningTime kTime = sigv4::SigningTime::parse_or_throw("20130524T000000Z");

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

Upload upload(std::string_view data, const sigv4::ChunkedUploadOptions& o, bool use_read = false) {
  Upload u;
  u.request = sigv4::HttpRequest::from_url("PUT", "https://examplebucket.s3.amazonaws.com/chunkObject.txt");
  u.request.set_header("x-amz-storage-class", "REDUCED_REDUNDANCY");
  sigv4::ChunkedEncoder enc =
      sigv4::sign_chunked_upload(u.request, sigv4::ChunkSource::bytes(data), kCreds,
                                 {kTime, "us-east-1", "s3"}, o, sigv4::SigningSettings::s3(), &u.seed);
  if (use_read) {
    std::byte buf[777];
    for (std::size_t n = enc.read(buf); n > 0; n = enc.read(buf))
      u.wire.append(reinterpret_cast<char*>(buf), n);
  } else {
    for (auto piece = enc.next(); !piece.empty(); piece = enc.next()) u.wire.append(piece);
  }
  EXPECT_TRUE(enc.done());
  EXPECT_EQ(enc.wire_bytes(), u.wire.size());
  EXPECT_EQ(enc.data_bytes(), data.size());
  return u;
}

struct Result {
  ChunkedError error = ChunkedError::none;
  std::string message, data;
  std::vector<sigv4::Header> trailers;
};

// Decodes as a server: configuration from the headers, seed from the (verified) signature.
Result server_decode(const Upload& u, std::string_view wire, std::mt19937& rng, std::size_t max_slice,
                     sigv4::DataRelease release = sigv4::DataRelease::after_verification) {
  std::vector<sigv4::HeaderView> views;
  for (const auto& h : u.request.headers) views.push_back({h.name, h.value});
  auto cfg = sigv4::ChunkedDecoderConfig::from_headers(views);
  Result r;
  if (!cfg.config) {
    r.error = ChunkedError::invalid_config;
    r.message = cfg.error;
    return r;
  }
  cfg.config->release = release;
  std::optional<sigv4::ChunkSigner> signer;
  if (sigv4::chunked_mode_has_chunk_signatures(cfg.config->mode))
    signer.emplace(
        sigv4::cached_signing_key(kCreds.secret_access_key.reveal(), kTime.date_stamp(), "us-east-1", "s3"),
        kTime, u.seed.credential_scope, u.seed.signature);
  sigv4::ChunkedDecoder dec(*cfg.config, std::move(signer));
  std::size_t at = 0;
  while (at < wire.size() && r.error == ChunkedError::none) {
    const std::size_t n = std::min<std::size_t>(wire.size() - at, rng() % max_slice + 1);
    r.error = dec.feed(wire.substr(at, n), [&](std::string_view d) { r.data.append(d); });
    at += n;
  }
  if (r.error == ChunkedError::none) r.error = dec.finish();
  r.message = dec.error_message();
  r.trailers = dec.trailers();
  if (r.error == ChunkedError::none) {
    EXPECT_EQ(dec.decoded_length(), r.data.size());
  }
  return r;
}

const ChunkedMode kModes[] = {ChunkedMode::signed_payload, ChunkedMode::signed_payload_trailer,
                              ChunkedMode::unsigned_payload_trailer};
const ChecksumAlgorithm kAlgorithms[] = {ChecksumAlgorithm::crc32, ChecksumAlgorithm::crc32c,
                                         ChecksumAlgorithm::crc64nvme, ChecksumAlgorithm::sha1,
                                         ChecksumAlgorithm::sha256};

TEST(ChunkedRoundTrip, EveryModeChecksumAndSizeDecodesToTheSameBytesInRandomSlices) {
  std::mt19937 rng(2024);
  for (ChunkedMode mode : kModes) {
    for (std::size_t chunk : {std::size_t{8192}, std::size_t{8192 + 1 + rng() % 20000}, std::size_t{65536}}) {
      for (std::size_t size : {std::size_t{0}, std::size_t{1}, chunk - 1, chunk, chunk + 1, 3 * chunk + 17,
                               std::size_t{rng() % 200000}}) {
        const std::string data = random_bytes(size, rng);
        std::vector<std::optional<ChecksumAlgorithm>> checksums;
        if (sigv4::chunked_mode_has_trailers(mode)) {
          for (auto a : kAlgorithms) checksums.emplace_back(a);
        } else {
          checksums.emplace_back(std::nullopt);
        }
        for (auto checksum : checksums) {
          SCOPED_TRACE(std::string(sigv4::chunked_mode_literal(mode)) + " chunk " + std::to_string(chunk) +
                       " size " + std::to_string(size) + " " +
                       (checksum ? std::string(sigv4::checksum_algorithm_name(*checksum)) : "-"));
          sigv4::ChunkedUploadOptions o{mode, chunk, checksum};
          const Upload u = upload(data, o, rng() % 2 == 0);
          EXPECT_EQ(u.request.find_header("Content-Length")->value, std::to_string(u.wire.size()));
          EXPECT_EQ(u.request.find_header("x-amz-decoded-content-length")->value, std::to_string(size));
          const Result r = server_decode(
              u, u.wire, rng, rng() % 2 ? 100 : 100000,
              rng() % 2 ? sigv4::DataRelease::after_verification : sigv4::DataRelease::before_verification);
          ASSERT_EQ(r.error, ChunkedError::none) << r.message;
          EXPECT_TRUE(r.data == data);
          if (checksum) {
            ASSERT_EQ(r.trailers.size(), 1u);
            EXPECT_EQ(r.trailers[0].name, sigv4::checksum_header_name(*checksum));
            EXPECT_EQ(r.trailers[0].value, sigv4::compute_checksum(*checksum, data).base64());
          }
        }
      }
    }
  }
}

TEST(ChunkedRoundTrip, OneByteAtATimeInEveryMode) {
  std::mt19937 rng(9);
  const std::string data = random_bytes(3 * 8192 + 5, rng);
  for (ChunkedMode mode : kModes) {
    sigv4::ChunkedUploadOptions o{
        mode, 8192,
        sigv4::chunked_mode_has_trailers(mode) ? std::optional(ChecksumAlgorithm::crc64nvme) : std::nullopt};
    const Upload u = upload(data, o);
    const Result r = server_decode(u, u.wire, rng, 1);
    ASSERT_EQ(r.error, ChunkedError::none) << r.message;
    EXPECT_TRUE(r.data == data);
  }
}

TEST(ChunkedRoundTrip, ChangedByteInSignedDataIsASignatureMismatchInUnsignedModeAChecksumMismatch) {
  std::mt19937 rng(10);
  const std::string data = random_bytes(50000, rng);
  for (ChunkedMode mode : kModes) {
    sigv4::ChunkedUploadOptions o{
        mode, 16384,
        sigv4::chunked_mode_has_trailers(mode) ? std::optional(ChecksumAlgorithm::sha1) : std::nullopt};
    Upload u = upload(data, o);
    const std::size_t at = u.wire.find("\r\n", 20000) + 2 + 100;  // inside the second chunk's data
    u.wire[at] = static_cast<char>(u.wire[at] ^ 0x40);
    const Result r = server_decode(u, u.wire, rng, 5000);
    EXPECT_EQ(r.error, sigv4::chunked_mode_has_chunk_signatures(mode) ? ChunkedError::chunk_signature_mismatch
                                                                      : ChunkedError::checksum_mismatch)
        << r.message;
  }
}

TEST(ChunkedRoundTrip, SeedRequestSignsTheAwsChunkedHeaders) {
  std::mt19937 rng(1);
  const Upload u =
      upload(random_bytes(100, rng), {ChunkedMode::signed_payload_trailer, 8192, ChecksumAlgorithm::crc32});
  EXPECT_EQ(u.request.find_header("x-amz-content-sha256")->value,
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
  EXPECT_EQ(u.request.find_header("Content-Encoding")->value, "aws-chunked");
  EXPECT_EQ(u.request.find_header("x-amz-trailer")->value, "x-amz-checksum-crc32");
  EXPECT_EQ(u.seed.payload_hash, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
  for (const char* h :
       {"content-encoding", "x-amz-content-sha256", "x-amz-decoded-content-length", "x-amz-trailer"})
    EXPECT_NE(u.seed.signed_headers.find(h), std::string::npos) << h << " in " << u.seed.signed_headers;
}

TEST(ChunkedEncoder, ContentEncodingKeepsAnExistingEncodingAfterAwsChunked) {
  sigv4::HttpRequest r = sigv4::HttpRequest::from_url("PUT", "https://b.s3.amazonaws.com/k");
  r.set_header("Content-Encoding", "gzip");
  sigv4::prepare_chunked_request(r, {ChunkedMode::signed_payload, 65536, std::nullopt}, 10);
  EXPECT_EQ(r.find_header("Content-Encoding")->value, "aws-chunked,gzip");
}

TEST(ChunkedEncoder, UnknownSizeUsesTransferEncodingChunked) {
  std::istringstream in(std::string(100000, 'x'));
  sigv4::HttpRequest r = sigv4::HttpRequest::from_url("PUT", "https://b.s3.amazonaws.com/k");
  auto enc =
      sigv4::sign_chunked_upload(r, sigv4::ChunkSource::stream(in), kCreds, {kTime, "us-east-1", "s3"},
                                 {ChunkedMode::unsigned_payload_trailer, 65536, ChecksumAlgorithm::crc32c});
  EXPECT_EQ(r.find_header("Content-Length"), nullptr);
  EXPECT_EQ(r.find_header("x-amz-decoded-content-length"), nullptr);
  EXPECT_EQ(r.find_header("Transfer-Encoding")->value, "chunked");
  std::string wire;
  for (auto p = enc.next(); !p.empty(); p = enc.next()) wire.append(p);
  EXPECT_EQ(wire.size(), sigv4::chunked_wire_length(100000, {ChunkedMode::unsigned_payload_trailer, 65536,
                                                             ChecksumAlgorithm::crc32c}));
  EXPECT_EQ(enc.checksum()->base64(),
            sigv4::compute_checksum(ChecksumAlgorithm::crc32c, std::string(100000, 'x')).base64());
}

TEST(ChunkedEncoder, FileAndReaderSourcesStreamTheSameBytes) {
  std::mt19937 rng(4);
  const std::string data = random_bytes(200001, rng);
  const std::string path = testing::TempDir() + "chunked_roundtrip_source.bin";
  std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
  const sigv4::ChunkedUploadOptions o{ChunkedMode::unsigned_payload_trailer, 65536, ChecksumAlgorithm::crc32};
  auto encode = [&](sigv4::ChunkSource src) {
    sigv4::ChunkedEncoder enc(std::move(src), o, std::nullopt);
    std::string w;
    for (auto p = enc.next(); !p.empty(); p = enc.next()) w.append(p);
    return w;
  };
  const std::string from_bytes = encode(sigv4::ChunkSource::bytes(data));
  EXPECT_TRUE(encode(sigv4::ChunkSource::file(path)) == from_bytes);
  std::size_t at = 0;
  auto reader = [&](std::span<std::byte> b) {  // short reads of at most 1000 bytes
    const std::size_t n = std::min({b.size(), data.size() - at, std::size_t{1000}});
    std::memcpy(b.data(), data.data() + at, n);
    at += n;
    return n;
  };
  EXPECT_TRUE(encode(sigv4::ChunkSource::reader(reader, data.size())) == from_bytes);
  std::remove(path.c_str());
}

TEST(ChunkedEncoder, ASourceThatDeliversOtherThanItsDeclaredSizeIsAnIoError) {
  const sigv4::ChunkedUploadOptions o{ChunkedMode::unsigned_payload_trailer, 8192, ChecksumAlgorithm::crc32};
  const std::string data(10000, 'z');
  auto drain = [&](std::uint64_t declared) {
    sigv4::ChunkedEncoder enc(sigv4::ChunkSource::reader(
                                  [&, at = std::size_t{0}](std::span<std::byte> b) mutable {
                                    const std::size_t n = std::min(b.size(), data.size() - at);
                                    std::memcpy(b.data(), data.data() + at, n);
                                    at += n;
                                    return n;
                                  },
                                  declared),
                              o, std::nullopt);
    while (!enc.next().empty()) {
    }
  };
  EXPECT_THROW(drain(9999), sigv4::Error);
  EXPECT_THROW(drain(10001), sigv4::Error);
  EXPECT_NO_THROW(drain(10000));
}

TEST(ChunkedEncoder, OptionsBreakingS3RulesAreRefused) {
  sigv4::ChunkedUploadOptions o{ChunkedMode::signed_payload, 8191, std::nullopt};
  EXPECT_THROW(sigv4::validate(o), sigv4::Error);  // under S3's 8 KiB minimum
  o.chunk_size = 65536;
  o.checksum = ChecksumAlgorithm::crc32;
  EXPECT_THROW(sigv4::validate(o), sigv4::Error);  // no trailer to carry it
  o = {ChunkedMode::unsigned_payload_trailer, 65536, std::nullopt};
  EXPECT_THROW(sigv4::validate(o), sigv4::Error);  // trailer mode without a checksum
  o.checksum = ChecksumAlgorithm::crc32;
  EXPECT_THROW(sigv4::ChunkedEncoder(sigv4::ChunkSource::bytes("x"),
                                     {ChunkedMode::signed_payload, 65536, std::nullopt}, std::nullopt),
               sigv4::Error);  // signed mode without a signer
}

}  // namespace

namespace {

TEST(ChunkedReader, PullsVerifiedDataFromAWireSource) {
  std::mt19937 rng(12);
  const std::string data = random_bytes(150000, rng);
  const Upload u = upload(data, {ChunkedMode::signed_payload_trailer, 20000, ChecksumAlgorithm::crc32c});
  std::vector<sigv4::HeaderView> views;
  for (const auto& h : u.request.headers) views.push_back({h.name, h.value});
  auto cfg = sigv4::ChunkedDecoderConfig::from_headers(views);
  ASSERT_TRUE(cfg.config);
  for (std::size_t wire_piece : {std::size_t{1}, std::size_t{333}, std::size_t{1 << 20}}) {
    std::size_t at = 0;
    sigv4::ChunkedReader reader(
        [&](std::span<std::byte> b) {
          const std::size_t n = std::min({b.size(), u.wire.size() - at, wire_piece});
          std::memcpy(b.data(), u.wire.data() + at, n);
          at += n;
          return n;
        },
        sigv4::ChunkedDecoder(*cfg.config, sigv4::ChunkSigner::from_seed(u.seed, kTime)), 4096);
    std::string out;
    std::byte buf[7000];
    for (std::size_t n = reader.read(buf); n > 0; n = reader.read(buf))
      out.append(reinterpret_cast<char*>(buf), n);
    EXPECT_EQ(reader.error(), ChunkedError::none) << reader.decoder().error_message();
    EXPECT_TRUE(out == data);
  }
}

TEST(ChunkedReader, StopsWithTheDecoderErrorOnATamperedStream) {
  std::mt19937 rng(13);
  const std::string data = random_bytes(50000, rng);
  Upload u = upload(data, {ChunkedMode::signed_payload, 8192, std::nullopt});
  u.wire[u.wire.size() / 2] ^= 1;
  std::vector<sigv4::HeaderView> views;
  for (const auto& h : u.request.headers) views.push_back({h.name, h.value});
  auto cfg = sigv4::ChunkedDecoderConfig::from_headers(views);
  std::size_t at = 0;
  sigv4::ChunkedReader reader(
      [&](std::span<std::byte> b) {
        const std::size_t n = std::min(b.size(), u.wire.size() - at);
        std::memcpy(b.data(), u.wire.data() + at, n);
        at += n;
        return n;
      },
      sigv4::ChunkedDecoder(*cfg.config, sigv4::ChunkSigner::from_seed(u.seed, kTime)));
  std::byte buf[4096];
  std::size_t total = 0;
  for (std::size_t n = reader.read(buf); n > 0; n = reader.read(buf)) total += n;
  EXPECT_EQ(reader.error(), ChunkedError::chunk_signature_mismatch);
  EXPECT_LT(total, data.size());
}

}  // namespace
