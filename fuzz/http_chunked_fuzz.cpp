// Fuzzes the HTTP/1.1 chunked de-framer (RFC 9112 section 7.1) with fuzzer-chosen limits and
// slicing. Properties: nothing throws; the outcome (error, content, trailers) does not depend on how
// the wire was sliced; content never exceeds the wire; limits hold (no trailer beyond max_trailers).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/http_chunked_decoder.hpp"
#include "slicing.hpp"

namespace {

struct Outcome {
  sigv4::HttpChunkedError error = sigv4::HttpChunkedError::none;
  std::string content;
  std::size_t trailers = 0;
  bool complete = false;
};

Outcome run(std::string_view wire, const std::vector<std::size_t>& slices, std::uint64_t max_chunk,
            std::size_t max_line, std::size_t max_trailers) {
  sigv4::HttpChunkedDecoder decoder(max_chunk, max_line, max_trailers);
  Outcome out;
  sigv4::fuzz::feed_in_slices(wire, slices, [&](std::string_view piece) {
    out.error = decoder.feed(piece, [&](std::string_view c) { out.content.append(c); });
    return out.error == sigv4::HttpChunkedError::none;
  });
  if (out.error == sigv4::HttpChunkedError::none) out.error = decoder.finish();
  out.trailers = decoder.trailers().size();
  out.complete = decoder.complete();
  if (out.trailers > max_trailers || out.content.size() > wire.size()) __builtin_trap();
  if (decoder.wire_offset() > wire.size()) __builtin_trap();
  if ((out.error == sigv4::HttpChunkedError::none) != out.complete) __builtin_trap();
  if (sigv4::to_string(out.error).empty()) __builtin_trap();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const bool small = in.ConsumeBool();
  const std::uint64_t max_chunk = small ? in.ConsumeIntegralInRange<std::uint64_t>(0, 64) : std::uint64_t{1} << 40;
  const std::size_t max_line = small ? in.ConsumeIntegralInRange<std::size_t>(1, 40) : 4096;
  const std::size_t max_trailers = small ? in.ConsumeIntegralInRange<std::size_t>(0, 3) : 64;
  const auto slice_seed = sigv4::fuzz::take_slice_seed(in);
  const std::string wire = in.ConsumeRemainingBytesAsString();

  FuzzedDataProvider slicing(slice_seed.data(), slice_seed.size());
  const Outcome sliced = run(wire, sigv4::fuzz::choose_slices(slicing, wire.size()), max_chunk, max_line, max_trailers);
  const Outcome whole = run(wire, {wire.size()}, max_chunk, max_line, max_trailers);
  if (sliced.error != whole.error) __builtin_trap();
  if (sliced.error == sigv4::HttpChunkedError::none &&
      (sliced.content != whole.content || sliced.trailers != whole.trailers))
    __builtin_trap();
  return 0;
}
