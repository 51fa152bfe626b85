#include "sigv4/http_chunked_decoder.hpp"

#include <algorithm>

#include "chunk_size.hpp"

namespace sigv4 {

std::string_view to_string(HttpChunkedError e) noexcept {
  switch (e) {
    case HttpChunkedError::none:
      return "none";
    case HttpChunkedError::invalid_chunk_size:
      return "invalid_chunk_size";
    case HttpChunkedError::chunk_too_large:
      return "chunk_too_large";
    case HttpChunkedError::line_too_long:
      return "line_too_long";
    case HttpChunkedError::missing_crlf:
      return "missing_crlf";
    case HttpChunkedError::too_many_trailers:
      return "too_many_trailers";
    case HttpChunkedError::malformed_trailer:
      return "malformed_trailer";
    case HttpChunkedError::truncated:
      return "truncated";
    case HttpChunkedError::extra_bytes:
      return "extra_bytes";
  }
  return "unknown";
}

HttpChunkedDecoder::HttpChunkedDecoder(std::uint64_t max_chunk_size, std::size_t max_line_length,
                                       std::size_t max_trailers)
    : max_chunk_size_(max_chunk_size), max_line_length_(max_line_length), max_trailers_(max_trailers) {}

HttpChunkedError HttpChunkedDecoder::fail(HttpChunkedError e) noexcept {
  error_ = e;
  state_ = State::failed;
  return e;
}

HttpChunkedError HttpChunkedDecoder::end_size_line() {
  // chunk-size [ chunk-ext ]: the extension (";name=value" pairs, optional whitespace) is ignored.
  const detail::ChunkSize parsed = detail::parse_chunk_size(line_);
  if (parsed.status != detail::ChunkSize::Status::ok) return fail(HttpChunkedError::invalid_chunk_size);
  const std::size_t i = parsed.digits;
  const std::uint64_t size = parsed.value;
  const char after = i < line_.size() ? line_[i] : ';';
  if (after != ';' && after != ' ' && after != '\t') return fail(HttpChunkedError::invalid_chunk_size);
  if (size > max_chunk_size_) return fail(HttpChunkedError::chunk_too_large);
  line_.clear();
  remaining_ = size;
  state_ = size > 0 ? State::data : State::trailer_line;
  return HttpChunkedError::none;
}

HttpChunkedError HttpChunkedDecoder::end_trailer_line() {
  if (line_.empty()) {
    state_ = State::done;
    return HttpChunkedError::none;
  }
  if (trailers_.size() >= max_trailers_) return fail(HttpChunkedError::too_many_trailers);
  const std::size_t colon = line_.find(':');
  if (colon == 0 || colon == std::string::npos) return fail(HttpChunkedError::malformed_trailer);
  std::string_view value = std::string_view(line_).substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  trailers_.push_back(Header{line_.substr(0, colon), std::string(value)});
  line_.clear();
  return HttpChunkedError::none;
}

HttpChunkedError HttpChunkedDecoder::feed(std::string_view wire, const Sink& sink) {
  const char* p = wire.data();
  const char* const end = p + wire.size();
  while (p < end) {
    switch (state_) {
      case State::failed:
        return error_;
      case State::done:
        return fail(HttpChunkedError::extra_bytes);
      case State::data: {
        const std::size_t n = static_cast<std::size_t>(
            std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(end - p)));
        if (sink) sink(std::string_view(p, n));
        p += n;
        offset_ += n;
        remaining_ -= n;
        if (remaining_ == 0) state_ = State::data_cr;
        continue;
      }
      case State::data_cr:
        if (*p != '\r') return fail(HttpChunkedError::missing_crlf);
        state_ = State::data_lf;
        ++p, ++offset_;
        continue;
      case State::data_lf:
        if (*p != '\n') return fail(HttpChunkedError::missing_crlf);
        state_ = State::size_line;
        ++p, ++offset_;
        continue;
      case State::size_line:
      case State::trailer_line: {
        const char c = *p;
        ++p, ++offset_;
        if (line_cr_) {
          if (c != '\n') return fail(HttpChunkedError::missing_crlf);
          line_cr_ = false;
          const HttpChunkedError e = state_ == State::size_line ? end_size_line() : end_trailer_line();
          if (e != HttpChunkedError::none) return e;
        } else if (c == '\r') {
          line_cr_ = true;
        } else if (c == '\n') {
          return fail(HttpChunkedError::missing_crlf);
        } else {
          if (line_.size() >= max_line_length_) return fail(HttpChunkedError::line_too_long);
          line_.push_back(c);
        }
        continue;
      }
    }
  }
  return error_;
}

HttpChunkedError HttpChunkedDecoder::finish() {
  if (state_ == State::failed) return error_;
  if (state_ != State::done) return fail(HttpChunkedError::truncated);
  return HttpChunkedError::none;
}

}  // namespace sigv4
