#include "sigv4/signer.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>

#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/region_set.hpp"
#include "sigv4/sigv4a_key.hpp"
#include "sigv4/url.hpp"

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
  for (const auto& h : request.headers) {
    if (!is_valid_header_name(h.name))
      throw Error(ErrorCode::invalid_header_name, "invalid header name '" + std::string(h.name.substr(0, 64)) + "'");
    if (!is_valid_header_value(h.value))
      throw Error(ErrorCode::invalid_header_value,
                  "header '" + std::string(h.name) + "' has a control character or a CR/LF that is not a folded line");
  }
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

  [[nodiscard]] bool is_excluded(std::string_view lower_name) const noexcept {
    const bool listed = (lengths_ & length_bit(lower_name.size())) != 0 &&
                        std::find(list_.begin(), list_.end(), lower_name) != list_.end();
    return allow_list_ ? !listed : listed;
  }

 private:
  static std::uint64_t length_bit(std::size_t size) noexcept { return std::uint64_t{1} << std::min<std::size_t>(size, 63); }

  const std::vector<std::string>& list_;
  bool allow_list_;
  std::uint64_t lengths_ = 0;
};

// Branch-free, so the compiler vectorises it.
void to_lower(std::string& out, std::string_view in) {
  out.resize(in.size());
  char* o = out.data();
  const char* s = in.data();
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    o[i] = static_cast<char>(c + (static_cast<unsigned char>(c - 'A') < 26 ? 32 : 0));
  }
}

bool valid_precomputed_hash(std::string_view h) {
  if (h.size() == 64 && crypto::is_lower_hex(h)) return true;
  for (auto m : {PayloadMode::unsigned_payload, PayloadMode::streaming_signed, PayloadMode::streaming_signed_trailer,
                 PayloadMode::streaming_unsigned_trailer, PayloadMode::streaming_ecdsa_signed,
                 PayloadMode::streaming_ecdsa_signed_trailer})
    if (h == payload_literal(m)) return true;
  return false;
}

