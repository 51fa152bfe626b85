#include "sigv4/explain.hpp"

#include <algorithm>
#include <vector>

#include "sigv4/authorization_header.hpp"
#include "sigv4/aws_xml.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/error.hpp"
#include "sigv4/presigned_query.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/url.hpp"

namespace sigv4 {
namespace {

// --- XML error document -----------------------------------------------------------------------------

// The text of the first <name>...</name> (or empty), entities decoded.
std::optional<std::string> element(std::string_view xml, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">", close = "</" + std::string(name) + ">";
  const auto a = xml.find(open);
  if (a == std::string_view::npos) {
    if (xml.find("<" + std::string(name) + "/>") != std::string_view::npos) return std::string();
    return std::nullopt;
  }
  const auto b = xml.find(close, a + open.size());
  if (b == std::string_view::npos) return std::nullopt;
  // Lenient: a document being diagnosed is shown as well as it can be, a bad entity as written.
  return decode_xml_entities(xml.substr(a + open.size(), b - a - open.size()), XmlEntityMode::lenient);
}

std::optional<std::string> bytes_dump(std::string_view dump) {
  std::string out;
  std::size_t i = 0;
  auto hexval = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  while (i < dump.size()) {
    if (dump[i] == ' ' || dump[i] == '\n' || dump[i] == '\r' || dump[i] == '\t') {
      ++i;
      continue;
    }
    if (i + 1 >= dump.size() || hexval(dump[i]) < 0 || hexval(dump[i + 1]) < 0) return std::nullopt;
    out.push_back(static_cast<char>(hexval(dump[i]) * 16 + hexval(dump[i + 1])));
    i += 2;
  }
  return out;
}

// --- Comparison helpers -----------------------------------------------------------------------------

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    const auto nl = text.find('\n', pos);
    out.push_back(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

// The role of line i of a canonical request: method, URI, query, headers until the blank line, the
// signed headers, the payload hash.
std::string role_of(const std::vector<std::string_view>& lines, std::size_t i) {
  if (i == 0) return "HTTP method";
  if (i == 1) return "canonical URI";
  if (i == 2) return "canonical query";
  std::size_t blank = 3;
  while (blank < lines.size() && !lines[blank].empty()) ++blank;
  if (i < blank) return "header " + std::string(lines[i].substr(0, lines[i].find(':')));
  if (i == blank) return "end of headers";
  if (i == blank + 1) return "signed headers";
  if (i == blank + 2) return "hashed payload";
  return "extra line";
}

std::string visible(std::string_view s) {
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '\t')
      out += "\\t";
    else if (ch == '\r')
      out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string describe_byte(std::string_view line, std::size_t column) {
  if (column >= line.size()) return "end of line";
  constexpr char kHex[] = "0123456789abcdef";
  const auto c = static_cast<unsigned char>(line[column]);
  std::string out = "0x";
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 15]);
  if (c >= 0x21 && c < 0x7f)
    out.append(" '").append(1, static_cast<char>(c)).append("'");
  else if (c == ' ')
    out.append(" (space)");
  else if (c == '\t')
    out.append(" (tab)");
  return out;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool has_dot_segments(std::string_view path) {
  return path.find("/./") != std::string_view::npos || path.find("/../") != std::string_view::npos ||
         path.find("//") != std::string_view::npos || path.ends_with("/.") || path.ends_with("/..");
}

std::string side_by_side(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                         std::string_view title) {
  constexpr std::size_t kWidth = 58;
  auto cell = [&](std::string_view s) {
    std::string v = visible(s);
    if (v.size() > kWidth) v = v.substr(0, kWidth - 3) + "...";
    return v + std::string(kWidth - std::min(kWidth, v.size()), ' ');
  };
  std::string out =
      std::string(title) + "\n   " + cell("client (what was signed)") + " | server (what it received)\n";
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string_view x = i < a.size() ? a[i] : std::string_view("<missing>");
    const std::string_view y = i < b.size() ? b[i] : std::string_view("<missing>");
    const bool same = i < a.size() && i < b.size() && a[i] == b[i];
    out += same ? "   " : ">> ";
    out += cell(x) + " | " + visible(y) + "\n";
  }
  return out;
}

struct Advice {
  std::string_view summary;
  std::string_view advice;
};

Advice advice_for(MismatchCause cause) {
  switch (cause) {
    case MismatchCause::secret_key:
      return {"the canonical requests and strings to sign are identical",
              "Both sides hashed the same text, so the signing key differs: the secret access key does not "
              "belong "
              "to the access key id (a typo, a rotated key, credentials from another profile), or the signer "
              "derived the key for another date, region or service."};
    case MismatchCause::clock:
      return {"the request time differs",
              "X-Amz-Date was changed after signing (a retry layer re-stamped it without re-signing), or the "
              "client's clock is off: S3 allows 15 minutes of skew for signed headers, and a presigned URL "
              "stops working X-Amz-Expires seconds after X-Amz-Date. Sync the clock (NTP) and sign right "
              "before sending."};
    case MismatchCause::region:
      return {
          "the credential scope's region differs",
          "The request was signed for one region and the bucket or endpoint lives in another. Sign with the "
          "region the server names (for S3, the bucket's region; us-east-1 only for buckets there)."};
    case MismatchCause::service:
      return {"the credential scope's service differs",
              "The signing name is not the one the endpoint expects (e.g. 's3' for S3, 'execute-api' for API "
              "Gateway, 'es' for OpenSearch)."};
    case MismatchCause::method:
      return {
          "the HTTP method differs",
          "The request was sent with another method than it was signed for: a redirect turned PUT/POST into "
          "GET, a client sent HEAD for a URL presigned for GET, or a library retried with another verb."};
    case MismatchCause::path_double_encoding:
      return {
          "the path is encoded a different number of times",
          "One side percent-encoded the path twice ('%25' is an encoded '%'). S3 signs the path exactly as "
          "sent (single encoding); every other AWS service encodes it once more. Use the S3 rules for S3 "
          "and the default rules elsewhere, and do not encode a key that is already encoded."};
    case MismatchCause::path_normalization:
      return {
          "'.', '..' or '//' segments were removed on one side only",
          "S3 keys may contain '//' and '.' segments and S3 signs them as they are; other services "
          "normalise the path first. An HTTP library or proxy that cleans up the path after signing breaks "
          "the signature: sign the path exactly as it will be sent."};
    case MismatchCause::path_encoding:
      return {
          "the path is encoded differently",
          "Characters in the key were escaped differently by the signer and by the HTTP client (reserved "
          "characters such as '+', '=', '@', ':' or ',', UTF-8 bytes, or lower-case '%2f' escapes). Encode "
          "every byte but A-Z a-z 0-9 - _ . ~ and '/' once, with upper-case hex, before signing."};
    case MismatchCause::query_plus_vs_space:
      return {"'+' versus '%20' in the query",
              "A space was written as '+' (HTML form encoding) on one side and as '%20' on the other. SigV4 "
              "reads '+' as a literal plus ('%2B'): encode spaces as '%20' in the URL you sign and send."};
    case MismatchCause::query_changed:
      return {
          "the query string differs",
          "A query parameter was added, dropped or re-encoded after signing (an SDK adding x-id=..., a cache "
          "buster, a proxy reordering or re-escaping values). Sign the exact query that is sent."};
    case MismatchCause::host_changed:
      return {
          "the Host header differs",
          "The request reached the server under another host name than it was signed for: a proxy or load "
          "balancer rewrote Host, a non-default port was added or dropped, or the URL switched between "
          "virtual-hosted (bucket.s3...) and path style (s3.../bucket)."};
    case MismatchCause::header_whitespace:
      return {
          "a signed header differs only in whitespace",
          "SigV4 trims header values and collapses runs of spaces to one. A hand-written signer that skips "
          "this, or a proxy that re-folds the header, changes the canonical form."};
    case MismatchCause::header_not_sent:
      return {
          "a signed header did not arrive",
          "A header listed in SignedHeaders was not sent, or a proxy removed it (Content-MD5, x-amz-meta-*, "
          "Content-Type on an empty body). Send every signed header, or do not sign headers the transport "
          "may drop."};
    case MismatchCause::header_changed:
      return {"a signed header's value changed on the way",
              "Something between the signer and the server changed the header: an HTTP library adding "
              "'; charset=UTF-8' to Content-Type, a proxy rewriting it, or a header set after signing. Set "
              "every header before signing and sign only headers that reach the server unchanged."};
    case MismatchCause::signed_headers:
      return {"the SignedHeaders lists differ",
              "The list of signed headers is not the one the signature claims: names must be lower-case, "
              "sorted and separated by ';'."};
    case MismatchCause::payload_hash:
      return {
          "the hashed payload differs",
          "The body hash signed (x-amz-content-sha256) is not the one the server used: the body changed "
          "after "
          "signing (re-encoded, compressed, streamed differently), or one side used UNSIGNED-PAYLOAD or a "
          "STREAMING-* mode and the other the hex SHA-256."};
    case MismatchCause::not_comparable:
      return {"the server sent no canonical request to compare",
              "The error body carries neither CanonicalRequest nor StringToSign. Compare by hand with the "
              "server's logs, or reproduce against `sigv4 serve`, which returns both."};
  }
  return {"", ""};
}

Explanation finish(Explanation e) {
  const Advice a = advice_for(e.cause);
  if (e.summary.empty()) e.summary = std::string(a.summary);
  e.advice = std::string(a.advice);
  return e;
}

// Classifies the first difference in a canonical-request line.
MismatchCause classify_canonical_line(const std::string& role, std::string_view c, std::string_view s,
                                      std::size_t column) {
  if (role == "HTTP method") return MismatchCause::method;
  if (role == "canonical URI") {
    const bool c25 = c.find("%25") != std::string_view::npos, s25 = s.find("%25") != std::string_view::npos;
    if (c25 != s25) return MismatchCause::path_double_encoding;
    if (has_dot_segments(c) != has_dot_segments(s)) return MismatchCause::path_normalization;
    return MismatchCause::path_encoding;
  }
  if (role == "canonical query") {
    auto around = [&](std::string_view line) {
      const std::size_t from = column >= 2 ? column - 2 : 0;
      return line.substr(from, 5);
    };
    const std::string_view ca = around(c), sa = around(s);
    const bool c_plus = ca.find("%2B") != std::string_view::npos,
               s_plus = sa.find("%2B") != std::string_view::npos;
    const bool c_space = ca.find("%20") != std::string_view::npos,
               s_space = sa.find("%20") != std::string_view::npos;
    if ((c_plus && s_space) || (c_space && s_plus)) return MismatchCause::query_plus_vs_space;
    return MismatchCause::query_changed;
  }
  if (role.starts_with("header ")) {
    const std::string name = role.substr(7);
    const auto cv = c.substr(std::min(c.size(), c.find(':') + 1));
    const auto sv = s.substr(std::min(s.size(), s.find(':') + 1));
    if (c.substr(0, c.find(':')) != s.substr(0, s.find(':'))) return MismatchCause::signed_headers;
    if (name == "host") return MismatchCause::host_changed;
    if (name == "x-amz-date") return MismatchCause::clock;
    if (name == "x-amz-content-sha256") return MismatchCause::payload_hash;
    if (sv.empty() && !cv.empty()) return MismatchCause::header_not_sent;
    if (collapse_spaces(cv) == collapse_spaces(sv)) return MismatchCause::header_whitespace;
    return MismatchCause::header_changed;
  }
  if (role == "hashed payload") return MismatchCause::payload_hash;
  return MismatchCause::signed_headers;
}

struct FirstDifference {
  std::size_t line;
  std::size_t column;
};

std::optional<FirstDifference> first_difference(const std::vector<std::string_view>& a,
                                                const std::vector<std::string_view>& b) {
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string_view x = i < a.size() ? a[i] : std::string_view();
    const std::string_view y = i < b.size() ? b[i] : std::string_view();
    if (i < a.size() && i < b.size() && x == y) continue;
    std::size_t col = 0;
    while (col < x.size() && col < y.size() && x[col] == y[col]) ++col;
    return FirstDifference{i, col};
  }
  return std::nullopt;
}

