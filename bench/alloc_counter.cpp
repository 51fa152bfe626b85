#include "alloc_counter.hpp"

#include <cstddef>
#include <cstdlib>
#include <new>

namespace sigv4::bench {
namespace {
thread_local std::uint64_t g_allocations = 0;  // per thread: the 2-thread benchmarks must not contend

void* counted_alloc(std::size_t size, std::size_t align) {
  ++g_allocations;
  if (size == 0) size = 1;
  void* p = align <= alignof(std::max_align_t)
                ? std::malloc(size)
                : std::aligned_alloc(align, (size + align - 1) / align * align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace

std::uint64_t thread_allocations() noexcept { return g_allocations; }

}  // namespace sigv4::bench

// libstdc++ routes operator new[] and the nothrow forms through these two, so they see every allocation.
void* operator new(std::size_t size) { return sigv4::bench::counted_alloc(size, alignof(std::max_align_t)); }
void* operator new(std::size_t size, std::align_val_t align) {
  return sigv4::bench::counted_alloc(size, static_cast<std::size_t>(align));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
