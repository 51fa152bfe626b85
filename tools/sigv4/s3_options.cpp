#include "s3_options.hpp"

namespace sigv4::cli {

void add_s3_location_options(std::set<std::string>& value_options, std::set<std::string>& flags) {
  value_options.insert("--endpoint");
  flags.insert({"--path-style", "--virtual-hosted"});
}

S3Location read_s3_location(const Args& args) {
  if (args.positional().size() != 1 || !args.positional().front().starts_with("s3://"))
    throw UsageError("give exactly one s3://BUCKET/KEY");
  S3Location l;
  const std::string rest = args.positional().front().substr(5);
  const auto slash = rest.find('/');
  l.bucket = rest.substr(0, slash);
  if (slash != std::string::npos) l.key = rest.substr(slash + 1);
  l.endpoint = args.value("--endpoint").value_or("");
  if (args.flag("--path-style") && args.flag("--virtual-hosted"))
    throw UsageError("--path-style and --virtual-hosted cannot be combined");
  if (args.flag("--path-style")) l.addressing = S3AddressingStyle::path;
  if (args.flag("--virtual-hosted")) l.addressing = S3AddressingStyle::virtual_hosted;
  return l;
}

}  // namespace sigv4::cli
