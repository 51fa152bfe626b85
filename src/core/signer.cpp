#include "sigv4/signer.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "char_classes.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/region_set.hpp"
#include "sigv4/sigv4a_key.hpp"
#include "sigv4/url.hpp"
#include "credential_scope.hpp"
#include "string_writer.hpp"

namespace sigv4 {
namespace {

constexpr std::string_view kAmzDate = "x-amz-date";
constexpr std::string_view kAmzToken = "x-amz-security-token";
constexpr std::string_view kAmzContentSha256 = "x-amz-content-sha256";
constexpr std::string_view kAmzRegionSet = "x-amz-region-set";
constexpr std::int64_t kMaxExpires = 604800;  // 7 days: the SigV4 presign maximum

bool is_scope_part(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f || c == '/') return false;
  }
  return true;
}

void validate(const RequestView& request, const CredentialsView& credentials, const SigningScope& scope,
              const SigningSettings& settings) {
  if (!is_valid_header_name(request.method))  // the method is an HTTP token, like a header name
    throw Error(ErrorCode::invalid_method, "invalid HTTP method '" + std::string(request.method.substr(0, 64)) + "'");
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty())
    throw Error(ErrorCode::invalid_credentials, "credentials need a non-empty access key id and secret access key");
  for (char c : credentials.access_key_id)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '/' || c == 0x7f)
      throw Error(ErrorCode::invalid_credentials, "access key id contains '/', a space or a control character");
  // SigV4a has no region in its scope: the region set (or the scope's region standing for it) is
  // checked when it is resolved.
  if (settings.algorithm == SigningAlgorithm::hmac_sha256 && !is_scope_part(scope.region))
    throw Error(ErrorCode::invalid_region, "region must be non-empty without '/', spaces or control characters");
  if (!is_scope_part(scope.service))
    throw Error(ErrorCode::invalid_service, "service must be non-empty without '/', spaces or control characters");
  if (settings.location == SignatureLocation::query && settings.auth_inputs == AuthInputs::add &&
      (settings.expires_seconds < 1 || settings.expires_seconds > kMaxExpires))
    throw Error(ErrorCode::expires_out_of_range,
                "X-Amz-Expires must be between 1 and 604800 seconds, got " + std::to_string(settings.expires_seconds));
}

[[noreturn]] void throw_invalid_header_name(std::string_view name) {
  throw Error(ErrorCode::invalid_header_name, "invalid header name '" + std::string(name.substr(0, 64)) + "'");
}
[[noreturn]] void throw_invalid_header_value(std::string_view name) {
  throw Error(ErrorCode::invalid_header_value,
              "header '" + std::string(name) + "' has a control character or a CR/LF that is not a folded line");
}

// Checked after the headers (validate() -> headers -> target is the order errors are reported in).
void validate_target(const RequestView& request) {
  if (request.target.empty() ? false : request.target.front() != '/' && request.target.front() != '?')
    throw Error(ErrorCode::malformed_url,
                "request target must start with '/' (origin form), got '" + std::string(request.target.substr(0, 64)) + "'");
  // One pass without early exit (the compiler vectorises it): targets are valid far more often than not.
  std::uint8_t bad_target_byte = 0;  // a byte-wide accumulator: GCC vectorises this, not a bool one
  for (char ch : request.target) {
    const auto c = static_cast<std::uint8_t>(ch);
    bad_target_byte |= static_cast<std::uint8_t>((c < 0x20) | (c == 0x7f) | (c == '#'));
  }
  if (bad_target_byte != 0) throw Error(ErrorCode::malformed_url, "request target contains a control character or '#'");
}

// std::string::assign goes through the general replace (aliasing checks and all); for the strings of a
// reused result that are rewritten on every call, a resize and a copy are several times cheaper.
void assign_bytes(std::string& s, std::string_view v) {
  s.resize(v.size());
  if (!v.empty()) std::memcpy(s.data(), v.data(), v.size());
}

// The headers the signer itself may add or must recognise, told apart by length first.
enum HeaderKind : std::uint8_t { kOther, kHost, kDate, kToken, kContentSha256, kRegionSet };

HeaderKind kind_of(std::string_view lower_name) noexcept {
  switch (lower_name.size()) {
    case 4:
      return lower_name == "host" ? kHost : kOther;
    case 10:
      return lower_name == kAmzDate ? kDate : kOther;
    case 16:
      return lower_name == kAmzRegionSet ? kRegionSet : kOther;
    case 20:
      return lower_name == kAmzToken ? kToken : lower_name == kAmzContentSha256 ? kContentSha256 : kOther;
    default:
      return kOther;
  }
}

