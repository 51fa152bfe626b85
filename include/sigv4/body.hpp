// Where the payload comes from when its SHA-256 must be computed (PayloadMode::sha256_of_body).
// A file or a stream is read incrementally in 64 KiB pieces and never buffered whole.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <istream>
#include <span>
#include <string_view>
#include <variant>

namespace sigv4 {

class Body {
 public:
  // Reads up to buffer.size() bytes into buffer and returns how many; 0 means the end. Throwing is
  // allowed (reported as io_error).
  using Reader = std::function<std::size_t(std::span<std::byte> buffer)>;

  Body() = default;  // empty body
  static Body bytes(std::string_view data) { return Body(data); }
  static Body file(std::filesystem::path path) { return Body(std::move(path)); }
  static Body stream(std::istream& in) { return Body(&in); }
  static Body reader(Reader read) { return Body(std::move(read)); }

  // Feeds every byte of the body to sink, in order. Throws sigv4::Error(io_error) naming the file
  // or stream when reading fails. A stream or reader body can be consumed only once.
  void for_each_piece(const std::function<void(std::string_view)>& sink) const;

  [[nodiscard]] bool is_bytes() const noexcept { return std::holds_alternative<std::string_view>(source_); }
  [[nodiscard]] std::string_view as_bytes() const noexcept {
    return is_bytes() ? std::get<std::string_view>(source_) : std::string_view{};
  }

 private:
  explicit Body(std::string_view d) : source_(d) {}
  explicit Body(std::filesystem::path p) : source_(std::move(p)) {}
  explicit Body(std::istream* s) : source_(s) {}
  explicit Body(Reader r) : source_(std::move(r)) {}
  std::variant<std::string_view, std::filesystem::path, std::istream*, Reader> source_;
};

}  // namespace sigv4
