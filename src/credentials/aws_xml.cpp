#include "sigv4/aws_xml.hpp"

#include <cstdint>

namespace sigv4 {
namespace {

bool is_name_char(char c) {
  return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '>' && c != '/' && c != '=';
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int digit_value(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (hex && c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (hex && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the reference at the start of `text` (text[0] is '&'): appends its value and returns its
// length through the ';', or appends nothing and returns 0 when it is malformed. Every scan stops at
// the first character that cannot belong to a reference, so a text full of '&' stays linear.
std::size_t append_reference(std::string& out, std::string_view text, XmlEntityMode mode) {
  if (text.size() > 1 && text[1] == '#') {
    std::size_t i = 2;
    const bool hex = i < text.size() && (text[i] == 'x' || (mode == XmlEntityMode::lenient && text[i] == 'X'));
    if (hex) ++i;
    const std::size_t first = i;
    std::uint32_t cp = 0;
    for (; i < text.size() && text[i] != ';'; ++i) {
      const int d = digit_value(text[i], hex);
      if (d < 0) return 0;
      cp = cp * (hex ? 16u : 10u) + static_cast<std::uint32_t>(d);
      if (cp > 0x10FFFF) return 0;  // checked per digit: no overflow, however many digits
    }
    if (i == first || i == text.size()) return 0;
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    append_utf8(out, cp);
    return i + 1;
  }
  std::size_t i = 1;
  while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) ++i;
  if (i == text.size() || text[i] != ';') return 0;
  const std::string_view name = text.substr(1, i - 1);
  if (name == "amp") out += '&';
  else if (name == "lt") out += '<';
  else if (name == "gt") out += '>';
  else if (name == "quot") out += '"';
  else if (name == "apos") out += '\'';
  else return 0;
  return i + 1;
}

struct Frame {
  std::size_t path_length;  // length of the path string before this element was pushed
  std::string name;
  std::string text;
  bool has_children = false;
};

}  // namespace

bool append_xml_decoded(std::string& out, std::string_view text, XmlEntityMode mode) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto amp = text.find('&', i);
    out.append(text.substr(i, amp == std::string_view::npos ? std::string_view::npos : amp - i));
    if (amp == std::string_view::npos) break;
    const std::size_t used = append_reference(out, text.substr(amp), mode);
    if (used == 0 && mode == XmlEntityMode::strict) return false;
    if (used == 0) out += '&';  // lenient: the malformed reference stays as written
    i = amp + (used == 0 ? 1 : used);
  }
  return true;
}

std::optional<std::string> decode_xml_entities(std::string_view text, XmlEntityMode mode) {
  std::string out;
  out.reserve(text.size());
  if (!append_xml_decoded(out, text, mode)) return std::nullopt;
  return out;
}

std::optional<std::string> XmlLeaves::find(std::string_view path) const {
  for (const auto& leaf : leaves) {
    const std::string_view p = leaf.path;
    if (p == path || (p.size() > path.size() && p.ends_with(path) && p[p.size() - path.size() - 1] == '/'))
      return leaf.text;
  }
  return std::nullopt;
}

XmlLeaves read_xml_leaves(std::string_view xml, const XmlLimits& limits) {
  XmlLeaves out;
  auto fail = [&](std::string message) {
    out.error = std::move(message);
    out.leaves.clear();
    return std::move(out);
  };
  if (xml.size() > limits.max_bytes) return fail("document larger than " + std::to_string(limits.max_bytes) + " bytes");
  std::vector<Frame> stack;
  std::string path;
  std::size_t elements = 0;
  bool seen_root = false;
  std::size_t i = 0;
  while (i < xml.size()) {
    if (xml[i] != '<') {
      const auto lt = xml.find('<', i);
      const std::string_view text = xml.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i);
      if (stack.empty()) {
        if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) return fail("text outside the root element");
      } else if (!append_xml_decoded(stack.back().text, text, XmlEntityMode::strict)) {
        return fail("malformed entity in <" + stack.back().name + ">");
      }
      if (lt == std::string_view::npos) break;
      i = lt;
      continue;
    }
    const std::string_view rest = xml.substr(i);
    if (rest.starts_with("<?")) {
      const auto end = xml.find("?>", i + 2);
      if (end == std::string_view::npos) return fail("unterminated processing instruction");
      i = end + 2;
    } else if (rest.starts_with("<!--")) {
      const auto end = xml.find("-->", i + 4);
      if (end == std::string_view::npos) return fail("unterminated comment");
      i = end + 3;
    } else if (rest.starts_with("<![CDATA[")) {
      const auto end = xml.find("]]>", i + 9);
      if (end == std::string_view::npos) return fail("unterminated CDATA section");
      if (stack.empty()) return fail("CDATA outside the root element");
      stack.back().text.append(xml.substr(i + 9, end - i - 9));
      i = end + 3;
    } else if (rest.starts_with("<!")) {
      return fail("DOCTYPE and other declarations are not accepted");
    } else if (rest.starts_with("</")) {
      std::size_t j = i + 2;
      while (j < xml.size() && is_name_char(xml[j])) ++j;
      std::string_view name = xml.substr(i + 2, j - i - 2);
      if (const auto colon = name.find(':'); colon != std::string_view::npos) name = name.substr(colon + 1);
      while (j < xml.size() && (xml[j] == ' ' || xml[j] == '\t' || xml[j] == '\r' || xml[j] == '\n')) ++j;
      if (j >= xml.size() || xml[j] != '>') return fail("malformed end tag");
      if (stack.empty() || stack.back().name != name) return fail("mismatched end tag </" + std::string(name) + ">");
      Frame& f = stack.back();
      if (!f.has_children) out.leaves.push_back({path, std::move(f.text)});
      path.resize(f.path_length);
      stack.pop_back();
      i = j + 1;
    } else {
      std::size_t j = i + 1;
      while (j < xml.size() && is_name_char(xml[j])) ++j;
      std::string_view name = xml.substr(i + 1, j - i - 1);
      if (name.empty()) return fail("malformed start tag");
      if (const auto colon = name.find(':'); colon != std::string_view::npos) name = name.substr(colon + 1);
      // Skip attributes, honouring quotes (a '>' may appear inside a quoted value).
      char quote = 0;
      while (j < xml.size() && (quote || xml[j] != '>')) {
        if (quote && xml[j] == quote) quote = 0;
        else if (!quote && (xml[j] == '"' || xml[j] == '\'')) quote = xml[j];
        ++j;
      }
      if (j >= xml.size()) return fail("unterminated start tag <" + std::string(name) + ">");
      const bool self_closing = xml[j - 1] == '/';
      if (stack.empty() && seen_root) return fail("more than one root element");
      seen_root = true;
      if (++elements > limits.max_elements) return fail("more than " + std::to_string(limits.max_elements) + " elements");
      if (stack.size() >= limits.max_depth) return fail("nested deeper than " + std::to_string(limits.max_depth));
      if (!stack.empty()) stack.back().has_children = true;
      const std::size_t before = path.size();
      if (!path.empty()) path += '/';
      path += name;
      if (self_closing) {
        out.leaves.push_back({path, std::string()});
        path.resize(before);
      } else {
        stack.push_back({before, std::string(name), std::string(), false});
      }
      i = j + 1;
    }
  }
  if (!stack.empty()) return fail("unterminated element <" + stack.back().name + ">");
  if (!seen_root) return fail("no root element");
  return out;
}

}  // namespace sigv4
