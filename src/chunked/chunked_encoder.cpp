// The aws-chunked encoder: reads one chunk of the source into a buffer that has room for the chunk
// header in front and the CRLF behind, hashes and checksums it in one pass, writes the header and
// hands out header + data + CRLF as one piece. One allocation for the whole upload.
#include "sigv4/chunked_encoder.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>

#include "sigv4/crypto/sha256.hpp"
#include "sigv4/error.hpp"
#include "sigv4/sigv4a_key.hpp"

namespace sigv4 {
namespace {

constexpr std::size_t kMaxChunkSize = std::size_t{16} * 1024 * 1024;
// Room for "<16 hex digits>;chunk-signature=<144 characters (SigV4a)>\r\n" in front of the data.
constexpr std::size_t kHeaderRoom = 256;
constexpr std::size_t kHashSlice = std::size_t{16} * 1024;
constexpr std::string_view kSignatureExtension = ";chunk-signature=";

std::size_t hex_digits(std::uint64_t v) {
  std::size_t n = 1;
  while (v >>= 4) ++n;
  return n;
}

// Characters of one chunk or trailer signature on the wire; fixed per mode (SigV4a pads to 144), which
// is what lets the Content-Length be computed before anything is signed.
std::size_t wire_signature_length(ChunkedMode mode) {
  return chunked_mode_algorithm(mode) == SigningAlgorithm::hmac_sha256 ? 64 : kEcdsaWireSignatureLength;
}

// Wire bytes of one chunk header line (CRLF included) for a chunk of `size` bytes.
std::uint64_t header_length(std::uint64_t size, ChunkedMode mode) {
  const bool signed_chunks = chunked_mode_has_chunk_signatures(mode);
  return hex_digits(size) + (signed_chunks ? kSignatureExtension.size() + wire_signature_length(mode) : 0) + 2;
}

void remove_header(HttpRequest& request, std::string_view name) {
  std::erase_if(request.headers, [&](const Header& h) { return iequals(h.name, name); });
}

}  // namespace

void validate(const ChunkedUploadOptions& o) {
  if (o.chunk_size < kMinimumChunkSize || o.chunk_size > kMaxChunkSize)
    throw Error(ErrorCode::invalid_argument,
                "aws-chunked: chunk size must be between 8 KiB and 16 MiB (got " +
                    std::to_string(o.chunk_size) + ")");
  if (chunked_mode_has_trailers(o.mode) && !o.checksum)
    throw Error(ErrorCode::invalid_argument, "aws-chunked: the trailer modes need a checksum algorithm");
  if (!chunked_mode_has_trailers(o.mode) && o.checksum)
    throw Error(
        ErrorCode::invalid_argument,
        "aws-chunked: " + std::string(chunked_mode_literal(o.mode)) +
            " has no trailer for a checksum; send a header");
}

std::uint64_t chunked_wire_length(std::uint64_t decoded_length, const ChunkedUploadOptions& o) {
  validate(o);
  const std::uint64_t full = decoded_length / o.chunk_size, last = decoded_length % o.chunk_size;
  std::uint64_t n = full * (header_length(o.chunk_size, o.mode) + o.chunk_size + 2);
  if (last > 0) n += header_length(last, o.mode) + last + 2;
  n += header_length(0, o.mode);
  if (!chunked_mode_has_trailers(o.mode)) return n + 2;
  const std::size_t value = (checksum_size(*o.checksum) + 2) / 3 * 4;
  n += checksum_header_name(*o.checksum).size() + 1 + value + 2;
  if (chunked_mode_has_trailer_signature(o.mode))
    n += kTrailerSignatureName.size() + 1 + wire_signature_length(o.mode) + 2;
  return n + 2;
}

// --- ChunkSource ---

ChunkSource::ChunkSource(ChunkSource&&) noexcept = default;
ChunkSource& ChunkSource::operator=(ChunkSource&&) noexcept = default;
ChunkSource::~ChunkSource() = default;

ChunkSource ChunkSource::bytes(std::string_view data) {
  ChunkSource s;
  s.size_ = data.size();
  s.read_ = [data, at = std::size_t{0}](std::span<std::byte> buffer) mutable {
    const std::size_t n = std::min(buffer.size(), data.size() - at);
    std::memcpy(buffer.data(), data.data() + at, n);
    at += n;
    return n;
  };
  return s;
}

ChunkSource ChunkSource::file(const std::filesystem::path& path) {
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!*in || ec) throw Error(ErrorCode::io_error, "aws-chunked: cannot open " + path.string());
  ChunkSource s = stream(*in, size);
  s.owned_ = in;
  return s;
}

ChunkSource ChunkSource::stream(std::istream& in, std::optional<std::uint64_t> size) {
  ChunkSource s;
  s.size_ = size;
  s.read_ = [&in](std::span<std::byte> buffer) -> std::size_t {
    in.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(buffer.size()));
    if (in.bad()) throw Error(ErrorCode::io_error, "aws-chunked: reading the body stream failed");
    return static_cast<std::size_t>(in.gcount());
  };
  return s;
}

