#include "sigv4/multipart_form.hpp"

#include "sigv4/request.hpp"

namespace sigv4 {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The value of parameter `name` in a header value "form-data; name=\"a\"; filename=\"b\"".
std::optional<std::string> parameter(std::string_view value, std::string_view name) {
  std::size_t pos = value.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = trim(value.substr(pos + 1));
    const auto eq = rest.find('=');
    const auto next_semi = rest.find(';');
    if (eq != std::string_view::npos && (next_semi == std::string_view::npos || eq < next_semi)) {
      const std::string_view key = trim(rest.substr(0, eq));
      std::string_view v = rest.substr(eq + 1);
      std::string out;
      std::size_t consumed = 0;
      if (!v.empty() && v.front() == '"') {
        std::size_t i = 1;
        for (; i < v.size() && v[i] != '"'; ++i) {
          if (v[i] == '\\' && i + 1 < v.size()) ++i;
          out.push_back(v[i]);
        }
        consumed = i + 1;
      } else {
        const auto end = v.find(';');
        out = std::string(trim(v.substr(0, end)));
        consumed = end == std::string_view::npos ? v.size() : end;
      }
      if (iequals(key, name)) return out;
      const std::size_t offset = static_cast<std::size_t>(rest.data() - value.data()) + eq + 1 + consumed;
      pos = value.find(';', std::min(offset, value.size()));
    } else {
      pos = next_semi == std::string_view::npos
                ? std::string_view::npos
                : static_cast<std::size_t>(rest.data() - value.data()) + next_semi;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const std::string_view type = trim(content_type.substr(0, content_type.find(';')));
  if (!iequals(type, "multipart/form-data")) return std::nullopt;
  auto b = parameter(content_type, "boundary");
  if (!b || b->empty() || b->size() > 70) return std::nullopt;
  return b;
}

MultipartParse parse_multipart_form(std::string_view body, std::string_view boundary,
                                    const MultipartLimits& limits) {
  MultipartParse out;
  const std::string delimiter = "--" + std::string(boundary);
  if (!body.starts_with(delimiter)) {
    out.error = "the body does not start with the boundary delimiter";
    return out;
  }
  std::size_t pos = delimiter.size();
  while (true) {
    // After a delimiter: "--" closes, otherwise the line ends and a part follows.
    if (body.substr(pos, 2) == "--") return out;
    if (body.substr(pos, 2) == "\r\n")
      pos += 2;
    else if (body.substr(pos, 1) == "\n")
      pos += 1;
    else {
      out.error = "garbage after a boundary delimiter";
      return out;
    }
    if (out.parts.size() >= limits.max_parts) {
      out.error = "more than " + std::to_string(limits.max_parts) + " parts";
      return out;
    }
    // Part headers up to the blank line.
    FormPart part;
    bool disposition = false;
    const std::size_t headers_start = pos;
    while (true) {
      const auto nl = body.find('\n', pos);
      if (nl == std::string_view::npos || nl - headers_start > limits.max_part_header_bytes) {
        out.error = "part headers not terminated by a blank line";
        return out;
      }
      std::string_view line = body.substr(pos, nl - pos);
      if (line.ends_with('\r')) line.remove_suffix(1);
      pos = nl + 1;
      if (line.empty()) break;
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) {
        out.error = "a part header line without ':'";
        return out;
      }
      const std::string_view name = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
      if (iequals(name, "content-disposition")) {
        if (!iequals(trim(value.substr(0, value.find(';'))), "form-data")) {
          out.error = "a part whose Content-Disposition is not form-data";
          return out;
        }
        auto n = parameter(value, "name");
        if (!n) {
          out.error = "a part without a name";
          return out;
        }
        part.name = std::move(*n);
        part.filename = parameter(value, "filename");
        disposition = true;
      } else if (iequals(name, "content-type")) {
        part.content_type = std::string(value);
      }
    }
    if (!disposition) {
      out.error = "a part without Content-Disposition";
      return out;
    }
    // The data runs to CRLF (or LF) + delimiter.
    const std::string needle = "\n" + delimiter;
    const auto end = body.find(needle, pos);
    if (end == std::string_view::npos) {
      out.error = "no closing boundary delimiter";
      return out;
    }
    std::size_t data_end = end;
    if (data_end > pos && body[data_end - 1] == '\r') --data_end;
    part.data = body.substr(pos, data_end - pos);
    out.parts.push_back(std::move(part));
    pos = end + needle.size();
  }
}

}  // namespace sigv4
