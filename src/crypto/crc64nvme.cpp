// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and xorout all ones).
//
// Why our own code: ISA-L, which provides CRC-32/32C, only gained this CRC (crc64_rocksoft) in 2.31,
// and Debian 12 ships 2.30. With a newer ISA-L (detected at configure time) ISA-L is used.
// Otherwise:
//  - folding with carry-less multiplication (PCLMULQDQ), 4 x 128-bit accumulators (64 bytes per
//    step), when the CPU has PCLMULQDQ and SSE4.1 (checked at run time);
//  - slicing-by-8 tables for the rest (the tail, the final 128-bit reduction, other CPUs).
// Every constant (tables, folding multipliers) is computed at compile time from the polynomial alone.
//
// Folding in the reflected domain: a 16-byte block loaded little-endian holds the polynomial
// A = H*x^64 + L (H in the low lane: the first bytes are the highest powers). Folding it over the
// next block B at distance D bits gives A' = H*(x^(D+64) mod P) + L*(x^D mod P) + B, which is congruent
// to A*x^D + B modulo P, so the CRC is unchanged. A carry-less product of two reflected 64-bit values
// is the reflected 128-bit product times x, hence the multipliers use exponents one less. The last
// accumulator is a 16-byte message whose CRC (from a zero register) is the register of everything
// folded, so the final reduction is simply 16 bytes through the tables.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "sigv4/crypto/crc.hpp"
#include "vector_state.hpp"

#if defined(SIGV4_HAVE_ISAL_CRC64_ROCKSOFT)
#include <isa-l/crc64.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SIGV4_CRC64_X86 1
#endif