// The first 8 bytes of a name as a big-endian number, zero-padded: comparing two of these orders names
// as bytes do (a token has no zero byte, so a shorter prefix sorts first) without a memcmp call.
std::uint64_t sort_key_of(std::string_view name) noexcept {
  std::uint64_t k = 0;
  if (name.size() >= 8) {
    unsigned char b[8];
    std::memcpy(b, name.data(), 8);  // one load
    for (unsigned char c : b) k = (k << 8) | c;  // recognised as a byte swap
    return k;
  }
  std::size_t i = 0;
  for (; i < name.size(); ++i) k = (k << 8) | static_cast<unsigned char>(name[i]);
  return k << (8 * (8 - i));
}

// Which headers are left out of the signature: settings.headers_to_sign (an allow-list) or
// settings.excluded_headers. Built once per signature: a bit per name length lets most headers skip
// the list search (a name can only match a listed name of the same length).
class HeaderFilter {
 public:
  explicit HeaderFilter(const SigningSettings& settings) noexcept
      : list_(settings.headers_to_sign ? *settings.headers_to_sign : settings.excluded_headers),
        allow_list_(settings.headers_to_sign.has_value()) {
    for (const auto& name : list_) lengths_ |= length_bit(name.size());
  }

  [[nodiscard]] bool is_excluded(std::string_view lower_name) noexcept {
    std::size_t at = list_.size();
    if ((lengths_ & length_bit(lower_name.size())) != 0)
      at = static_cast<std::size_t>(std::find(list_.begin(), list_.end(), lower_name) - list_.begin());
    const bool listed = at != list_.size();
    if (listed && at < 64) seen_ |= std::uint64_t{1} << at;
    return allow_list_ ? !listed : listed;
  }

  // Whether is_excluded() met the list's name number `at` (only known for the first 64 names; false
  // means "not known to be seen"). A verifier's allow-list names headers that are all present, so
  // the signer's search for listed-but-absent names ends here for each of them.
  [[nodiscard]] bool seen(std::size_t at) const noexcept { return at < 64 && ((seen_ >> at) & 1) != 0; }

 private:
  static std::uint64_t length_bit(std::size_t size) noexcept { return std::uint64_t{1} << std::min<std::size_t>(size, 63); }

  const std::vector<std::string>& list_;
  bool allow_list_;
  std::uint64_t lengths_ = 0;
  std::uint64_t seen_ = 0;
};

bool valid_precomputed_hash(std::string_view h) {
  if (h.size() == 64 && crypto::is_lower_hex(h)) return true;
  for (auto m : {PayloadMode::unsigned_payload, PayloadMode::streaming_signed, PayloadMode::streaming_signed_trailer,
                 PayloadMode::streaming_unsigned_trailer, PayloadMode::streaming_ecdsa_signed,
                 PayloadMode::streaming_ecdsa_signed_trailer})
    if (h == payload_literal(m)) return true;
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// `given_value` is the request's first x-amz-content-sha256 header, if it has one.
void compute_payload_hash(const std::string_view* given_value, const Body& body, const SigningSettings& settings,
                          std::string& out, bool& from_request_header) {
  from_request_header = false;
  out.clear();
  switch (settings.payload_mode) {
    case PayloadMode::sha256_of_body: {
      if (settings.auth_inputs == AuthInputs::add && given_value != nullptr) {
        // The caller already decided the payload hash (botocore and the JS SDK do the same).
        out.assign(trim(*given_value));
        from_request_header = true;
        return;
      }
      crypto::Sha256 h;
      body.for_each_piece([&](std::string_view piece) { h.update(piece); });
      std::uint8_t d[32];
      h.finish(d);
      crypto::hex_append(d, out);
      return;
    }
    case PayloadMode::precomputed:
      if (!valid_precomputed_hash(settings.payload_hash))
        throw Error(ErrorCode::invalid_payload_hash,
                    "payload hash must be 64 lower-case hex characters or an UNSIGNED-PAYLOAD/STREAMING-* literal");
      out.assign(settings.payload_hash);
      return;
    default:
      out.assign(payload_literal(settings.payload_mode));
      return;
  }
}

bool is_streaming(PayloadMode m) {
  return m != PayloadMode::sha256_of_body && m != PayloadMode::precomputed && m != PayloadMode::unsigned_payload;
}

// Appends one "X-Amz-..." parameter to the presigned query in encoded form.
constexpr std::string_view kAuthQueryKeys[] = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                                               "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature"};