std::string pointer_block(std::string_view what, std::size_t line, std::string_view role, std::string_view c,
                          std::string_view s, std::size_t column) {
  std::string out = "first difference: " + std::string(what) + " line " + std::to_string(line + 1) + " (" +
                    std::string(role) + "), byte " + std::to_string(column + 1) + "\n";
  out += "  client: " + visible(c) + "\n";
  out += "  server: " + visible(s) + "\n";
  out += "          " + std::string(visible(c.substr(0, std::min(column, c.size()))).size(), ' ') + "^\n";
  out += "  client byte " + describe_byte(c, column) + ", server byte " + describe_byte(s, column) + "\n";
  return out;
}

}  // namespace

std::string_view to_string(MismatchCause cause) noexcept {
  switch (cause) {
    case MismatchCause::secret_key:
      return "secret_key";
    case MismatchCause::clock:
      return "clock";
    case MismatchCause::region:
      return "region";
    case MismatchCause::service:
      return "service";
    case MismatchCause::method:
      return "method";
    case MismatchCause::path_double_encoding:
      return "path_double_encoding";
    case MismatchCause::path_normalization:
      return "path_normalization";
    case MismatchCause::path_encoding:
      return "path_encoding";
    case MismatchCause::query_plus_vs_space:
      return "query_plus_vs_space";
    case MismatchCause::query_changed:
      return "query_changed";
    case MismatchCause::host_changed:
      return "host_changed";
    case MismatchCause::header_whitespace:
      return "header_whitespace";
    case MismatchCause::header_not_sent:
      return "header_not_sent";
    case MismatchCause::header_changed:
      return "header_changed";
    case MismatchCause::signed_headers:
      return "signed_headers";
    case MismatchCause::payload_hash:
      return "payload_hash";
    case MismatchCause::not_comparable:
      return "not_comparable";
  }
  return "unknown";
}