namespace sigv4::crypto {
namespace {

constexpr std::uint64_t kPolyReflected = 0x9A6C9329AC4BC9B5ull;

constexpr std::uint64_t bit_reverse64(std::uint64_t v) {
  std::uint64_t r = 0;
  for (int i = 0; i < 64; ++i) r |= ((v >> i) & 1u) << (63 - i);
  return r;
}

// x^n mod P, returned in reflected form (bit i is the coefficient of x^(63-i)).
constexpr std::uint64_t x_pow_mod_p_reflected(unsigned n) {
  constexpr std::uint64_t kPolyNormal = bit_reverse64(kPolyReflected);  // P without its x^64 term
  std::uint64_t r = 1;                                                  // x^0, normal form
  for (unsigned i = 0; i < n; ++i) r = (r << 1) ^ ((r >> 63) ? kPolyNormal : 0);
  return bit_reverse64(r);
}

using Tables = std::array<std::array<std::uint64_t, 256>, 8>;

constexpr Tables make_tables() {
  Tables t{};
  for (std::uint64_t b = 0; b < 256; ++b) {
    std::uint64_t c = b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ ((c & 1) ? kPolyReflected : 0);
    t[0][b] = c;
  }
  for (std::size_t k = 1; k < 8; ++k)
    for (std::size_t b = 0; b < 256; ++b) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
  return t;
}
constexpr Tables kTables = make_tables();
static_assert(kTables[0][128] == kPolyReflected, "table generation: the byte 0x80 reduces to the polynomial");

std::uint64_t load_le64(const unsigned char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// Raw register update (no inversions).
std::uint64_t tables_update(std::uint64_t reg, const unsigned char* p, std::size_t n) noexcept {
  for (; n >= 8; n -= 8, p += 8) {
    reg ^= load_le64(p);
    reg = kTables[7][reg & 0xff] ^ kTables[6][(reg >> 8) & 0xff] ^ kTables[5][(reg >> 16) & 0xff] ^
          kTables[4][(reg >> 24) & 0xff] ^ kTables[3][(reg >> 32) & 0xff] ^ kTables[2][(reg >> 40) & 0xff] ^
          kTables[1][(reg >> 48) & 0xff] ^ kTables[0][reg >> 56];
  }
  for (; n > 0; --n, ++p) reg = (reg >> 8) ^ kTables[0][(reg ^ *p) & 0xff];
  return reg;
}

#if defined(SIGV4_CRC64_X86)
// Multipliers for folding by 128 bits (one accumulator into the next) and by 512 bits (each of the
// four accumulators over the next 64 bytes).
constexpr std::uint64_t kFold128High = x_pow_mod_p_reflected(128 + 64 - 1);
constexpr std::uint64_t kFold128Low = x_pow_mod_p_reflected(128 - 1);
constexpr std::uint64_t kFold512High = x_pow_mod_p_reflected(512 + 64 - 1);
constexpr std::uint64_t kFold512Low = x_pow_mod_p_reflected(512 - 1);

__attribute__((target("pclmul,sse4.1"))) inline __m128i fold(__m128i acc, __m128i k, __m128i next) noexcept {
  const __m128i hi = _mm_clmulepi64_si128(acc, k, 0x00);  // low lane (H) times k.low
  const __m128i lo = _mm_clmulepi64_si128(acc, k, 0x11);  // high lane (L) times k.high
  return _mm_xor_si128(_mm_xor_si128(hi, lo), next);
}

// Raw register update over n >= 64 bytes; returns the bytes not consumed (fewer than 64) via `rest`.
__attribute__((target("pclmul,sse4.1"))) std::uint64_t pclmul_update(std::uint64_t reg,
                                                                     const unsigned char*& p,
                                                                     std::size_t& n) noexcept {
  const __m128i k512 =
      _mm_set_epi64x(static_cast<long long>(kFold512Low), static_cast<long long>(kFold512High));
  const __m128i k128 =
      _mm_set_epi64x(static_cast<long long>(kFold128Low), static_cast<long long>(kFold128High));
  auto load = [](const unsigned char* q) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q)); };
  __m128i a0 = _mm_xor_si128(load(p), _mm_set_epi64x(0, static_cast<long long>(reg)));
  __m128i a1 = load(p + 16), a2 = load(p + 32), a3 = load(p + 48);
  p += 64;
  n -= 64;
  for (; n >= 64; p += 64, n -= 64) {
    a0 = fold(a0, k512, load(p));
    a1 = fold(a1, k512, load(p + 16));
    a2 = fold(a2, k512, load(p + 32));
    a3 = fold(a3, k512, load(p + 48));
  }
  __m128i a = fold(a0, k128, a1);
  a = fold(a, k128, a2);
  a = fold(a, k128, a3);
  for (; n >= 16; p += 16, n -= 16) a = fold(a, k128, load(p));
  alignas(16) unsigned char block[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(block), a);
  return tables_update(0, block, sizeof block);
}

bool cpu_has_pclmul() noexcept {
  static const bool has = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  return has;
}
#endif

}  // namespace

std::uint64_t crc64nvme_update_portable(std::uint64_t crc, const void* data, std::size_t size) noexcept {
  return ~tables_update(~crc, static_cast<const unsigned char*>(data), size);
}

std::uint64_t crc64nvme_update(std::uint64_t crc, const void* data, std::size_t size) noexcept {
#if defined(SIGV4_HAVE_ISAL_CRC64_ROCKSOFT)
  const std::uint64_t out = crc64_rocksoft_refl(crc, static_cast<const unsigned char*>(data), size);
  detail::clear_upper_vector_state();  // ISA-L's kernels may leave it dirty: see vector_state.hpp
  return out;
#else
  const auto* p = static_cast<const unsigned char*>(data);
  std::uint64_t reg = ~crc;
#if defined(SIGV4_CRC64_X86)
  if (size >= 128 && cpu_has_pclmul()) reg = pclmul_update(reg, p, size);
#endif
  return ~tables_update(reg, p, size);
#endif
}

std::string_view crc64nvme_implementation() noexcept {
#if defined(SIGV4_HAVE_ISAL_CRC64_ROCKSOFT)
  return "isa-l";
#elif defined(SIGV4_CRC64_X86)
  return cpu_has_pclmul() ? "pclmul" : "table";
#else
  return "table";
#endif
}

}  // namespace sigv4::crypto