bool is_auth_query_key(std::string_view raw_key, SigningAlgorithm algorithm) {
  // Keys are compared after decoding, which for these names only matters for odd encodings. Every
  // one of them starts with 'X', so a key starting with neither 'X' nor an escape is none of them.
  if (raw_key.empty() || (raw_key.front() != 'X' && raw_key.front() != '%')) return false;
  thread_local std::string decoded;
  decoded.clear();
  append_percent_decoded(decoded, raw_key);
  if (algorithm == SigningAlgorithm::ecdsa_p256_sha256 && decoded == "X-Amz-Region-Set") return true;
  return std::find(std::begin(kAuthQueryKeys), std::end(kAuthQueryKeys), std::string_view(decoded)) !=
         std::end(kAuthQueryKeys);
}

// The normalised region set a SigV4a client signs for, in per-thread storage (valid until the next call).
std::string_view resolve_region_set(const SigningScope& scope, const SigningSettings& settings) {
  thread_local std::string normalized;
  normalize_region_set(settings.region_set.empty() ? scope.region : std::string_view(settings.region_set), normalized);
  return normalized;
}

constexpr std::string_view name_of(SigningAlgorithm algorithm) noexcept {
  return algorithm == SigningAlgorithm::hmac_sha256 ? kAlgorithmHmacSha256 : kAlgorithmEcdsaP256Sha256;
}

// The credential scope, its parts already checked: "DATE/REGION/SERVICE/aws4_request" (SigV4) or
// "DATE/SERVICE/aws4_request" (SigV4a).
void write_credential_scope(std::string& out, const SigningScope& scope, SigningAlgorithm algorithm) {
  detail::write_credential_scope(out, scope.time.date_stamp(), scope.region, scope.service,
                                 algorithm == SigningAlgorithm::hmac_sha256);
}

// The last step: the signature of the string to sign, with the key the algorithm prescribes (both
// from their per-thread caches). SigV4 also reports its derived key; SigV4a leaves signing_key zero.
void sign_string_to_sign(const CredentialsView& credentials, const SigningScope& scope, SigningAlgorithm algorithm,
                         SigningResult& out) {
  if (algorithm == SigningAlgorithm::hmac_sha256) {
    const SigningKey& key = cached_signing_key_ref(credentials.secret_access_key, scope.time.date_stamp(),
                                              scope.region, scope.service);
    out.signing_key = key.bytes();
    out.signature.resize(64);
    key.sign_hex(out.string_to_sign, out.signature.data());
    return;
  }
  out.signing_key.fill(0);
  cached_sigv4a_signing_key(credentials.access_key_id, credentials.secret_access_key)
      .sign_hex(out.string_to_sign, out.signature);
}

}  // namespace

SigningResult::~SigningResult() { OPENSSL_cleanse(signing_key.data(), signing_key.size()); }

std::string SigningResult::signing_key_hex() const { return crypto::hex(signing_key); }

void build_credential_scope(std::string& out, const SigningScope& scope) {
  if (!is_scope_part(scope.region))
    throw Error(ErrorCode::invalid_region, "region must be non-empty without '/', spaces or control characters");
  if (!is_scope_part(scope.service))
    throw Error(ErrorCode::invalid_service, "service must be non-empty without '/', spaces or control characters");
  write_credential_scope(out, scope, SigningAlgorithm::hmac_sha256);
}

void build_credential_scope(std::string& out, const SigningScope& scope, SigningAlgorithm algorithm) {
  if (algorithm == SigningAlgorithm::hmac_sha256) return build_credential_scope(out, scope);
  if (!is_scope_part(scope.service))
    throw Error(ErrorCode::invalid_service, "service must be non-empty without '/', spaces or control characters");
  write_credential_scope(out, scope, algorithm);
}

