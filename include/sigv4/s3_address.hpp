// Where an S3 bucket and object live on the wire (S3 User Guide, "Virtual hosting of buckets" and
// "Methods for accessing a bucket"): virtual-hosted style https://BUCKET.s3.REGION.amazonaws.com/KEY or
// path style https://s3.REGION.amazonaws.com/BUCKET/KEY, with the key percent-encoded once.
// Shared by presigned URLs (s3_presign.hpp) and POST policy forms (post_policy.hpp).
#pragma once

#include <string>
#include <string_view>

namespace sigv4 {

// Where the bucket name goes.
enum class S3AddressingStyle {
  // Virtual-hosted for AWS endpoints when the bucket name is a DNS label S3 can host (lower-case letters,
  // digits and '-', 3..63 characters, and no '.' over https, which the *.s3 certificate would not cover);
  // path style otherwise and for custom endpoints (a local server usually has no wildcard DNS).
  automatic,
  virtual_hosted,  // https://BUCKET.s3.REGION.amazonaws.com/KEY: the style AWS recommends
  path,  // https://s3.REGION.amazonaws.com/BUCKET/KEY: needed for dotted names and most local servers
};

// The key percent-encoded for an S3 path: every byte but RFC 3986 unreserved ones and '/' as %XX
// (so ' ' -> %20, '+' -> %2B, '=' -> %3D, UTF-8 bytes each escaped, "//" kept as is).
std::string s3_encode_key(std::string_view key);

struct S3Address {
  std::string scheme;  // "https" or "http"
  std::string host;    // the Host header value (":port" only when not the scheme's default)
  std::string path;    // encoded: "/KEY" (virtual-hosted) or "/BUCKET/KEY" (path); "/BUCKET" for no key
  [[nodiscard]] std::string url() const { return scheme + "://" + host + path; }
};

// The address of `key` in `bucket`. `endpoint` empty means AWS: https://s3.REGION.amazonaws.com
// (s3.amazonaws.com for us-east-1, .amazonaws.com.cn for cn-* regions); otherwise the URL of an
// S3-compatible server ("http://127.0.0.1:9000"). Throws sigv4::Error: invalid_argument for an empty
// bucket, one holding '/', or an endpoint with a path or query; malformed_url for an endpoint that is
// not an http(s) URL; invalid_region for an empty region when the endpoint is AWS's.
[[nodiscard]] S3Address s3_address(std::string_view bucket, std::string_view key, std::string_view region,
                                   std::string_view endpoint, S3AddressingStyle style);

}  // namespace sigv4
