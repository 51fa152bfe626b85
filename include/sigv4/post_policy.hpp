// S3 POST policy: browser form uploads (S3 API Reference, "Browser-Based Uploads Using POST (AWS
// Signature Version 4)": "Creating a POST Policy", "Calculating a Signature", "Creating an HTML Form").
//
// A client (build_post_policy) writes a policy document, an expiration plus conditions every form field
// must meet, base64-encodes it, and signs the base64 text with the SigV4 signing key of
// DATE/REGION/s3/aws4_request. The browser posts the fields and the file as multipart/form-data. A
// server (verify_post_policy) recomputes the signature over the policy field and checks the expiration,
// every condition, and that no field is left uncovered by one.
//
// Example:
//   sigv4::PostPolicyRequest r{.bucket = "uploads", .key = "user/42/${filename}", .region = "eu-west-1"};
//   r.fields = {{"Content-Type", "image/png"}};
//   r.conditions = {sigv4::PostCondition::equals("Content-Type", "image/png"),
//                   sigv4::PostCondition::content_length_range(1, 10 << 20)};
//   sigv4::PostPolicyForm form = sigv4::build_post_policy(creds, sigv4::SigningTime::now(), r);
//   // form.url, form.fields (policy, x-amz-signature, ...) -> post_policy_html(form) for a page
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sigv4/credentials.hpp"
#include "sigv4/multipart_form.hpp"
#include "sigv4/s3_address.hpp"
#include "sigv4/s3_error.hpp"
#include "sigv4/time.hpp"
#include "sigv4/verifier.hpp"

namespace sigv4 {

// The three condition types of a POST policy.
enum class PostConditionKind {
  equals,                // {"field": "value"} or ["eq", "$field", "value"]: the field must equal value
  starts_with,           // ["starts-with", "$field", "prefix"]: the field must begin with prefix ("" = any)
  content_length_range,  // ["content-length-range", min, max]: the uploaded file's size in bytes
};

struct PostCondition {
  PostConditionKind kind = PostConditionKind::equals;
  std::string field;  // form field name without '$': "key", "bucket", "Content-Type", "x-amz-meta-owner"
  std::string value;  // equals: the value; starts_with: the prefix
  std::uint64_t min_bytes = 0;  // content_length_range only
  std::uint64_t max_bytes = 0;

