#include "sigv4/signed_upload.hpp"

namespace sigv4 {

PreparedUpload prepare_signed_upload(HttpRequest& request, UploadPayload mode, const UploadSource& source,
                                     const Credentials& credentials, const SigningScope& scope,
                                     SigningSettings settings) {
  PreparedUpload out;
  settings.location = SignatureLocation::headers;
  const Body hash_source = source.file ? Body::file(*source.file) : Body::bytes(source.bytes);
  switch (mode) {
    case UploadPayload::sha256_hex: settings.payload_mode = PayloadMode::sha256_of_body; break;
    case UploadPayload::unsigned_payload: settings.payload_mode = PayloadMode::unsigned_payload; break;
  }
  // A stale x-amz-content-sha256 from the caller would be taken as the payload hash: the mode decides.
  request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                       [](const Header& h) { return iequals(h.name, "x-amz-content-sha256"); }),
                        request.headers.end());
  std::vector<HeaderView> views;
  sign_request(request.view(views), hash_source, credentials, scope, settings, out.signing);
  for (const auto& h : out.signing.headers_to_add) request.set_header(h.name, h.value);
  const bool has_body = source.file || !source.bytes.empty() || request.method == "PUT" || request.method == "POST";
  if (source.file) out.body = SendBody::file(*source.file);
  else if (has_body) out.body = SendBody::bytes(source.bytes);
  return out;
}

}  // namespace sigv4
