#pragma once
// Request headers can carry a credential (Authorization). A request is copied on its way to the wire (scheduler,
// transport, each retry) and every copy's header storage is freed when done: zeroed first by this allocator, so
// that the key does not linger in freed heap memory, where a core dump or a heap read would find it.
#include <boost/beast/http/fields.hpp>
#include <cstddef>
#include <memory>
#include <string.h>

namespace oss::net {

template <typename T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() noexcept = default;
  template <typename U>
  WipingAllocator(const WipingAllocator<U>&) noexcept {}  // NOLINT: allocators convert implicitly
  T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* pointer, std::size_t n) noexcept {
    ::explicit_bzero(pointer, n * sizeof(T));   // not optimised away, unlike a memset before free
    std::allocator<T>{}.deallocate(pointer, n);
  }
  template <typename U>
  friend bool operator==(const WipingAllocator&, const WipingAllocator<U>&) noexcept { return true; }
};

using WipedFields = boost::beast::http::basic_fields<WipingAllocator<char>>;

}  // namespace oss::net
