// The SigV4a key derivation (see sigv4/sigv4a_key.hpp for the rule).
#include <openssl/crypto.h>
#include <openssl/obj_mac.h>

#include <cstring>

#include "../crypto/openssl_handles.hpp"
#include "sigv4/crypto/hmac.hpp"
#include "sigv4/error.hpp"
#include "sigv4/sigv4a_key.hpp"

namespace sigv4 {
namespace {

constexpr std::uint8_t kMaxCounter = 254;  // the specification's limit (aws-c-auth uses the same)

// Zeroes a buffer holding key material when it goes out of scope.
template <typename Buffer>
struct Wipe {
  Buffer& buffer;
  ~Wipe() {
    if (!buffer.empty()) OPENSSL_cleanse(buffer.data(), buffer.size());
  }
};

}  // namespace

std::vector<std::uint8_t> sigv4a_kdf_fixed_input(std::string_view access_key_id, std::uint8_t counter) {
  constexpr std::uint8_t kBlockIndex[4] = {0x00, 0x00, 0x00, 0x01};  // i = 1: one PRF block gives 256 bits
  constexpr std::uint8_t kLengthBits[4] = {0x00, 0x00, 0x01, 0x00};  // L = 256
  std::vector<std::uint8_t> in(4 + kAlgorithmEcdsaP256Sha256.size() + 1 + access_key_id.size() + 1 + 4);
  std::uint8_t* p = in.data();
  auto put = [&p](const void* data, std::size_t n) {
    if (n != 0) std::memcpy(p, data, n);
    p += n;
  };
  put(kBlockIndex, 4);
  put(kAlgorithmEcdsaP256Sha256.data(), kAlgorithmEcdsaP256Sha256.size());  // Label
  *p++ = 0x00;                                                              // separator
  put(access_key_id.data(), access_key_id.size());                          // Context: access key id ...
  *p++ = counter;                                                           // ... and the external counter
  put(kLengthBits, 4);
  return in;
}

std::optional<std::array<std::uint8_t, 32>> sigv4a_scalar_from_candidate(const std::array<std::uint8_t, 32>& candidate) {
  crypto::ossl::EcGroup group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  crypto::ossl::Bignum n_minus_2(BN_new());
  crypto::ossl::Bignum k(BN_secure_new());
  if (!group || !n_minus_2 || !k || !BN_copy(n_minus_2.get(), EC_GROUP_get0_order(group.get())) ||
      !BN_sub_word(n_minus_2.get(), 2) || !BN_bin2bn(candidate.data(), static_cast<int>(candidate.size()), k.get()))
    throw Error(ErrorCode::invalid_argument, "OpenSSL is out of memory");
  if (BN_cmp(k.get(), n_minus_2.get()) > 0) return std::nullopt;
  if (!BN_add_word(k.get(), 1)) throw Error(ErrorCode::invalid_argument, "OpenSSL is out of memory");
  std::array<std::uint8_t, 32> scalar{};
  if (BN_bn2binpad(k.get(), scalar.data(), static_cast<int>(scalar.size())) != static_cast<int>(scalar.size()))
    throw Error(ErrorCode::invalid_argument, "OpenSSL cannot encode the SigV4a scalar");
  return scalar;
}

Sigv4aSigningKey Sigv4aSigningKey::derive(std::string_view access_key_id, std::string_view secret_access_key) {
  if (access_key_id.empty() || secret_access_key.empty())
    throw Error(ErrorCode::invalid_credentials, "SigV4a needs a non-empty access key id and secret access key");
  std::string input_key;
  Wipe<std::string> wipe_key{input_key};
  input_key.reserve(5 + secret_access_key.size());
  input_key.append("AWS4A").append(secret_access_key);
  const std::span<const std::uint8_t> k_in(reinterpret_cast<const std::uint8_t*>(input_key.data()), input_key.size());

  std::array<std::uint8_t, 32> candidate{};
  Wipe<std::array<std::uint8_t, 32>> wipe_candidate{candidate};
  for (unsigned counter = 1; counter <= kMaxCounter; ++counter) {
    const std::vector<std::uint8_t> fixed = sigv4a_kdf_fixed_input(access_key_id, static_cast<std::uint8_t>(counter));
    crypto::hmac_sha256(k_in, std::string_view(reinterpret_cast<const char*>(fixed.data()), fixed.size()),
                        candidate.data());
    std::optional<std::array<std::uint8_t, 32>> scalar = sigv4a_scalar_from_candidate(candidate);
    if (!scalar) continue;
    Wipe<std::array<std::uint8_t, 32>> wipe_scalar{*scalar};
    auto key = crypto::EcdsaP256PrivateKey::from_scalar(*scalar);
    if (!key) throw Error(ErrorCode::invalid_argument, "SigV4a scalar out of range (cannot happen)");
    Sigv4aSigningKey out;
    out.key_ = std::move(*key);
    return out;
  }
  throw Error(ErrorCode::invalid_argument, "SigV4a key derivation found no valid key in 254 counter values");
}

void Sigv4aSigningKey::sign_hex(std::string_view string_to_sign, std::string& out) const {
  key_.sign_sha256_hex(string_to_sign, out);
}

crypto::EcdsaP256PublicKey sigv4a_public_key(std::string_view access_key_id, std::string_view secret_access_key) {
  return cached_sigv4a_signing_key(access_key_id, secret_access_key).public_key();
}

}  // namespace sigv4
