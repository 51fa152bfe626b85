#include "sigv4/chunk_signer.hpp"

#include <cstring>

#include "sigv4/chunked_mode.hpp"
#include "sigv4/crypto/constant_time.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/error.hpp"

namespace sigv4 {
namespace {

// Longest string to sign: algorithm (24) + date (16) + scope (256) + 3 hashes/signatures (192) + 5 LF.
constexpr std::size_t kMaxStringToSign = 512;

bool is_signature(std::string_view s) noexcept { return s.size() == 64 && crypto::is_lower_hex(s); }

}  // namespace

ChunkSigner::ChunkSigner(const SigningKey& key, const SigningTime& time, std::string_view credential_scope,
                         std::string_view seed_signature)
    : key_(key) {
  if (!is_signature(seed_signature))
    throw Error(ErrorCode::invalid_argument,
                "chunk signer: the seed signature must be 64 lower-case hex characters");
  if (credential_scope.empty() || credential_scope.size() > scope_.size())
    throw Error(ErrorCode::invalid_argument,
                "chunk signer: the credential scope must be 1 to 256 characters");
  std::memcpy(date_.data(), time.amz_date().data(), date_.size());
  std::memcpy(scope_.data(), credential_scope.data(), credential_scope.size());
  scope_size_ = credential_scope.size();
  std::memcpy(previous_.data(), seed_signature.data(), previous_.size());
}

ChunkSigner ChunkSigner::from_seed(const SigningResult& seed, const SigningTime& time) {
  return ChunkSigner(SigningKey::from_bytes(seed.signing_key), time, seed.credential_scope, seed.signature);
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

void ChunkSigner::compute_chunk(const crypto::Sha256Digest& data_hash, char out[64]) const noexcept {
  char sts[kMaxStringToSign];
  std::size_t n = write_prefix(kChunkAlgorithm, sts);
  std::memcpy(sts + n, crypto::kEmptySha256Hex.data(), 64);
  n += 64;
  sts[n++] = '\n';
  crypto::hex_encode(data_hash, sts + n);
  n += 64;
  key_.sign_hex(std::string_view(sts, n), out);
}

void ChunkSigner::compute_trailer(std::string_view canonical_trailers, char out[64]) const noexcept {
  char sts[kMaxStringToSign];
  std::size_t n = write_prefix(kTrailerAlgorithm, sts);
  crypto::hex_encode(crypto::sha256(canonical_trailers), sts + n);
  n += 64;
  key_.sign_hex(std::string_view(sts, n), out);
}

void ChunkSigner::sign_chunk(const crypto::Sha256Digest& data_hash, char out[64]) noexcept {
  compute_chunk(data_hash, out);
  std::memcpy(previous_.data(), out, 64);
}

std::string ChunkSigner::sign_chunk(std::string_view data) {
  std::string sig(64, '\0');
  sign_chunk(crypto::sha256(data), sig.data());
  return sig;
}

bool ChunkSigner::verify_chunk(const crypto::Sha256Digest& data_hash, std::string_view received) noexcept {
  char expected[64];
  compute_chunk(data_hash, expected);
  if (!crypto::constant_time_equal(std::string_view(expected, 64), received)) return false;
  std::memcpy(previous_.data(), expected, 64);
  return true;
}

void ChunkSigner::sign_trailer(std::string_view canonical_trailers, char out[64]) noexcept {
  compute_trailer(canonical_trailers, out);
  std::memcpy(previous_.data(), out, 64);
}

bool ChunkSigner::verify_trailer(std::string_view canonical_trailers, std::string_view received) noexcept {
  char expected[64];
  compute_trailer(canonical_trailers, expected);
  if (!crypto::constant_time_equal(std::string_view(expected, 64), received)) return false;
  std::memcpy(previous_.data(), expected, 64);
  return true;
}

void ChunkSigner::chunk_string_to_sign(const crypto::Sha256Digest& data_hash, std::string& out) const {
  out.resize(kMaxStringToSign);
  std::size_t n = write_prefix(kChunkAlgorithm, out.data());
  out.resize(n);
  out.append(crypto::kEmptySha256Hex).push_back('\n');
  crypto::hex_append(data_hash, out);
}

void ChunkSigner::trailer_string_to_sign(std::string_view canonical_trailers, std::string& out) const {
  out.resize(kMaxStringToSign);
  out.resize(write_prefix(kTrailerAlgorithm, out.data()));
  crypto::hex_append(crypto::sha256(canonical_trailers), out);
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
