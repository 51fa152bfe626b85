// ISA-L's AVX-512 CRC kernels return with the upper vector state dirty, which made every later SHA-256
// (OpenSSL's SHA-NI code, legacy SSE) of the process a third slower; src/crypto/vector_state.hpp
// clears it after each call. Checked without timing: XGETBV with ECX=1 reports which register state
// components are in use, and after each of our CRC functions the upper halves of the YMM (bit 2) and
// ZMM (bit 6) registers must not be.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "sigv4/crypto/crc.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

namespace {

bool has_xinuse() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  return __builtin_cpu_supports("avx") && __get_cpuid_count(0xd, 1, &a, &b, &c, &d) != 0 && ((a >> 2) & 1) != 0;
}

std::uint64_t xinuse() {
  unsigned lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(1));
  return (std::uint64_t{hi} << 32) | lo;
}

constexpr std::uint64_t kUpperHalves = (1u << 2) | (1u << 6);  // YMM_Hi128, ZMM_Hi256

TEST(CrcVectorState, EveryCrcLeavesTheUpperVectorStateClean) {
  if (!has_xinuse()) GTEST_SKIP() << "this CPU cannot report register state in use (XGETBV ECX=1)";
  // Long enough for ISA-L to take its widest (AVX-512 where present) kernel.
  const std::vector<unsigned char> data(1 << 16, 0x5a);
  volatile std::uint64_t sink = sigv4::crypto::crc32_update(0, data.data(), data.size());
  EXPECT_EQ(xinuse() & kUpperHalves, 0u) << "after crc32_update";
  sink = sigv4::crypto::crc32c_update(0, data.data(), data.size());
  EXPECT_EQ(xinuse() & kUpperHalves, 0u) << "after crc32c_update";
  sink = sigv4::crypto::crc64nvme_update(0, data.data(), data.size());
  EXPECT_EQ(xinuse() & kUpperHalves, 0u) << "after crc64nvme_update";
  (void)sink;
}

}  // namespace
#endif
