// The signing service and region an AWS endpoint host name implies, as `sigv4 curl` infers them when
// --service/--region are not given (the endpoint patterns of the AWS General Reference, "AWS service
// endpoints", and the S3 User Guide, "Virtual hosting of buckets").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sigv4 {

struct ServiceRegion {
  std::string service;               // the signing name: "s3", "sts", "execute-api", "ses" for email.*
  std::optional<std::string> region;  // nullopt for a global or region-less endpoint (s3-accelerate)
};

// Recognises hosts under amazonaws.com, amazonaws.com.cn and on.aws (a port is ignored; case-insensitive):
//   [bucket.]s3.amazonaws.com                -> s3, us-east-1
//   [bucket.]s3[.-]REGION.amazonaws.com      -> s3, REGION   (also s3.dualstack.REGION, s3-fips.REGION)
//   [bucket.]s3-accelerate[.dualstack].amazonaws.com -> s3, no region
//   SERVICE.REGION.amazonaws.com[.cn]        -> SERVICE, REGION (email -> ses, monitoring stays monitoring)
//   ID.execute-api.REGION.amazonaws.com      -> execute-api, REGION
//   DOMAIN.REGION.es.amazonaws.com           -> es, REGION
//   ID.lambda-url.REGION.on.aws              -> lambda, REGION
//   SERVICE.amazonaws.com (iam, sts, ...)    -> SERVICE, us-east-1
// nullopt for any other host (a local server, a custom domain): the caller must be told.
std::optional<ServiceRegion> infer_service_region(std::string_view host);

}  // namespace sigv4
