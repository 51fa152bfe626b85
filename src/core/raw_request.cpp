#include "sigv4/raw_request.hpp"

#include "sigv4/canonical.hpp"

namespace sigv4 {
namespace {

// Next line without its terminator; advances pos past the terminator. False at the end of input.
bool next_line(std::string_view text, std::size_t& pos, std::string_view& line, bool& terminated) {
  if (pos >= text.size()) return false;
  std::size_t nl = text.find('\n', pos);
  terminated = nl != std::string_view::npos;
  if (!terminated) nl = text.size();
  std::size_t end = nl;
  if (end > pos && text[end - 1] == '\r') --end;
  line = text.substr(pos, end - pos);
  pos = terminated ? nl + 1 : nl;
  return true;
}

}  // namespace

RawRequestParse parse_raw_request(std::string_view text, const RawRequestLimits& limits) {
  RawRequestParse out;
  std::size_t pos = 0;
  std::string_view line;
  bool terminated = false;
  auto fail = [&](std::string msg) {
    out.request.reset();
    out.error = std::move(msg);
    return out;
  };
  if (!next_line(text, pos, line, terminated) || line.empty()) return fail("empty request: no request line");
  if (line.size() > limits.max_line_length) return fail("request line longer than the limit");
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1)
    return fail("request line must be 'METHOD <target> HTTP/1.1'");
  HttpRequest req;
  req.method = std::string(line.substr(0, sp1));
  req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  const std::string_view version = line.substr(sp2 + 1);
  if (version.substr(0, 5) != "HTTP/") return fail("request line must end with the HTTP version (HTTP/1.1)");
  if (!is_valid_header_name(req.method)) return fail("invalid method in request line");
  if (req.target.empty()) return fail("empty request target");
  if (req.target.front() != '/' && req.target != "*" && req.target.rfind("http://", 0) != 0 &&
      req.target.rfind("https://", 0) != 0)
    return fail("request target must start with '/' (or be an absolute http(s) URL or '*')");
  req.headers.clear();
  std::size_t header_bytes = 0;
  bool ended = false;
  while (next_line(text, pos, line, terminated)) {
    if (line.size() > limits.max_line_length) return fail("header line longer than the limit");
    header_bytes += line.size();
    if (header_bytes > limits.max_header_bytes) return fail("headers larger than the limit");
    if (line.empty()) {
      ended = true;
      break;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (req.headers.empty()) return fail("continuation line before any header");
      req.headers.back().value.append("\n").append(line);
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return fail("header line without ':': '" + std::string(line.substr(0, 80)) + "'");
    const std::string_view name = line.substr(0, colon);
    if (!is_valid_header_name(name)) return fail("invalid header name '" + std::string(name.substr(0, 80)) + "'");
    if (req.headers.size() >= limits.max_headers) return fail("more headers than the limit");
    req.headers.push_back({std::string(name), std::string(line.substr(colon + 1))});
  }
  (void)ended;
  out.header_bytes = pos;
  req.body = std::string(text.substr(pos));
  out.request = std::move(req);
  return out;
}

std::string format_raw_request(const HttpRequest& request, bool lf_only) {
  const std::string_view eol = lf_only ? "\n" : "\r\n";
  std::string s;
  s.append(request.method).append(" ").append(request.target).append(" HTTP/1.1").append(eol);
  for (const auto& h : request.headers) {
    std::string value = h.value;
    if (!lf_only) {  // folded lines keep their indentation; only the line break changes
      std::string v;
      for (char c : value) {
        if (c == '\n' && (v.empty() || v.back() != '\r')) v.push_back('\r');
        v.push_back(c);
      }
      value = std::move(v);
    }
    s.append(h.name).append(":").append(value).append(eol);
  }
  s.append(eol).append(request.body);
  return s;
}

}  // namespace sigv4
