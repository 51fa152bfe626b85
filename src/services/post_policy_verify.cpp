// Verifying a POST upload against its policy (the server side of post_policy.hpp).
#include <nlohmann/json.hpp>

#include "sigv4/crypto/base64.hpp"
#include "sigv4/crypto/constant_time.hpp"
#include "sigv4/error.hpp"
#include "sigv4/post_policy.hpp"
#include "sigv4/request.hpp"
#include "sigv4/signer.hpp"

namespace sigv4 {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

const std::string* find_field(const Fields& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (iequals(k, name)) return &v;
  return nullptr;
}

PostVerifyResult refuse(PostVerifyResult r, S3ErrorCode code, std::string message) {
  r.error = S3Error(code, std::move(message));
  return r;
}

std::string policy_failure(const PostCondition& c) {
  return "Invalid according to Policy: Policy Condition failed: " + to_json(c);
}

// One condition of the "conditions" array, or nullopt for a shape S3 does not know.
std::optional<std::vector<PostCondition>> parse_condition(const nlohmann::json& j) {
  std::vector<PostCondition> out;
  if (j.is_object()) {
    if (j.empty()) return std::nullopt;
    for (const auto& [k, v] : j.items()) {
      if (!v.is_string()) return std::nullopt;
      out.push_back(PostCondition::equals(k, v.get<std::string>()));
    }
    return out;
  }
  if (!j.is_array() || j.size() != 3 || !j[0].is_string()) return std::nullopt;
  std::string op = j[0].get<std::string>();
  for (char& c : op) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (op == "content-length-range") {
    auto bound = [](const nlohmann::json& v) -> std::optional<std::uint64_t> {
      if (v.is_number_unsigned()) return v.get<std::uint64_t>();
      if (v.is_number_integer() && v.get<std::int64_t>() >= 0)
        return static_cast<std::uint64_t>(v.get<std::int64_t>());
      if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos)
          return std::nullopt;
        return std::stoull(s);
      }
      return std::nullopt;
    };
    const auto lo = bound(j[1]), hi = bound(j[2]);
    if (!lo || !hi || *lo > *hi) return std::nullopt;
    out.push_back(PostCondition::content_length_range(*lo, *hi));
    return out;
  }
  if ((op != "eq" && op != "starts-with") || !j[1].is_string() || !j[2].is_string()) return std::nullopt;
  std::string field = j[1].get<std::string>();
  if (field.size() < 2 || field[0] != '$') return std::nullopt;
  field.erase(0, 1);
  out.push_back(op == "eq" ? PostCondition::equals(field, j[2].get<std::string>())
                           : PostCondition::starts_with(field, j[2].get<std::string>()));
  return out;
}

}  // namespace

std::optional<PostFormFile> post_upload_from_form(const std::vector<FormPart>& parts) {
  PostFormFile out;
  for (const auto& p : parts) {
    if (iequals(p.name, "file")) {
      out.upload.filename = p.filename.value_or("");
      out.upload.file_size = p.data.size();
      out.data = p.data;
      out.content_type = p.content_type;
      return out;
    }
    out.upload.fields.emplace_back(p.name, std::string(p.data));
  }
  return std::nullopt;
}

