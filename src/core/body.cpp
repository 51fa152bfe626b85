#include "sigv4/body.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "sigv4/error.hpp"

namespace sigv4 {
namespace {
constexpr std::size_t kPiece = 64 * 1024;
}

void Body::for_each_piece(const std::function<void(std::string_view)>& sink) const {
  if (const auto* bytes = std::get_if<std::string_view>(&source_)) {
    if (!bytes->empty()) sink(*bytes);
    return;
  }
  auto buffer = std::make_unique<std::array<char, kPiece>>();
  if (const auto* path = std::get_if<std::filesystem::path>(&source_)) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path->c_str(), "rb"), &std::fclose);
    if (!f) throw Error(ErrorCode::io_error, "cannot open body file '" + path->string() + "': " + std::strerror(errno));
    for (;;) {
      const std::size_t n = std::fread(buffer->data(), 1, buffer->size(), f.get());
      if (n > 0) sink(std::string_view(buffer->data(), n));
      if (n < buffer->size()) {
        if (std::ferror(f.get())) throw Error(ErrorCode::io_error, "error reading body file '" + path->string() + "'");
        return;
      }
    }
  }
  if (auto* const* stream = std::get_if<std::istream*>(&source_)) {
    std::istream& in = **stream;
    while (in) {
      in.read(buffer->data(), static_cast<std::streamsize>(buffer->size()));
      const auto n = static_cast<std::size_t>(in.gcount());
      if (n > 0) sink(std::string_view(buffer->data(), n));
    }
    if (in.bad()) throw Error(ErrorCode::io_error, "error reading body stream");
    return;
  }
  const auto& read = std::get<Reader>(source_);
  if (!read) return;
  for (;;) {
    std::size_t n;
    try {
      n = read(std::as_writable_bytes(std::span<char>(buffer->data(), buffer->size())));
    } catch (const std::exception& e) {
      throw Error(ErrorCode::io_error, std::string("error reading body: ") + e.what());
    }
    if (n == 0) return;
    if (n > buffer->size()) throw Error(ErrorCode::io_error, "body reader returned more bytes than asked for");
    sink(std::string_view(buffer->data(), n));
  }
}

}  // namespace sigv4