std::optional<ServerSignatureReport> parse_s3_error_body(std::string_view xml) {
  const auto start = xml.find("<Error>");
  if (start == std::string_view::npos) return std::nullopt;
  xml = xml.substr(start);
  ServerSignatureReport r;
  auto code = element(xml, "Code");
  if (!code || code->empty()) return std::nullopt;
  r.code = std::move(*code);
  r.message = element(xml, "Message").value_or("");
  r.signature_provided = element(xml, "SignatureProvided").value_or("");
  r.access_key_id = element(xml, "AWSAccessKeyId").value_or("");
  r.request_time = element(xml, "RequestTime").value_or("");
  r.server_time = element(xml, "ServerTime").value_or("");
  r.region = element(xml, "Region").value_or("");
  if (auto bytes = element(xml, "CanonicalRequestBytes")) {
    auto decoded = bytes_dump(*bytes);
    if (!decoded) return std::nullopt;
    r.canonical_request = std::move(*decoded);
  } else {
    r.canonical_request = element(xml, "CanonicalRequest").value_or("");
  }
  if (auto bytes = element(xml, "StringToSignBytes")) {
    auto decoded = bytes_dump(*bytes);
    if (!decoded) return std::nullopt;
    r.string_to_sign = std::move(*decoded);
  } else {
    r.string_to_sign = element(xml, "StringToSign").value_or("");
  }
  return r;
}

