// `sigv4 curl`: like curl, but the request is signed with SigV4 using the credentials the AWS SDKs
// would find (environment, profile, container, instance metadata). Service and region are inferred
// from AWS host names; the response goes to stdout or -o FILE; an error response (an S3 error
// document) is shown readably on stderr and the exit code is 1. --sigv4a signs with SigV4a instead
// (for the region set --region-set, by default --region); its streaming uploads then carry ECDSA chunk
// signatures (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD[-TRAILER]).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "curl_command.hpp"
#include "request_options.hpp"
#include "sigv4/aws_endpoint.hpp"
#include "sigv4/aws_xml.hpp"
#include "sigv4/canonical.hpp"
#include "sigv4/credential_providers.hpp"
#include "sigv4/error.hpp"
#include "sigv4/http_client.hpp"
#include "sigv4/signed_upload.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/url.hpp"

namespace sigv4::cli {
namespace {

constexpr const char* kUsage =
    "usage: sigv4 curl [-X METHOD] [-H 'Name: value']... [-d DATA | --data-binary DATA|@FILE | -T FILE]\n"
    "                  [--region R] [--service S] [--profile P] [--endpoint URL] [-o FILE] [-v]\n"
    "                  [--payload hash|unsigned|streaming|streaming-trailer|unsigned-trailer]\n"
    "                  [--sigv4a [--region-set R[,R...]|*]] URL";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read '" + path + "'");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The URL to send to: URL as given, or its path and query on --endpoint's scheme and host.
std::string effective_url(const std::string& url, const std::optional<std::string>& endpoint) {
  if (!endpoint) return url;
  const auto ep = parse_url(*endpoint);
  if (!ep) throw UsageError("--endpoint needs an absolute http(s) URL, got '" + *endpoint + "'");
  std::string target = url;
  if (!url.starts_with("/")) {
    const auto parsed = parse_url(url);
    if (!parsed) throw UsageError("URL must be absolute (http(s)://...) or a path starting with '/' with --endpoint");
    target = parsed->target;
  }
  std::string prefix = split_target(ep->target).path == "/" ? "" : std::string(split_target(ep->target).path);
  while (prefix.ends_with("/")) prefix.pop_back();
  return ep->scheme + "://" + ep->host + (ep->port ? ":" + std::to_string(*ep->port) : "") + prefix + target;
}

// Prints the error response readably: "HTTP 403 SignatureDoesNotMatch: message" then the other fields.
void print_error_response(const HttpResponse& response, const std::string& body) {
  std::cerr << "sigv4 curl: HTTP " << response.status;
  // Only the error document: a server that closes the connection after an early refusal may leave
  // other bytes behind it.
  const auto end = body.find("</Error>");
  const XmlLeaves xml = read_xml_leaves(end == std::string::npos ? body : body.substr(0, end + 8));
  if (xml.ok() && !xml.leaves.empty()) {
    const auto code = xml.find("Code");
    const auto message = xml.find("Message");
    if (code) std::cerr << " " << *code;
    if (message && !message->empty()) std::cerr << ": " << *message;
    std::cerr << "\n";
    for (const auto& leaf : xml.leaves) {
      const auto slash = leaf.path.rfind('/');
      const std::string name = slash == std::string::npos ? leaf.path : leaf.path.substr(slash + 1);
      // The *Bytes fields repeat StringToSign and CanonicalRequest in hex: noise for a reader.
      if (name == "Code" || name == "Message" || name.ends_with("Bytes") || leaf.text.empty()) continue;
      std::cerr << "  " << name << ": " << leaf.text << "\n";
    }
    return;
  }
  std::cerr << "\n";
  if (!body.empty()) std::cerr << body << (body.ends_with("\n") ? "" : "\n");
}

// --payload, or the default: a file sent to S3 streams with signed chunks (one pass over the file,
// every byte signed, as minio-go does); anything else is signed with the hex SHA-256 of the body.
UploadPayload choose_payload(const std::optional<std::string>& given, const std::string& service, bool file_body) {
  if (!given) return service == "s3" && file_body ? UploadPayload::streaming_signed : UploadPayload::sha256_hex;
  if (*given == "hash") return UploadPayload::sha256_hex;
  if (*given == "unsigned") return UploadPayload::unsigned_payload;
  if (*given == "streaming") return UploadPayload::streaming_signed;
  if (*given == "streaming-trailer") return UploadPayload::streaming_signed_trailer;
  if (*given == "unsigned-trailer") return UploadPayload::streaming_unsigned_trailer;
  throw UsageError("--payload must be hash, unsigned, streaming, streaming-trailer or unsigned-trailer, got '" +
                   *given + "'");
}

}  // namespace

int run_curl(const std::vector<std::string>& argv) {
  const std::set<std::string> values{"-X", "-H", "-d", "--data-binary", "-T", "--region", "--service", "--profile",
                                     "--endpoint", "-o", "--payload", "--region-set"};
  const std::set<std::string> flags{"-v", "--verbose", "-h", "--help", "--sigv4a"};
  const Args args(argv, values, flags);
  if (args.flag("-h") || args.flag("--help")) {
    std::cout << kUsage << "\n";
    return 0;
  }
  if (args.positional().size() != 1) throw UsageError(std::string("give exactly one URL\n") + kUsage);
  const bool verbose = args.flag("-v") || args.flag("--verbose");

  // --- the request ---
  const auto data = args.values("-d");
  const auto data_binary = args.value("--data-binary");
  const auto upload = args.value("-T");
  if ((!data.empty()) + static_cast<int>(data_binary.has_value()) + static_cast<int>(upload.has_value()) > 1)
    throw UsageError("-d, --data-binary and -T cannot be combined");
  std::string url = effective_url(args.positional().front(), args.value("--endpoint"));
  if (upload && url.ends_with("/")) {  // as curl: -T FILE to a URL ending in '/' appends the file name
    append_uri_encoded(url, std::filesystem::path(*upload).filename().string(), false);
  }
  std::string method = args.value("-X").value_or(upload ? "PUT" : (!data.empty() || data_binary) ? "POST" : "GET");
  HttpRequest request;
  try {
    request = HttpRequest::from_url(method, url);
  } catch (const Error& e) {
    throw InputError(e.what());
  }
  for (const auto& h : args.values("-H")) {
    const auto colon = h.find(':');
    if (colon == std::string::npos || colon == 0) throw UsageError("-H needs 'Name: value', got '" + h + "'");
    std::string value = h.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    value = first == std::string::npos ? std::string() : value.substr(first);
    request.set_header(h.substr(0, colon), value);
  }

  std::string body_bytes;
  std::optional<std::filesystem::path> body_file;
  if (!data.empty()) {
    // curl -d: pieces joined with '&'; "@FILE" reads the file without its CR and LF bytes.
    for (const auto& d : data) {
      if (!body_bytes.empty()) body_bytes += '&';
      if (d.starts_with("@")) {
        for (char c : read_file(d.substr(1)))
          if (c != '\r' && c != '\n') body_bytes += c;
      } else {
        body_bytes += d;
      }
    }
  } else if (data_binary) {
    if (data_binary->starts_with("@")) body_file = data_binary->substr(1);
    else body_bytes = *data_binary;
  } else if (upload) {
    body_file = *upload;
  }
  if (body_file && !std::filesystem::is_regular_file(*body_file))
    throw InputError("cannot read '" + body_file->string() + "' (not a regular file)");
  if ((!data.empty() || data_binary) && !request.find_header("content-type"))
    request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});  // as curl does

  // --- service, region, credentials ---
  const auto host = parse_url(url)->host;
  const auto inferred = infer_service_region(host);
  const auto profile = args.value("--profile");
  std::string service = args.value("--service").value_or(inferred ? inferred->service : "");
  if (service.empty())
    throw UsageError("cannot infer the service from host '" + host + "': give --service (e.g. --service s3)");
  std::optional<std::string> region = args.value("--region");
  if (!region && inferred && inferred->region && !args.value("--endpoint")) region = inferred->region;
  if (!region) region = resolve_region(profile);
  if (!region && inferred && inferred->region) region = inferred->region;
  if (!region) throw UsageError("cannot infer the region: give --region, set AWS_REGION or a profile region");

  const auto provider = default_credentials_chain(profile);
  CredentialsOutcome creds = provider->resolve();
  if (!creds.found()) throw InputError("no usable credentials: " + creds.error);

  // --- payload mode and signing ---
  SigningSettings settings = service == "s3" ? SigningSettings::s3() : SigningSettings{};
  const auto region_set = args.value("--region-set");
  if (region_set && !args.flag("--sigv4a")) throw UsageError("--region-set is for SigV4a: add --sigv4a");
  if (region_set && region_set->empty()) throw UsageError("--region-set needs a value such as '*' or 'us-east-1'");
  if (args.flag("--sigv4a")) settings = settings.with_sigv4a(region_set.value_or(*region));
  const UploadPayload mode = choose_payload(args.value("--payload"), service, body_file.has_value());
  HttpClientOptions client_options;
  client_options.progress = ProgressDisplay::on_terminal;
  HttpClient client(client_options);
  PreparedUpload plan;
  try {
    const UploadSource source = body_file ? UploadSource::from_file(*body_file) : UploadSource::from_bytes(body_bytes);
    plan = prepare_signed_upload(request, mode, source, creds.credentials, {SigningTime::now(), *region, service},
                                 settings);
  } catch (const Error& e) {
    throw InputError(e.what());
  }

  std::string encoded_token;
  append_uri_encoded(encoded_token, creds.credentials.session_token.reveal(), false);
  auto redacted = [&](std::string s) {
    s = redact_secrets(std::move(s), creds.credentials);
    if (!encoded_token.empty())
      for (auto p = s.find(encoded_token); p != std::string::npos; p = s.find(encoded_token, p))
        s.replace(p, encoded_token.size(), "<redacted>");
    return s;
  };
  if (verbose) {
    std::cerr << "* credentials from " << creds.source << ", access key id " << creds.credentials.access_key_id
              << "\n* service " << service << ", region " << *region << ", payload " << plan.signing.payload_hash
              << "\n--- canonical request ---\n"
              << redacted(plan.signing.canonical_request) << "\n--- string to sign ---\n"
              << plan.signing.string_to_sign << "\n---\n> " << request.method << " " << redacted(request.target)
              << "\n";
    for (const auto& h : request.headers) std::cerr << "> " << h.name << ": " << redacted(h.value) << "\n";
  }

  // --- send, stream the answer ---
  const auto output_path = args.value("-o");
  std::optional<std::ofstream> output_file;
  std::string error_body;
  auto sink = [&](const HttpResponse& head, std::string_view piece) {
    if (head.status >= 300 && head.status != 304) {
      if (error_body.size() < 1024 * 1024) error_body.append(piece);
      return;
    }
    if (output_path) {
      if (!output_file) {
        output_file.emplace(*output_path, std::ios::binary | std::ios::trunc);
        if (!*output_file) throw InputError("cannot write '" + *output_path + "'");
      }
      output_file->write(piece.data(), static_cast<std::streamsize>(piece.size()));
      if (!*output_file) throw InputError("writing '" + *output_path + "' failed");
    } else {
      std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    }
  };
  const HttpResult result = client.send(request, plan.body, sink);
  std::cout.flush();
  if (!result.ok()) {
    std::cerr << "sigv4 curl: " << redacted(result.message) << " (" << to_string(result.error) << ")\n";
    return 1;
  }
  if (verbose) {
    std::cerr << "< HTTP " << result.response.status << "\n";
    for (const auto& h : result.response.headers) std::cerr << "< " << h.name << ": " << h.value << "\n";
  }
  const long status = result.response.status;
  if (status >= 300 && status != 304) {
    print_error_response(result.response, error_body);
    return 1;
  }
  if (output_path && !output_file) {  // a successful empty answer still creates the file
    std::ofstream empty(*output_path, std::ios::binary | std::ios::trunc);
    if (!empty) throw InputError("cannot write '" + *output_path + "'");
  }
  return 0;
}

}  // namespace sigv4::cli
