#include "sigv4/s3_error.hpp"

namespace sigv4 {

namespace {
struct Info {
  std::string_view name;
  int status;
  std::string_view message;
};

Info info(S3ErrorCode code) noexcept {
  switch (code) {
    case S3ErrorCode::access_denied:
      return {"AccessDenied", 403, "Access Denied"};
    case S3ErrorCode::signature_does_not_match:
      return {
          "SignatureDoesNotMatch", 403,
          "The request signature we calculated does not match the signature you provided. Check your key and "
          "signing method."};
    case S3ErrorCode::invalid_access_key_id:
      return {"InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records."};
    case S3ErrorCode::request_time_too_skewed:
      return {"RequestTimeTooSkewed", 403,
              "The difference between the request time and the current time is too large."};
    case S3ErrorCode::authorization_header_malformed:
      return {"AuthorizationHeaderMalformed", 400, "The authorization header is malformed."};
    case S3ErrorCode::authorization_query_parameters_error:
      return {"AuthorizationQueryParametersError", 400,
              "Error parsing the query-string authentication parameters."};
    case S3ErrorCode::x_amz_content_sha256_mismatch:
      return {"XAmzContentSHA256Mismatch", 400,
              "The provided 'x-amz-content-sha256' header does not match what was computed."};
    case S3ErrorCode::bad_digest:
      return {"BadDigest", 400, "The Content-MD5 you specified did not match what we received."};
    case S3ErrorCode::invalid_digest:
      return {"InvalidDigest", 400, "The Content-MD5 you specified is not valid."};
    case S3ErrorCode::missing_security_header:
      return {"MissingSecurityHeader", 400, "Your request is missing a required header."};
    case S3ErrorCode::invalid_token:
      return {"InvalidToken", 400, "The provided token is malformed or otherwise invalid."};
    case S3ErrorCode::expired_token:
      return {"ExpiredToken", 400, "The provided token has expired."};
    case S3ErrorCode::incomplete_body:
      return {"IncompleteBody", 400,
              "You did not provide the number of bytes specified by the Content-Length HTTP header."};
    case S3ErrorCode::invalid_chunk_size_error:
      return {"InvalidChunkSizeError", 400,
              "Only the last chunk is allowed to have a size less than 8192 bytes"};
    case S3ErrorCode::malformed_trailer_error:
      return {"MalformedTrailerError", 400,
              "The request contained trailing data that was not well-formed or did not conform to our "
              "published schema."};
    case S3ErrorCode::invalid_argument:
      return {"InvalidArgument", 400, "Invalid Argument"};
    case S3ErrorCode::invalid_request:
      return {"InvalidRequest", 400, "Invalid Request"};
    case S3ErrorCode::invalid_uri:
      return {"InvalidURI", 400, "Couldn't parse the specified URI."};
    case S3ErrorCode::missing_content_length:
      return {"MissingContentLength", 411, "You must provide the Content-Length HTTP header."};
    case S3ErrorCode::internal_error:
      return {"InternalError", 500, "We encountered an internal error. Please try again."};
    case S3ErrorCode::not_implemented:
      return {"NotImplemented", 501, "A header you provided implies functionality that is not implemented."};
    case S3ErrorCode::no_such_bucket:
      return {"NoSuchBucket", 404, "The specified bucket does not exist"};
    case S3ErrorCode::no_such_key:
      return {"NoSuchKey", 404, "The specified key does not exist."};
    case S3ErrorCode::no_such_upload:
      return {
          "NoSuchUpload", 404,
          "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
          "aborted or completed."};
    case S3ErrorCode::bucket_already_owned_by_you:
      return {"BucketAlreadyOwnedByYou", 409,
              "Your previous request to create the named bucket succeeded and you already own it."};
    case S3ErrorCode::bucket_not_empty:
      return {"BucketNotEmpty", 409, "The bucket you tried to delete is not empty"};
    case S3ErrorCode::invalid_bucket_name:
      return {"InvalidBucketName", 400, "The specified bucket is not valid."};
    case S3ErrorCode::invalid_range:
      return {"InvalidRange", 416, "The requested range is not satisfiable"};
    case S3ErrorCode::invalid_part:
      return {"InvalidPart", 400,
              "One or more of the specified parts could not be found. The part may not have been uploaded, "
              "or the "
              "specified entity tag may not match the part's entity tag."};
    case S3ErrorCode::invalid_part_order:
      return {"InvalidPartOrder", 400,
              "The list of parts was not in ascending order. Parts must be ordered by part number."};
    case S3ErrorCode::entity_too_small:
      return {"EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size."};
    case S3ErrorCode::malformed_xml:
      return {"MalformedXML", 400,
              "The XML you provided was not well-formed or did not validate against our published schema."};
    case S3ErrorCode::method_not_allowed:
      return {"MethodNotAllowed", 405, "The specified method is not allowed against this resource."};
    case S3ErrorCode::key_too_long:
      return {"KeyTooLongError", 400, "Your key is too long"};
    case S3ErrorCode::entity_too_large:
      return {"EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size"};
    case S3ErrorCode::invalid_policy_document:
      return {"InvalidPolicyDocument", 400, "The content of the form does not meet the conditions specified in the policy document."};
    case S3ErrorCode::malformed_post_request:
      return {"MalformedPOSTRequest", 400, "The body of your POST request is not well-formed multipart/form-data."};
  }
  return {"InternalError", 500, "We encountered an internal error. Please try again."};
}
}  // namespace

std::string_view s3_error_name(S3ErrorCode code) noexcept { return info(code).name; }
int s3_error_status(S3ErrorCode code) noexcept { return info(code).status; }
std::string_view s3_error_default_message(S3ErrorCode code) noexcept { return info(code).message; }

std::string_view S3Error::detail(std::string_view element) const noexcept {
  for (const auto& [k, v] : details)
    if (k == element) return v;
  return {};
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "&#" + std::to_string(c) + ";";
        } else {
          out.push_back(ch);
        }
    }
  }
  return out;
}

std::string s3_bytes_dump(std::string_view text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() * 3);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (i > 0) out.push_back(' ');
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string S3Error::to_xml(std::string_view resource, std::string_view request_id) const {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>";
  x += name();
  x += "</Code><Message>" + xml_escape(message) + "</Message>";
  for (const auto& [k, v] : details) x += "<" + k + ">" + xml_escape(v) + "</" + k + ">";
  if (!resource.empty()) x += "<Resource>" + xml_escape(resource) + "</Resource>";
  if (!request_id.empty()) x += "<RequestId>" + xml_escape(request_id) + "</RequestId>";
  x += "</Error>";
  return x;
}

}  // namespace sigv4
