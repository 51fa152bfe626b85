#include "sigv4/aws_endpoint.hpp"

#include <vector>

namespace sigv4 {
namespace {

std::vector<std::string> split_labels(std::string_view host) {
  std::vector<std::string> labels;
  std::string current;
  for (char c : host) {
    if (c == '.') {
      labels.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
  }
  labels.push_back(current);
  return labels;
}

// A region name looks like "us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1".
bool looks_like_region(std::string_view s) {
  if (s.size() < 6 || s.find('-') == std::string_view::npos) return false;
  if (s.back() < '0' || s.back() > '9') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

std::string signing_name(const std::string& endpoint_prefix) {
  std::string name = endpoint_prefix;
  if (name.ends_with("-fips")) name.resize(name.size() - 5);  // sts-fips.us-east-1 signs as sts
  if (name == "email") return "ses";
  return name;
}

}  // namespace

std::optional<ServiceRegion> infer_service_region(std::string_view host) {
  if (host.starts_with("[")) return std::nullopt;  // an IPv6 literal
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  while (host.ends_with(".")) host.remove_suffix(1);
  auto labels = split_labels(host);
  std::size_t suffix = 0;  // labels of the domain suffix
  const auto n = labels.size();
  if (n >= 2 && labels[n - 2] == "amazonaws" && labels[n - 1] == "com") suffix = 2;
  else if (n >= 3 && labels[n - 3] == "amazonaws" && labels[n - 2] == "com" && labels[n - 1] == "cn") suffix = 3;
  else if (n >= 2 && labels[n - 2] == "on" && labels[n - 1] == "aws") suffix = 2;
  if (suffix == 0 || n <= suffix) return std::nullopt;
  const bool on_aws = labels[n - 1] == "aws";
  labels.resize(n - suffix);  // the part before the domain

  if (on_aws) {
    // ID.lambda-url.REGION.on.aws
    if (labels.size() >= 3 && labels[labels.size() - 2] == "lambda-url" && looks_like_region(labels.back()))
      return ServiceRegion{"lambda", labels.back()};
    return std::nullopt;
  }
  // S3: find the "s3..." label, the bucket (if any) is everything before it.
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string& l = labels[i];
    if (l == "s3-accelerate") return ServiceRegion{"s3", std::nullopt};
    if (l == "s3" || l == "s3-fips" || l.starts_with("s3-")) {
      if (l.starts_with("s3-") && l != "s3-fips") {
        // Legacy dash form: s3-REGION.amazonaws.com, or s3-external-1 (us-east-1).
        const std::string rest = l.substr(3);
        if (rest == "external-1") return ServiceRegion{"s3", "us-east-1"};
        if (looks_like_region(rest) && i + 1 == labels.size()) return ServiceRegion{"s3", rest};
        continue;
      }
      std::size_t j = i + 1;
      if (j < labels.size() && labels[j] == "dualstack") ++j;
      if (j == labels.size()) return ServiceRegion{"s3", "us-east-1"};
      if (j + 1 == labels.size() && looks_like_region(labels[j])) return ServiceRegion{"s3", labels[j]};
    }
  }
  // ID.execute-api.REGION and DOMAIN.REGION.es
  if (labels.size() >= 3 && labels[labels.size() - 2] == "execute-api" && looks_like_region(labels.back()))
    return ServiceRegion{"execute-api", labels.back()};
  if (labels.size() >= 3 && labels.back() == "es" && looks_like_region(labels[labels.size() - 2]))
    return ServiceRegion{"es", labels[labels.size() - 2]};
  // SERVICE.REGION, or SERVICE alone (a global endpoint, signed in us-east-1).
  if (labels.size() == 2 && looks_like_region(labels[1])) return ServiceRegion{signing_name(labels[0]), labels[1]};
  if (labels.size() == 1 && !looks_like_region(labels[0])) return ServiceRegion{signing_name(labels[0]), "us-east-1"};
  return std::nullopt;
}

}  // namespace sigv4
