// The aws-chunked decoder: a byte-level state machine over the framing, with the data of a chunk
// hashed (chunk signature) and checksummed (trailer) in one pass over each piece.
#include "sigv4/chunked_decoder.hpp"

#include <algorithm>
#include <cstring>

#include "chunk_size.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"

namespace sigv4 {
namespace {

// Hash and checksum are fed in slices of this size so each slice is still in L1 cache for the second
// pass (one read from memory for both).
constexpr std::size_t kHashSlice = std::size_t{16} * 1024;
constexpr std::string_view kSignatureExtension = ";chunk-signature=";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

enum class Phase : std::uint8_t {
  chunk_header,  // reading "<hex>[;chunk-signature=<sig>]" up to CRLF
  chunk_data,    // reading `remaining` data bytes
  data_cr,       // the CR after the data
  data_lf,       // the LF after the data
  final_cr,      // signed_payload: the CRLF that ends the body after the final chunk
  final_lf,
  trailer_line,  // reading a trailing header line (or the empty line that ends them)
  quirk_cr,      // a trailer line ended by a bare LF: minio-go's "\n\r\n"
  quirk_lf,
  done,
  failed,
};

}  // namespace

struct ChunkedDecoder::State {
  ChunkedDecoderConfig config;
  std::optional<ChunkSigner> signer;
  bool signed_chunks = false;

  Phase phase = Phase::chunk_header;
  ChunkedError error = ChunkedError::none;
  std::string message;

  std::string line;      // current header/trailer line, CR excluded
  bool line_cr = false;  // a CR was seen; the next byte must be LF

  std::uint64_t chunk_index = 0;
  std::uint64_t chunk_size = 0;
  std::uint64_t remaining = 0;
  std::uint64_t chunk_offset = 0;  // wire offset of the current chunk header
  bool previous_chunk_small = false;
  std::array<char, kMaxChunkSignatureLength> claimed{};  // the current chunk's signature as sent
  std::size_t claimed_size = 0;
  crypto::Sha256 chunk_hash;
  std::string buffer;  // after_verification: the current chunk's data until its signature checks out

  std::optional<Checksum> trailer_checksum;
  std::optional<ChecksumAlgorithm> trailer_algorithm;
  std::optional<Checksum> header_checksum;
  std::optional<ChecksumValue> received_trailer_checksum;

  std::uint64_t declared_total = 0;  // sum of the chunk sizes announced so far
  std::uint64_t released = 0;
  std::uint64_t offset = 0;  // wire bytes consumed

  std::vector<Header> trailers;
  std::size_t trailer_lines = 0;
  std::string canonical_trailers;
  bool trailer_signature_seen = false;

  ChunkedError fail(ChunkedError e, std::string what) {
    error = e;
    phase = Phase::failed;
    message = "aws-chunked: chunk " + std::to_string(chunk_index) + " (wire offset " +
              std::to_string(offset) + "): " + std::move(what);
    buffer.clear();
    return e;
  }

  void absorb(const char* p, std::size_t n) {
    for (std::size_t at = 0; at < n; at += kHashSlice) {
      const std::size_t k = std::min(kHashSlice, n - at);
      if (signed_chunks) chunk_hash.update(p + at, k);
      if (trailer_checksum) trailer_checksum->update(p + at, k);
      if (header_checksum) header_checksum->update(p + at, k);
    }
  }

  void release(std::string_view data, const Sink& sink) {
    released += data.size();
    if (sink && !data.empty()) sink(data);
  }

