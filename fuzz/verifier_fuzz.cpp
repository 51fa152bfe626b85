// Fuzzes the whole server-side verification of a raw request, as `sigv4 verify` and `sigv4 serve`
// run it: parse_raw_request, verify_request (at the request's own X-Amz-Date, with the captures'
// credentials), then for an accepted request the PayloadVerifier over the body (through the HTTP
// chunked de-framer when the request says Transfer-Encoding: chunked), fed in fuzzer-chosen slices.
//
// So that mutated requests still reach the body checks, the fuzzer may ask for the request to be
// re-signed first (its Authorization / X-Amz-Date / token headers replaced by a fresh signature of
// whatever headers it now has): the signature then always matches, and every later rule (the
// payload literal, x-amz-decoded-content-length, trailers, checksums, aws-chunked framing) is hit.
//
// Properties: nothing throws, and a body that finished without error produced exactly
// x-amz-decoded-content-length bytes when the request declared one.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/sigv4.hpp"
#include "sigv4/http_chunked_decoder.hpp"
#include "sigv4/payload_verifier.hpp"
#include "sigv4/raw_request.hpp"
#include "sigv4/verifier.hpp"
#include "slicing.hpp"

namespace {

constexpr std::string_view kAccessKey = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

const sigv4::CredentialStore& store() {
  static const sigv4::CredentialStore s = [] {
    sigv4::CredentialStore c;
    c.add(std::string(kAccessKey), kSecret);
    return c;
  }();
  return s;
}

// The request's own time: the x-amz-date header, else the X-Amz-Date query parameter.
sigv4::SigningTime request_time(const sigv4::HttpRequest& r) {
  if (const auto* h = r.find_header("x-amz-date"))
    if (auto t = sigv4::SigningTime::parse(h->value)) return *t;
  if (const auto at = r.target.find("X-Amz-Date="); at != std::string::npos)
    if (auto t = sigv4::SigningTime::parse(std::string_view(r.target).substr(at + 11, 16))) return *t;
  return sigv4::SigningTime::from_unix_seconds(1795000000);
}

bool is_chunked_transfer(const sigv4::HttpRequest& r) {
  const auto* h = r.find_header("transfer-encoding");
  if (!h) return false;
  std::string v;
  for (char c : h->value) v.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return v.find("chunked") != std::string::npos;
}

// Replaces the request's header signature by a fresh one (false when it cannot be signed).
bool resign(sigv4::HttpRequest& r, const sigv4::SigningTime& time) {
  if (r.target.find("X-Amz-") != std::string::npos) return false;  // presigned: leave as is
  std::erase_if(r.headers, [](const sigv4::Header& h) {
    return sigv4::iequals(h.name, "authorization") || sigv4::iequals(h.name, "x-amz-date") ||
           sigv4::iequals(h.name, "x-amz-security-token");
  });
  static const sigv4::Credentials creds{std::string(kAccessKey), std::string(kSecret)};
  try {
    (void)sigv4::sign_in_place(r, creds, {time, "us-east-1", "s3"}, sigv4::SigningSettings::s3());
  } catch (const sigv4::Error&) {
    return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  // Integers come from the end of the input, so a seed's request line and headers stay intact.
  const bool want_resign = in.ConsumeBool();
  const bool release_early = in.ConsumeBool();
  const auto slice_seed = sigv4::fuzz::take_slice_seed(in);
  const std::string text = in.ConsumeRemainingBytesAsString();

  auto parsed = sigv4::parse_raw_request(text);
  if (!parsed.request) return 0;
  sigv4::HttpRequest& request = *parsed.request;
  const sigv4::SigningTime time = request_time(request);
  if (want_resign && !resign(request, time)) return 0;

  sigv4::VerifyOptions options;
  options.now = time;
  std::vector<sigv4::HeaderView> views;
  const sigv4::VerifyResult auth = sigv4::verify_request(request.view(views), store().lookup(), options);
  if (!auth.ok()) {
    if (auth.error->name().empty()) __builtin_trap();
    return 0;
  }

  sigv4::PayloadVerifierOptions body_options;
  body_options.checksum_header = sigv4::checksum_header_scope(request.method, request.target);
  body_options.release =
      release_early ? sigv4::DataRelease::before_verification : sigv4::DataRelease::after_verification;
  sigv4::PayloadVerifier body(auth, views, body_options);
  std::uint64_t sunk = 0;
  const auto sink = [&](std::string_view d) { sunk += d.size(); };

  FuzzedDataProvider slicing(slice_seed.data(), slice_seed.size());
  const auto slices = sigv4::fuzz::choose_slices(slicing, request.body.size());
  std::optional<sigv4::S3Error> e = body.error();
  if (!e && is_chunked_transfer(request)) {
    sigv4::HttpChunkedDecoder http;
    sigv4::fuzz::feed_in_slices(request.body, slices, [&](std::string_view piece) {
      const auto he = http.feed(piece, [&](std::string_view content) {
        if (!e) e = body.feed(content, sink);
      });
      return !e && he == sigv4::HttpChunkedError::none;
    });
    if (!e && http.finish() != sigv4::HttpChunkedError::none) return 0;
  } else if (!e) {
    sigv4::fuzz::feed_in_slices(request.body, slices, [&](std::string_view piece) {
      e = body.feed(piece, sink);
      return !e;
    });
  }
  if (!e) e = body.finish();
  if (e) {
    if (e->name().empty()) __builtin_trap();
    return 0;
  }
  if (sunk != body.decoded_length()) __builtin_trap();
  if (const auto* h = request.find_header("x-amz-decoded-content-length"); h && body.streaming()) {
    const std::string& v = h->value;
    if (!v.empty() && v.size() <= 18 && v.find_first_not_of("0123456789") == std::string::npos &&
        std::stoull(v) != body.decoded_length())
      __builtin_trap();
  }
  return 0;
}
