// Every aws-chunked request real clients sent (../shared/captures: AWS SDK for JavaScript v3 in
// unsigned-trailer mode, minio-go with signed chunks, signed trailer and unsigned trailer) decodes,
// validates and reproduces the uploaded object; one changed byte anywhere in the framing, a
// signature, a trailer or the data is refused with the error that names it.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "chunked/capture_util.hpp"
#include "sigv4/signer.hpp"

namespace {

using chunked_test::Capture;
using sigv4::ChunkedError;

const std::string kDir = std::string(SIGV4_SHARED_DIR) + "/captures";

const char* const kCaptures[] = {
    "js-http-stream-01",
    "js-http-stream-crc32c-01",
    "js-http-stream-sha256-01",
    "js-http-stream-small-01",
    "js-https-stream-01",
    "minio-go-http-put-01",
    "minio-go-http-put-small-01",
    "minio-go-http-put-trickykey-01",
    "minio-go-http-put-unknown-02",
    "minio-go-http-signed-trailer-01",
    "minio-go-http-signed-trailer-small-01",
    "minio-go-http-unsigned-trailer-01",
};

struct Decoded {
  ChunkedError error = ChunkedError::none;
  std::string message;
  std::string body;
  std::vector<sigv4::Header> trailers;
  std::optional<sigv4::ChecksumValue> checksum;
};

// Decodes `wire` fed in pieces of the given sizes (cycled); 0 = all at once.
Decoded decode(const Capture& c, std::string_view wire, const std::vector<std::size_t>& slices,
               sigv4::DataRelease release = sigv4::DataRelease::after_verification) {
  auto cfg = sigv4::ChunkedDecoderConfig::from_headers(c.header_views);
  Decoded d;
  if (!cfg.config) {
    d.error = ChunkedError::invalid_config;
    d.message = cfg.error;
    return d;
  }
  cfg.config->release = release;
  sigv4::ChunkedDecoder dec(*cfg.config, chunked_test::seed_signer(c, cfg.config->mode));
  auto sink = [&d](std::string_view data) { d.body.append(data); };
  std::size_t at = 0, k = 0;
  while (at < wire.size() && d.error == ChunkedError::none) {
    std::size_t n =
        slices.empty() || slices[k % slices.size()] == 0 ? wire.size() : slices[k % slices.size()];
    n = std::min(n, wire.size() - at);
    d.error = dec.feed(wire.substr(at, n), sink);
    at += n;
    ++k;
  }
  if (d.error == ChunkedError::none) d.error = dec.finish();
  d.message = dec.error_message();
  d.trailers = dec.trailers();
  d.checksum = dec.computed_checksum();
  return d;
}

// Each capture is read (and gunzipped) once per test program.
const Capture& load(const std::string& name) {
  static std::map<std::string, Capture> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    Capture c;
    std::string why;
    EXPECT_TRUE(chunked_test::load_capture(kDir, name, c, why)) << why;
    it = cache.emplace(name, std::move(c)).first;
    it->second.header_views.clear();  // re-point the views at the stored copy
    for (const sigv4::Header& h : it->second.request.headers)
      it->second.header_views.push_back({h.name, h.value});
  }
  return it->second;
}

TEST(ChunkedCaptures, EveryCaptureDecodesValidatesAndReproducesTheObject) {
  for (const char* name : kCaptures) {
    SCOPED_TRACE(name);
    const Capture& c = load(name);
    const Decoded d = decode(c, c.aws_chunked_body, {});
    ASSERT_EQ(d.error, ChunkedError::none) << d.message;
    EXPECT_EQ(d.body.size(), c.decoded_length);
    EXPECT_TRUE(d.body == chunked_test::object_bytes(c.decoded_length));
    // The trailer the client computed equals ours (and the decoder checked it).
    for (const sigv4::Header& t : d.trailers)
      if (sigv4::checksum_algorithm_from_header(t.name)) {
        EXPECT_EQ(t.value, d.checksum->base64());
      }
  }
}