  ChunkedError end_chunk_header();
  ChunkedError end_trailer_line(std::string_view content);
  ChunkedError end_of_body();
};

ChunkedError ChunkedDecoder::State::end_chunk_header() {
  const std::string_view l = line;
  const detail::ChunkSize parsed = detail::parse_chunk_size(l);
  if (parsed.status == detail::ChunkSize::Status::overflow)
    return fail(ChunkedError::chunk_size_overflow, "chunk size does not fit in 64 bits");
  const std::size_t i = parsed.digits;
  if (parsed.status == detail::ChunkSize::Status::empty || (i < l.size() && l[i] != ';'))
    return fail(ChunkedError::chunk_size_invalid, "chunk size is not a hexadecimal number");
  const std::uint64_t size = parsed.value;
  const std::string_view ext = l.substr(i);
  if (signed_chunks) {
    const std::string_view sig = ext.substr(std::min(ext.size(), kSignatureExtension.size()));
    if (ext.substr(0, kSignatureExtension.size()) != kSignatureExtension || !signer->is_wire_signature(sig))
      return fail(ChunkedError::malformed_chunk_header,
                  signer->algorithm() == SigningAlgorithm::hmac_sha256
                      ? "chunk header lacks \";chunk-signature=<64 hex>\""
                      : "chunk header lacks \";chunk-signature=<DER hex, '*'-padded to 144>\"");
    std::memcpy(claimed.data(), sig.data(), sig.size());
    claimed_size = sig.size();
  } else if (!ext.empty()) {
    return fail(ChunkedError::malformed_chunk_header,
                "unexpected chunk extension in an unsigned-trailer body");
  }
  if (size > config.limits.max_chunk_size)
    return fail(ChunkedError::chunk_too_large, "chunk of " + std::to_string(size) +
                                                   " bytes exceeds the limit of " +
                                                   std::to_string(config.limits.max_chunk_size));
  if (config.decoded_content_length && size > *config.decoded_content_length - declared_total)
    return fail(ChunkedError::decoded_length_mismatch, "chunks exceed x-amz-decoded-content-length " +
                                                           std::to_string(*config.decoded_content_length));
  if (signed_chunks && config.chunk_size_rule == ChunkSizeRule::s3_minimum && size > 0 &&
      previous_chunk_small)
    return fail(ChunkedError::chunk_too_small, "only the last chunk may be smaller than 8192 bytes");
  previous_chunk_small = size < kMinimumChunkSize;
  declared_total += size;
  chunk_size = remaining = size;
  line.clear();
  if (size > 0) {
    if (signed_chunks) chunk_hash.reset();
    // No reserve(size): the buffer grows with the data actually received, so a header announcing a
    // large chunk costs nothing until its bytes arrive.
    phase = Phase::chunk_data;
    return ChunkedError::none;
  }
  // The final, zero-length chunk.
  if (signed_chunks) {
    static const crypto::Sha256Digest kEmptyHash = crypto::sha256("");
    if (!signer->verify_chunk(kEmptyHash, std::string_view(claimed.data(), claimed_size)))
      return fail(ChunkedError::final_signature_mismatch, "final chunk signature does not match");
  }
  phase = chunked_mode_has_trailers(config.mode) ? Phase::trailer_line : Phase::final_cr;
  return ChunkedError::none;
}

ChunkedError ChunkedDecoder::State::end_trailer_line(std::string_view content) {
  if (content.empty()) return end_of_body();
  if (++trailer_lines > config.limits.max_trailers)
    return fail(ChunkedError::too_many_trailers,
                "more than " + std::to_string(config.limits.max_trailers) + " trailing headers");
  const std::size_t colon = content.find(':');
  if (colon == 0 || colon == std::string_view::npos ||
      !std::all_of(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(colon), is_token_char))
    return fail(ChunkedError::malformed_trailer, "trailing header line is not \"name:value\"");
  const std::string name = lower(content.substr(0, colon));
  const std::string_view value = trim(content.substr(colon + 1));
  if (trailer_signature_seen)
    return fail(ChunkedError::missing_trailer_signature,
                "x-amz-trailer-signature is not the last trailing header");
  if (name == kTrailerSignatureName) {
    if (!chunked_mode_has_trailer_signature(config.mode))
      return fail(ChunkedError::malformed_trailer,
                  "x-amz-trailer-signature in a mode without trailer signature");
    if (!signer->is_wire_signature(value))
      return fail(ChunkedError::malformed_trailer, signer->algorithm() == SigningAlgorithm::hmac_sha256
                                                       ? "x-amz-trailer-signature is not 64 lower-case hex characters"
                                                       : "x-amz-trailer-signature is not a '*'-padded DER hex signature");
    trailer_signature_seen = true;
    if (!signer->verify_trailer(canonical_trailers, value))
      return fail(ChunkedError::trailer_signature_mismatch, "trailer signature does not match");
    return ChunkedError::none;
  }
  const auto& declared = config.declared_trailers;
  if (std::find(declared.begin(), declared.end(), name) == declared.end())
    return fail(ChunkedError::malformed_trailer,
                "trailing header " + name + " was not declared in x-amz-trailer");
  for (const Header& h : trailers)
    if (h.name == name) return fail(ChunkedError::malformed_trailer, "trailing header " + name + " repeated");
  if (const auto algorithm = checksum_algorithm_from_header(name)) {
    received_trailer_checksum = ChecksumValue::from_base64(*algorithm, value);
    if (!received_trailer_checksum)
      return fail(ChunkedError::malformed_trailer,
                  name + " is not a base64 " + std::string(checksum_algorithm_name(*algorithm)) + " value");
  }
  trailers.push_back(Header{name, std::string(value)});
  append_canonical_trailer(canonical_trailers, name, value);
  return ChunkedError::none;
}

ChunkedError ChunkedDecoder::State::end_of_body() {
  if (chunked_mode_has_trailer_signature(config.mode) && !trailer_signature_seen)
    return fail(ChunkedError::missing_trailer_signature, "x-amz-trailer-signature missing");
  for (const std::string& name : config.declared_trailers) {
    const bool present =
        std::any_of(trailers.begin(), trailers.end(), [&](const Header& h) { return h.name == name; });
    if (!present) return fail(ChunkedError::missing_trailer, "declared trailing header " + name + " missing");
  }
  if (trailer_checksum && !(trailer_checksum->value() == *received_trailer_checksum))
    return fail(ChunkedError::checksum_mismatch, std::string(checksum_header_name(*trailer_algorithm)) + " " +
                                                     received_trailer_checksum->base64() +
                                                     " does not match the data (" +
                                                     trailer_checksum->value().base64() + ")");
  if (header_checksum) {
    const std::string computed = header_checksum->value().base64();
    if (computed != config.header_checksum->base64)
      return fail(ChunkedError::checksum_mismatch,
                  std::string(checksum_header_name(config.header_checksum->algorithm)) + " header " +
                      config.header_checksum->base64 + " does not match the data (" + computed + ")");
  }
  if (config.decoded_content_length && declared_total != *config.decoded_content_length)
    return fail(ChunkedError::decoded_length_mismatch, "decoded " + std::to_string(declared_total) +
                                                           " bytes, x-amz-decoded-content-length says " +
                                                           std::to_string(*config.decoded_content_length));
  phase = Phase::done;
  return ChunkedError::none;
}

ChunkedDecoder::ChunkedDecoder(const ChunkedDecoderConfig& config, std::optional<ChunkSigner> signer)
    : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.config = config;
  s.signed_chunks = chunked_mode_has_chunk_signatures(config.mode);
  if (s.signed_chunks) s.signer = std::move(signer);
  for (std::string& name : s.config.declared_trailers) name = lower(trim(name));
  std::string problem;
  if (s.signed_chunks && !s.signer) problem = "a signed mode needs a ChunkSigner";
  if (s.signed_chunks && s.signer && s.signer->algorithm() != chunked_mode_algorithm(config.mode))
    problem = "the ChunkSigner's algorithm does not match " + std::string(chunked_mode_literal(config.mode));
  if (!chunked_mode_has_trailers(config.mode) && !config.declared_trailers.empty())
    problem = std::string(chunked_mode_literal(config.mode)) + " has no trailing headers";
  for (const std::string& name : s.config.declared_trailers) {
    if (const auto algorithm = checksum_algorithm_from_header(name)) {
      if (s.trailer_algorithm) problem = "x-amz-trailer names more than one checksum";
      s.trailer_algorithm = algorithm;
      s.trailer_checksum.emplace(*algorithm);
    }
  }
  if (config.header_checksum) s.header_checksum.emplace(config.header_checksum->algorithm);
  s.line.reserve(64);
  if (!problem.empty()) {
    s.fail(ChunkedError::invalid_config, problem);
    s.message = "aws-chunked: decoder configuration: " + problem;
  }
}

