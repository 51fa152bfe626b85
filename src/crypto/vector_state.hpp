// Clearing the upper halves of the vector registers after ISA-L's CRC kernels. Internal.
//
// Why: ISA-L 2.30's AVX-512 CRC-32/CRC-32C kernels return without VZEROUPPER, leaving the upper
// YMM/ZMM state dirty. Every legacy-SSE instruction after that pays a state-transition penalty, and
// OpenSSL's SHA-NI SHA-256 is such code: on this machine one crc32c call made every later SHA-256 of
// the process 34% slower (35.7 -> 48 ns per 64-byte block) until something executed VZEROUPPER. A
// streaming upload computes a CRC trailer and SHA-256 chunk signatures side by side, so every call into
// ISA-L is followed by this (about a cycle). tests/unit/crc_vector_state_test.cpp checks the state.
#pragma once

namespace sigv4::crypto::detail {

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx"))) inline void vzeroupper_avx() noexcept { __asm__ volatile("vzeroupper"); }

inline void clear_upper_vector_state() noexcept {
  static const bool has_avx = __builtin_cpu_supports("avx");  // VZEROUPPER is undefined without AVX
  if (has_avx) vzeroupper_avx();
}
#else
inline void clear_upper_vector_state() noexcept {}
#endif

}  // namespace sigv4::crypto::detail