const HeaderView* find_header_entry(const RequestView& r, std::string_view lower_name) {
  for (const auto& h : r.headers)
    if (iequals(h.name, lower_name)) return &h;
  return nullptr;
}
std::string_view find_header(const RequestView& r, std::string_view lower_name) {
  const HeaderView* h = find_header_entry(r, lower_name);
  return h != nullptr ? h->value : std::string_view{};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void compute_payload_hash(const RequestView& request, const Body& body, const SigningSettings& settings,
                          std::string& out, bool& from_request_header) {
  from_request_header = false;
  out.clear();
  switch (settings.payload_mode) {
    case PayloadMode::sha256_of_body: {
      const HeaderView* given = settings.auth_inputs == AuthInputs::add ? find_header_entry(request, kAmzContentSha256)
                                                                         : nullptr;
      if (given != nullptr) {
        // The caller already decided the payload hash (botocore and the JS SDK do the same).
        out.assign(trim(given->value));
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
void append_query_param(std::string& out, std::string_view key, std::string_view value) {
  if (!out.empty() && out.back() != '?') out.push_back('&');
  out.append(key);
  out.push_back('=');
  append_uri_encoded(out, value, false);
}

constexpr std::string_view kAuthQueryKeys[] = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                                               "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature"};

bool is_auth_query_key(std::string_view raw_key, SigningAlgorithm algorithm) {
  // Keys are compared after decoding, which for these names only matters for odd encodings.
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
  out.clear();
  out.append(scope.time.date_stamp()).push_back('/');
  out.append(scope.region).push_back('/');
  out.append(scope.service).append("/aws4_request");
}

void build_credential_scope(std::string& out, const SigningScope& scope, SigningAlgorithm algorithm) {
  if (algorithm == SigningAlgorithm::hmac_sha256) return build_credential_scope(out, scope);
  if (!is_scope_part(scope.service))
    throw Error(ErrorCode::invalid_service, "service must be non-empty without '/', spaces or control characters");
  out.clear();
  out.append(scope.time.date_stamp()).push_back('/');
  out.append(scope.service).append("/aws4_request");
}

void build_string_to_sign(std::string& out, std::string_view algorithm, std::string_view amz_date,
                          std::string_view credential_scope, std::string_view canonical_request) {
  out.clear();
  out.append(algorithm).push_back('\n');
  out.append(amz_date).push_back('\n');
  out.append(credential_scope).push_back('\n');
  const auto digest = crypto::sha256(canonical_request);
  crypto::hex_append(digest, out);
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
  // SigV4a: the canonical X-Amz-Region-Set value a client adds (the scope's region when none is set).
  const std::string_view region_set = sigv4a && add ? resolve_region_set(scope, settings) : std::string_view();

  build_credential_scope(out.credential_scope, scope, algorithm);
  bool payload_from_header = false;
  compute_payload_hash(request, body, settings, out.payload_hash, payload_from_header);
  const bool add_content_sha256 =
      add && in_headers && !payload_from_header &&
      (settings.content_sha256_header == ContentSha256Header::add_and_sign ||
       settings.payload_mode == PayloadMode::unsigned_payload || is_streaming(settings.payload_mode));

  // --- Canonical headers: collect, lower-case, sort by name (stable in arrival order). ---
  auto& entries = out.scratch.headers;
  std::size_t n = 0;
  auto next_entry = [&]() -> CanonicalScratch::HeaderEntry& {
    if (n == entries.size()) entries.emplace_back();
    return entries[n++];
  };
  bool has_host = false;
  const HeaderFilter header_filter(settings);
  for (const auto& h : request.headers) {
    auto& e = next_entry();
    to_lower(e.name, h.name);
    if (e.name == "host") has_host = true;
    const bool managed = add && ((in_headers && e.name == kAmzDate) || (in_headers && has_token && e.name == kAmzToken) ||
                                 (add_content_sha256 && e.name == kAmzContentSha256) ||
                                 (sigv4a && in_headers && e.name == kAmzRegionSet));
    if (managed || header_filter.is_excluded(e.name)) {
      --n;
      continue;
    }
    e.value = h.value;
    e.position = static_cast<std::uint32_t>(n);
  }
  if (!has_host && settings.auth_inputs == AuthInputs::add)
    throw Error(ErrorCode::missing_host,
                "the request has no Host header (build it with HttpRequest::from_url or add Host yourself)");
  if (add && in_headers) {
    auto add_entry = [&](std::string_view name, std::string_view value) {
      auto& e = next_entry();
      e.name.assign(name);
      e.value = value;
      e.position = static_cast<std::uint32_t>(n);
    };
    add_entry(kAmzDate, amz_date);
    if (sigv4a) add_entry(kAmzRegionSet, region_set);
    if (sign_token) add_entry(kAmzToken, credentials.session_token);
    if (add_content_sha256) add_entry(kAmzContentSha256, out.payload_hash);
  }
  if (settings.headers_to_sign) {  // names listed but absent are signed with an empty value
    for (const auto& name : *settings.headers_to_sign) {
      bool present = false;
      for (std::size_t i = 0; i < n && !present; ++i) present = entries[i].name == name;
      if (!present) {
        auto& e = next_entry();
        e.name.assign(name);
        e.value = {};
        e.position = static_cast<std::uint32_t>(n);
      }
    }
  }
  auto& order = out.scratch.header_order;
  order.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const int c = entries[a].name.compare(entries[b].name);
    return c != 0 ? c < 0 : entries[a].position < entries[b].position;
  });
  out.signed_headers.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& e = entries[order[i]];
    if (i > 0 && entries[order[i - 1]].name == e.name) continue;
    if (!out.signed_headers.empty()) out.signed_headers.push_back(';');
    out.signed_headers.append(e.name);
  }

  // --- Canonical request. ---
  std::string& creq = out.canonical_request;
  creq.clear();
  creq.append(request.method).push_back('\n');
  const TargetParts target = split_target(request.target);
  append_canonical_uri(creq, target.path, settings.uri_encoding, settings.path_normalization);
  creq.push_back('\n');

  thread_local std::string credential_value;
  credential_value.assign(credentials.access_key_id).push_back('/');
  credential_value.append(out.credential_scope);
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
  creq.push_back('\n');

  for (std::size_t i = 0; i < n; ++i) {
    const auto& e = entries[order[i]];
    const bool continues = i > 0 && entries[order[i - 1]].name == e.name;
    if (continues) {
      creq.push_back(',');
    } else {
      if (i > 0) creq.push_back('\n');
      creq.append(e.name).push_back(':');
    }
    append_trimmed_header_value(creq, e.value);
  }
  if (n > 0) creq.push_back('\n');
  creq.push_back('\n');
  creq.append(out.signed_headers).push_back('\n');
  creq.append(out.payload_hash);

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
    h.name.assign(name);
    h.value.assign(value);
  };
  if (!add) {
    out.headers_to_add.clear();
    out.presign_params.clear();
    return;
  }
  if (in_headers) {
    out.presign_params.clear();
    out.authorization.append(algorithm_text).append(" Credential=").append(credential_value);
    out.authorization.append(", SignedHeaders=").append(out.signed_headers);
    out.authorization.append(", Signature=").append(out.signature);
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
    out.presign_params[p].first.assign(k);
    out.presign_params[p].second.assign(v);
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

  std::string& t = out.presigned_target;
  t.append(target.path.empty() ? std::string_view("/") : target.path).push_back('?');
  // Keep the caller's parameters exactly as written, minus stale authentication parameters.
  std::size_t pos = 0;
  while (pos < target.query.size()) {
    std::size_t amp = target.query.find('&', pos);
    if (amp == std::string_view::npos) amp = target.query.size();
    const std::string_view part = target.query.substr(pos, amp - pos);
    pos = amp + 1;
    if (part.empty() || is_auth_query_key(part.substr(0, part.find('=')), algorithm)) continue;
    if (t.back() != '?') t.push_back('&');
    t.append(part);
  }
  // The X-Amz-* parameters as the canonical query encoded them (same order as presign_params), then
  // the signature (hex: nothing to encode).
  // An unsigned (appended) session token was not part of the canonical query: encode it here.
  const bool token_appended = has_token && !sign_token;
  const std::size_t signed_params = p - 1 - (token_appended ? 1 : 0);
  const auto& encoded = out.scratch.params;
  for (std::size_t i = out.scratch.extra_begin; i < out.scratch.extra_begin + signed_params; ++i) {
    if (t.back() != '?') t.push_back('&');
    t.append(encoded[i].key).push_back('=');
    t.append(encoded[i].value);
  }
  if (token_appended) append_query_param(t, "X-Amz-Security-Token", credentials.session_token);
  if (t.back() != '?') t.push_back('&');
  t.append("X-Amz-Signature=").append(out.signature);
  const std::string_view host = find_header(request, "host");
  out.presigned_url.append(request.scheme).append("://").append(trim(host)).append(t);
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