ChunkedDecoder::~ChunkedDecoder() = default;
ChunkedDecoder::ChunkedDecoder(ChunkedDecoder&&) noexcept = default;
ChunkedDecoder& ChunkedDecoder::operator=(ChunkedDecoder&&) noexcept = default;

ChunkedError ChunkedDecoder::feed(std::string_view wire, const Sink& sink) {
  State& s = *s_;
  const char* p = wire.data();
  const char* const end = p + wire.size();
  while (p < end) {
    switch (s.phase) {
      case Phase::failed:
        return s.error;
      case Phase::done:
        return s.fail(ChunkedError::extra_bytes, "bytes after the end of the aws-chunked body");

      case Phase::chunk_header:
      case Phase::trailer_line: {
        const bool header = s.phase == Phase::chunk_header;
        const char c = *p;
        if (s.line_cr) {
          if (c != '\n') return s.fail(ChunkedError::missing_crlf, "CR not followed by LF");
          ++p, ++s.offset;
          s.line_cr = false;
          ChunkedError e;
          if (header) {
            e = s.end_chunk_header();
          } else {
            std::string content = std::move(s.line);
            s.line.clear();
            e = s.end_trailer_line(content);
          }
          if (e != ChunkedError::none) return e;
          if (s.phase == Phase::chunk_header) s.chunk_offset = s.offset;
          continue;
        }
        if (c == '\r') {
          s.line_cr = true;
        } else if (c == '\n') {
          // A bare LF: refused after a chunk header; after a non-empty trailer line it is the start of
          // minio-go's "\n\r\n" terminator.
          if (header || s.line.empty())
            return s.fail(ChunkedError::missing_crlf, "line ended by LF without CR");
          s.phase = Phase::quirk_cr;
        } else {
          if (s.line.size() >= s.config.limits.max_line_length)
            return header ? s.fail(ChunkedError::chunk_header_too_long, "chunk header line too long")
                          : s.fail(ChunkedError::trailer_line_too_long, "trailing header line too long");
          s.line.push_back(c);
        }
        ++p, ++s.offset;
        continue;
      }

      case Phase::chunk_data: {
        const std::size_t n = static_cast<std::size_t>(
            std::min<std::uint64_t>(s.remaining, static_cast<std::uint64_t>(end - p)));
        s.absorb(p, n);
        const bool hold = s.signed_chunks && s.config.release == DataRelease::after_verification;
        // Zero-copy when the whole chunk is in this piece; otherwise buffer it until verified.
        const bool whole_here = hold && n == s.chunk_size && s.buffer.empty();
        if (!hold)
          s.release(std::string_view(p, n), sink);
        else if (!whole_here)
          s.buffer.append(p, n);
        s.remaining -= n;
        s.offset += n;
        const char* data = p;
        p += n;
        if (s.remaining > 0) continue;
        if (s.signed_chunks) {
          if (!s.signer->verify_chunk(s.chunk_hash.finish(), std::string_view(s.claimed.data(), s.claimed_size)))
            return s.fail(ChunkedError::chunk_signature_mismatch, "chunk signature does not match");
          if (whole_here) {
            s.release(std::string_view(data, n), sink);
          } else if (hold) {
            s.release(s.buffer, sink);
            s.buffer.clear();
          }
        }
        s.phase = Phase::data_cr;
        continue;
      }

      case Phase::data_cr:
      case Phase::final_cr:
      case Phase::quirk_cr:
        if (*p != '\r') return s.fail(ChunkedError::missing_crlf, "CRLF expected");
        s.phase = s.phase == Phase::data_cr    ? Phase::data_lf
                  : s.phase == Phase::final_cr ? Phase::final_lf
                                               : Phase::quirk_lf;
        ++p, ++s.offset;
        continue;

      case Phase::data_lf:
      case Phase::final_lf:
      case Phase::quirk_lf: {
        if (*p != '\n') return s.fail(ChunkedError::missing_crlf, "CRLF expected");
        ++p, ++s.offset;
        ChunkedError e = ChunkedError::none;
        if (s.phase == Phase::data_lf) {
          ++s.chunk_index;
          s.chunk_offset = s.offset;
          s.phase = Phase::chunk_header;
        } else if (s.phase == Phase::final_lf) {
          e = s.end_of_body();
        } else {
          s.phase = Phase::trailer_line;
          std::string content = std::move(s.line);
          s.line.clear();
          e = s.end_trailer_line(content);
        }
        if (e != ChunkedError::none) return e;
        continue;
      }
    }
  }
  return s.error;
}