ChunkSource ChunkSource::reader(Reader read, std::optional<std::uint64_t> size) {
  ChunkSource s;
  s.size_ = size;
  s.read_ = std::move(read);
  return s;
}

std::size_t ChunkSource::read_full(std::span<std::byte> buffer) {
  std::size_t got = 0;
  while (got < buffer.size()) {
    std::size_t n;
    try {
      n = read_(buffer.subspan(got));
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throw Error(ErrorCode::io_error, std::string("aws-chunked: reading the body failed: ") + e.what());
    }
    if (n == 0) break;
    if (n > buffer.size() - got)
      throw Error(ErrorCode::io_error, "aws-chunked: body reader overran its buffer");
    got += n;
  }
  return got;
}

// --- ChunkedEncoder ---

struct ChunkedEncoder::State {
  ChunkSource source;
  ChunkedUploadOptions options;
  std::optional<ChunkSigner> signer;
  std::optional<Checksum> checksum;
  std::string buffer;  // kHeaderRoom + chunk_size + CRLF
  std::string final_piece;
  bool source_ended = false;
  bool done = false;
  std::uint64_t data = 0;
  std::uint64_t wire = 0;
  std::string_view pending;  // for read(): the rest of the current piece

  State(ChunkSource s, const ChunkedUploadOptions& o, std::optional<ChunkSigner> sg)
      : source(std::move(s)), options(o), signer(std::move(sg)) {}

  std::string_view data_chunk(std::size_t n) {
    char* d = buffer.data() + kHeaderRoom;
    crypto::Sha256 hash;
    for (std::size_t at = 0; at < n; at += kHashSlice) {
      const std::size_t k = std::min(kHashSlice, n - at);
      if (signer) hash.update(d + at, k);
      if (checksum) checksum->update(d + at, k);
    }
    char line[kHeaderRoom];
    char* o = std::to_chars(line, line + 16, n, 16).ptr;
    if (signer) {
      std::memcpy(o, kSignatureExtension.data(), kSignatureExtension.size());
      o += kSignatureExtension.size();
      signer->sign_chunk(hash.finish(), o);
      o += signer->wire_signature_length();
    }
    *o++ = '\r';
    *o++ = '\n';
    const std::size_t len = static_cast<std::size_t>(o - line);
    std::memcpy(d - len, line, len);
    d[n] = '\r';
    d[n + 1] = '\n';
    return std::string_view(d - len, len + n + 2);
  }

  std::string_view last_chunk() {
    std::string& f = final_piece;
    f.assign("0");
    if (signer) {
      char sig[kMaxChunkSignatureLength];
      signer->sign_chunk(crypto::sha256(""), sig);
      f.append(kSignatureExtension).append(sig, signer->wire_signature_length());
    }
    f.append("\r\n");
    if (checksum) {
      const std::string value = checksum->value().base64();
      f.append(checksum_header_name(checksum->algorithm())).append(":").append(value).append("\r\n");
      if (signer) {
        std::string canonical;
        append_canonical_trailer(canonical, checksum_header_name(checksum->algorithm()), value);
        char sig[kMaxChunkSignatureLength];
        signer->sign_trailer(canonical, sig);
        f.append(kTrailerSignatureName).append(":").append(sig, signer->wire_signature_length()).append("\r\n");
      }
    }
    f.append("\r\n");
    done = true;
    return f;
  }
};

ChunkedEncoder::ChunkedEncoder(ChunkSource source, const ChunkedUploadOptions& options,
                               std::optional<ChunkSigner> signer) {
  validate(options);
  if (chunked_mode_has_chunk_signatures(options.mode) != signer.has_value())
    throw Error(ErrorCode::invalid_argument, signer
                                                 ? "aws-chunked: unsigned-trailer mode takes no chunk signer"
                                                 : "aws-chunked: signed modes need a chunk signer");
  if (signer && signer->algorithm() != chunked_mode_algorithm(options.mode))
    throw Error(ErrorCode::invalid_argument, "aws-chunked: the chunk signer's algorithm does not match " +
                                                 std::string(chunked_mode_literal(options.mode)));
  s_ = std::make_unique<State>(std::move(source), options, std::move(signer));
  if (options.checksum) s_->checksum.emplace(*options.checksum);
  s_->buffer.resize(kHeaderRoom + options.chunk_size + 2);
}

ChunkedEncoder::~ChunkedEncoder() = default;
ChunkedEncoder::ChunkedEncoder(ChunkedEncoder&&) noexcept = default;
ChunkedEncoder& ChunkedEncoder::operator=(ChunkedEncoder&&) noexcept = default;

