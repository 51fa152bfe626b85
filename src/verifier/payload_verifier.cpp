#include "sigv4/payload_verifier.hpp"

#include <openssl/evp.h>

#include <charconv>

#include "sigv4/checksum.hpp"
#include "sigv4/chunk_signer.hpp"
#include "sigv4/chunked_mode.hpp"
#include "sigv4/crypto/base64.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"

namespace sigv4 {

std::string_view to_string(PayloadKind kind) noexcept {
  switch (kind) {
    case PayloadKind::sha256:
      return "sha256";
    case PayloadKind::unsigned_payload:
      return "UNSIGNED-PAYLOAD";
    case PayloadKind::streaming_signed:
      return "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    case PayloadKind::streaming_signed_trailer:
      return "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    case PayloadKind::streaming_unsigned_trailer:
      return "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    case PayloadKind::streaming_ecdsa_signed:
      return "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
    case PayloadKind::streaming_ecdsa_signed_trailer:
      return "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER";
  }
  return "unknown";
}

ChecksumHeaderScope checksum_header_scope(std::string_view method, std::string_view target) noexcept {
  if (method != "POST") return ChecksumHeaderScope::body;
  const auto q = target.find('?');
  if (q == std::string_view::npos) return ChecksumHeaderScope::body;
  const std::string_view query = target.substr(q + 1);
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view param = query.substr(start, end - start);
    if (param.substr(0, param.find('=')) == "uploadId") return ChecksumHeaderScope::not_the_body;
    start = end + 1;
  }
  return ChecksumHeaderScope::body;
}

namespace {

struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using EvpMdCtx = std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter>;

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

S3ErrorCode code_for(ChunkedError e) noexcept {
  const std::string_view name = s3_error_code(e);
  if (name == "SignatureDoesNotMatch") return S3ErrorCode::signature_does_not_match;
  if (name == "IncompleteBody") return S3ErrorCode::incomplete_body;
  if (name == "InvalidChunkSizeError") return S3ErrorCode::invalid_chunk_size_error;
  if (name == "BadDigest") return S3ErrorCode::bad_digest;
  if (name == "MalformedTrailerError") return S3ErrorCode::malformed_trailer_error;
  return S3ErrorCode::internal_error;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

}  // namespace

struct PayloadVerifier::State {
  PayloadKind kind = PayloadKind::unsigned_payload;
  std::optional<S3Error> error;
  std::optional<std::uint64_t> content_length;  // of the (encoded) body
  std::uint64_t received = 0;
  std::uint64_t decoded = 0;

  std::string expected_sha256;  // kind == sha256
  crypto::Sha256 sha256;

  std::optional<std::array<std::uint8_t, 16>> expected_md5;
  std::string expected_md5_text;
  EvpMdCtx md5;
  std::array<std::uint8_t, 16> md5_digest{};

  // Non-streaming x-amz-checksum-* header (streaming: the decoder checks it).
  std::optional<Checksum> checksum;
  std::string expected_checksum;

  std::optional<ChunkedDecoder> decoder;
  std::vector<std::pair<std::string, std::string>> checked;

  void on_data(std::string_view data) {
    decoded += data.size();
    if (md5) EVP_DigestUpdate(md5.get(), data.data(), data.size());
    if (checksum) checksum->update(data);
  }
  std::optional<S3Error> fail(S3Error e) {
    error = std::move(e);
    return error;
  }
};

PayloadVerifier::PayloadVerifier(const VerifyResult& auth, std::span<const HeaderView> headers,
                                 const PayloadVerifierOptions& options)
    : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.md5.reset(EVP_MD_CTX_new());
  if (!s.md5 || EVP_DigestInit_ex(s.md5.get(), EVP_md5(), nullptr) != 1) {
    s.fail(S3Error(S3ErrorCode::internal_error, "MD5 is unavailable"));
    return;
  }
  if (!auth.ok()) {
    s.fail(*auth.error);
    return;
  }
  std::vector<std::pair<std::string_view, std::string_view>> checksum_headers;
  std::optional<std::string_view> content_md5, content_length;
  for (const auto& h : headers) {
    if (iequals(h.name, "content-md5")) content_md5 = trim(h.value);
    if (iequals(h.name, "content-length")) content_length = trim(h.value);
    if (options.checksum_header == ChecksumHeaderScope::body && checksum_algorithm_from_header(h.name))
      checksum_headers.emplace_back(h.name, trim(h.value));
  }
  if (content_length) {
    std::uint64_t n = 0;
    const auto [p, ec] =
        std::from_chars(content_length->data(), content_length->data() + content_length->size(), n);
    if (content_length->empty() || ec != std::errc() ||
        p != content_length->data() + content_length->size()) {
      s.fail(S3Error(S3ErrorCode::invalid_argument, "Content-Length is not a number")
                 .with("ArgumentName", "Content-Length"));
      return;
    }
    s.content_length = n;
  }
  if (content_md5) {
    std::vector<std::uint8_t> raw;
    if (!crypto::base64_decode(*content_md5, raw) || raw.size() != 16) {
      s.fail(S3Error(S3ErrorCode::invalid_digest));
      return;
    }
    s.expected_md5.emplace();
    std::copy(raw.begin(), raw.end(), s.expected_md5->begin());
    s.expected_md5_text.assign(*content_md5);
  }
  if (checksum_headers.size() > 1) {
    s.fail(S3Error(S3ErrorCode::invalid_request,
                   "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed."));
    return;
  }

