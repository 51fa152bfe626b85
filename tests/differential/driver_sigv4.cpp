// Differential test driver: signs each case (JSON lines on stdin, see gen_cases.py) with this library and
// prints what it computed, one JSON object a line:
//   {"id", "canonical_request", "string_to_sign", "signature", "authorization" | "presign_params"}
//   or {"id", "error"} when signing threw sigv4::Error.
//
// The library gets the request as it goes on the wire: target = wire path + "?" + wire query (odd but
// valid encodings included), headers as sent, repeats included. The settings are the ones a user picks
// for each rule set: SigningSettings::s3() / s3_presign() for S3, the defaults otherwise.
#include <algorithm>
#include <cstdint>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sigv4/crypto/hex.hpp"
#include "sigv4/signer.hpp"

namespace {

using nlohmann::json;

std::string bytes_from_hex(const std::string& hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int hi = sigv4::crypto::hex_digit_value(hex[i]);
    const int lo = sigv4::crypto::hex_digit_value(hex[i + 1]);
    if (hi < 0 || lo < 0) throw std::runtime_error("body_hex is not hex");
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

sigv4::SigningSettings settings_for(const json& c) {
  const bool s3 = c.at("rules") == "s3";
  const bool presign = c.at("location") == "query";
  const bool unsigned_payload = c.at("payload") == "unsigned";
  sigv4::SigningSettings s;
  if (s3) {
    s = presign ? sigv4::SigningSettings::s3_presign(c.at("expires").get<std::int64_t>())
                : sigv4::SigningSettings::s3();
  } else if (presign) {
    s.location = sigv4::SignatureLocation::query;
    s.expires_seconds = c.at("expires").get<std::int64_t>();
  }
  if (unsigned_payload) s.payload_mode = sigv4::PayloadMode::unsigned_payload;
  if (c.at("payload") == "streaming_unsigned_trailer")
    s.payload_mode = sigv4::PayloadMode::streaming_unsigned_trailer;
  return s;
}

json sign_case(const json& c, sigv4::SigningResult& r) {
  const std::string method = c.at("method");
  std::string target = c.at("path");
  const std::string query = c.at("query_wire");
  if (!query.empty()) target += "?" + query;
  const std::string scheme = c.at("scheme");
  std::vector<std::pair<std::string, std::string>> header_storage;
  for (const auto& h : c.at("headers")) header_storage.emplace_back(h.at(0), h.at(1));
  std::vector<sigv4::HeaderView> headers;
  for (const auto& [name, value] : header_storage) headers.push_back({name, value});
  const std::string body = bytes_from_hex(c.at("body_hex"));

  const json& token = c.at("session_token");
  const sigv4::Credentials creds(c.at("access_key").get<std::string>(), c.at("secret_key").get<std::string>(),
                                 token.is_null() ? std::string() : token.get<std::string>());
  const std::string region = c.at("region"), service = c.at("service");
  const sigv4::SigningScope scope{sigv4::SigningTime::parse_or_throw(c.at("time").get<std::string>()), region,
                                  service};
  const sigv4::RequestView view{method, target, headers, scheme};
  sigv4::sign_request(view, sigv4::Body::bytes(body), creds, scope, settings_for(c), r);

  json out = {{"id", c.at("id")},
              {"canonical_request", r.canonical_request},
              {"string_to_sign", r.string_to_sign},
              {"signature", r.signature}};
  if (c.at("location") == "query") {
    auto params = r.presign_params;
    std::sort(params.begin(), params.end());
    json list = json::array();
    for (const auto& [k, v] : params) list.push_back({k, v});
    out["presign_params"] = list;
  } else {
    out["authorization"] = r.authorization;
  }
  return out;
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  sigv4::SigningResult result;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    const json c = json::parse(line);
    json out;
    try {
      out = sign_case(c, result);
    } catch (const std::exception& e) {
      out = {{"id", c.at("id")}, {"error", e.what()}};
    }
    std::cout << out.dump() << '\n';
  }
  return 0;
}