// The seed of each chain is an ordinary header signature with the mode's literal as payload hash:
// the core signer, recomputing it as a server would, gets the clients' signature.
TEST(ChunkedCaptures, SeedSignatureIsAnOrdinaryHeaderSignatureOverTheLiteral) {
  for (const char* name : kCaptures) {
    SCOPED_TRACE(name);
    const Capture& c = load(name);
    sigv4::SigningSettings s = sigv4::SigningSettings::s3();
    s.auth_inputs = sigv4::AuthInputs::as_received;
    s.payload_mode = sigv4::chunked_payload_mode(
        *sigv4::chunked_mode_from_literal(chunked_test::header(c.request, "X-Amz-Content-Sha256")));
    const std::string signed_headers =
        chunked_test::auth_param(chunked_test::header(c.request, "Authorization"), "SignedHeaders");
    std::vector<std::string> names;
    for (std::size_t at = 0; at <= signed_headers.size();) {
      const std::size_t semi = std::min(signed_headers.find(';', at), signed_headers.size());
      names.push_back(signed_headers.substr(at, semi - at));
      at = semi + 1;
    }
    s.headers_to_sign = names;
    sigv4::RequestView view{c.request.method, c.request.target, c.header_views, "http"};
    const sigv4::Credentials creds("AKIDEXAMPLE", chunked_test::kSecret);
    const auto r = sigv4::sign_request(
        view, sigv4::Body(), creds, {sigv4::SigningTime::parse_or_throw(c.amz_date), "us-east-1", "s3"}, s);
    EXPECT_EQ(r.signature, c.signature) << r.canonical_request;
  }
}

TEST(ChunkedCaptures, AnySlicingDecodesTheSame) {
  std::mt19937 rng(3);
  for (const char* name : kCaptures) {
    SCOPED_TRACE(name);
    const Capture& c = load(name);
    const bool small = c.aws_chunked_body.size() < 100000;
    std::vector<std::vector<std::size_t>> slicings = {{1, 7, 65536, 3}, {4096}};
    if (small) slicings.push_back({1});  // one byte at a time
    std::vector<std::size_t> random;
    for (int i = 0; i < 64; ++i) random.push_back(rng() % (small ? 300 : 150000) + 1);
    slicings.push_back(random);
    for (const auto& slices : slicings) {
      for (auto release : {sigv4::DataRelease::after_verification, sigv4::DataRelease::before_verification}) {
        const Decoded d = decode(c, c.aws_chunked_body, slices, release);
        ASSERT_EQ(d.error, ChunkedError::none) << d.message;
        EXPECT_TRUE(d.body == chunked_test::object_bytes(c.decoded_length));
      }
    }
  }
}

// Which part of the wire a byte belongs to, found by walking the (valid) framing.
enum class Region {
  chunk_header,
  chunk_data,
  data_crlf,
  final_header,
  trailer_value,
  trailer_other,
  trailer_signature,
  end
};

std::vector<Region> regions(const std::string& w, bool trailers) {
  std::vector<Region> r(w.size(), Region::end);
  std::size_t at = 0;
  for (;;) {
    const std::size_t eol = w.find("\r\n", at);
    const std::uint64_t size = std::stoull(w.substr(at, w.find_first_of(";\r", at) - at), nullptr, 16);
    for (std::size_t i = at; i < eol + 2; ++i) r[i] = size == 0 ? Region::final_header : Region::chunk_header;
    at = eol + 2;
    if (size == 0) break;
    for (std::size_t i = at; i < at + size; ++i) r[i] = Region::chunk_data;
    r[at + size] = r[at + size + 1] = Region::data_crlf;
    at += size + 2;
  }
  if (!trailers) return r;  // then only the final CRLF ("end")
  while (at < w.size() - 2) {
    const std::size_t eol = w.find('\n', at);
    const std::size_t colon = w.find(':', at);
    const bool sig = w.compare(at, sigv4::kTrailerSignatureName.size(), sigv4::kTrailerSignatureName) == 0;
    for (std::size_t i = at; i <= eol; ++i)
      r[i] = !(i > colon && i < eol && w[i] != '\r') ? Region::trailer_other
             : sig                                   ? Region::trailer_signature
                                                     : Region::trailer_value;
    at = eol + 1;
    if (at < w.size() && w.compare(at, 2, "\r\n") == 0 && w[eol - 1] != '\r') {  // minio-go "\n\r\n"
      r[at] = r[at + 1] = Region::trailer_other;
      at += 2;
    }
  }
  return r;
}

