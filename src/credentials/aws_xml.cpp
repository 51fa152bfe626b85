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

// Decodes the entities of a text run; false for an unknown or malformed one.
bool append_decoded(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const auto semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) return false;
    const std::string_view e = text.substr(i + 1, semi - i - 1);
    if (e == "amp") out += '&';
    else if (e == "lt") out += '<';
    else if (e == "gt") out += '>';
    else if (e == "quot") out += '"';
    else if (e == "apos") out += '\'';
    else if (e.size() >= 2 && e[0] == '#') {
      const bool hex = e[1] == 'x' || e[1] == 'X';
      std::string_view digits = e.substr(hex ? 2 : 1);
      if (digits.empty()) return false;
      std::uint32_t cp = 0;
      for (char c : digits) {
        unsigned d;
        if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
        else if (hex && c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
        else if (hex && c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
        else return false;
        cp = cp * (hex ? 16 : 10) + d;
        if (cp > 0x10FFFF) return false;
      }
      if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
      append_utf8(out, cp);
    } else {
      return false;
    }
    i = semi;
  }
  return true;
}

struct Frame {
  std::size_t path_length;  // length of the path string before this element was pushed
  std::string name;
  std::string text;
  bool has_children = false;
};

}  // namespace

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
      } else if (!append_decoded(stack.back().text, text)) {
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
