// A pull-style reader over an aws-chunked stream (the shape of the .NET seed's chunked reader): pulls
// wire bytes from a source on demand, runs them through a ChunkedDecoder, and hands out verified
// data through read(), like any input stream. For servers whose body is itself a readable stream.
//
//   sigv4::ChunkedReader body(socket_reader, sigv4::ChunkedDecoder(config, signer));
//   std::byte buf[65536];
//   while (std::size_t n = body.read(buf)) store(buf, n);
//   if (body.error() != sigv4::ChunkedError::none) reject(body.error(), body.decoder().error_message());
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "sigv4/chunked_decoder.hpp"

namespace sigv4 {

class ChunkedReader {
 public:
  // Reads up to buffer.size() wire bytes and returns how many; 0 means the end of the body. A throw
  // is passed through to the caller of read().
  using WireSource = std::function<std::size_t(std::span<std::byte> buffer)>;

  ChunkedReader(WireSource source, ChunkedDecoder decoder, std::size_t wire_read_size = 64 * 1024);

  // Fills out with decoded data and returns how many bytes; fewer than out.size() only at the end or on
  // an error; 0 once the body is over (check error(): none means complete and fully validated).
  // Memory: at most one chunk plus one wire read is held.
  std::size_t read(std::span<std::byte> out);

  [[nodiscard]] ChunkedError error() const noexcept { return error_; }
  [[nodiscard]] const ChunkedDecoder& decoder() const noexcept { return decoder_; }

 private:
  WireSource source_;
  ChunkedDecoder decoder_;
  std::string wire_;     // wire read buffer
  std::string pending_;  // decoded data not handed out yet
  std::size_t pending_at_ = 0;
  bool finished_ = false;
  ChunkedError error_ = ChunkedError::none;
};

}  // namespace sigv4