// A different byte of the same class, so the change is a plausible forgery rather than garbage:
// hex digit -> other hex digit, base64 character -> other base64 character.
char changed(char c) {
  if (c >= '0' && c <= '8') return static_cast<char>(c + 1);
  if (c == '9') return '0';
  if (c >= 'a' && c <= 'e') return static_cast<char>(c + 1);
  if (c == 'f') return 'a';
  if ((c >= 'A' && c <= 'Y') || (c >= 'g' && c <= 'y')) return static_cast<char>(c + 1);
  return static_cast<char>(c ^ 0x01);
}

// True when byte i is one of the 64 hex digits after ";chunk-signature=".
bool in_chunk_signature(const std::string& w, std::size_t i) {
  const std::size_t ext = w.rfind(";chunk-signature=", i);
  if (ext == std::string::npos || w.find('\n', ext) < i) return false;
  return i >= ext + 17 && i < ext + 17 + 64;
}

ChunkedError expected_error(Region region, sigv4::ChunkedMode mode) {
  const bool signed_chunks = sigv4::chunked_mode_has_chunk_signatures(mode);
  switch (region) {
    case Region::chunk_data:
      return signed_chunks ? ChunkedError::chunk_signature_mismatch : ChunkedError::checksum_mismatch;
    case Region::trailer_value:
      return mode == sigv4::ChunkedMode::signed_payload_trailer ? ChunkedError::trailer_signature_mismatch
                                                                : ChunkedError::checksum_mismatch;
    case Region::trailer_signature:
      return ChunkedError::trailer_signature_mismatch;
    case Region::data_crlf:
      return ChunkedError::missing_crlf;
    default:
      return ChunkedError::none;  // framing: any error will do (checked != none)
  }
}

TEST(ChunkedCaptures, OneChangedByteAnywhereIsRefusedWithTheErrorThatNamesIt) {
  std::mt19937 rng(5);
  for (const char* name : kCaptures) {
    SCOPED_TRACE(name);
    const Capture& c = load(name);
    const auto mode =
        *sigv4::chunked_mode_from_literal(chunked_test::header(c.request, "X-Amz-Content-Sha256"));
    const std::string& w = c.aws_chunked_body;
    const std::vector<Region> reg = regions(w, sigv4::chunked_mode_has_trailers(mode));
    const bool small = w.size() < 100000;
    std::string copy = w;
    int tried = 0, trailer_value_mismatches = 0;
    // Small captures: every framing byte and a sample of data bytes. Large ones (5 MiB, each decode
    // costs a full pass): a sample of the first and last framing bytes and of the data.
    std::vector<std::size_t> positions;
    for (std::size_t i = 0; i < w.size(); ++i) {
      const bool framing = reg[i] != Region::chunk_data;
      if (small ? (framing || rng() % 1000 == 0)
                : ((framing && (i < 100 || i + 200 > w.size()) && i % 5 == 0) || rng() % 1000000 == 0))
        positions.push_back(i);
    }
    for (const std::size_t i : positions) {
      copy[i] = changed(w[i]);
      const Decoded d = decode(c, copy, {});
      copy[i] = w[i];
      ++tried;
      ASSERT_NE(d.error, ChunkedError::none) << "byte " << i << " changed and still accepted";
      // A data chunk's signature, and the final one, are refused as mismatches.
      if (sigv4::chunked_mode_has_chunk_signatures(mode) && in_chunk_signature(w, i)) {
        EXPECT_EQ(d.error, reg[i] == Region::final_header ? ChunkedError::final_signature_mismatch
                                                          : ChunkedError::chunk_signature_mismatch)
            << "byte " << i << ": " << d.message;
      }
      const ChunkedError want = expected_error(reg[i], mode);
      if (want != ChunkedError::none) {
        // A changed checksum character may also make the value non-canonical base64 (stray low bits,
        // a broken '=' pad): that is a malformed trailer, refused before any comparison.
        const bool malformed_value =
            reg[i] == Region::trailer_value && d.error == ChunkedError::malformed_trailer;
        EXPECT_TRUE(d.error == want || malformed_value) << "byte " << i << ": " << d.message;
        if (reg[i] == Region::trailer_value && d.error == want) ++trailer_value_mismatches;
      }
    }
    EXPECT_GT(tried, small ? 50 : 10);
    if (sigv4::chunked_mode_has_trailers(mode)) {
      EXPECT_GT(trailer_value_mismatches, 0);
    }
  }
}

