// Loading the real-client captures of ../shared/captures for the aws-chunked tests: the raw request,
// its body with any HTTP chunked transfer coding removed, and the seed of its signature chain.
#pragma once

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/chunked.hpp"
#include "sigv4/raw_request.hpp"
#include "sigv4/signing_key.hpp"

namespace chunked_test {

inline const std::string kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

inline std::string read_file(const std::string& path) {
  if (path.size() > 3 && path.substr(path.size() - 3) == ".gz") {
    std::string out;
    FILE* p = popen(("gzip -dc '" + path + "'").c_str(), "r");
    if (p == nullptr) return out;
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The object every capture uploads: byte i is i % 251.
inline std::string object_bytes(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i % 251);
  return s;
}

struct Capture {
  std::string name;
  sigv4::HttpRequest request;
  std::string aws_chunked_body;  // the body after HTTP transfer decoding
  std::vector<sigv4::HeaderView> header_views;
  std::string signature, scope, amz_date;
  std::uint64_t decoded_length = 0;
};

inline std::string_view header(const sigv4::HttpRequest& r, std::string_view name) {
  const sigv4::Header* h = r.find_header(name);
  return h ? std::string_view(h->value) : std::string_view{};
}

// Value of "Key=" in an Authorization header, up to ',' or the end.
inline std::string auth_param(std::string_view auth, std::string_view key) {
  const std::size_t at = auth.find(std::string(key) + "=");
  if (at == std::string_view::npos) return {};
  std::string_view v = auth.substr(at + key.size() + 1);
  return std::string(v.substr(0, v.find(',')));
}

// Loads <dir>/<name>.raw(.gz). Returns false (with why) when it cannot.
inline bool load_capture(const std::string& dir, const std::string& name, Capture& c, std::string& why) {
  std::string raw = read_file(dir + "/" + name + ".raw");
  if (raw.empty()) raw = read_file(dir + "/" + name + ".raw.gz");
  if (raw.empty()) return why = "cannot read " + name, false;
  sigv4::RawRequestParse parsed = sigv4::parse_raw_request(raw);
  if (!parsed.request) return why = parsed.error, false;
  c.name = name;
  c.request = std::move(*parsed.request);
  // The raw format keeps the whitespace after the colon; HTTP (RFC 9110 5.5) strips it.
  for (sigv4::Header& h : c.request.headers) {
    const std::size_t b = h.value.find_first_not_of(" \t");
    h.value =
        b == std::string::npos ? std::string() : h.value.substr(b, h.value.find_last_not_of(" \t") - b + 1);
  }
  if (sigv4::iequals(header(c.request, "Transfer-Encoding"), "chunked")) {
    sigv4::HttpChunkedDecoder http;
    std::string body;
    if (http.feed(c.request.body, [&](std::string_view d) { body.append(d); }) !=
            sigv4::HttpChunkedError::none ||
        http.finish() != sigv4::HttpChunkedError::none)
      return why = "HTTP chunked framing of " + name + " does not decode", false;
    c.aws_chunked_body = std::move(body);
  } else {
    c.aws_chunked_body = c.request.body;
  }
  const std::string auth(header(c.request, "Authorization"));
  c.signature = auth_param(auth, "Signature");
  const std::string credential = auth_param(auth, "Credential");
  c.scope = credential.substr(credential.find('/') + 1);
  c.amz_date = std::string(header(c.request, "X-Amz-Date"));
  c.decoded_length = std::stoull(std::string(header(c.request, "X-Amz-Decoded-Content-Length")));
  c.header_views.clear();
  for (const sigv4::Header& h : c.request.headers) c.header_views.push_back({h.name, h.value});
  return true;
}

// The chunk signer a server would seed after verifying the request's Authorization header.
inline std::optional<sigv4::ChunkSigner> seed_signer(const Capture& c, sigv4::ChunkedMode mode) {
  if (!sigv4::chunked_mode_has_chunk_signatures(mode)) return std::nullopt;
  const sigv4::SigningTime t = sigv4::SigningTime::parse_or_throw(c.amz_date);
  return sigv4::ChunkSigner(sigv4::cached_signing_key(kSecret, t.date_stamp(), "us-east-1", "s3"), t, c.scope,
                            c.signature);
}

}  // namespace chunked_test
