// `sigv4 explain`: why S3 (or `sigv4 serve`) answered SignatureDoesNotMatch. Compares the canonical
// request the client signed (--request: the signed request as sent, or --log: the -v output of
// `sigv4 sign`/`presign`/`curl`) with the one in the error body (--error), see sigv4/explain.hpp.
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "request_options.hpp"
#include "sigv4/explain.hpp"
#include "sigv4/raw_request.hpp"

namespace sigv4::cli {

int cmd_explain(const std::vector<std::string>& argv) {
  const Args args(argv, {"--request", "--log", "--error"}, {"--json"});
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
  const auto request_file = args.value("--request"), log_file = args.value("--log"),
             error_file = args.value("--error");
  if (!error_file) throw UsageError("--error FILE (the XML error body the server answered) is required");
  if (!!request_file == !!log_file)
    throw UsageError("give the signed request with --request FILE or --log FILE");
  if (request_file && *request_file == "-" && *error_file == "-")
    throw UsageError("only one input can be stdin");

  const std::string xml = read_file_or_stdin(*error_file);
  const auto server = parse_s3_error_body(xml);
  if (!server) throw InputError("'" + *error_file + "' is not an S3 XML error document");
  ClientSideParse client;
  if (request_file) {
    const std::string text = read_file_or_stdin(*request_file);
    auto parsed = parse_raw_request(text);
    if (!parsed.request) throw InputError("cannot parse request " + *request_file + ": " + parsed.error);
    client = client_side_from_request(*parsed.request);
  } else {
    client = client_side_from_verbose_log(read_file_or_stdin(*log_file));
  }
  if (!client.side) throw InputError(client.error);

  const Explanation e = explain_signature_mismatch(*client.side, *server);
  if (args.flag("--json")) {
    nlohmann::ordered_json j;
    j["error_code"] = server->code;
    j["cause"] = to_string(e.cause);
    j["summary"] = e.summary;
    j["advice"] = e.advice;
    if (e.line) {
      j["where"] = e.in_string_to_sign ? "string_to_sign" : "canonical_request";
      j["line"] = *e.line + 1;
      j["byte"] = e.column + 1;
      j["line_role"] = e.line_role;
      j["client_line"] = e.client_line;
      j["server_line"] = e.server_line;
    }
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << server->code << ": " << e.summary << "\ncause: " << to_string(e.cause) << "\n\n"
            << e.advice << "\n";
  if (!e.side_by_side.empty()) std::cout << "\n" << e.side_by_side;
  return 0;
}

}  // namespace sigv4::cli