ClientSideParse client_side_from_request(const HttpRequest& request) {
  ClientSideParse out;
  const Header* authorization = request.find_header("authorization");
  const TargetParts target = split_target(request.target);
  AuthParse claim;
  bool query = false;
  if (authorization) {
    claim = parse_authorization_header(authorization->value);
  } else if (has_presigned_parameters(target.query)) {
    claim = parse_presigned_query(target.query);
    query = true;
  } else {
    out.error = "the request is not signed: no Authorization header and no X-Amz-Signature parameter";
    return out;
  }
  if (!claim.ok()) {
    out.error = "cannot read the request's signature: " + claim.message;
    return out;
  }
  const AuthParameters& p = *claim.params;
  std::string amz_date = p.amz_date;
  if (!query) {
    const Header* date = request.find_header("x-amz-date");
    if (!date) {
      out.error = "the request has no X-Amz-Date header";
      return out;
    }
    amz_date = date->value;
  }
  const auto time = SigningTime::parse(amz_date);
  if (!time) {
    out.error = "X-Amz-Date '" + amz_date + "' is not YYYYMMDDTHHMMSSZ";
    return out;
  }
  const bool s3 = p.credential.service == "s3";
  SigningSettings settings = s3 ? SigningSettings::s3() : SigningSettings();
  settings.content_sha256_header = ContentSha256Header::omit;
  settings.location = query ? SignatureLocation::query : SignatureLocation::headers;
  settings.auth_inputs = AuthInputs::as_received;
  settings.headers_to_sign = p.signed_headers;
  settings.expires_seconds = p.expires.value_or(1);
  settings.payload_mode = PayloadMode::precomputed;
  if (const Header* h = request.find_header("x-amz-content-sha256")) {
    settings.payload_hash = h->value;
  } else if (query && p.content_sha256) {
    settings.payload_hash = *p.content_sha256;
  } else if (query && s3) {
    settings.payload_hash = std::string(payload_literal(PayloadMode::unsigned_payload));
  } else {
    crypto::Sha256 sha;
    sha.update(request.body);
    settings.payload_hash = crypto::hex(sha.finish());
  }
  // No secret is needed for the canonical request and string to sign; the signature is discarded.
  const Credentials placeholder(p.credential.access_key_id.empty() ? "AKID" : p.credential.access_key_id,
                                "not-a-secret");
  std::vector<HeaderView> views;
  try {
    const SigningResult r = sign_request(request.view(views), Body(), placeholder,
                                         {*time, p.credential.region, p.credential.service}, settings);
    out.side = ClientSignatureRecord{r.canonical_request, r.string_to_sign};
  } catch (const Error& e) {
    out.error = std::string("cannot rebuild the canonical request: ") + e.what();
  }
  return out;
}