  const std::string_view hash = auth.payload_hash;
  if (hash.size() == 64 && crypto::is_lower_hex(hash)) {
    s.kind = PayloadKind::sha256;
    s.expected_sha256.assign(hash);
  } else if (hash == payload_literal(PayloadMode::unsigned_payload)) {
    s.kind = PayloadKind::unsigned_payload;
  } else if (const auto mode = chunked_mode_from_literal(hash)) {
    switch (*mode) {
      case ChunkedMode::signed_payload:
        s.kind = PayloadKind::streaming_signed;
        break;
      case ChunkedMode::signed_payload_trailer:
        s.kind = PayloadKind::streaming_signed_trailer;
        break;
      case ChunkedMode::unsigned_payload_trailer:
        s.kind = PayloadKind::streaming_unsigned_trailer;
        break;
      case ChunkedMode::ecdsa_signed_payload:
        s.kind = PayloadKind::streaming_ecdsa_signed;
        break;
      case ChunkedMode::ecdsa_signed_payload_trailer:
        s.kind = PayloadKind::streaming_ecdsa_signed_trailer;
        break;
    }
    // Chunk signatures of one algorithm chain from a request signature of the same algorithm.
    if (chunked_mode_has_chunk_signatures(*mode) && chunked_mode_algorithm(*mode) != auth.algorithm) {
      s.fail(S3Error(S3ErrorCode::invalid_argument,
                     std::string(hash) + " needs a request signed with " +
                         std::string(algorithm_name(chunked_mode_algorithm(*mode))))
                 .with("ArgumentName", "x-amz-content-sha256"));
      return;
    }
    auto cfg = ChunkedDecoderConfig::from_headers(headers);
    if (cfg.config && options.checksum_header == ChecksumHeaderScope::not_the_body)
      cfg.config->header_checksum.reset();
    if (!cfg.config) {
      s.fail(S3Error(S3ErrorCode::invalid_argument, cfg.error).with("ArgumentName", "x-amz-content-sha256"));
      return;
    }
    if (!cfg.config->decoded_content_length) {
      s.fail(S3Error(S3ErrorCode::missing_content_length,
                     "You must provide the x-amz-decoded-content-length header with an aws-chunked body."));
      return;
    }
    cfg.config->limits = options.limits;
    cfg.config->release = options.release;
    cfg.config->chunk_size_rule = options.chunk_size_rule;
    std::optional<ChunkSigner> signer;
    if (chunked_mode_has_chunk_signatures(*mode)) {
      try {
        if (auth.algorithm == SigningAlgorithm::ecdsa_p256_sha256)
          signer.emplace(auth.public_key, auth.time, auth.credential_scope, auth.signature);
        else
          signer.emplace(auth.signing_key, auth.time, auth.credential_scope, auth.signature);
      } catch (const std::exception& e) {
        s.fail(S3Error(S3ErrorCode::internal_error, e.what()));
        return;
      }
    }
    s.decoder.emplace(*cfg.config, std::move(signer));
  } else {
    s.fail(S3Error(S3ErrorCode::not_implemented,
                   "this server does not decode " + std::string(hash) + " payloads"));
    return;
  }

