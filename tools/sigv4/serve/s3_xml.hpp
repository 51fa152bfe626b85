// The few S3 XML documents `sigv4 serve` reads and writes (S3 API Reference: ListObjectsV2,
// ListBuckets, CreateMultipartUpload, CompleteMultipartUpload, DeleteObjects). Writing is plain string
// building with escaping; reading is a small tolerant scanner for the elements S3 requires, which
// reports malformed input (MalformedXML) instead of guessing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4::serve {

inline constexpr std::string_view kS3Xmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

// The text of every <name>...</name> element in document order (nested elements not expected).
// nullopt when an element is not closed or its text holds a malformed entity
// (sigv4::decode_xml_entities, strict).
std::optional<std::vector<std::string>> xml_elements(std::string_view xml, std::string_view name);

struct CompletePart {
  int number = 0;
  std::string etag;  // without quotes
};
// <CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"..."</ETag></Part>...
std::optional<std::vector<CompletePart>> parse_complete_multipart(std::string_view xml);

// "2026-11-22T21:21:19.000Z"
std::string iso8601_millis(std::int64_t unix_seconds);
// "Sun, 22 Nov 2026 21:21:19 GMT"
std::string http_date(std::int64_t unix_seconds);

}  // namespace sigv4::serve
