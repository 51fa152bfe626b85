// SHA1_* is the low-level interface deprecated in OpenSSL 3 but kept; see sha256.hpp for why not EVP.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "sigv4/checksum.hpp"

#include <openssl/crypto.h>

#include <cstring>
#include <vector>

#include "sigv4/crypto/base64.hpp"
#include "sigv4/crypto/crc.hpp"
#include "sigv4/request.hpp"

namespace sigv4 {
namespace {

struct AlgorithmInfo {
  ChecksumAlgorithm algorithm;
  std::string_view name;
  std::string_view header;
  std::size_t size;
};
constexpr AlgorithmInfo kAlgorithms[] = {
    {ChecksumAlgorithm::crc32, "CRC32", "x-amz-checksum-crc32", 4},
    {ChecksumAlgorithm::crc32c, "CRC32C", "x-amz-checksum-crc32c", 4},
    {ChecksumAlgorithm::crc64nvme, "CRC64NVME", "x-amz-checksum-crc64nvme", 8},
    {ChecksumAlgorithm::sha1, "SHA1", "x-amz-checksum-sha1", 20},
    {ChecksumAlgorithm::sha256, "SHA256", "x-amz-checksum-sha256", 32},
};

const AlgorithmInfo& info(ChecksumAlgorithm a) noexcept { return kAlgorithms[static_cast<std::size_t>(a)]; }

void put_be(std::uint64_t v, std::size_t size, std::uint8_t* out) noexcept {
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * (size - 1 - i)));
}

}  // namespace

std::string_view checksum_algorithm_name(ChecksumAlgorithm a) noexcept { return info(a).name; }
std::string_view checksum_header_name(ChecksumAlgorithm a) noexcept { return info(a).header; }
std::size_t checksum_size(ChecksumAlgorithm a) noexcept { return info(a).size; }

std::optional<ChecksumAlgorithm> parse_checksum_algorithm(std::string_view name) noexcept {
  for (const auto& i : kAlgorithms)
    if (iequals(name, i.name)) return i.algorithm;
  return std::nullopt;
}

std::optional<ChecksumAlgorithm> checksum_algorithm_from_header(std::string_view header_name) noexcept {
  for (const auto& i : kAlgorithms)
    if (iequals(header_name, i.header)) return i.algorithm;
  return std::nullopt;
}

std::string ChecksumValue::base64() const { return crypto::base64(digest()); }

std::optional<ChecksumValue> ChecksumValue::from_base64(ChecksumAlgorithm algorithm, std::string_view text) {
  std::vector<std::uint8_t> bytes;
  if (!crypto::base64_decode(text, bytes) || bytes.size() != checksum_size(algorithm)) return std::nullopt;
  ChecksumValue v;
  v.algorithm = algorithm;
  v.size = bytes.size();
  std::memcpy(v.bytes.data(), bytes.data(), bytes.size());
  return v;
}

bool operator==(const ChecksumValue& a, const ChecksumValue& b) noexcept {
  return a.algorithm == b.algorithm && a.size == b.size &&
         std::memcmp(a.bytes.data(), b.bytes.data(), a.size) == 0;
}

Checksum::Checksum(ChecksumAlgorithm algorithm) noexcept : algorithm_(algorithm) { reset(); }

void Checksum::reset() noexcept {
  crc_ = 0;
  switch (algorithm_) {
    case ChecksumAlgorithm::sha1:
      SHA1_Init(&sha1_);
      break;
    case ChecksumAlgorithm::sha256:
      sha256_.reset();
      break;
    default:
      break;
  }
}

void Checksum::update(const void* data, std::size_t size) noexcept {
  switch (algorithm_) {
    case ChecksumAlgorithm::crc32:
      crc_ = crypto::crc32_update(static_cast<std::uint32_t>(crc_), data, size);
      break;
    case ChecksumAlgorithm::crc32c:
      crc_ = crypto::crc32c_update(static_cast<std::uint32_t>(crc_), data, size);
      break;
    case ChecksumAlgorithm::crc64nvme:
      crc_ = crypto::crc64nvme_update(crc_, data, size);
      break;
    case ChecksumAlgorithm::sha1:
      SHA1_Update(&sha1_, data, size);
      break;
    case ChecksumAlgorithm::sha256:
      sha256_.update(data, size);
      break;
  }
}

ChecksumValue Checksum::value() const noexcept {
  ChecksumValue v;
  v.algorithm = algorithm_;
  v.size = checksum_size(algorithm_);
  switch (algorithm_) {
    case ChecksumAlgorithm::crc32:
    case ChecksumAlgorithm::crc32c:
    case ChecksumAlgorithm::crc64nvme:
      put_be(crc_, v.size, v.bytes.data());
      break;
    case ChecksumAlgorithm::sha1: {
      SHA_CTX copy = sha1_;
      SHA1_Final(v.bytes.data(), &copy);
      break;
    }
    case ChecksumAlgorithm::sha256: {
      crypto::Sha256 copy = sha256_;
      copy.finish(v.bytes.data());
      break;
    }
  }
  return v;
}

ChecksumValue compute_checksum(ChecksumAlgorithm algorithm, std::string_view data) noexcept {
  Checksum c(algorithm);
  c.update(data);
  return c.value();
}

}  // namespace sigv4
