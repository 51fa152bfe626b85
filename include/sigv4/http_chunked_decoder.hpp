// HTTP/1.1 chunked transfer coding (RFC 9112 section 7.1), decoded incrementally: for servers and
// tests that receive an aws-chunked body inside Transfer-Encoding: chunked (what the AWS SDK for
// JavaScript sends for streams) and have no HTTP layer that removes it. The output is the content,
// which is then fed to a ChunkedDecoder.
//
// Chunk extensions are skipped, trailer fields are collected (bounded), bare LF line ends are refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/request.hpp"

namespace sigv4 {

enum class HttpChunkedError : std::uint8_t {
  none = 0,
  invalid_chunk_size,  // empty, not hex, or more than 16 hex digits of value
  chunk_too_large,     // above the max_chunk_size given to the constructor
  line_too_long,       // a size or trailer line above max_line_length
  missing_crlf,        // data not followed by CRLF, or a line ended otherwise than CRLF
  too_many_trailers,   // more trailer fields than max_trailers
  malformed_trailer,   // a trailer field without ':'
  truncated,           // finish() before the last chunk and trailer section
  extra_bytes,         // bytes after the end
};

std::string_view to_string(HttpChunkedError error) noexcept;

class HttpChunkedDecoder {
 public:
  using Sink = std::function<void(std::string_view content)>;

  explicit HttpChunkedDecoder(std::uint64_t max_chunk_size = std::uint64_t{1} << 40,
                              std::size_t max_line_length = 4096, std::size_t max_trailers = 64);

  // Consumes bytes, passing content to sink as it arrives (no buffering). First error is sticky.
  [[nodiscard]] HttpChunkedError feed(std::string_view wire, const Sink& sink);
  // Declares the end of input: truncated unless the terminating empty line was seen.
  [[nodiscard]] HttpChunkedError finish();
  [[nodiscard]] bool complete() const noexcept { return state_ == State::done; }
  [[nodiscard]] const std::vector<Header>& trailers() const noexcept { return trailers_; }
  [[nodiscard]] std::uint64_t wire_offset() const noexcept { return offset_; }

 private:
  enum class State : std::uint8_t { size_line, data, data_cr, data_lf, trailer_line, done, failed };
  HttpChunkedError fail(HttpChunkedError e) noexcept;
  HttpChunkedError end_size_line();
  HttpChunkedError end_trailer_line();

  std::uint64_t max_chunk_size_;
  std::size_t max_line_length_;
  std::size_t max_trailers_;
  State state_ = State::size_line;
  HttpChunkedError error_ = HttpChunkedError::none;
  std::string line_;
  bool line_cr_ = false;
  std::uint64_t remaining_ = 0;
  std::uint64_t offset_ = 0;
  std::vector<Header> trailers_;
};

}  // namespace sigv4