TEST(ChunkedCaptures, TruncationAtAnyPointIsAnIncompleteBody) {
  const Capture& c = load("minio-go-http-signed-trailer-small-01");
  const std::string& w = c.aws_chunked_body;
  for (std::size_t cut = 0; cut < w.size(); cut += (cut > 200 && cut + 400 < w.size()) ? 997 : 1) {
    const Decoded d = decode(c, std::string_view(w).substr(0, cut), {});
    ASSERT_EQ(d.error, ChunkedError::truncated_body) << "cut at " << cut << ": " << d.message;
    EXPECT_EQ(sigv4::s3_error_code(d.error), "IncompleteBody");
  }
}

TEST(ChunkedCaptures, BytesAfterTheEndAreRefused) {
  for (const char* name :
       {"js-http-stream-small-01", "minio-go-http-put-small-01", "minio-go-http-signed-trailer-small-01"}) {
    const Capture& c = load(name);
    const Decoded d = decode(c, c.aws_chunked_body + "0", {});
    EXPECT_EQ(d.error, ChunkedError::extra_bytes) << name;
  }
}

TEST(ChunkedCaptures, DataIsReleasedOnlyAfterItsChunkSignatureChecksOut) {
  const Capture& c = load("minio-go-http-put-01");
  std::string w = c.aws_chunked_body;
  const std::size_t third_chunk_data = 2 * (87 + 65536 + 2) + 87 + 5;  // chunk 2, 5 bytes into its data
  w[third_chunk_data] ^= 1;
  auto cfg = sigv4::ChunkedDecoderConfig::from_headers(c.header_views);
  sigv4::ChunkedDecoder dec(*cfg.config, chunked_test::seed_signer(c, cfg.config->mode));
  std::string released;
  ChunkedError e = ChunkedError::none;
  for (std::size_t at = 0; at < w.size() && e == ChunkedError::none; at += 1000)
    e = dec.feed(std::string_view(w).substr(at, 1000), [&](std::string_view d) { released.append(d); });
  EXPECT_EQ(e, ChunkedError::chunk_signature_mismatch);
  EXPECT_EQ(dec.chunk_index(), 2u);
  EXPECT_EQ(released.size(), 2u * 65536);  // chunks 0 and 1 only
  EXPECT_EQ(sigv4::s3_error_code(e), "SignatureDoesNotMatch");
  EXPECT_EQ(sigv4::s3_http_status(e), 403);
  EXPECT_NE(dec.error_message().find("chunk 2"), std::string::npos) << dec.error_message();
}

}  // namespace
