// Building a POST policy and its form (the client side of post_policy.hpp).
#include "sigv4/post_policy.hpp"

#include <algorithm>

#include "json_text.hpp"
#include "sigv4/crypto/base64.hpp"
#include "sigv4/error.hpp"
#include "sigv4/signer.hpp"

namespace sigv4 {
namespace {

constexpr std::string_view kFilenameVariable = "${filename}";

void append_pair_object(std::string& out, std::string_view name, std::string_view value) {
  out.push_back('{');
  detail::append_json_string_ascii(out, name);
  out.append(": ");
  detail::append_json_string_ascii(out, value);
  out.push_back('}');
}

void require_utf8(std::string_view text, std::string_view what) {
  if (!detail::is_valid_utf8(text))
    throw Error(ErrorCode::invalid_argument, "POST policy: " + std::string(what) + " is not UTF-8");
}

void append_html_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&#39;");
        break;
      default:
        out.push_back(c);
    }
  }
}

}  // namespace

PostCondition PostCondition::equals(std::string field, std::string value) {
  return {PostConditionKind::equals, std::move(field), std::move(value), 0, 0};
}
PostCondition PostCondition::starts_with(std::string field, std::string prefix) {
  return {PostConditionKind::starts_with, std::move(field), std::move(prefix), 0, 0};
}
PostCondition PostCondition::content_length_range(std::uint64_t min_bytes, std::uint64_t max_bytes) {
  return {PostConditionKind::content_length_range, {}, {}, min_bytes, max_bytes};
}

std::string to_json(const PostCondition& c) {
  std::string out;
  switch (c.kind) {
    case PostConditionKind::equals:
      append_pair_object(out, c.field, c.value);
      break;
    case PostConditionKind::starts_with:
      out.append(R"(["starts-with", )");
      detail::append_json_string_ascii(out, "$" + c.field);
      out.append(", ");
      detail::append_json_string_ascii(out, c.value);
      out.push_back(']');
      break;
    case PostConditionKind::content_length_range:
      out.append(R"(["content-length-range", )")
          .append(std::to_string(c.min_bytes))
          .append(", ")
          .append(std::to_string(c.max_bytes))
          .push_back(']');
      break;
  }
  return out;
}

PostPolicyForm build_post_policy(const Credentials& credentials, SigningTime time,
                                 const PostPolicyRequest& request) {
  if (request.key.empty()) throw Error(ErrorCode::invalid_argument, "POST policy: the key is empty");
  if (request.expires_seconds < 1)
    throw Error(ErrorCode::expires_out_of_range, "POST policy: the expiry must be at least 1 second, got " +
                                                     std::to_string(request.expires_seconds));
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty())
    throw Error(ErrorCode::invalid_credentials, "POST policy: empty access key id or secret");
  require_utf8(request.key, "the key");
  for (const auto& [name, value] : request.fields) {
    require_utf8(name, "field name '" + name + "'");
    require_utf8(value, "the value of field '" + name + "'");
  }
  for (const auto& c : request.conditions) {
    require_utf8(c.field, "a condition's field name");
    require_utf8(c.value, "the value of the condition on '" + c.field + "'");
    if (c.kind == PostConditionKind::content_length_range && c.min_bytes > c.max_bytes)
      throw Error(ErrorCode::invalid_argument, "POST policy: content-length-range minimum " +
                                                   std::to_string(c.min_bytes) + " exceeds maximum " +
                                                   std::to_string(c.max_bytes));
  }

  PostPolicyForm form;
  form.url = s3_address(request.bucket, "", request.region, request.endpoint, request.addressing).url();
  // The form posts to the bucket: "https://bucket.s3.../" (virtual-hosted) or ".../bucket" (path).
  if (form.url.back() != '/') form.url.push_back('/');
  form.expiration = SigningTime::from_unix_seconds(time.unix_seconds() + request.expires_seconds);

  std::string scope;
  build_credential_scope(scope, {time, request.region, "s3"});
  const std::string credential = credentials.access_key_id + "/" + scope;
  const std::string amz_date(time.amz_date());
  const std::string_view token = credentials.session_token.reveal();

  std::vector<PostCondition> conditions = request.conditions;
  conditions.push_back(PostCondition::equals("bucket", request.bucket));
  if (request.key.ends_with(kFilenameVariable))
    conditions.push_back(PostCondition::starts_with(
        "key", request.key.substr(0, request.key.size() - kFilenameVariable.size())));
  else
    conditions.push_back(PostCondition::equals("key", request.key));
  conditions.push_back(PostCondition::equals("x-amz-algorithm", std::string(kAlgorithmHmacSha256)));
  conditions.push_back(PostCondition::equals("x-amz-credential", credential));
  conditions.push_back(PostCondition::equals("x-amz-date", amz_date));
  if (!token.empty()) conditions.push_back(PostCondition::equals("x-amz-security-token", std::string(token)));

  const auto expiration = form.expiration.iso8601();
  form.policy_json = R"({"expiration": )";
  detail::append_json_string_ascii(form.policy_json, {expiration.data(), expiration.size()});
  form.policy_json.append(R"(, "conditions": [)");
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    if (i > 0) form.policy_json.append(", ");
    form.policy_json.append(to_json(conditions[i]));
  }
  form.policy_json.append("]}");
  crypto::base64_append(
      {reinterpret_cast<const std::uint8_t*>(form.policy_json.data()), form.policy_json.size()}, form.policy);
  form.signature = sign_string(form.policy, credentials, {time, request.region, "s3"});

  form.fields = request.fields;
  form.fields.emplace_back("key", request.key);
  form.fields.emplace_back("x-amz-algorithm", kAlgorithmHmacSha256);
  form.fields.emplace_back("x-amz-credential", credential);
  form.fields.emplace_back("x-amz-date", amz_date);
  if (!token.empty()) form.fields.emplace_back("x-amz-security-token", token);
  form.fields.emplace_back("policy", form.policy);
  form.fields.emplace_back("x-amz-signature", form.signature);
  return form;
}

std::string post_policy_html(const PostPolicyForm& form) {
  std::string out =
      "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Upload to "
      "S3</title>\n</head>\n<body>\n"
      "<form action=\"";
  append_html_escaped(out, form.url);
  out.append("\" method=\"post\" enctype=\"multipart/form-data\">\n");
  for (const auto& [name, value] : form.fields) {
    out.append("  <input type=\"hidden\" name=\"");
    append_html_escaped(out, name);
    out.append("\" value=\"");
    append_html_escaped(out, value);
    out.append("\">\n");
  }
  const auto expiration = form.expiration.iso8601();
  out.append("  <p>File (the policy expires at ").append(expiration.data(), expiration.size()).append("):\n");
  out.append("  <input type=\"file\" name=\"file\"></p>\n  <input type=\"submit\" value=\"Upload\">\n");
  out.append("</form>\n</body>\n</html>\n");
  return out;
}

}  // namespace sigv4
