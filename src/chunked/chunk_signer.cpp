#include "sigv4/chunk_signer.hpp"

#include <cstring>

#include "sigv4/chunked_mode.hpp"
#include "sigv4/crypto/constant_time.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/error.hpp"

namespace sigv4 {
namespace {

// Longest string to sign: algorithm (30) + date (16) + scope (256) + previous signature (144) + two
// hashes (128) + 5 LF.
constexpr std::size_t kMaxStringToSign = 640;

bool is_hmac_signature(std::string_view s) noexcept { return s.size() == 64 && crypto::is_lower_hex(s); }

// The DER hex of a SigV4a signature in wire form (padding dropped), or empty when malformed. A DER
// P-256 signature is 8 to 72 bytes.
std::string_view ecdsa_hex(std::string_view s) noexcept {
  if (s.size() > kEcdsaWireSignatureLength) return {};
  while (!s.empty() && s.back() == kEcdsaSignaturePadding) s.remove_suffix(1);
  if (s.size() < 16 || s.size() % 2 != 0 || !crypto::is_lower_hex(s)) return {};
  return s;
}

}  // namespace

void ChunkSigner::start(const SigningTime& time, std::string_view credential_scope,
                        std::string_view seed_signature) {
  std::string_view seed = seed_signature;
  if (algorithm_ == SigningAlgorithm::hmac_sha256) {
    if (!is_hmac_signature(seed))
      throw Error(ErrorCode::invalid_argument,
                  "chunk signer: the seed signature must be 64 lower-case hex characters");
  } else {
    seed = ecdsa_hex(seed_signature);
    if (seed.empty())
      throw Error(ErrorCode::invalid_argument,
                  "chunk signer: the SigV4a seed signature must be 16 to 144 lower-case hex digits (DER)");
    if (!ecdsa_public_.valid()) throw Error(ErrorCode::invalid_argument, "chunk signer: empty SigV4a key");
  }
  if (credential_scope.empty() || credential_scope.size() > scope_.size())
    throw Error(ErrorCode::invalid_argument,
                "chunk signer: the credential scope must be 1 to 256 characters");
  std::memcpy(date_.data(), time.amz_date().data(), date_.size());
  std::memcpy(scope_.data(), credential_scope.data(), credential_scope.size());
  scope_size_ = credential_scope.size();
  std::memcpy(previous_.data(), seed.data(), seed.size());
  previous_size_ = seed.size();
}

ChunkSigner::ChunkSigner(const SigningKey& key, const SigningTime& time, std::string_view credential_scope,
                         std::string_view seed_signature)
    : key_(key) {
  start(time, credential_scope, seed_signature);
}

ChunkSigner::ChunkSigner(const Sigv4aSigningKey& key, const SigningTime& time, std::string_view credential_scope,
                         std::string_view seed_signature)
    : algorithm_(SigningAlgorithm::ecdsa_p256_sha256), ecdsa_key_(key), ecdsa_public_(key.public_key()) {
  start(time, credential_scope, seed_signature);
}

ChunkSigner::ChunkSigner(const crypto::EcdsaP256PublicKey& key, const SigningTime& time,
                         std::string_view credential_scope, std::string_view seed_signature)
    : algorithm_(SigningAlgorithm::ecdsa_p256_sha256), ecdsa_public_(key) {
  start(time, credential_scope, seed_signature);
}

ChunkSigner ChunkSigner::from_seed(const SigningResult& seed, const SigningTime& time) {
  return ChunkSigner(SigningKey::from_bytes(seed.signing_key), time, seed.credential_scope, seed.signature);
}

ChunkSigner ChunkSigner::from_seed(const SigningResult& seed, const SigningTime& time, const Sigv4aSigningKey& key) {
  return ChunkSigner(key, time, seed.credential_scope, seed.signature);
}

bool ChunkSigner::is_wire_signature(std::string_view s) const noexcept {
  return algorithm_ == SigningAlgorithm::hmac_sha256 ? is_hmac_signature(s) : !ecdsa_hex(s).empty();
}

std::size_t ChunkSigner::write_prefix(std::string_view algorithm, char* out) const noexcept {
  char* o = out;
  auto put = [&o](std::string_view s) {
    std::memcpy(o, s.data(), s.size());
    o += s.size();
  };
  put(algorithm);
  *o++ = '\n';
  put(amz_date());
  *o++ = '\n';
  put(credential_scope());
  *o++ = '\n';
  put(previous_signature());
  *o++ = '\n';
  return static_cast<std::size_t>(o - out);
}

std::size_t ChunkSigner::chunk_sts(const crypto::Sha256Digest& data_hash, char* out) const noexcept {
  const bool hmac = algorithm_ == SigningAlgorithm::hmac_sha256;
  std::size_t n = write_prefix(hmac ? kChunkAlgorithm : kEcdsaChunkAlgorithm, out);
  std::memcpy(out + n, crypto::kEmptySha256Hex.data(), 64);
  n += 64;
  out[n++] = '\n';
  crypto::hex_encode(data_hash, out + n);
  return n + 64;
}

std::size_t ChunkSigner::trailer_sts(std::string_view canonical_trailers, char* out) const noexcept {
  const bool hmac = algorithm_ == SigningAlgorithm::hmac_sha256;
  const std::size_t n = write_prefix(hmac ? kTrailerAlgorithm : kEcdsaTrailerAlgorithm, out);
  crypto::hex_encode(crypto::sha256(canonical_trailers), out + n);
  return n + 64;
}

void ChunkSigner::sign_sts(std::string_view string_to_sign, char* out) {
  if (algorithm_ == SigningAlgorithm::hmac_sha256) {
    key_.sign_hex(string_to_sign, out);
    std::memcpy(previous_.data(), out, 64);
    previous_size_ = 64;
    return;
  }
  if (!ecdsa_key_)
    throw Error(ErrorCode::invalid_argument, "chunk signer: this SigV4a chain only verifies (no private key)");
  std::string hex;
  ecdsa_key_->sign_hex(string_to_sign, hex);
  std::memcpy(out, hex.data(), hex.size());
  std::memset(out + hex.size(), kEcdsaSignaturePadding, kEcdsaWireSignatureLength - hex.size());
  std::memcpy(previous_.data(), hex.data(), hex.size());
  previous_size_ = hex.size();
}

bool ChunkSigner::verify_sts(std::string_view string_to_sign, std::string_view received) noexcept {
  if (algorithm_ == SigningAlgorithm::hmac_sha256) {
    char expected[64];
    key_.sign_hex(string_to_sign, expected);
    if (!crypto::constant_time_equal(std::string_view(expected, 64), received)) return false;
    std::memcpy(previous_.data(), expected, 64);
    previous_size_ = 64;
    return true;
  }
  const std::string_view hex = ecdsa_hex(received);
  if (hex.empty() || !ecdsa_public_.verify_sha256_hex(string_to_sign, hex)) return false;
  std::memcpy(previous_.data(), hex.data(), hex.size());
  previous_size_ = hex.size();
  return true;
}

void ChunkSigner::sign_chunk(const crypto::Sha256Digest& data_hash, char* out) {
  char sts[kMaxStringToSign];
  sign_sts(std::string_view(sts, chunk_sts(data_hash, sts)), out);
}

std::string ChunkSigner::sign_chunk(std::string_view data) {
  std::string sig(wire_signature_length(), '\0');
  sign_chunk(crypto::sha256(data), sig.data());
  return sig;
}

bool ChunkSigner::verify_chunk(const crypto::Sha256Digest& data_hash, std::string_view received) noexcept {
  char sts[kMaxStringToSign];
  return verify_sts(std::string_view(sts, chunk_sts(data_hash, sts)), received);
}

void ChunkSigner::sign_trailer(std::string_view canonical_trailers, char* out) {
  char sts[kMaxStringToSign];
  sign_sts(std::string_view(sts, trailer_sts(canonical_trailers, sts)), out);
}

bool ChunkSigner::verify_trailer(std::string_view canonical_trailers, std::string_view received) noexcept {
  char sts[kMaxStringToSign];
  return verify_sts(std::string_view(sts, trailer_sts(canonical_trailers, sts)), received);
}

void ChunkSigner::chunk_string_to_sign(const crypto::Sha256Digest& data_hash, std::string& out) const {
  out.resize(kMaxStringToSign);
  out.resize(chunk_sts(data_hash, out.data()));
}

void ChunkSigner::trailer_string_to_sign(std::string_view canonical_trailers, std::string& out) const {
  out.resize(kMaxStringToSign);
  out.resize(trailer_sts(canonical_trailers, out.data()));
}

void append_canonical_trailer(std::string& out, std::string_view name, std::string_view value) {
  auto is_ws = [](char c) { return c == ' ' || c == '\t'; };
  while (!value.empty() && is_ws(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_ws(value.back())) value.remove_suffix(1);
  for (char c : name) out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  out.push_back(':');
  out.append(value);
  out.push_back('\n');
}

}  // namespace sigv4
