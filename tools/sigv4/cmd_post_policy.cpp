// `sigv4 post-policy s3://BUCKET/KEY`: the fields of a browser upload form (S3 POST policy, see
// sigv4/post_policy.hpp) as JSON on stdout, and with --html FILE a ready-to-open HTML form.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "request_options.hpp"
#include "s3_options.hpp"
#include "sigv4/error.hpp"
#include "sigv4/post_policy.hpp"

namespace sigv4::cli {
namespace {

std::pair<std::string, std::string> name_value(const std::string& option, const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw UsageError(option + " needs NAME=VALUE, got '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

std::uint64_t number(const std::string& option, const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19)
    throw UsageError(option + " needs a number of bytes, got '" + text + "'");
  return std::stoull(text);
}

}  // namespace

int cmd_post_policy(const std::vector<std::string>& argv) {
  std::set<std::string> values{"--expires",
                               "--content-type",
                               "--content-type-prefix",
                               "--content-length-range",
                               "--meta",
                               "--success-action-status",
                               "--success-action-redirect",
                               "--acl",
                               "--field",
                               "--starts-with",
                               "--html"};
  std::set<std::string> flags;
  add_s3_location_options(values, flags);
  add_credential_options(values, flags);
  const Args args(argv, values, flags);
  const S3Location location = read_s3_location(args);
  if (location.key.empty()) throw UsageError("s3://BUCKET/KEY needs a key (it may end in ${filename})");
  PostPolicyRequest r;
  r.bucket = location.bucket;
  r.key = location.key;
  r.region = read_region(args);
  r.endpoint = location.endpoint;
  r.addressing = location.addressing;
  if (auto e = args.value("--expires"))
    r.expires_seconds = static_cast<std::int64_t>(number("--expires", *e));

  // Each field option sets the form field and the condition that allows exactly that value.
  auto field = [&](const std::string& name, const std::string& value) {
    r.fields.emplace_back(name, value);
    r.conditions.push_back(PostCondition::equals(name, value));
  };
  if (auto t = args.value("--content-type")) field("Content-Type", *t);
  if (auto p = args.value("--content-type-prefix")) {
    if (args.value("--content-type"))
      throw UsageError("--content-type and --content-type-prefix cannot be combined");
    r.fields.emplace_back("Content-Type", *p);
    r.conditions.push_back(PostCondition::starts_with("Content-Type", *p));
  }
  for (const auto& m : args.values("--meta")) {
    auto [name, value] = name_value("--meta", m);
    field("x-amz-meta-" + name, value);
  }
  if (auto s = args.value("--success-action-status")) {
    if (*s != "200" && *s != "201" && *s != "204")
      throw UsageError("--success-action-status must be 200, 201 or 204");
    field("success_action_status", *s);
  }
  if (auto u = args.value("--success-action-redirect")) field("success_action_redirect", *u);
  if (auto a = args.value("--acl")) field("acl", *a);
  for (const auto& f : args.values("--field")) {
    auto [name, value] = name_value("--field", f);
    field(name, value);
  }
  for (const auto& f : args.values("--starts-with")) {
    auto [name, prefix] = name_value("--starts-with", f + (f.find('=') == std::string::npos ? "=" : ""));
    r.conditions.push_back(PostCondition::starts_with(name, prefix));
  }
  if (auto range = args.value("--content-length-range")) {
    const auto comma = range->find(',');
    if (comma == std::string::npos) throw UsageError("--content-length-range needs MIN,MAX");
    r.conditions.push_back(
        PostCondition::content_length_range(number("--content-length-range", range->substr(0, comma)),
                                            number("--content-length-range", range->substr(comma + 1))));
  }

  const Credentials creds = read_credentials(args);
  PostPolicyForm form;
  try {
    form = build_post_policy(creds, read_time(args), r);
  } catch (const Error& e) {
    throw InputError(e.what());
  }
  if (auto html = args.value("--html")) {
    std::ofstream out(*html, std::ios::binary | std::ios::trunc);
    out << post_policy_html(form);
    if (!out.flush()) throw InputError("cannot write '" + *html + "'");
  }
  nlohmann::ordered_json j;
  j["url"] = form.url;
  auto fields = nlohmann::ordered_json::object();
  for (const auto& [k, v] : form.fields) fields[k] = v;
  j["fields"] = fields;
  const auto exp = form.expiration.iso8601();
  j["expiration"] = std::string(exp.data(), exp.size());
  j["policy"] = nlohmann::ordered_json::parse(form.policy_json);
  std::cout << j.dump(2) << "\n";
  return 0;
}

}  // namespace sigv4::cli