  static PostCondition equals(std::string field, std::string value);
  static PostCondition starts_with(std::string field, std::string prefix);
  static PostCondition content_length_range(std::uint64_t min_bytes, std::uint64_t max_bytes);
  friend bool operator==(const PostCondition&, const PostCondition&) = default;
};

// The condition as it appears in a policy document: {"f": "v"}, ["starts-with", "$f", "p"] or
// ["content-length-range", 1, 10] (the JSON text is escaped as Python's json.dumps does, non-ASCII
// as \uXXXX, so documents equal botocore's byte for byte).
std::string to_json(const PostCondition& condition);

struct PostPolicyRequest {
  std::string bucket;  // required
  // The object key. A key ending in "${filename}" (S3 replaces it with the uploaded file's name) gets a
  // starts-with condition on what precedes it; any other key gets an equals condition.
  std::string key;
  std::string region;    // required: the signing region
  std::string endpoint;  // as in s3_address(): empty for AWS
  S3AddressingStyle addressing = S3AddressingStyle::automatic;
  // Extra form fields, in form order (Content-Type, acl, success_action_status, x-amz-meta-*, ...).
  // As in botocore, a field is not covered by a condition automatically: add one to `conditions` (S3
  // refuses an upload with a field no condition covers).
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<PostCondition> conditions;
  std::int64_t expires_seconds = 3600;  // the policy's expiration, from the signing time; >= 1
};

// What the HTML form must post, file last.
struct PostPolicyForm {
  std::string url;  // the form's action: the bucket's URL
  // In order: the request's fields, key, x-amz-algorithm, x-amz-credential, x-amz-date,
  // [x-amz-security-token], policy, x-amz-signature (the order botocore uses).
  std::vector<std::pair<std::string, std::string>> fields;
  std::string policy_json;  // the policy document
  std::string policy;       // base64 of policy_json: the "policy" field and the string to sign
  std::string signature;    // hex HMAC-SHA256 of `policy` with the signing key
  SigningTime expiration;
};

// Builds and signs a POST policy. Conditions are, in order: the request's conditions, bucket, key (or
// starts-with), x-amz-algorithm, x-amz-credential, x-amz-date, [x-amz-security-token]; the expiration
// is written "YYYY-MM-DDTHH:MM:SSZ". Throws sigv4::Error: invalid_argument for an empty key, a field or
// condition value that is not UTF-8, or a content-length-range whose min exceeds its max;
// expires_out_of_range for expires_seconds < 1; s3_address()'s errors; invalid_credentials for
// empty credentials; invalid_region.
[[nodiscard]] PostPolicyForm build_post_policy(const Credentials& credentials, SigningTime time,
                                               const PostPolicyRequest& request);

// A complete HTML page with the form (hidden inputs for the fields, a file input, a submit button),
// every value HTML-escaped. Opening it in a browser and choosing a file uploads it.
std::string post_policy_html(const PostPolicyForm& form);

// --- Server side ---------------------------------------------------------------------------------

// A POST upload as received: the form fields other than the file, and the file part's name and size.
struct PostUpload {
  std::vector<std::pair<std::string, std::string>>
      fields;            // names as sent; S3 matches them case-insensitively
  std::string filename;  // the file part's filename (substituted for ${filename} in key)
  std::uint64_t file_size = 0;
};

// A multipart/form-data POST as S3 reads it: the fields before the part named "file" (S3 ignores
// fields after the file), the file's name, size, bytes and Content-Type. nullopt without a "file" part.
struct PostFormFile {
  PostUpload upload;
  std::string_view data;     // a view into the parsed body
  std::string content_type;  // the file part's own Content-Type (S3 uses the Content-Type field instead)
};
[[nodiscard]] std::optional<PostFormFile> post_upload_from_form(const std::vector<FormPart>& parts);

struct PostVerifyOptions {
  std::string bucket;  // the bucket posted to: the "bucket" condition is checked against it
  SigningTime now = SigningTime::now();
  std::string region;  // expected credential-scope region; empty accepts any
};

struct PostVerifyResult {
  std::optional<S3Error> error;  // empty when the upload is allowed
  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }
  std::string access_key_id;
  std::string key;             // the object key, ${filename} replaced
  std::string policy_json;     // the decoded policy (when it decoded)
  std::string string_to_sign;  // the policy field, as signed
  std::string signature;       // what the server computed (when it got that far)
};

// Verifies a POST upload (S3 rules, in order; each refusal is the S3 error S3 answers with):
//   1. the fields policy, x-amz-algorithm, x-amz-credential, x-amz-date, x-amz-signature and key are
//      present (InvalidArgument "Bucket POST must contain a field named '...'"); the algorithm is
//      AWS4-HMAC-SHA256 (InvalidArgument); the credential is AKID/DATE/REGION/s3/aws4_request, its date
//      that of x-amz-date and its region the expected one (InvalidArgument);
//   2. the access key is known (InvalidAccessKeyId); a session token the key needs is the
//      x-amz-security-token field (InvalidToken / MissingSecurityHeader); a key past its expiration is
//      ExpiredToken;
//   3. the signature over the policy field (SignatureDoesNotMatch with StringToSign and its bytes);
//   4. the policy decodes: strict base64, a JSON object with an "expiration" date and a "conditions"
//      array of known condition shapes (InvalidPolicyDocument as InvalidArgument "Invalid Policy: ...");
//   5. not expired (AccessDenied "Invalid according to Policy: Policy expired.");
//   6. every condition holds (AccessDenied "Invalid according to Policy: Policy Condition failed: ...";
//      a file outside content-length-range: EntityTooSmall / EntityTooLarge);
//   7. every field but policy, x-amz-signature, file and x-ignore-* is covered by a condition
//      (AccessDenied "Invalid according to Policy: Extra input fields: NAME").
// Never throws for any upload content; only the lookup's exceptions or std::bad_alloc escape.
[[nodiscard]] PostVerifyResult verify_post_policy(const PostUpload& upload,
                                                  const CredentialLookup& credentials,
                                                  const PostVerifyOptions& options);

}  // namespace sigv4
