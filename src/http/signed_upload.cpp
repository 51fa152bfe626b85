#include "sigv4/signed_upload.hpp"

#include "sigv4/chunked_encoder.hpp"

namespace sigv4 {

PreparedUpload prepare_signed_upload(HttpRequest& request, UploadPayload mode, const UploadSource& source,
                                     const Credentials& credentials, const SigningScope& scope,
                                     SigningSettings settings, ChecksumAlgorithm checksum) {
  PreparedUpload out;
  settings.location = SignatureLocation::headers;
  if (mode != UploadPayload::sha256_hex && mode != UploadPayload::unsigned_payload) {
    ChunkedUploadOptions options;
    options.mode = mode == UploadPayload::streaming_signed           ? ChunkedMode::signed_payload
                   : mode == UploadPayload::streaming_signed_trailer ? ChunkedMode::signed_payload_trailer
                                                                     : ChunkedMode::unsigned_payload_trailer;
    // The signed streaming modes follow the request's algorithm: SigV4a requests get ECDSA chunk signatures.
    options.mode = chunked_mode_for(options.mode, settings.algorithm);
    if (chunked_mode_has_trailers(options.mode)) options.checksum = checksum;
    ChunkSource chunks = source.file ? ChunkSource::file(*source.file) : ChunkSource::bytes(source.bytes);
    const auto decoded = chunks.size();
    auto encoder = std::make_shared<ChunkedEncoder>(
        sign_chunked_upload(request, std::move(chunks), credentials, scope, options, settings, &out.signing));
    std::optional<std::uint64_t> wire;
    if (decoded) wire = chunked_wire_length(*decoded, options);
    out.body = SendBody::reader([encoder](std::span<std::byte> buffer) { return encoder->read(buffer); }, wire);
    return out;
  }
  const Body hash_source = source.file ? Body::file(*source.file) : Body::bytes(source.bytes);
  settings.payload_mode =
      mode == UploadPayload::unsigned_payload ? PayloadMode::unsigned_payload : PayloadMode::sha256_of_body;
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
