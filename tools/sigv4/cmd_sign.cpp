// `sigv4 sign` and `sigv4 presign`: sign a request given as a raw HTTP file or as curl-like options and
// print the signed request, the presigned URL, or (--json) every intermediate.
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "request_options.hpp"
#include "sigv4/canonical.hpp"
#include "sigv4/error.hpp"
#include "sigv4/raw_request.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/sigv4a_key.hpp"

namespace sigv4::cli {
namespace {

int run(const std::vector<std::string>& argv, bool presign) {
  std::set<std::string> values, flags{"--json", "-v", "--verbose"};
  add_request_options(values, flags);
  add_signing_options(values, flags);
  if (presign) values.insert("--expires");
  const Args args(argv, values, flags);
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");

  RequestInput input = read_request(args);
  SigningOptions opt = read_signing_options(args, presign);
  if (presign) {
    if (auto e = args.value("--expires")) {
      try {
        std::size_t used = 0;
        opt.settings.expires_seconds = std::stoll(*e, &used);
        if (used != e->size()) throw std::invalid_argument("trailing");
      } catch (const std::exception&) {
        throw UsageError("--expires needs a number of seconds, got '" + *e + "'");
      }
    }
  }
  std::vector<HeaderView> views;
  const Body body = input.body_file ? Body::file(*input.body_file) : Body::bytes(input.request.body);
  SigningResult r;
  try {
    sign_request(input.request.view(views), body, opt.credentials, {opt.time, opt.region, opt.service}, opt.settings, r);
  } catch (const Error& e) {
    throw InputError(std::string(e.what()));
  }

  if (args.flag("--json")) {
    nlohmann::ordered_json j;
    j["canonical_request"] = r.canonical_request;
    j["string_to_sign"] = r.string_to_sign;
    j["signature"] = r.signature;
    j["signed_headers"] = r.signed_headers;
    j["credential_scope"] = r.credential_scope;
    j["payload_hash"] = r.payload_hash;
    j["algorithm"] = algorithm_name(opt.settings.algorithm);
    if (opt.settings.algorithm == SigningAlgorithm::ecdsa_p256_sha256) {
      // SigV4a has no symmetric signing key; its public key is what a verifier needs.
      const auto key = sigv4a_public_key(opt.credentials.access_key_id, opt.credentials.secret_access_key.reveal());
      j["region_set"] = opt.settings.region_set;
      j["public_key"] = {{"x", key.x_hex()}, {"y", key.y_hex()}};
    } else {
      j["signing_key"] = r.signing_key_hex();
    }
    if (presign) {
      j["presigned_url"] = r.presigned_url;
      auto params = nlohmann::ordered_json::array();
      for (const auto& [k, v] : r.presign_params) params.push_back({k, v});
      j["presign_params"] = params;
    } else {
      j["authorization"] = r.authorization;
      auto added = nlohmann::ordered_json::array();
      for (const auto& h : r.headers_to_add) added.push_back({h.name, h.value});
      j["added_headers"] = added;
    }
    // Non-UTF-8 bytes (a raw request may carry any) are replaced rather than failing the output.
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (args.flag("-v") || args.flag("--verbose")) {
    std::string encoded_token;
    append_uri_encoded(encoded_token, opt.credentials.session_token.reveal(), false);
    auto redacted = [&](std::string s) {
      s = redact_secrets(std::move(s), opt.credentials);
      if (!encoded_token.empty())
        for (auto p = s.find(encoded_token); p != std::string::npos; p = s.find(encoded_token, p))
          s.replace(p, encoded_token.size(), "<redacted>");
      return s;
    };
    std::cerr << "--- canonical request ---\n" << redacted(r.canonical_request) << "\n";
    std::cerr << "--- string to sign ---\n" << r.string_to_sign << "\n";
    std::cerr << "--- signature ---\n" << r.signature << "\n\n";
  }
  if (presign) {
    std::cout << r.presigned_url << "\n";
    return 0;
  }
  HttpRequest& req = input.request;
  for (const auto& h : r.headers_to_add) req.set_header(h.name, h.value);
  if (input.body_file) {
    const std::string head = format_raw_request(HttpRequest{req.method, req.target, req.headers, "", req.scheme});
    std::cout << head;
    body.for_each_piece([](std::string_view piece) { std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
  } else {
    std::cout << format_raw_request(req);
  }
  if (!req.body.empty() && req.body.back() != '\n') std::cout << "\n";
  return 0;
}

}  // namespace

int cmd_sign(const std::vector<std::string>& args) { return run(args, false); }
int cmd_presign(const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (a.starts_with("s3://")) return cmd_presign_s3(args);
  return run(args, true);
}

}  // namespace sigv4::cli