std::string_view ChunkedEncoder::next() {
  State& s = *s_;
  if (s.done) return {};
  std::string_view piece;
  std::size_t n = 0;
  if (!s.source_ended) {
    const std::size_t want = s.options.chunk_size;
    n = s.source.read_full(
        std::span<std::byte>(reinterpret_cast<std::byte*>(s.buffer.data() + kHeaderRoom), want));
    s.data += n;
    if (s.source.size() && s.data > *s.source.size())
      throw Error(ErrorCode::io_error, "aws-chunked: the body source delivered more than its declared " +
                                           std::to_string(*s.source.size()) + " bytes");
    if (n < want) s.source_ended = true;
  }
  if (n > 0) {
    piece = s.data_chunk(n);
  } else {
    if (s.source.size() && s.data != *s.source.size())
      throw Error(ErrorCode::io_error, "aws-chunked: the body source ended after " + std::to_string(s.data) +
                                           " of its declared " + std::to_string(*s.source.size()) + " bytes");
    piece = s.last_chunk();
  }
  s.wire += piece.size();
  return piece;
}

std::size_t ChunkedEncoder::read(std::span<std::byte> out) {
  State& s = *s_;
  std::size_t got = 0;
  while (got < out.size()) {
    if (s.pending.empty()) {
      s.pending = next();
      if (s.pending.empty()) break;
    }
    const std::size_t n = std::min(out.size() - got, s.pending.size());
    std::memcpy(out.data() + got, s.pending.data(), n);
    s.pending.remove_prefix(n);
    got += n;
  }
  return got;
}

bool ChunkedEncoder::done() const noexcept { return s_->done && s_->pending.empty(); }
std::uint64_t ChunkedEncoder::wire_bytes() const noexcept { return s_->wire; }
std::uint64_t ChunkedEncoder::data_bytes() const noexcept { return s_->data; }
std::optional<ChecksumValue> ChunkedEncoder::checksum() const {
  if (!s_->done || !s_->checksum) return std::nullopt;
  return s_->checksum->value();
}

// --- request preparation and signing ---

void prepare_chunked_request(HttpRequest& request, const ChunkedUploadOptions& options,
                             std::optional<std::uint64_t> decoded_length) {
  validate(options);
  request.set_header("x-amz-content-sha256", chunked_mode_literal(options.mode));
  const Header* encoding = request.find_header("Content-Encoding");
  if (encoding == nullptr || encoding->value.empty()) {
    request.set_header("Content-Encoding", kAwsChunkedEncoding);
  } else if (encoding->value.find(kAwsChunkedEncoding) == std::string::npos) {
    request.set_header("Content-Encoding", std::string(kAwsChunkedEncoding) + "," + encoding->value);
  }
  if (decoded_length) {
    request.set_header(kDecodedContentLengthHeader, std::to_string(*decoded_length));
    request.set_header("Content-Length", std::to_string(chunked_wire_length(*decoded_length, options)));
    remove_header(request, "Transfer-Encoding");
  } else {
    remove_header(request, kDecodedContentLengthHeader);
    remove_header(request, "Content-Length");
    request.set_header("Transfer-Encoding", "chunked");
  }
  if (options.checksum) {
    request.set_header(kTrailerHeader, checksum_header_name(*options.checksum));
    request.set_header("x-amz-sdk-checksum-algorithm", checksum_algorithm_name(*options.checksum));
  } else {
    remove_header(request, kTrailerHeader);
  }
}

ChunkedEncoder sign_chunked_upload(HttpRequest& request, ChunkSource source, const Credentials& credentials,
                                   const SigningScope& scope, const ChunkedUploadOptions& options,
                                   const SigningSettings& settings, SigningResult* seed) {
  if (chunked_mode_has_chunk_signatures(options.mode) && settings.algorithm != chunked_mode_algorithm(options.mode))
    throw Error(ErrorCode::invalid_argument,
                "aws-chunked: " + std::string(chunked_mode_literal(options.mode)) + " needs a request signed with " +
                    std::string(algorithm_name(chunked_mode_algorithm(options.mode))) +
                    " (SigningSettings::with_sigv4a() for the ECDSA modes)");
  prepare_chunked_request(request, options, source.size());
  SigningSettings s = settings;
  s.payload_mode = chunked_payload_mode(options.mode);
  s.location = SignatureLocation::headers;
  s.auth_inputs = AuthInputs::add;
  SigningResult local;
  SigningResult& result = seed != nullptr ? *seed : local;
  std::vector<HeaderView> views;
  sign_request(request.view(views), Body(), credentials, scope, s, result);
  for (const Header& h : result.headers_to_add) request.set_header(h.name, h.value);
  std::optional<ChunkSigner> signer;
  if (chunked_mode_algorithm(options.mode) == SigningAlgorithm::ecdsa_p256_sha256)
    signer = ChunkSigner::from_seed(result, scope.time,
                                    cached_sigv4a_signing_key(credentials.access_key_id, credentials.secret_access_key.reveal()));
  else if (chunked_mode_has_chunk_signatures(options.mode))
    signer = ChunkSigner::from_seed(result, scope.time);
  return ChunkedEncoder(std::move(source), options, std::move(signer));
}

}  // namespace sigv4
