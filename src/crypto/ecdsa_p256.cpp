#include "sigv4/crypto/ecdsa_p256.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>

#include "openssl_handles.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/error.hpp"

namespace sigv4::crypto {
namespace {

constexpr char kGroupName[] = "prime256v1";  // OpenSSL's name for NIST P-256 (secp256r1)
constexpr std::size_t kMaxDerSignature = 72;  // SEQUENCE { INTEGER r (<= 33), INTEGER s (<= 33) }

ossl::EcGroup p256_group() {
  ossl::EcGroup g(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  if (!g) throw Error(ErrorCode::invalid_argument, "OpenSSL cannot create the P-256 group");
  return g;
}

// Builds an EVP_PKEY from the uncompressed point and, when given, the private scalar.
std::shared_ptr<EVP_PKEY> build_pkey(const std::array<std::uint8_t, 65>& point, const BIGNUM* scalar) {
  ossl::ParamBuilder bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) ||
      (scalar != nullptr && !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar)))
    return nullptr;
  ossl::Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  ossl::PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
  EVP_PKEY* raw = nullptr;
  const int selection = scalar != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1) return nullptr;
  return std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free);
}

// The uncompressed encoding of a point, or nullopt when it is not a finite point on the curve.
std::optional<std::array<std::uint8_t, 65>> uncompressed(const EC_GROUP* group, const EC_POINT* point, BN_CTX* bn) {
  if (EC_POINT_is_at_infinity(group, point) || EC_POINT_is_on_curve(group, point, bn) != 1) return std::nullopt;
  std::array<std::uint8_t, 65> out{};
  if (EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(), bn) != out.size())
    return std::nullopt;
  return out;
}

}  // namespace

