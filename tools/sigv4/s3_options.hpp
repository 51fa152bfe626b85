// The S3 location options shared by `sigv4 presign s3://...` and `sigv4 post-policy`:
//   s3://BUCKET/KEY (the key taken literally, no percent-decoding) [--endpoint URL]
//   [--path-style | --virtual-hosted]
#pragma once

#include <set>
#include <string>

#include "args.hpp"
#include "sigv4/s3_address.hpp"

namespace sigv4::cli {

void add_s3_location_options(std::set<std::string>& value_options, std::set<std::string>& flags);

struct S3Location {
  std::string bucket;
  std::string key;       // empty for s3://BUCKET or s3://BUCKET/
  std::string endpoint;  // --endpoint, empty for AWS
  S3AddressingStyle addressing = S3AddressingStyle::automatic;
};

// The single positional s3://BUCKET[/KEY] and the options above; UsageError for anything else.
S3Location read_s3_location(const Args& args);

}  // namespace sigv4::cli
