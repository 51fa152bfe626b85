// `sigv4 sign-chunked`: sign a streaming (aws-chunked) upload and print the request with its wire body.
//
//   sigv4 sign-chunked [request options] [signing options]
//         [--mode signed|signed-trailer|unsigned-trailer] [--checksum crc32|crc32c|crc64nvme|sha1|sha256]
//         [--chunk-size BYTES] [--json]
//
// The request gets Content-Encoding: aws-chunked, x-amz-decoded-content-length, Content-Length (the
// encoded length), x-amz-trailer for the trailer modes, and is signed with the mode's literal as the
// payload hash (header signing, S3 rules unless told otherwise). The body (--data, or --data-binary
// @FILE streamed without loading it) follows as aws-chunked bytes: chunk signatures chained from the
// request's signature, then the checksum trailer and its signature. --json prints the seed and every
// chunk signature instead of the request.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "request_options.hpp"
#include "sigv4/chunked_encoder.hpp"
#include "sigv4/error.hpp"
#include "sigv4/raw_request.hpp"

namespace sigv4::cli {
namespace {

ChunkedMode parse_mode(const std::string& s) {
  if (s == "signed") return ChunkedMode::signed_payload;
  if (s == "signed-trailer") return ChunkedMode::signed_payload_trailer;
  if (s == "unsigned-trailer") return ChunkedMode::unsigned_payload_trailer;
  throw UsageError("--mode must be signed, signed-trailer or unsigned-trailer, got '" + s + "'");
}

std::size_t parse_size(const std::string& s) {
  try {
    std::size_t used = 0;
    const unsigned long long v = std::stoull(s, &used);
    if (used != s.size()) throw std::invalid_argument("trailing");
    return static_cast<std::size_t>(v);
  } catch (const std::exception&) {
    throw UsageError("--chunk-size needs a number of bytes, got '" + s + "'");
  }
}

}  // namespace

int cmd_sign_chunked(const std::vector<std::string>& argv) {
  std::set<std::string> values{"--mode", "--checksum", "--chunk-size"}, flags{"--json"};
  add_request_options(values, flags);
  add_signing_options(values, flags);
  const Args args(argv, values, flags);
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");

  RequestInput input = read_request(args);
  SigningOptions opt = read_signing_options(args, false);
  ChunkedUploadOptions o;
  // With --sigv4a the signed modes are their ECDSA variants (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD...).
  o.mode = chunked_mode_for(parse_mode(args.value("--mode").value_or("signed")), opt.settings.algorithm);
  if (auto c = args.value("--checksum")) {
    const auto algorithm = parse_checksum_algorithm(*c);
    if (!algorithm)
      throw UsageError("--checksum must be crc32, crc32c, crc64nvme, sha1 or sha256, got '" + *c + "'");
    o.checksum = algorithm;
  } else if (chunked_mode_has_trailers(o.mode)) {
    o.checksum = ChecksumAlgorithm::crc32;  // what the AWS SDKs send by default
  }
  if (auto s = args.value("--chunk-size")) o.chunk_size = parse_size(*s);

  HttpRequest& req = input.request;
  const std::string inline_body = std::move(req.body);
  req.body.clear();
  try {
    ChunkSource source =
        input.body_file ? ChunkSource::file(*input.body_file) : ChunkSource::bytes(inline_body);
    SigningResult seed;
    ChunkedEncoder enc = sign_chunked_upload(req, std::move(source), opt.credentials,
                                             {opt.time, opt.region, opt.service}, o, opt.settings, &seed);
    if (args.flag("--json")) {
      nlohmann::ordered_json j;
      j["seed_signature"] = seed.signature;
      j["canonical_request"] = seed.canonical_request;
      j["string_to_sign"] = seed.string_to_sign;
      j["content_length"] = req.find_header("Content-Length") ? req.find_header("Content-Length")->value : "";
      auto chunks = nlohmann::ordered_json::array();
      for (auto piece = enc.next(); !piece.empty(); piece = enc.next()) {
        const std::size_t eol = piece.find("\r\n");
        chunks.push_back(std::string(piece.substr(0, eol)));
      }
      j["chunk_headers"] = chunks;
      if (auto c = enc.checksum())
        j["checksum"] = {{std::string(checksum_header_name(c->algorithm)), c->base64()}};
      std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
      return 0;
    }
    std::cout << format_raw_request(req);
    for (auto piece = enc.next(); !piece.empty(); piece = enc.next())
      std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    std::cout.flush();
  } catch (const Error& e) {
    throw InputError(std::string(e.what()));
  }
  return 0;
}

}  // namespace sigv4::cli
