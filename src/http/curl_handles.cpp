#include "curl_handles.hpp"

#include <mutex>
#include <new>

namespace sigv4::http_detail {

void ensure_curl_initialised() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::bad_alloc();
  });
}

void HeaderList::append(const std::string& line) {
  curl_slist* next = curl_slist_append(list_, line.c_str());
  if (next == nullptr) throw std::bad_alloc();
  list_ = next;
}

}  // namespace sigv4::http_detail