std::optional<EcdsaP256PublicKey> EcdsaP256PublicKey::from_sec1(std::span<const std::uint8_t> encoded) {
  const bool plain = encoded.size() == 65 && encoded[0] == 0x04;
  const bool compressed = encoded.size() == 33 && (encoded[0] == 0x02 || encoded[0] == 0x03);
  if (!plain && !compressed) return std::nullopt;
  const ossl::EcGroup group = p256_group();
  ossl::BnCtx bn(BN_CTX_new());
  ossl::EcPoint point(EC_POINT_new(group.get()));
  if (!bn || !point) return std::nullopt;
  if (EC_POINT_oct2point(group.get(), point.get(), encoded.data(), encoded.size(), bn.get()) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  auto bytes = uncompressed(group.get(), point.get(), bn.get());
  if (!bytes) return std::nullopt;
  EcdsaP256PublicKey key;
  key.key_ = build_pkey(*bytes, nullptr);
  if (!key.key_) {
    ERR_clear_error();
    return std::nullopt;
  }
  key.point_ = *bytes;
  return key;
}

std::optional<EcdsaP256PublicKey> EcdsaP256PublicKey::from_xy_hex(std::string_view x_hex, std::string_view y_hex) {
  if (x_hex.size() != 64 || y_hex.size() != 64) return std::nullopt;
  std::array<std::uint8_t, 65> point{};
  point[0] = 0x04;
  for (std::size_t i = 0; i < 128; ++i) {
    const char c = i < 64 ? x_hex[i] : y_hex[i - 64];
    const int v = hex_digit_value(c);
    if (v < 0) return std::nullopt;
    point[1 + i / 2] = static_cast<std::uint8_t>(point[1 + i / 2] << 4 | v);
  }
  return from_sec1(point);
}

std::string EcdsaP256PublicKey::x_hex() const { return hex(std::span<const std::uint8_t>(point_).subspan(1, 32)); }
std::string EcdsaP256PublicKey::y_hex() const { return hex(std::span<const std::uint8_t>(point_).subspan(33, 32)); }

std::string EcdsaP256PublicKey::pem() const {
  if (!key_) return {};
  ossl::Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1)
    throw Error(ErrorCode::invalid_argument, "OpenSSL cannot encode the public key as PEM");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

bool EcdsaP256PublicKey::verify_digest(std::span<const std::uint8_t, 32> digest,
                                       std::span<const std::uint8_t> der_signature) const noexcept {
  if (!key_ || der_signature.empty() || der_signature.size() > kMaxDerSignature) return false;
  ossl::PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
  // OpenSSL's ECDSA verify decodes the DER and re-encodes it, so non-canonical encodings and trailing
  // bytes are rejected as well as wrong signatures.
  const bool ok = ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
                  EVP_PKEY_verify(ctx.get(), der_signature.data(), der_signature.size(), digest.data(),
                                  digest.size()) == 1;
  if (!ok) ERR_clear_error();
  return ok;
}

bool EcdsaP256PublicKey::verify_sha256(std::string_view message,
                                       std::span<const std::uint8_t> der_signature) const noexcept {
  const Sha256Digest digest = sha256(message);
  return verify_digest(digest, der_signature);
}

bool EcdsaP256PublicKey::verify_sha256_hex(std::string_view message, std::string_view signature_hex) const noexcept {
  if (signature_hex.empty() || signature_hex.size() % 2 != 0 || signature_hex.size() > 2 * kMaxDerSignature)
    return false;
  std::array<std::uint8_t, kMaxDerSignature> der{};
  for (std::size_t i = 0; i < signature_hex.size(); i += 2) {
    const int hi = hex_digit_value(signature_hex[i]), lo = hex_digit_value(signature_hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    der[i / 2] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return verify_sha256(message, std::span<const std::uint8_t>(der.data(), signature_hex.size() / 2));
}

std::optional<EcdsaP256PrivateKey> EcdsaP256PrivateKey::from_scalar(std::span<const std::uint8_t, 32> scalar) {
  const ossl::EcGroup group = p256_group();
  ossl::BnCtx bn(BN_CTX_secure_new());
  ossl::Bignum d(BN_secure_new());
  ossl::EcPoint pub(EC_POINT_new(group.get()));
  if (!bn || !d || !pub) throw Error(ErrorCode::invalid_argument, "OpenSSL is out of memory");
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  if (BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), d.get()) == nullptr)
    throw Error(ErrorCode::invalid_argument, "OpenSSL is out of memory");
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0) return std::nullopt;
  if (EC_POINT_mul(group.get(), pub.get(), d.get(), nullptr, nullptr, bn.get()) != 1)
    throw Error(ErrorCode::invalid_argument, "OpenSSL cannot compute the P-256 public key");
  auto bytes = uncompressed(group.get(), pub.get(), bn.get());
  if (!bytes) throw Error(ErrorCode::invalid_argument, "OpenSSL computed an invalid P-256 public key");
  EcdsaP256PrivateKey key;
  key.key_ = build_pkey(*bytes, d.get());
  key.public_.key_ = build_pkey(*bytes, nullptr);
  if (!key.key_ || !key.public_.key_) throw Error(ErrorCode::invalid_argument, "OpenSSL cannot build the P-256 key");
  key.public_.point_ = *bytes;
  return key;
}

void EcdsaP256PrivateKey::sign_digest(std::span<const std::uint8_t, 32> digest, std::vector<std::uint8_t>& out) const {
  if (!key_) throw Error(ErrorCode::invalid_argument, "cannot sign with an empty ECDSA key");
  ossl::PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
  out.resize(kMaxDerSignature);
  std::size_t len = out.size();
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_sign(ctx.get(), out.data(), &len, digest.data(), digest.size()) != 1) {
    ERR_clear_error();
    out.clear();
    throw Error(ErrorCode::invalid_argument, "OpenSSL failed to compute an ECDSA P-256 signature");
  }
  out.resize(len);
}

void EcdsaP256PrivateKey::sign_sha256(std::string_view message, std::vector<std::uint8_t>& out) const {
  const Sha256Digest digest = sha256(message);
  sign_digest(digest, out);
}

void EcdsaP256PrivateKey::sign_sha256_hex(std::string_view message, std::string& out) const {
  thread_local std::vector<std::uint8_t> der;
  sign_sha256(message, der);
  out.clear();
  hex_append(der, out);
}

}  // namespace sigv4::crypto
