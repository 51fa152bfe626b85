#include "sigv4/s3_address.hpp"

#include "sigv4/canonical.hpp"
#include "sigv4/error.hpp"
#include "sigv4/url.hpp"

namespace sigv4 {
namespace {

// RFC 1123 label rules as S3 applies them to virtual-hostable bucket names (S3 User Guide, "Bucket
// naming rules"), plus "no '.' over https" since *.s3.amazonaws.com covers one label only.
bool virtual_hostable(std::string_view bucket, bool https) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(bucket.front()) || !alnum(bucket.back())) return false;
  for (std::size_t i = 0; i < bucket.size(); ++i) {
    const char c = bucket[i];
    if (c == '.') {
      if (https || bucket[i - 1] == '.' || bucket[i - 1] == '-' || bucket[i + 1] == '-') return false;
    } else if (!alnum(c) && c != '-') {
      return false;
    }
  }
  return true;
}

std::string aws_endpoint_host(std::string_view region) {
  if (region == "us-east-1") return "s3.amazonaws.com";
  std::string host = "s3.";
  host.append(region).append(region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com");
  return host;
}

}  // namespace

std::string s3_encode_key(std::string_view key) {
  std::string out;
  append_uri_encoded(out, key, true);
  return out;
}

S3Address s3_address(std::string_view bucket, std::string_view key, std::string_view region,
                     std::string_view endpoint, S3AddressingStyle style) {
  if (bucket.empty() || bucket.find('/') != std::string_view::npos)
    throw Error(ErrorCode::invalid_argument,
                "S3: the bucket name must be non-empty and hold no '/', got '" + std::string(bucket) + "'");
  S3Address out;
  std::string host;
  const bool custom = !endpoint.empty();
  if (custom) {
    auto parsed = parse_url(endpoint);
    if (!parsed)
      throw Error(ErrorCode::malformed_url, "S3: bad endpoint URL '" + std::string(endpoint) + "'");
    if (parsed->target != "/")
      throw Error(ErrorCode::invalid_argument,
                  "S3: the endpoint must have no path or query, got '" + std::string(endpoint) + "'");
    out.scheme = parsed->scheme;
    host = parsed->host_header();
  } else {
    if (region.empty()) throw Error(ErrorCode::invalid_region, "S3: the region is empty");
    out.scheme = "https";
    host = aws_endpoint_host(region);
  }
  bool virtual_style = false;
  switch (style) {
    case S3AddressingStyle::automatic:
      virtual_style = !custom && virtual_hostable(bucket, out.scheme == "https");
      break;
    case S3AddressingStyle::virtual_hosted:
      virtual_style = true;
      break;
    case S3AddressingStyle::path:
      virtual_style = false;
      break;
  }
  if (virtual_style) {
    out.host.assign(bucket).push_back('.');
    out.host.append(host);
    out.path = "/" + s3_encode_key(key);
  } else {
    out.host = std::move(host);
    out.path = "/" + s3_encode_key(bucket);
    if (!key.empty()) out.path.append("/").append(s3_encode_key(key));
  }
  return out;
}

}  // namespace sigv4
