// RAII owners for the libcurl handles the client uses (an easy handle, a header list) and the
// once-per-process global initialisation. Internal to the library.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

namespace sigv4::http_detail {

// curl_global_init exactly once, before the first handle (thread-safe through a function static).
void ensure_curl_initialised();

struct EasyDeleter {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

// A curl_slist that frees itself; append() throws std::bad_alloc when libcurl cannot allocate.
class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  void append(const std::string& line);
  [[nodiscard]] curl_slist* get() const noexcept { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

}  // namespace sigv4::http_detail