PostVerifyResult verify_post_policy(const PostUpload& upload, const CredentialLookup& credentials,
                                    const PostVerifyOptions& options) {
  PostVerifyResult r;
  // 1. Required fields and their syntax.
  for (std::string_view name :
       {"key", "policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"})
    if (!find_field(upload.fields, name))
      return refuse(std::move(r), S3ErrorCode::invalid_argument,
                    "Bucket POST must contain a field named '" + std::string(name) +
                        "'.  If it is specified, please check the order of the fields.");
  const std::string& policy = *find_field(upload.fields, "policy");
  const std::string& algorithm = *find_field(upload.fields, "x-amz-algorithm");
  const std::string& credential = *find_field(upload.fields, "x-amz-credential");
  const std::string& amz_date = *find_field(upload.fields, "x-amz-date");
  const std::string& signature = *find_field(upload.fields, "x-amz-signature");
  r.key = *find_field(upload.fields, "key");
  if (const auto at = r.key.find("${filename}"); at != std::string::npos)
    r.key.replace(at, 11, upload.filename);
  r.string_to_sign = policy;
  if (algorithm != kAlgorithmHmacSha256)
    return refuse(
        std::move(r), S3ErrorCode::invalid_argument,
        "Unsupported x-amz-algorithm '" + algorithm + "': only AWS4-HMAC-SHA256 is supported for POST");
  std::vector<std::string_view> parts;
  for (std::size_t pos = 0;;) {
    const auto slash = credential.find('/', pos);
    parts.emplace_back(std::string_view(credential).substr(pos, slash - pos));
    if (slash == std::string::npos) break;
    pos = slash + 1;
  }
  const auto time = SigningTime::parse(amz_date);
  if (!time)
    return refuse(std::move(r), S3ErrorCode::invalid_argument,
                  "x-amz-date '" + amz_date + "' is not YYYYMMDDTHHMMSSZ");
  if (parts.size() != 5 || parts[0].empty() || parts[2].empty() || parts[3] != "s3" ||
      parts[4] != "aws4_request")
    return refuse(std::move(r), S3ErrorCode::invalid_argument,
                  "x-amz-credential '" + credential + "' is not ACCESS_KEY/DATE/REGION/s3/aws4_request");
  if (parts[1] != time->date_stamp())
    return refuse(
        std::move(r), S3ErrorCode::invalid_argument,
        "the credential date " + std::string(parts[1]) + " is not the date of x-amz-date " + amz_date);
  if (!options.region.empty() && parts[2] != options.region)
    return refuse(
        std::move(r), S3ErrorCode::invalid_argument,
        "the credential region '" + std::string(parts[2]) + "' is wrong; expecting '" + options.region + "'");
  r.access_key_id = std::string(parts[0]);

  // 2. The key and its session token.
  const std::optional<StoredCredential> stored = credentials(r.access_key_id);
  if (!stored)
    return refuse(std::move(r), S3ErrorCode::invalid_access_key_id,
                  std::string(s3_error_default_message(S3ErrorCode::invalid_access_key_id)));
  const std::string* token = find_field(upload.fields, "x-amz-security-token");
  if (stored->session_token && !token)
    return refuse(std::move(r), S3ErrorCode::missing_security_header,
                  "Your request is missing a required field: x-amz-security-token.");
  if (token &&
      (!stored->session_token || !crypto::constant_time_equal(*token, stored->session_token->reveal())))
    return refuse(std::move(r), S3ErrorCode::invalid_token,
                  std::string(s3_error_default_message(S3ErrorCode::invalid_token)));
  if (stored->expiration && std::chrono::system_clock::time_point(
                                std::chrono::seconds(options.now.unix_seconds())) >= *stored->expiration)
    return refuse(std::move(r), S3ErrorCode::expired_token,
                  std::string(s3_error_default_message(S3ErrorCode::expired_token)));

  // 3. The signature over the policy field exactly as posted.
  const Credentials creds(r.access_key_id, stored->secret_access_key.reveal());
  try {
    r.signature = sign_string(policy, creds, {*time, parts[2], "s3"});
  } catch (const Error&) {  // a region the signer refuses (control characters, spaces): bad input, not a throw
    return refuse(std::move(r), S3ErrorCode::invalid_argument,
                  "x-amz-credential '" + credential + "' has an invalid region");
  }
  if (!crypto::constant_time_equal(r.signature, signature)) {
    S3Error e(S3ErrorCode::signature_does_not_match);
    e.with("AWSAccessKeyId", r.access_key_id)
        .with("StringToSign", policy)
        .with("SignatureProvided", signature)
        .with("StringToSignBytes", s3_bytes_dump(policy));
    r.error = std::move(e);
    return r;
  }

  // 4. The policy document.
  std::vector<std::uint8_t> decoded;
  if (!crypto::base64_decode(policy, decoded))
    return refuse(std::move(r), S3ErrorCode::invalid_policy_document,
                  "Invalid Policy: Invalid Base64 Encoding.");
  r.policy_json.assign(decoded.begin(), decoded.end());
  const auto doc = nlohmann::json::parse(r.policy_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return refuse(std::move(r), S3ErrorCode::invalid_policy_document, "Invalid Policy: Invalid JSON.");
  if (!doc.contains("expiration") || !doc["expiration"].is_string())
    return refuse(std::move(r), S3ErrorCode::invalid_policy_document,
                  "Invalid Policy: Policy missing expiration.");
  const auto expiration = SigningTime::parse(doc["expiration"].get<std::string>());
  if (!expiration)
    return refuse(
        std::move(r), S3ErrorCode::invalid_policy_document,
        "Invalid Policy: Invalid 'expiration' value: '" + doc["expiration"].get<std::string>() + "'");
  if (!doc.contains("conditions") || !doc["conditions"].is_array())
    return refuse(std::move(r), S3ErrorCode::invalid_policy_document,
                  "Invalid Policy: Policy missing conditions.");
  std::vector<PostCondition> conditions;
  for (const auto& c : doc["conditions"]) {
    auto parsed = parse_condition(c);
    if (!parsed)
      return refuse(std::move(r), S3ErrorCode::invalid_policy_document,
                    "Invalid Policy: Invalid Condition: " + c.dump(-1, ' ', true));
    conditions.insert(conditions.end(), parsed->begin(), parsed->end());
  }

  // 5. Expiration.
  if (options.now.unix_seconds() >= expiration->unix_seconds())
    return refuse(std::move(r), S3ErrorCode::access_denied, "Invalid according to Policy: Policy expired.");

  // 6. Every condition.
  for (const auto& c : conditions) {
    if (c.kind == PostConditionKind::content_length_range) {
      if (upload.file_size < c.min_bytes) {
        r.error = S3Error(S3ErrorCode::entity_too_small)
                      .with("ProposedSize", std::to_string(upload.file_size))
                      .with("MinSizeAllowed", std::to_string(c.min_bytes));
        return r;
      }
      if (upload.file_size > c.max_bytes) {
        r.error = S3Error(S3ErrorCode::entity_too_large)
                      .with("ProposedSize", std::to_string(upload.file_size))
                      .with("MaxSizeAllowed", std::to_string(c.max_bytes));
        return r;
      }
      continue;
    }
    const std::string* value =
        iequals(c.field, "bucket") ? &options.bucket : find_field(upload.fields, c.field);
    const bool holds = c.kind == PostConditionKind::equals
                           ? value && *value == c.value
                           : (value ? std::string_view(*value) : std::string_view()).starts_with(c.value);
    if (!holds) return refuse(std::move(r), S3ErrorCode::access_denied, policy_failure(c));
  }

  // 7. No field without a condition.
  for (const auto& [name, value] : upload.fields) {
    if (iequals(name, "policy") || iequals(name, "x-amz-signature") || iequals(name, "file") ||
        (name.size() >= 9 && iequals(std::string_view(name).substr(0, 9), "x-ignore-")))
      continue;
    bool covered = false;
    for (const auto& c : conditions)
      covered = covered || (c.kind != PostConditionKind::content_length_range && iequals(c.field, name));
    if (!covered)
      return refuse(std::move(r), S3ErrorCode::access_denied,
                    "Invalid according to Policy: Extra input fields: " + name);
  }
  return r;
}

}  // namespace sigv4
