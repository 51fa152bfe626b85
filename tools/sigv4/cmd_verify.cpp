// `sigv4 verify`: authenticate one raw HTTP request as S3 would, offline.
//
//   sigv4 verify --request FILE|-  [--request-gz]  --credentials AK:SECRET[,AK2:SECRET2...]
//                [--now YYYYMMDDTHHMMSSZ] [--region R] [--service S] [--max-skew SECONDS]
//                [--output FILE] [--json]
//
// FILE is a raw HTTP/1.1 request as a client sent it: request line, headers, blank line, body (which
// may be framed with Transfer-Encoding: chunked around an aws-chunked payload). Files ending in .gz,
// or any input with --request-gz, are read through gzip. The request is authenticated
// (verify_request), its body verified (PayloadVerifier: aws-chunked decoding with every chunk,
// trailer and checksum, x-amz-content-sha256, Content-MD5), and the decoded body written to --output
// only when everything checked out. Exit 0 valid, 1 refused (or unreadable), 2 usage error.
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "credential_pairs.hpp"
#include "sigv4/http_chunked_decoder.hpp"
#include "sigv4/payload_verifier.hpp"
#include "sigv4/raw_request.hpp"
#include "sigv4/verifier.hpp"

namespace sigv4::cli {
namespace {

struct GzCloser {
  void operator()(gzFile f) const noexcept { gzclose(f); }
};

// Reads a file or stdin ("-"), through zlib (which passes plain input through unchanged).
std::string read_input(const std::string& path, bool gz) {
  gzFile raw = nullptr;
  if (path == "-") {
    if (!gz) {
      std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      return all;
    }
    raw = gzdopen(0, "rb");
  } else {
    raw = gzopen(path.c_str(), "rb");
  }
  if (!raw) throw InputError("cannot open '" + path + "'");
  std::unique_ptr<gzFile_s, GzCloser> f(raw);
  std::string out;
  char buf[1 << 16];
  while (true) {
    const int n = gzread(f.get(), buf, sizeof buf);
    if (n < 0) {
      int err = 0;
      throw InputError("cannot read '" + path + "': " + gzerror(f.get(), &err));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

std::int64_t parse_seconds(const std::string& option, const std::string& v) {
  try {
    std::size_t used = 0;
    const auto n = std::stoll(v, &used);
    if (used != v.size() || n < 0) throw std::invalid_argument("bad");
    return n;
  } catch (const std::exception&) {
    throw UsageError(option + " needs a non-negative number of seconds, got '" + v + "'");
  }
}

bool is_chunked_transfer(const HttpRequest& r) {
  for (const auto& h : r.headers) {
    if (!iequals(h.name, "transfer-encoding")) continue;
    std::string v;
    for (char c : h.value) v.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (v.find("chunked") != std::string::npos) return true;
  }
  return false;
}

struct Outcome {
  std::optional<S3Error> error;
  std::string auth = "none";
  std::string payload_mode;
  std::uint64_t decoded_length = 0;
  std::uint64_t chunks = 0;
  std::vector<std::pair<std::string, std::string>> checked;
};

}  // namespace

int cmd_verify(const std::vector<std::string>& argv) {
  const Args args(argv,
                  {"--request", "--credentials", "--now", "--region", "--service", "--max-skew", "--output"},
                  {"--request-gz", "--json"});
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
  const auto request_path = args.value("--request");
  if (!request_path) throw UsageError("--request FILE|- is required");
  const auto credentials_text = args.value("--credentials");
  if (!credentials_text) throw UsageError("--credentials AK:SECRET[,AK2:SECRET2...] is required");
  CredentialStore store;
  add_credential_pairs(store, *credentials_text, "--credentials needs AK:SECRET[,AK2:SECRET2...]");

  VerifyOptions options;
  if (auto now = args.value("--now")) {
    const auto t = SigningTime::parse(*now);
    if (!t) throw UsageError("--now needs YYYYMMDDTHHMMSSZ, got '" + *now + "'");
    options.now = *t;
  }
  if (auto r = args.value("--region")) options.region = *r;
  if (auto s = args.value("--service")) options.service = *s;
  if (auto m = args.value("--max-skew")) options.max_skew_seconds = parse_seconds("--max-skew", *m);
  const auto output = args.value("--output");
  const bool json = args.flag("--json");
  if (json && output && *output == "-") throw UsageError("--output - and --json both write to stdout");

  const bool gz =
      args.flag("--request-gz") ||
      (request_path->size() > 3 && request_path->compare(request_path->size() - 3, 3, ".gz") == 0);
  const std::string text = read_input(*request_path, gz);
  auto parsed = parse_raw_request(text);
  if (!parsed.request) throw InputError("not a raw HTTP request: " + parsed.error);
  const HttpRequest& request = *parsed.request;

  Outcome out;
  std::vector<HeaderView> views;
  const VerifyResult auth = verify_request(request.view(views), store.lookup(), options);
  out.auth = std::string(to_string(auth.location));
  out.error = auth.error;

  // The decoded body goes to a temporary file next to --output, renamed into place only when valid.
  std::filesystem::path tmp_path;
  std::ofstream sink_file;
  std::ostream* sink = nullptr;
  if (output && *output == "-") {
    sink = &std::cout;
  } else if (output) {
    tmp_path = *output + ".partial";
    sink_file.open(tmp_path, std::ios::binary | std::ios::trunc);
    if (!sink_file) throw InputError("cannot write '" + tmp_path.string() + "'");
    sink = &sink_file;
  }

  if (auth.ok()) {
    PayloadVerifierOptions body_options;
    body_options.checksum_header = checksum_header_scope(request.method, request.target);
    PayloadVerifier body(auth, views, body_options);
    out.payload_mode = std::string(to_string(body.kind()));
    const auto write = [&](std::string_view data) {
      if (sink) sink->write(data.data(), static_cast<std::streamsize>(data.size()));
    };
    std::string_view wire = request.body;
    std::optional<S3Error> e = body.error();
    if (!e && is_chunked_transfer(request)) {
      HttpChunkedDecoder http;
      const auto he = http.feed(wire, [&](std::string_view content) {
        if (!e) e = body.feed(content, write);
      });
      if (!e && he == HttpChunkedError::none && http.finish() != HttpChunkedError::none)
        e = S3Error(S3ErrorCode::incomplete_body, "the HTTP chunked body ended early");
      else if (!e && he != HttpChunkedError::none)
        e = S3Error(S3ErrorCode::incomplete_body,
                    "the HTTP chunked framing is malformed: " + std::string(to_string(he)));
    } else if (!e) {
      e = body.feed(wire, write);
    }
    if (!e) e = body.finish();
    out.error = e;
    out.decoded_length = body.decoded_length();
    out.chunks = body.chunks();
    out.checked = body.checked();
  }
  if (sink_file.is_open()) {
    sink_file.close();
    std::error_code ec;
    if (!out.error && sink_file) {
      std::filesystem::rename(tmp_path, *output, ec);
      if (ec) throw InputError("cannot write '" + *output + "': " + ec.message());
    } else {
      std::filesystem::remove(tmp_path, ec);
    }
  } else if (sink) {
    sink->flush();
  }

  if (json) {
    nlohmann::ordered_json j;
    j["valid"] = !out.error.has_value();
    j["error_code"] =
        out.error ? nlohmann::ordered_json(std::string(out.error->name())) : nlohmann::ordered_json();
    j["http_status"] = out.error ? out.error->http_status() : 200;
    j["message"] = out.error ? out.error->message : std::string("");
    j["auth"] = out.auth;
    j["payload_mode"] = out.payload_mode;
    j["decoded_length"] = out.decoded_length;
    j["chunks"] = out.chunks;
    auto checksums = nlohmann::ordered_json::object();
    for (const auto& [name, value] : out.checked) checksums[name] = "ok";
    j["checksums"] = checksums;
    if (out.error && !out.error->details.empty()) {
      auto details = nlohmann::ordered_json::object();
      for (const auto& [k, v] : out.error->details) details[k] = v;
      j["details"] = details;
    }
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::ostream& o = (output && *output == "-") ? std::cerr : std::cout;
    if (out.error) {
      o << "refused: " << out.error->name() << " (" << out.error->http_status() << "): " << out.error->message
        << "\n";
      for (const auto& [k, v] : out.error->details) o << "  " << k << ": " << v << "\n";
    } else {
      o << "valid: " << out.auth << " signature, " << out.payload_mode << ", " << out.decoded_length
        << " bytes";
      if (out.chunks) o << " in " << out.chunks << " chunks";
      for (const auto& [name, value] : out.checked) o << ", " << name << " ok";
      o << "\n";
    }
  }
  return out.error ? 1 : 0;
}

}  // namespace sigv4::cli