ClientSideParse client_side_from_verbose_log(std::string_view text) {
  ClientSideParse out;
  constexpr std::string_view kCreq = "--- canonical request ---\n", kSts = "--- string to sign ---\n";
  const auto a = text.find(kCreq);
  if (a == std::string_view::npos) {
    out.error = "no '--- canonical request ---' section (run the client with -v)";
    return out;
  }
  auto section = [&](std::size_t from) {
    const auto end = text.find("\n---", from);
    std::string_view s =
        text.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
  };
  ClientSignatureRecord rec;
  rec.canonical_request = section(a + kCreq.size());
  if (const auto b = text.find(kSts, a); b != std::string_view::npos)
    rec.string_to_sign = section(b + kSts.size());
  out.side = std::move(rec);
  return out;
}

Explanation explain_signature_mismatch(const ClientSignatureRecord& client,
                                       const ServerSignatureReport& server) {
  Explanation e;
  if (server.code == "RequestTimeTooSkewed" ||
      (server.code == "AccessDenied" && (server.message.find("expired") != std::string::npos ||
                                         server.message.find("not valid yet") != std::string::npos))) {
    e.cause = MismatchCause::clock;
    e.summary = server.code + ": " + server.message;
    if (!server.request_time.empty())
      e.summary += " (request time " + server.request_time + ", server time " + server.server_time + ")";
    return finish(std::move(e));
  }
  if ((server.code == "AuthorizationHeaderMalformed" || server.code == "AuthorizationQueryParametersError") &&
      (!server.region.empty() || server.message.find("region") != std::string::npos)) {
    e.cause = MismatchCause::region;
    e.summary = server.code + ": " + server.message;
    return finish(std::move(e));
  }
  if (server.canonical_request.empty() && server.string_to_sign.empty()) {
    e.cause = MismatchCause::not_comparable;
    e.summary = server.code + ": " + server.message;
    return finish(std::move(e));
  }

  if (!server.canonical_request.empty() && !client.canonical_request.empty()) {
    const auto c = lines_of(client.canonical_request), s = lines_of(server.canonical_request);
    e.side_by_side = side_by_side(c, s, "canonical request");
    if (const auto d = first_difference(c, s)) {
      const std::string_view cl = d->line < c.size() ? c[d->line] : std::string_view();
      const std::string_view sl = d->line < s.size() ? s[d->line] : std::string_view();
      e.line = d->line;
      e.column = d->column;
      e.line_role = role_of(c, d->line);
      e.client_line = std::string(cl);
      e.server_line = std::string(sl);
      e.cause = classify_canonical_line(e.line_role, cl, sl, d->column);
      e.side_by_side += "\n" + pointer_block("canonical request", d->line, e.line_role, cl, sl, d->column);
      e.summary = std::string(advice_for(e.cause).summary) + " (" + e.line_role + ")";
      return finish(std::move(e));
    }
  }
  // Canonical requests equal (or one missing): the string to sign tells clock, region and service.
  if (!server.string_to_sign.empty() && !client.string_to_sign.empty()) {
    const auto c = lines_of(client.string_to_sign), s = lines_of(server.string_to_sign);
    e.side_by_side += (e.side_by_side.empty() ? "" : "\n") + side_by_side(c, s, "string to sign");
    if (const auto d = first_difference(c, s)) {
      const std::string_view cl = d->line < c.size() ? c[d->line] : std::string_view();
      const std::string_view sl = d->line < s.size() ? s[d->line] : std::string_view();
      static constexpr std::string_view kRoles[] = {"algorithm", "request date", "credential scope",
                                                    "canonical request hash"};
      e.in_string_to_sign = true;
      e.line = d->line;
      e.column = d->column;
      e.line_role = d->line < 4 ? std::string(kRoles[d->line]) : "extra line";
      e.client_line = std::string(cl);
      e.server_line = std::string(sl);
      if (d->line == 1) {
        e.cause = MismatchCause::clock;
      } else if (d->line == 2) {
        // DATE/REGION/SERVICE/aws4_request: which part holds the first difference.
        const auto parts_before = std::count(
            cl.begin(), cl.begin() + static_cast<std::ptrdiff_t>(std::min(d->column, cl.size())), '/');
        e.cause = parts_before == 0   ? MismatchCause::clock
                  : parts_before == 1 ? MismatchCause::region
                                      : MismatchCause::service;
      } else if (d->line == 3) {
        e.cause = MismatchCause::payload_hash;
        e.summary = "the canonical request hashes differ although the texts shown agree";
      } else {
        e.cause = MismatchCause::signed_headers;
      }
      e.side_by_side += "\n" + pointer_block("string to sign", d->line, e.line_role, cl, sl, d->column);
      if (e.summary.empty()) e.summary = std::string(advice_for(e.cause).summary) + " (" + e.line_role + ")";
      return finish(std::move(e));
    }
  }
  e.cause = MismatchCause::secret_key;
  return finish(std::move(e));
}

}  // namespace sigv4
