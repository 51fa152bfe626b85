#include "s3_xml.hpp"

#include <ctime>

#include "sigv4/aws_xml.hpp"

namespace sigv4::serve {

std::optional<std::vector<std::string>> xml_elements(std::string_view xml, std::string_view name) {
  std::vector<std::string> out;
  const std::string open = "<" + std::string(name) + ">";
  const std::string close = "</" + std::string(name) + ">";
  std::size_t at = 0;
  while ((at = xml.find(open, at)) != std::string_view::npos) {
    const auto start = at + open.size();
    const auto end = xml.find(close, start);
    if (end == std::string_view::npos) return std::nullopt;
    // Strict: a request body is acted on, so a malformed entity is MalformedXML, not a guess.
    auto text = decode_xml_entities(xml.substr(start, end - start), XmlEntityMode::strict);
    if (!text) return std::nullopt;
    out.push_back(std::move(*text));
    at = end + close.size();
  }
  return out;
}

std::optional<std::vector<CompletePart>> parse_complete_multipart(std::string_view xml) {
  if (xml.find("<CompleteMultipartUpload") == std::string_view::npos) return std::nullopt;
  const auto parts = xml_elements(xml, "Part");
  if (!parts || parts->empty()) return std::nullopt;
  std::vector<CompletePart> out;
  for (const auto& p : *parts) {
    // xml_elements unescaped the part's inner XML; its children hold no markup characters.
    const auto numbers = xml_elements(p, "PartNumber");
    const auto etags = xml_elements(p, "ETag");
    if (!numbers || !etags || numbers->size() != 1 || etags->size() != 1) return std::nullopt;
    CompletePart cp;
    try {
      std::size_t used = 0;
      cp.number = std::stoi(numbers->front(), &used);
      if (used != numbers->front().size()) return std::nullopt;
    } catch (...) {
      return std::nullopt;
    }
    std::string etag = etags->front();
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
    cp.etag = etag;
    out.push_back(std::move(cp));
  }
  return out;
}

std::string iso8601_millis(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

std::string http_date(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace sigv4::serve
