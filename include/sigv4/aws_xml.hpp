// A small, bounded reader for the XML documents AWS answers with (STS AssumeRole results, S3 error
// documents): it lists the text of every leaf element with its path, nothing more. It faces
// responses from the network, so bad input gets an error, never an exception, and limits bound the
// work: no DTDs (a <!DOCTYPE> is refused, so no entity expansion), a maximum size, depth and element
// count. Namespace prefixes are dropped ("sts:Code" is "Code"); attributes are skipped; the five
// predefined entities and numeric character references (&#NN; &#xNN;) are decoded by
// decode_xml_entities (strict); CDATA is text.
//
// decode_xml_entities is also the library's one entity decoder for the other XML it reads (sigv4
// explain's S3 error documents, sigv4 serve's request bodies).
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

// Well-formed documents give every leaf; any error (malformed markup or entity, a DOCTYPE, a limit
// exceeded) gives no leaves and the reason in `error`.
[[nodiscard]] XmlLeaves read_xml_leaves(std::string_view xml, const XmlLimits& limits = {});

// What decode_xml_entities does with a reference it cannot decode.
enum class XmlEntityMode {
  // The whole text is refused: for input the program acts on (a request body a server executes,
  // credentials), where guessing could change the meaning.
  strict,
  // The reference is kept as written ("&nbsp;" stays "&nbsp;") and decoding goes on: for text read to
  // show a person (an error document being diagnosed), where some text beats none. Also accepts the
  // upper-case "&#X41;" form, which XML does not define but which is unambiguous.
  lenient,
};

// Decodes the references in XML character data (XML 1.0 section 4.6, the predefined entities &amp;
// &lt; &gt; &quot; &apos;; section 4.1, character references &#DDDD; and &#xHHHH; in any number of
// digits, the code point appended as UTF-8, 1 to 4 bytes). A reference is malformed when it has no ';',
// names another entity, has no digits or a non-digit, or names a code point that is not a character:
// U+0000, a UTF-16 surrogate (U+D800..U+DFFF) or one above U+10FFFF. No DTD is read, so no other entity
// exists. Strict: nullopt when any reference is malformed. Lenient: never nullopt (see XmlEntityMode).
[[nodiscard]] std::optional<std::string> decode_xml_entities(std::string_view text, XmlEntityMode mode);
// The same, appending to `out`; false (strict mode only) when a reference is malformed, with `out`
// then holding the text decoded up to it.
[[nodiscard]] bool append_xml_decoded(std::string& out, std::string_view text, XmlEntityMode mode);

}  // namespace sigv4
