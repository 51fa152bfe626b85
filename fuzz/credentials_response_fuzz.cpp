// Fuzzes what the credential providers read from outside: the JSON of credential_process, the
// container endpoint and IMDS (parse_json_credentials), the XML of STS answers and S3 error documents
// (read_xml_leaves, with default and tiny limits), and ISO 8601 expirations.
// Properties: nothing throws; a failure's message never contains the secret it may have parsed; found
// credentials have both halves of the key pair; the XML reader respects its limits.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "credentials/credentials_common.hpp"
#include "sigv4/aws_xml.hpp"
#include "sigv4/credential_providers.hpp"

namespace {

// The string value after "SecretAccessKey" in the input, read naively (no escapes), or empty.
std::string_view naive_secret(std::string_view json) {
  const auto key = json.find("\"SecretAccessKey\"");
  if (key == std::string_view::npos) return {};
  const auto open = json.find('"', json.find(':', key + 17));
  if (open == std::string_view::npos) return {};
  const auto close = json.find('"', open + 1);
  if (close == std::string_view::npos) return {};
  return json.substr(open + 1, close - open - 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view token_key : {"SessionToken", "Token"}) {
    const auto outcome = sigv4::credentials_detail::parse_json_credentials(text, token_key, "fuzz");
    if (outcome.found()) {
      if (outcome.credentials.access_key_id.empty()) __builtin_trap();
    } else if (outcome.error.empty()) {
      __builtin_trap();  // a refusal says why
    }
    // The error text never contains a secret (checked for secret-like values: 12+ characters, no blank,
    // so that a "secret" the fuzzer made of the message's own words does not count).
    // Only a value that appears once in the input counts: another field (an Expiration the message
    // quotes) may carry the same text and is no secret.
    const auto secret = naive_secret(text);
    const bool unique = !secret.empty() && text.find(secret) == text.rfind(secret);
    if (unique && secret.size() >= 12 && secret.find_first_of(" \t") == std::string_view::npos &&
        outcome.error.find(secret) != std::string::npos)
      __builtin_trap();
  }
  const sigv4::XmlLimits tiny{.max_bytes = 2048, .max_depth = 4, .max_elements = 16};
  for (const auto& limits : {sigv4::XmlLimits{}, tiny}) {
    const auto xml = sigv4::read_xml_leaves(text, limits);
    if (xml.ok()) {
      if (size > limits.max_bytes || xml.leaves.size() > limits.max_elements) __builtin_trap();
      for (const auto& leaf : xml.leaves) {
        std::size_t depth = 1;
        for (char c : leaf.path) depth += c == '/';
        if (depth > limits.max_depth) __builtin_trap();
      }
      (void)xml.find("Code");
      (void)xml.find("Credentials/SecretAccessKey");
    }
  }
  (void)sigv4::parse_expiration(text);
  return 0;
}
