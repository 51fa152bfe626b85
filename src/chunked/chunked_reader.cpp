#include "sigv4/chunked_reader.hpp"

#include <algorithm>
#include <cstring>

namespace sigv4 {

ChunkedReader::ChunkedReader(WireSource source, ChunkedDecoder decoder, std::size_t wire_read_size)
    : source_(std::move(source)),
      decoder_(std::move(decoder)),
      wire_(std::max<std::size_t>(wire_read_size, 1), '\0') {}

std::size_t ChunkedReader::read(std::span<std::byte> out) {
  std::size_t got = 0;
  while (got < out.size()) {
    if (pending_at_ < pending_.size()) {
      const std::size_t n = std::min(out.size() - got, pending_.size() - pending_at_);
      std::memcpy(out.data() + got, pending_.data() + pending_at_, n);
      pending_at_ += n;
      got += n;
      continue;
    }
    pending_.clear();
    pending_at_ = 0;
    if (finished_ || error_ != ChunkedError::none) break;
    const std::size_t n =
        source_(std::span<std::byte>(reinterpret_cast<std::byte*>(wire_.data()), wire_.size()));
    if (n == 0) {
      finished_ = true;
      error_ = decoder_.finish();
      break;
    }
    error_ =
        decoder_.feed(std::string_view(wire_.data(), n), [this](std::string_view d) { pending_.append(d); });
  }
  return got;
}

}  // namespace sigv4