void build_string_to_sign(std::string& out, std::string_view algorithm, std::string_view amz_date,
                          std::string_view credential_scope, std::string_view canonical_request) {
  out.clear();
  detail::StringWriter w(out, algorithm.size() + 1 + amz_date.size() + 1 + credential_scope.size() + 1 + 64);
  w.put(algorithm);
  w.put('\n');
  w.put(amz_date);
  w.put('\n');
  w.put(credential_scope);
  w.put('\n');
  const auto digest = crypto::sha256(canonical_request);
  char* hex = w.cursor();
  crypto::hex_encode(digest, hex);
  w.advance_to(hex + 64);
}

void sign_canonical_request(std::string_view canonical_request, const Credentials& credentials,
                            const SigningScope& scope, SigningResult& out, SigningAlgorithm algorithm) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty())
    throw Error(ErrorCode::invalid_credentials, "credentials need a non-empty access key id and secret access key");
  build_credential_scope(out.credential_scope, scope, algorithm);
  out.canonical_request.assign(canonical_request);
  build_string_to_sign(out.string_to_sign, name_of(algorithm), scope.time.amz_date(), out.credential_scope,
                       canonical_request);
  sign_string_to_sign(CredentialsView::of(credentials), scope, algorithm, out);
  out.payload_hash.clear();
  out.signed_headers.clear();
  out.authorization.clear();
  out.headers_to_add.clear();
  out.presign_params.clear();
  out.presigned_target.clear();
  out.presigned_url.clear();
}

std::string sign_string(std::string_view string_to_sign, const Credentials& credentials, const SigningScope& scope,
                        SigningAlgorithm algorithm) {
  if (credentials.secret_access_key.empty())
    throw Error(ErrorCode::invalid_credentials, "credentials need a non-empty secret access key");
  std::string scope_text;
  build_credential_scope(scope_text, scope, algorithm);
  if (algorithm == SigningAlgorithm::ecdsa_p256_sha256)
    return cached_sigv4a_signing_key(credentials.access_key_id, credentials.secret_access_key.reveal())
        .sign_hex(string_to_sign);
  const SigningKey& key =
      cached_signing_key_ref(credentials.secret_access_key.reveal(), scope.time.date_stamp(), scope.region, scope.service);
  std::string sig(64, '\0');
  key.sign_hex(string_to_sign, sig.data());
  return sig;
}

void sign_request(const RequestView& request, const Body& body, const Credentials& credentials,
                  const SigningScope& scope, const SigningSettings& settings, SigningResult& out) {
  sign_request(request, body, CredentialsView::of(credentials), scope, settings, out);
}