ChunkedError ChunkedDecoder::finish() {
  State& s = *s_;
  if (s.phase == Phase::failed) return s.error;
  if (s.phase != Phase::done)
    return s.fail(ChunkedError::truncated_body, "the body ended before the final chunk and trailers");
  return ChunkedError::none;
}

bool ChunkedDecoder::complete() const noexcept { return s_->phase == Phase::done; }
ChunkedError ChunkedDecoder::error() const noexcept { return s_->error; }
const std::string& ChunkedDecoder::error_message() const noexcept { return s_->message; }
std::uint64_t ChunkedDecoder::decoded_length() const noexcept { return s_->released; }
std::uint64_t ChunkedDecoder::wire_offset() const noexcept { return s_->offset; }
std::uint64_t ChunkedDecoder::chunk_index() const noexcept { return s_->chunk_index; }
const std::vector<Header>& ChunkedDecoder::trailers() const noexcept { return s_->trailers; }

std::optional<ChecksumValue> ChunkedDecoder::computed_checksum() const {
  if (s_->phase != Phase::done) return std::nullopt;
  if (s_->trailer_checksum) return s_->trailer_checksum->value();
  if (s_->header_checksum) return s_->header_checksum->value();
  return std::nullopt;
}

ChunkedDecoderConfig::FromHeaders ChunkedDecoderConfig::from_headers(std::span<const HeaderView> headers) {
  FromHeaders r;
  auto fail = [&r](std::string e) {
    r.config.reset();
    r.error = std::move(e);
    return r;
  };
  ChunkedDecoderConfig c;
  bool have_mode = false;
  for (const HeaderView& h : headers) {
    const std::string_view v = trim(h.value);
    if (iequals(h.name, "x-amz-content-sha256")) {
      const auto mode = chunked_mode_from_literal(v);
      if (!mode) return fail("x-amz-content-sha256 \"" + std::string(v) + "\" is not an aws-chunked mode");
      c.mode = *mode;
      have_mode = true;
    } else if (iequals(h.name, kDecodedContentLengthHeader)) {
      c.decoded_content_length = parse_decimal(v);
      if (!c.decoded_content_length) return fail("x-amz-decoded-content-length is not a decimal number");
    } else if (iequals(h.name, kTrailerHeader)) {
      std::string_view rest = v;
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view item = trim(rest.substr(0, comma));
        if (!item.empty()) c.declared_trailers.push_back(lower(item));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
    } else if (const auto algorithm = checksum_algorithm_from_header(h.name)) {
      if (c.header_checksum) return fail("more than one x-amz-checksum-* header");
      c.header_checksum = ExpectedChecksum{*algorithm, std::string(v)};
    }
  }
  if (!have_mode) return fail("no x-amz-content-sha256 header: not an aws-chunked request");
  if (!chunked_mode_has_trailers(c.mode) && !c.declared_trailers.empty())
    return fail("x-amz-trailer with " + std::string(chunked_mode_literal(c.mode)) + ", which has no trailers");
  if (std::count_if(c.declared_trailers.begin(), c.declared_trailers.end(),
                    [](const std::string& n) { return checksum_algorithm_from_header(n).has_value(); }) > 1)
    return fail("x-amz-trailer names more than one checksum");
  r.config = std::move(c);
  return r;
}

}  // namespace sigv4
