#include "sigv4/settings.hpp"

namespace sigv4 {

std::string_view payload_literal(PayloadMode mode) noexcept {
  switch (mode) {
    case PayloadMode::unsigned_payload: return "UNSIGNED-PAYLOAD";
    case PayloadMode::streaming_signed: return "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    case PayloadMode::streaming_signed_trailer: return "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    case PayloadMode::streaming_unsigned_trailer: return "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    case PayloadMode::streaming_ecdsa_signed: return "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
    case PayloadMode::streaming_ecdsa_signed_trailer: return "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER";
    case PayloadMode::sha256_of_body:
    case PayloadMode::precomputed: return {};
  }
  return {};
}

std::string_view algorithm_name(SigningAlgorithm algorithm) noexcept {
  switch (algorithm) {
    case SigningAlgorithm::hmac_sha256: return "AWS4-HMAC-SHA256";
    case SigningAlgorithm::ecdsa_p256_sha256: return "AWS4-ECDSA-P256-SHA256";
  }
  return {};
}

const std::vector<std::string>& default_excluded_headers() {
  static const std::vector<std::string> kExcluded = {
      "authorization",        // carries the signature itself
      "user-agent",           // rewritten by proxies and retry layers
      "x-amzn-trace-id",      // added by AWS X-Ray and load balancers after signing
      "expect",               // dropped or answered by proxies (100-continue)
      "connection",           // hop-by-hop (RFC 9110 7.6.1)
      "keep-alive",           // hop-by-hop
      "proxy-authenticate",   // hop-by-hop
      "proxy-authorization",  // hop-by-hop
      "proxy-connection",     // non-standard hop-by-hop
      "te",                   // hop-by-hop
      "trailer",              // hop-by-hop
      "transfer-encoding",    // hop-by-hop; proxies re-frame bodies
      "upgrade",              // hop-by-hop
  };
  return kExcluded;
}

SigningSettings SigningSettings::s3() {
  SigningSettings s;
  s.uri_encoding = UriEncoding::single_encode;
  s.path_normalization = PathNormalization::as_given;
  s.content_sha256_header = ContentSha256Header::add_and_sign;
  return s;
}

SigningSettings SigningSettings::s3_presign(std::int64_t expires_seconds) {
  SigningSettings s = s3();
  s.location = SignatureLocation::query;
  s.payload_mode = PayloadMode::unsigned_payload;
  s.expires_seconds = expires_seconds;
  return s;
}

SigningSettings SigningSettings::with_sigv4a(std::string set) const {
  SigningSettings s = *this;
  s.algorithm = SigningAlgorithm::ecdsa_p256_sha256;
  s.region_set = std::move(set);
  return s;
}

}  // namespace sigv4