void sign_request(const RequestView& request, const Body& body, const CredentialsView& credentials,
                  const SigningScope& scope, const SigningSettings& settings, SigningResult& out) {
  validate(request, credentials, scope, settings);
  const bool add = settings.auth_inputs == AuthInputs::add;
  const bool in_headers = settings.location == SignatureLocation::headers;
  const bool has_token = !credentials.session_token.empty();
  const bool sign_token = has_token && settings.session_token == SessionTokenMode::sign;
  const std::string_view amz_date = scope.time.amz_date();
  const SigningAlgorithm algorithm = settings.algorithm;
  const std::string_view algorithm_text = name_of(algorithm);
  const bool sigv4a = algorithm == SigningAlgorithm::ecdsa_p256_sha256;

  // --- Headers: one pass lower-cases and checks every name, checks and classifies every value. ---
  auto& entries = out.scratch.headers;
  const std::size_t given = request.headers.size();
  const std::size_t most = given + 4 + (settings.headers_to_sign ? settings.headers_to_sign->size() : 0);
  if (entries.size() < most) entries.resize(most);
  const std::string_view* given_content_sha256 = nullptr;
  const std::string_view* given_host = nullptr;  // the first Host header (the presigned URL's authority)
  for (std::size_t i = 0; i < given; ++i) {
    const HeaderView& h = request.headers[i];
    auto& e = entries[i];
    e.name.resize(h.name.size());
    if (!detail::lower_token(h.name, e.name.data())) throw_invalid_header_name(h.name);
    const std::uint8_t shape = detail::header_value_shape(h.value);
    if ((shape & detail::kValueControl) != 0 && !is_valid_header_value(h.value)) throw_invalid_header_value(h.name);
    e.plain = shape == detail::kValuePlain;
    e.value = h.value;
    e.kind = kind_of(e.name);
    e.sort_key = sort_key_of(e.name);
    if (e.kind == kHost && given_host == nullptr) given_host = &h.value;
    if (e.kind == kContentSha256 && given_content_sha256 == nullptr) given_content_sha256 = &h.value;
  }
  validate_target(request);
  // SigV4a: the canonical X-Amz-Region-Set value a client adds (the scope's region when none is set).
  const std::string_view region_set = sigv4a && add ? resolve_region_set(scope, settings) : std::string_view();

  write_credential_scope(out.credential_scope, scope, algorithm);
  bool payload_from_header = false;
  compute_payload_hash(given_content_sha256, body, settings, out.payload_hash, payload_from_header);
  const bool add_content_sha256 =
      add && in_headers && !payload_from_header &&
      (settings.content_sha256_header == ContentSha256Header::add_and_sign ||
       settings.payload_mode == PayloadMode::unsigned_payload || is_streaming(settings.payload_mode));

  // --- Canonical headers: the signed ones, sorted by name (stable in arrival order). ---
  auto& order = out.scratch.header_order;
  order.resize(most);
  std::size_t n = 0;
  HeaderFilter header_filter(settings);
  for (std::uint32_t i = 0; i < given; ++i) {
    const auto& e = entries[i];
    const bool managed = add && ((in_headers && e.kind == kDate) || (in_headers && has_token && e.kind == kToken) ||
                                 (add_content_sha256 && e.kind == kContentSha256) ||
                                 (sigv4a && in_headers && e.kind == kRegionSet));
    if (managed || header_filter.is_excluded(e.name)) continue;
    order[n++] = i;
  }
  if (given_host == nullptr && settings.auth_inputs == AuthInputs::add)
    throw Error(ErrorCode::missing_host,
                "the request has no Host header (build it with HttpRequest::from_url or add Host yourself)");
  std::uint32_t next = static_cast<std::uint32_t>(given);
  auto add_entry = [&](std::string_view name, std::string_view value) {
    auto& e = entries[next];
    e.name.assign(name);
    e.value = value;
    e.plain = detail::header_value_shape(value) == detail::kValuePlain;
    e.sort_key = sort_key_of(name);
    order[n++] = next++;
  };
  if (add && in_headers) {
    add_entry(kAmzDate, amz_date);
    if (sigv4a) add_entry(kAmzRegionSet, region_set);
    if (sign_token) add_entry(kAmzToken, credentials.session_token);
    if (add_content_sha256) add_entry(kAmzContentSha256, out.payload_hash);
  }
  if (settings.headers_to_sign) {  // names listed but absent are signed with an empty value
    const std::size_t present_count = n;
    const auto& listed = *settings.headers_to_sign;
    for (std::size_t k = 0; k < listed.size(); ++k) {
      const std::string& name = listed[k];
      bool present = header_filter.seen(k);
      for (std::size_t i = 0; i < present_count && !present; ++i) present = entries[order[i]].name == name;
      if (!present) add_entry(name, {});
    }
  }
  order.resize(n);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto& x = entries[a];
    const auto& y = entries[b];
    if (x.sort_key != y.sort_key) return x.sort_key < y.sort_key;
    const int c = x.name.compare(y.name);
    return c != 0 ? c < 0 : a < b;
  });
  std::size_t canonical_headers_size = 0;
  std::size_t signed_headers_size = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& e = entries[order[i]];
    signed_headers_size += e.name.size() + 1;
    canonical_headers_size += e.name.size() + e.value.size() + 2;
  }
  out.signed_headers.clear();
  {
    detail::StringWriter w(out.signed_headers, signed_headers_size);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& e = entries[order[i]];
      if (i > 0 && entries[order[i - 1]].name == e.name) continue;
      if (i > 0) w.put(';');
      w.put(e.name);
    }
  }

  // --- Canonical request. ---
  std::string& creq = out.canonical_request;
  creq.clear();
  creq.append(request.method).push_back('\n');
  const TargetParts target = split_target(request.target);
  append_canonical_uri(creq, target.path, settings.uri_encoding, settings.path_normalization);
  creq.push_back('\n');

  thread_local std::string credential_value;
  credential_value.clear();
  {
    detail::StringWriter w(credential_value, credentials.access_key_id.size() + 1 + out.credential_scope.size());
    w.put(credentials.access_key_id);
    w.put('/');
    w.put(out.credential_scope);
  }
  char expires_buf[24];
  std::string_view expires_text;
  {
    auto [p, ec] = std::to_chars(expires_buf, expires_buf + sizeof expires_buf, settings.expires_seconds);
    (void)ec;
    expires_text = std::string_view(expires_buf, static_cast<std::size_t>(p - expires_buf));
  }
  if (!in_headers && add) {
    thread_local std::vector<std::pair<std::string_view, std::string_view>> extra;
    extra.clear();
    extra.emplace_back("X-Amz-Algorithm", algorithm_text);
    extra.emplace_back("X-Amz-Credential", credential_value);
    extra.emplace_back("X-Amz-Date", amz_date);
    extra.emplace_back("X-Amz-Expires", expires_text);
    extra.emplace_back("X-Amz-SignedHeaders", out.signed_headers);
    if (sigv4a) extra.emplace_back("X-Amz-Region-Set", region_set);
    if (sign_token) extra.emplace_back("X-Amz-Security-Token", credentials.session_token);
    if (sigv4a)
      append_canonical_query(creq, target.query, out.scratch, extra,
                             {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                              "X-Amz-SignedHeaders", "X-Amz-Region-Set", "X-Amz-Security-Token", "X-Amz-Signature"});
    else
      append_canonical_query(creq, target.query, out.scratch, extra,
                             {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                              "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature"});
  } else if (!in_headers) {
    append_canonical_query(creq, target.query, out.scratch, {}, {"X-Amz-Signature"});
  } else {
    append_canonical_query(creq, target.query, out.scratch);
  }
  {
    detail::StringWriter w(creq, 1 + canonical_headers_size + 1 + signed_headers_size + 1 + out.payload_hash.size());
    w.put('\n');
    char* o = w.cursor();
    for (std::size_t i = 0; i < n; ++i) {
      const auto& e = entries[order[i]];
      const bool continues = i > 0 && entries[order[i - 1]].name == e.name;
      if (continues) {
        *o++ = ',';
      } else {
        if (i > 0) *o++ = '\n';
        std::memcpy(o, e.name.data(), e.name.size());
        o += e.name.size();
        *o++ = ':';
      }
      if (e.plain) {
        if (!e.value.empty()) std::memcpy(o, e.value.data(), e.value.size());
        o += e.value.size();
      } else {
        o = detail::write_trimmed_header_value(o, e.value);
      }
    }
    w.advance_to(o);
    if (n > 0) w.put('\n');
    w.put('\n');
    w.put(out.signed_headers);
    w.put('\n');
    w.put(out.payload_hash);
  }

  // --- String to sign and signature. ---
  build_string_to_sign(out.string_to_sign, algorithm_text, amz_date, out.credential_scope, creq);
  if (sigv4a && !add) {
    // A server recomputing a SigV4a request needs the string to sign, not a signature of its own: ECDSA
    // signatures are randomised, so the claim is verified with the public key (verifier.cpp).
    out.signature.clear();
    out.signing_key.fill(0);
  } else {
    sign_string_to_sign(credentials, scope, algorithm, out);
  }

  // --- What the caller adds to the request. ---
  // presign_params and headers_to_add keep their elements (and the strings' capacity) until the end,
  // so a reused SigningResult allocates nothing; they are trimmed to what this call added.
  out.authorization.clear();
  out.presigned_target.clear();
  out.presigned_url.clear();
  std::size_t added = 0;
  auto add_header = [&](std::string_view name, std::string_view value) {
    if (added == out.headers_to_add.size()) out.headers_to_add.emplace_back();
    auto& h = out.headers_to_add[added++];
    assign_bytes(h.name, name);
    assign_bytes(h.value, value);
  };
  if (!add) {
    out.headers_to_add.clear();
    out.presign_params.clear();
    return;
  }
  if (in_headers) {
    out.presign_params.clear();
    {
      constexpr std::string_view kCredential = " Credential=", kSignedHeaders = ", SignedHeaders=",
                                 kSignature = ", Signature=";
      detail::StringWriter w(out.authorization, algorithm_text.size() + kCredential.size() + credential_value.size() +
                                                    kSignedHeaders.size() + out.signed_headers.size() +
                                                    kSignature.size() + out.signature.size());
      w.put(algorithm_text);
      w.put(kCredential);
      w.put(credential_value);
      w.put(kSignedHeaders);
      w.put(out.signed_headers);
      w.put(kSignature);
      w.put(out.signature);
    }
    add_header("X-Amz-Date", amz_date);
    if (sigv4a) add_header("X-Amz-Region-Set", region_set);
    if (has_token) add_header("X-Amz-Security-Token", credentials.session_token);
    if (add_content_sha256) add_header("x-amz-content-sha256", out.payload_hash);
    add_header("Authorization", out.authorization);
    out.headers_to_add.resize(added);
    return;
  }
  out.headers_to_add.resize(added);
  std::size_t p = 0;
  auto add_param = [&](std::string_view k, std::string_view v) {
    if (p == out.presign_params.size()) out.presign_params.emplace_back();
    assign_bytes(out.presign_params[p].first, k);
    assign_bytes(out.presign_params[p].second, v);
    ++p;
  };
  add_param("X-Amz-Algorithm", algorithm_text);
  add_param("X-Amz-Credential", credential_value);
  add_param("X-Amz-Date", amz_date);
  add_param("X-Amz-Expires", expires_text);
  add_param("X-Amz-SignedHeaders", out.signed_headers);
  if (sigv4a) add_param("X-Amz-Region-Set", region_set);
  if (has_token) add_param("X-Amz-Security-Token", credentials.session_token);
  add_param("X-Amz-Signature", out.signature);
  out.presign_params.resize(p);

  // The presigned target: the caller's parameters exactly as written, minus stale authentication
  // parameters, then the X-Amz-* parameters as the canonical query encoded them (same order as
  // presign_params), then the signature (hex: nothing to encode). An unsigned (appended) session
  // token was not part of the canonical query: it is encoded here.
  const bool token_appended = has_token && !sign_token;
  const std::size_t signed_params = p - 1 - (token_appended ? 1 : 0);
  const auto& encoded = out.scratch.params;
  const std::string_view path_out = target.path.empty() ? std::string_view("/") : target.path;
  std::string_view token_encoded;
  if (token_appended) {
    out.scratch.text.clear();
    append_uri_encoded(out.scratch.text, credentials.session_token, false);
    token_encoded = out.scratch.text;
  }
  constexpr std::string_view kTokenKey = "X-Amz-Security-Token=", kSignatureKey = "X-Amz-Signature=";
  std::size_t room = path_out.size() + 1 + target.query.size() + 1 + kSignatureKey.size() + out.signature.size();
  for (std::size_t i = out.scratch.extra_begin; i < out.scratch.extra_begin + signed_params; ++i)
    room += 1 + encoded[i].key.size() + 1 + encoded[i].value.size();
  if (token_appended) room += 1 + kTokenKey.size() + token_encoded.size();
  {
    detail::StringWriter w(out.presigned_target, room);
    w.put(path_out);
    w.put('?');
    bool first = true;
    auto separate = [&] {
      if (!first) w.put('&');
      first = false;
    };
    std::size_t pos = 0;
    while (pos < target.query.size()) {
      std::size_t amp = target.query.find('&', pos);
      if (amp == std::string_view::npos) amp = target.query.size();
      const std::string_view part = target.query.substr(pos, amp - pos);
      pos = amp + 1;
      if (part.empty() || is_auth_query_key(part.substr(0, part.find('=')), algorithm)) continue;
      separate();
      w.put(part);
    }
    for (std::size_t i = out.scratch.extra_begin; i < out.scratch.extra_begin + signed_params; ++i) {
      separate();
      w.put(encoded[i].key);
      w.put('=');
      w.put(encoded[i].value);
    }
    if (token_appended) {
      separate();
      w.put(kTokenKey);
      w.put(token_encoded);
    }
    separate();
    w.put(kSignatureKey);
    w.put(out.signature);
  }
  // Reached only when auth_inputs is add, which requires a Host header (checked above).
  const std::string_view scheme = request.scheme, authority = trim(*given_host);
  detail::StringWriter w(out.presigned_url, scheme.size() + 3 + authority.size() + out.presigned_target.size());
  w.put(scheme);
  w.put("://");
  w.put(authority);
  w.put(out.presigned_target);
}

SigningResult sign_in_place(HttpRequest& request, const Credentials& credentials, const SigningScope& scope,
                            const SigningSettings& settings) {
  std::vector<HeaderView> views;
  SigningResult r = sign_request(request.view(views), Body::bytes(request.body), credentials, scope, settings);
  if (settings.location == SignatureLocation::headers) {
    for (const auto& h : r.headers_to_add) request.set_header(h.name, h.value);
  } else {
    request.target = r.presigned_target;
  }
  return r;
}

}  // namespace sigv4