  if (!checksum_headers.empty() && !s.decoder) {
    const auto [name, value] = checksum_headers.front();
    const auto algorithm = *checksum_algorithm_from_header(name);
    if (!ChecksumValue::from_base64(algorithm, value)) {
      s.fail(S3Error(S3ErrorCode::invalid_request, "Value for " + lower(name) + " header is invalid."));
      return;
    }
    s.checksum.emplace(algorithm);
    s.expected_checksum.assign(value);
  }
}

PayloadVerifier::~PayloadVerifier() = default;
PayloadVerifier::PayloadVerifier(PayloadVerifier&&) noexcept = default;
PayloadVerifier& PayloadVerifier::operator=(PayloadVerifier&&) noexcept = default;

std::optional<S3Error> PayloadVerifier::feed(std::string_view body, const Sink& sink) {
  State& s = *s_;
  if (s.error) return s.error;
  s.received += body.size();
  if (s.content_length && s.received > *s.content_length)
    return s.fail(
        S3Error(S3ErrorCode::incomplete_body, "The request body is longer than its Content-Length."));
  if (s.decoder) {
    const ChunkedError e = s.decoder->feed(body, [&](std::string_view data) {
      s.on_data(data);
      if (sink) sink(data);
    });
    if (e != ChunkedError::none) return s.fail(S3Error(code_for(e), s.decoder->error_message()));
    return std::nullopt;
  }
  if (s.kind == PayloadKind::sha256) s.sha256.update(body);
  s.on_data(body);
  if (sink && !body.empty()) sink(body);
  return std::nullopt;
}

std::optional<S3Error> PayloadVerifier::finish() {
  State& s = *s_;
  if (s.error) return s.error;
  if (s.content_length && s.received < *s.content_length)
    return s.fail(S3Error(S3ErrorCode::incomplete_body));
  if (s.decoder) {
    const ChunkedError e = s.decoder->finish();
    if (e != ChunkedError::none) return s.fail(S3Error(code_for(e), s.decoder->error_message()));
    if (const auto c = s.decoder->computed_checksum())
      s.checked.emplace_back(lower(checksum_algorithm_name(c->algorithm)), c->base64());
  }
  unsigned int md5_len = 0;
  EVP_DigestFinal_ex(s.md5.get(), s.md5_digest.data(), &md5_len);
  s.md5.reset();
  if (s.kind == PayloadKind::sha256) {
    const std::string computed = crypto::hex(s.sha256.finish());
    if (computed != s.expected_sha256)
      return s.fail(S3Error(S3ErrorCode::x_amz_content_sha256_mismatch)
                        .with("ClientComputedContentSHA256", s.expected_sha256)
                        .with("S3ComputedContentSHA256", computed));
    s.checked.emplace_back("content-sha256", computed);
  }
  if (s.expected_md5) {
    if (*s.expected_md5 != s.md5_digest)
      return s.fail(S3Error(S3ErrorCode::bad_digest)
                        .with("ExpectedDigest", s.expected_md5_text)
                        .with("CalculatedDigest", crypto::base64(s.md5_digest)));
    s.checked.emplace_back("md5", s.expected_md5_text);
  }
  if (s.checksum) {
    const ChecksumValue v = s.checksum->value();
    const std::string got = v.base64();
    if (got != s.expected_checksum)
      return s.fail(
          S3Error(S3ErrorCode::bad_digest, "The " + std::string(checksum_algorithm_name(v.algorithm)) +
                                               " you specified did not match the calculated checksum.")
              .with("ExpectedChecksum", s.expected_checksum)
              .with("CalculatedChecksum", got));
    s.checked.emplace_back(lower(checksum_algorithm_name(v.algorithm)), got);
  }
  return std::nullopt;
}

const std::optional<S3Error>& PayloadVerifier::error() const noexcept { return s_->error; }
PayloadKind PayloadVerifier::kind() const noexcept { return s_->kind; }
bool PayloadVerifier::streaming() const noexcept { return s_->decoder.has_value(); }
std::uint64_t PayloadVerifier::decoded_length() const noexcept { return s_->decoded; }
std::uint64_t PayloadVerifier::chunks() const noexcept {
  if (!s_->decoder) return 0;
  return s_->decoder->chunk_index() + (s_->decoder->complete() ? 1 : 0);
}
const std::vector<std::pair<std::string, std::string>>& PayloadVerifier::checked() const noexcept {
  return s_->checked;
}
std::string PayloadVerifier::md5_hex() const { return crypto::hex(s_->md5_digest); }

}  // namespace sigv4
