// A small, bounded reader for the XML documents AWS answers with (STS AssumeRole results, S3 error
// documents): it lists the text of every leaf element with its path, nothing more. It faces
// responses from the network, so bad input gets an error, never an exception, and limits bound the
// work: no DTDs (a <!DOCTYPE> is refused, so no entity expansion), a maximum size, depth and element
// count. Namespace prefixes are dropped ("sts:Code" is "Code"); attributes are skipped; the five
// predefined entities and numeric character references (&#NN; &#xNN;) are decoded; CDATA is text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4 {

struct XmlLimits {
  std::size_t max_bytes = 1024 * 1024;
  std::size_t max_depth = 32;
  std::size_t max_elements = 10'000;
};

struct XmlLeaf {
  std::string path;  // element names from the root, '/'-separated: "Error/Code"
  std::string text;  // decoded text content
};

struct XmlLeaves {
  std::vector<XmlLeaf> leaves;  // in document order
  std::string error;            // empty when the document was well-formed within the limits
  [[nodiscard]] bool ok() const noexcept { return error.empty(); }
  // Text of the first leaf whose path is `path` or ends with "/" + path; nullopt when absent.
  [[nodiscard]] std::optional<std::string> find(std::string_view path) const;
};

[[nodiscard]] XmlLeaves read_xml_leaves(std::string_view xml, const XmlLimits& limits = {});

}  // namespace sigv4
