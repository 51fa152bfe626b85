// Differential test driver: signs each case (JSON lines on stdin, see gen_cases.py) with this library and
// prints what it computed, one JSON object a line:
//   {"id", "canonical_request", "string_to_sign", "signature", "authorization" + "added_headers" |
//    "presign_params"}
//   or {"id", "error"} when signing threw sigv4::Error.
//
// The library gets the request as it goes on the wire: target = wire path + "?" + wire query (odd but
// valid encodings included), headers as sent, repeats included. The settings are the ones a user picks
// for each rule set: SigningSettings::s3() / s3_presign() for S3, the defaults otherwise.
//
// Usage: differential_driver [--from-url | --as-received] < cases.jsonl
//   default        sign_request() over a RequestView of the case's headers
//   --from-url     HttpRequest::from_url(method, "scheme://host/target") (which derives Host), the other
//                  headers appended, then sign_in_place(): the convenience path a user without an HTTP
//                  type of their own takes, URL parsing included
//   --as-received  a server's recomputation: each line is a case plus the request a peer signed for it
//                  ("received_target", "received_headers", "received_signed_headers"), recomputed with
//                  AuthInputs::as_received and headers_to_sign = the SignedHeaders the peer sent
#include <algorithm>
#include <cstdint>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
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

enum class Entry { request_view, from_url, as_received };

json result_json(const json& c, const sigv4::SigningResult& r) {
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
    json added = json::array();
    for (const auto& h : r.headers_to_add) added.push_back({h.name, h.value});
    out["added_headers"] = added;
  }
  return out;
}

sigv4::Credentials credentials_of(const json& c) {
  const json& token = c.at("session_token");
  return {c.at("access_key").get<std::string>(), c.at("secret_key").get<std::string>(),
          token.is_null() ? std::string() : token.get<std::string>()};
}

json sign_from_url(const json& c) {
  std::string target = c.at("path");
  const std::string query = c.at("query_wire");
  if (!query.empty()) target += "?" + query;
  const std::string url =
      c.at("scheme").get<std::string>() + "://" + c.at("host").get<std::string>() + target;
  sigv4::HttpRequest req = sigv4::HttpRequest::from_url(c.at("method").get<std::string>(), url);
  for (const auto& h : c.at("headers"))
    if (!sigv4::iequals(h.at(0).get<std::string>(), "host")) req.headers.push_back({h.at(0), h.at(1)});
  req.body = bytes_from_hex(c.at("body_hex"));
  const std::string region = c.at("region"), service = c.at("service");
  const sigv4::SigningScope scope{sigv4::SigningTime::parse_or_throw(c.at("time").get<std::string>()), region,
                                  service};
  return result_json(c, sigv4::sign_in_place(req, credentials_of(c), scope, settings_for(c)));
}

std::vector<std::string> split_signed_headers(const std::string& list) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    const std::size_t semi = std::min(list.find(';', pos), list.size());
    names.push_back(list.substr(pos, semi - pos));
    pos = semi + 1;
  }
  return names;
}

json sign_case(const json& c, Entry entry, sigv4::SigningResult& r) {
  const bool received = entry == Entry::as_received;
  const std::string method = c.at("method");
  std::string target = c.at("path");
  const std::string query = c.at("query_wire");
  if (!query.empty()) target += "?" + query;
  if (received) target = c.at("received_target");
  const std::string scheme = c.at("scheme");
  std::vector<std::pair<std::string, std::string>> header_storage;
  for (const auto& h : c.at(received ? "received_headers" : "headers"))
    header_storage.emplace_back(h.at(0), h.at(1));
  std::vector<sigv4::HeaderView> headers;
  for (const auto& [name, value] : header_storage) headers.push_back({name, value});
  const std::string body = bytes_from_hex(c.at("body_hex"));

  const sigv4::Credentials creds = credentials_of(c);
  const std::string region = c.at("region"), service = c.at("service");
  const sigv4::SigningScope scope{sigv4::SigningTime::parse_or_throw(c.at("time").get<std::string>()), region,
                                  service};
  const sigv4::RequestView view{method, target, headers, scheme};
  sigv4::SigningSettings settings = settings_for(c);
  if (received) {
    settings.auth_inputs = sigv4::AuthInputs::as_received;
    settings.headers_to_sign = split_signed_headers(c.at("received_signed_headers"));
  }
  sigv4::sign_request(view, sigv4::Body::bytes(body), creds, scope, settings, r);
  return result_json(c, r);
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  Entry entry = Entry::request_view;
  if (argc == 2 && std::string_view(argv[1]) == "--from-url") {
    entry = Entry::from_url;
  } else if (argc == 2 && std::string_view(argv[1]) == "--as-received") {
    entry = Entry::as_received;
  } else if (argc != 1) {
    std::cerr << "usage: differential_driver [--from-url | --as-received] < cases.jsonl\n";
    return 2;
  }
  sigv4::SigningResult result;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    const json c = json::parse(line);
    json out;
    try {
      out = entry == Entry::from_url ? sign_from_url(c) : sign_case(c, entry, result);
    } catch (const std::exception& e) {
      out = {{"id", c.at("id")}, {"error", e.what()}};
    }
    std::cout << out.dump() << '\n';
  }
  return 0;
}
