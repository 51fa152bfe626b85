#include "sigv4/verifier.hpp"

#include <algorithm>

#include "../core/credential_scope.hpp"
#include "../crypto/bytes_equal.hpp"

#include "sigv4/authorization_header.hpp"
#include "sigv4/crypto/constant_time.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/error.hpp"
#include "sigv4/presigned_query.hpp"
#include "sigv4/region_set.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/sigv4a_key.hpp"
#include "sigv4/url.hpp"

namespace sigv4 {

void CredentialStore::add(std::string access_key_id, std::string_view secret_access_key,
                          std::optional<std::string_view> token) {
  StoredCredential c;
  c.secret_access_key = SecretString(secret_access_key);
  if (token) c.session_token = SecretString(*token);
  keys_.insert_or_assign(std::move(access_key_id), std::move(c));
}

std::optional<StoredCredential> CredentialStore::find(std::string_view access_key_id) const {
  const StoredCredential* entry = find_entry(access_key_id);
  if (entry == nullptr) return std::nullopt;
  return *entry;
}

const StoredCredential* CredentialStore::find_entry(std::string_view access_key_id) const noexcept {
  const auto it = keys_.find(access_key_id);
  return it == keys_.end() ? nullptr : &it->second;
}

CredentialLookup CredentialStore::lookup() const {
  return [this](std::string_view ak) { return find(ak); };
}

std::string_view to_string(AuthLocation location) noexcept {
  switch (location) {
    case AuthLocation::none:
      return "none";
    case AuthLocation::header:
      return "header";
    case AuthLocation::query:
      return "query";
  }
  return "none";
}

namespace {

constexpr std::int64_t kMaxExpires = 604800;

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// How often a header occurs (case-insensitive name) and its first value, trimmed; no allocation.
struct HeaderOccurrences {
  std::size_t count = 0;
  std::string_view first;
  [[nodiscard]] bool empty() const noexcept { return count == 0; }
};

// The headers verification looks at, found in one pass over the request (a scan per header name,
// six of them, was a visible part of W5).
struct KnownHeaders {
  HeaderOccurrences authorization, host, amz_date, security_token, content_sha256, region_set;
};
KnownHeaders index_headers(const RequestView& r) noexcept {
  KnownHeaders k;
  auto note = [](HeaderOccurrences& o, std::string_view value) {
    if (o.count++ == 0) o.first = trim(value);
  };
  for (const auto& h : r.headers) {
    const std::string_view n = h.name;
    switch (n.size()) {
      case 4:
        if (iequals(n, "host")) note(k.host, h.value);
        break;
      case 10:
        if (iequals(n, "x-amz-date")) note(k.amz_date, h.value);
        break;
      case 13:
        if (iequals(n, "authorization")) note(k.authorization, h.value);
        break;
      case 16:
        if (iequals(n, "x-amz-region-set")) note(k.region_set, h.value);
        break;
      case 20:
        if (iequals(n, "x-amz-security-token"))
          note(k.security_token, h.value);
        else if (iequals(n, "x-amz-content-sha256"))
          note(k.content_sha256, h.value);
        break;
      default:
        break;
    }
  }
  return k;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

bool starts_with_x_amz(std::string_view name) noexcept {
  return name.size() >= 6 && iequals(name.substr(0, 6), "x-amz-");
}

std::string iso(const SigningTime& t) {
  const auto a = t.iso8601();
  return std::string(a.data(), a.size());
}

bool valid_payload_hash(std::string_view h) noexcept {
  if (h.size() == 64 && crypto::is_lower_hex(h)) return true;
  for (auto m : {PayloadMode::unsigned_payload, PayloadMode::streaming_signed,
                 PayloadMode::streaming_signed_trailer, PayloadMode::streaming_unsigned_trailer,
                 PayloadMode::streaming_ecdsa_signed, PayloadMode::streaming_ecdsa_signed_trailer})
    if (h == payload_literal(m)) return true;
  return false;
}

// S3's answer to SigV2 (header "AWS AKID:sig", or AWSAccessKeyId/Signature/Expires in the query) in
// regions that only take SigV4.
constexpr const char* kUseSigV4 =
    "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.";

bool has_sigv2_query(std::string_view query) {
  bool key = false, sig = false;
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view name =
        query.substr(start, end - start).substr(0, query.substr(start, end - start).find('='));
    key = key || name == "AWSAccessKeyId";
    sig = sig || name == "Signature";
    start = end + 1;
  }
  return key && sig;
}

// The refusal of a malformed claim, in the words of its location.
S3Error claim_error(AuthLocation where, std::string_view what) {
  if (where == AuthLocation::header)
    return {S3ErrorCode::authorization_header_malformed,
            "The authorization header is malformed; " + std::string(what)};
  return {S3ErrorCode::authorization_query_parameters_error, std::string(what)};
}

}  // namespace

class Verifier::Verification {
 public:
  Verification(Verifier& context, const RequestView& request, const VerifyOptions& options,
               std::optional<std::string_view> payload_sha256)
      : ctx_(context), req_(request), opt_(options), payload_sha256_(payload_sha256), out_(context.result_) {}

  std::optional<S3Error> run();

 private:
  std::optional<S3Error> read_claim();
  std::optional<S3Error> check_scope();
  std::optional<S3Error> check_time();
  std::optional<S3Error> check_credentials(const StoredCredential*& stored);
  std::optional<S3Error> check_signed_headers();
  std::optional<S3Error> choose_payload_hash();
  std::optional<S3Error> check_signature(const StoredCredential& stored);

  Verifier& ctx_;
  const RequestView& req_;
  const VerifyOptions& opt_;
  std::optional<std::string_view> payload_sha256_;
  VerifyResult& out_;
  TargetParts target_;
  KnownHeaders known_;
};

std::optional<S3Error> Verifier::Verification::run() {
  target_ = split_target(req_.target);
  known_ = index_headers(req_);
  if (auto e = read_claim()) return e;
  if (auto e = check_scope()) return e;
  if (auto e = check_time()) return e;
  const StoredCredential* stored = nullptr;
  if (auto e = check_credentials(stored)) return e;
  if (auto e = check_signed_headers()) return e;
  if (auto e = choose_payload_hash()) return e;
  return check_signature(*stored);
}

std::optional<S3Error> Verifier::Verification::read_claim() {
  const auto& auth_headers = known_.authorization;
  const bool in_query = has_presigned_parameters(target_.query);
  if (auth_headers.empty() || in_query) out_.claim = AuthParameters();  // nothing stale from the last call
  if (!auth_headers.empty() && in_query)
    return S3Error(
        S3ErrorCode::invalid_argument,
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query "
        "string parameter or the Authorization header should be specified");
  if (auth_headers.empty() && !in_query) {
    if (has_sigv2_query(target_.query)) return S3Error(S3ErrorCode::invalid_request, kUseSigV4);
    return S3Error(S3ErrorCode::access_denied);
  }

  AuthParseError parse_error = AuthParseError::none;
  if (in_query) {
    out_.location = AuthLocation::query;
    AuthParse parse = parse_presigned_query(target_.query);
    parse_error = parse.error;
    if (parse.ok())
      out_.claim = std::move(*parse.params);
    else
      ctx_.message_ = std::move(parse.message);
  } else {
    out_.location = AuthLocation::header;
    if (auth_headers.count > 1) {
      out_.claim = AuthParameters();  // nothing stale from the last call
      return claim_error(AuthLocation::header, "the Authorization header is repeated");
    }
    parse_error = parse_authorization_header(auth_headers.first, out_.claim, ctx_.message_);
  }
  if (parse_error != AuthParseError::none) {
    out_.claim = AuthParameters();  // a refused claim reports nothing half-parsed
    if (out_.location == AuthLocation::header && auth_headers.first.rfind("AWS ", 0) == 0)
      return S3Error(S3ErrorCode::invalid_request, kUseSigV4);
    if (parse_error == AuthParseError::unsupported_algorithm)
      return S3Error(S3ErrorCode::invalid_argument, "Unsupported Authorization Type")
          .with("ArgumentName", out_.location == AuthLocation::header ? "Authorization" : "X-Amz-Algorithm");
    return claim_error(out_.location, ctx_.message_);
  }
  out_.algorithm = out_.claim.signing_algorithm;
  if (out_.algorithm == SigningAlgorithm::ecdsa_p256_sha256) {
    // SigV4a: where the signature is valid travels with it, in X-Amz-Region-Set (signed).
    if (out_.location == AuthLocation::header) {
      const auto& sets = known_.region_set;
      if (sets.count != 1)
        return claim_error(out_.location, "AWS4-ECDSA-P256-SHA256 requires exactly one X-Amz-Region-Set header");
      out_.region_set.assign(sets.first);
    } else {
      out_.region_set.assign(out_.claim.region_set.value_or(""));
    }
  }

  if (out_.location == AuthLocation::header) {
    const auto& dates = known_.amz_date;
    const auto& tokens = known_.security_token;
    const auto date = dates.count == 1 && dates.first.size() == 16 ? SigningTime::parse(dates.first) : std::nullopt;
    if (!date)
      return S3Error(S3ErrorCode::access_denied,
                     "AWS authentication requires a valid Date or x-amz-date header");
    out_.claim.amz_date.assign(dates.first);
    out_.time = *date;
    if (tokens.count > 1) return S3Error(S3ErrorCode::invalid_token).with("Reason", "repeated token header");
    if (!tokens.empty()) {
      if (!out_.claim.security_token) out_.claim.security_token.emplace();
      out_.claim.security_token->assign(tokens.first);
    }
  } else {
    out_.time = *SigningTime::parse(out_.claim.amz_date);  // the query parser checked its form
  }
  return std::nullopt;
}

std::optional<S3Error> Verifier::Verification::check_scope() {
  const auto& c = out_.claim.credential;
  const bool sigv4a = out_.algorithm == SigningAlgorithm::ecdsa_p256_sha256;
  detail::write_credential_scope(out_.credential_scope, c.date, c.region, c.service, !sigv4a);
  if (c.date != out_.time.date_stamp())
    return claim_error(out_.location, "Invalid credential date. Date is not the same as X-Amz-Date.");
  if (sigv4a) {
    std::string normalized;
    try {
      normalize_region_set(out_.region_set, normalized);
    } catch (const Error&) {
      return claim_error(out_.location, "X-Amz-Region-Set '" + out_.region_set.substr(0, 128) +
                                            "' is not a comma-separated list of regions");
    }
    // The same answer as a SigV4 credential for another region (see verifier.hpp, rule 4).
    if (!opt_.region.empty() && !region_set_contains(out_.region_set, opt_.region))
      return claim_error(out_.location, "the region set '" + out_.region_set.substr(0, 128) +
                                            "' does not include this region; expecting '" + opt_.region + "'")
          .with("Region", opt_.region);
  } else if (!opt_.region.empty() && c.region != opt_.region) {
    auto e = out_.location == AuthLocation::header
                 ? claim_error(out_.location,
                               "the region '" + c.region + "' is wrong; expecting '" + opt_.region + "'")
                 : claim_error(out_.location, "Error parsing the X-Amz-Credential parameter; the region '" +
                                                  c.region + "' is wrong; expecting '" + opt_.region + "'");
    return e.with("Region", opt_.region);
  }
  if (!opt_.service.empty() && c.service != opt_.service) {
    const std::string what =
        "incorrect service \"" + c.service + "\". This endpoint belongs to \"" + opt_.service + "\".";
    return out_.location == AuthLocation::header
               ? claim_error(out_.location, what)
               : claim_error(out_.location, "Error parsing the X-Amz-Credential parameter; " + what);
  }
  switch (opt_.rules) {
    case ServiceRules::s3:
      out_.s3_rules = true;
      break;
    case ServiceRules::generic:
    case ServiceRules::generic_as_given:
      out_.s3_rules = false;
      break;
    case ServiceRules::by_service:
      out_.s3_rules = c.service == "s3";
      break;
  }
  return std::nullopt;
}

std::optional<S3Error> Verifier::Verification::check_time() {
  const std::int64_t now = opt_.now.unix_seconds();
  const std::int64_t at = out_.time.unix_seconds();
  if (out_.location == AuthLocation::header) {
    if (at > now + opt_.max_skew_seconds || at < now - opt_.max_skew_seconds)
      return S3Error(S3ErrorCode::request_time_too_skewed)
          .with("RequestTime", out_.claim.amz_date)
          .with("ServerTime", iso(opt_.now))
          .with("MaxAllowedSkewMilliseconds", std::to_string(opt_.max_skew_seconds * 1000));
    return std::nullopt;
  }
  const std::int64_t expires = out_.claim.expires.value_or(0);
  if (expires < 0)
    return S3Error(S3ErrorCode::authorization_query_parameters_error, "X-Amz-Expires must be non-negative");
  if (expires == 0)
    return S3Error(S3ErrorCode::authorization_query_parameters_error,
                   "X-Amz-Expires must be at least 1 second");
  if (expires > kMaxExpires)
    return S3Error(S3ErrorCode::authorization_query_parameters_error,
                   "X-Amz-Expires must be less than a week (in seconds) that is 604800");
  if (at > now + opt_.max_skew_seconds)
    return S3Error(S3ErrorCode::access_denied, "Request is not valid yet")
        .with("X-Amz-Date", out_.claim.amz_date)
        .with("ServerTime", iso(opt_.now));
  if (now > at + expires)
    return S3Error(S3ErrorCode::access_denied, "Request has expired")
        .with("X-Amz-Expires", std::to_string(expires))
        .with("Expires", iso(SigningTime::from_unix_seconds(at + expires)))
        .with("ServerTime", iso(opt_.now));
  return std::nullopt;
}

std::optional<S3Error> Verifier::Verification::check_credentials(const StoredCredential*& stored) {
  const std::string& ak = out_.claim.credential.access_key_id;
  if (ctx_.store_ != nullptr) {
    stored = ctx_.store_->find_entry(ak);
  } else {
    ctx_.looked_up_.reset();
    if (ctx_.lookup_) ctx_.looked_up_ = ctx_.lookup_(ak);
    stored = ctx_.looked_up_ ? &*ctx_.looked_up_ : nullptr;
  }
  if (stored == nullptr || stored->secret_access_key.empty())
    return S3Error(S3ErrorCode::invalid_access_key_id).with("AWSAccessKeyId", ak);
  const auto& given = out_.claim.security_token;
  if (stored->session_token) {
    if (!given)
      return S3Error(S3ErrorCode::missing_security_header).with("MissingHeaderName", "x-amz-security-token");
    if (!crypto::constant_time_equal(*given, stored->session_token->reveal()))
      return S3Error(S3ErrorCode::invalid_token);
  } else if (given) {
    return S3Error(S3ErrorCode::invalid_token);
  }
  if (stored->expiration &&
      opt_.now.unix_seconds() >=
          std::chrono::duration_cast<std::chrono::seconds>(stored->expiration->time_since_epoch()).count())
    return S3Error(S3ErrorCode::expired_token);
  return std::nullopt;
}

std::optional<S3Error> Verifier::Verification::check_signed_headers() {
  const auto& signed_list = out_.claim.signed_headers;
  auto is_signed = [&](std::string_view name) {
    return std::find(signed_list.begin(), signed_list.end(), name) != signed_list.end();
  };
  if (!is_signed("host"))
    return claim_error(out_.location, out_.location == AuthLocation::header
                                          ? "the SignedHeaders must include host"
                                          : "X-Amz-SignedHeaders must include host");
  if (known_.host.empty())
    return S3Error(S3ErrorCode::invalid_request, "Missing required header for this request: Host");
  // The signed list is lower case (the parser refuses anything else), so a case-insensitive match
  // against the received name needs no copy, and only the received name is lower-cased.
  auto is_signed_as_received = [&](std::string_view name) {
    return std::any_of(signed_list.begin(), signed_list.end(),
                       [&](const std::string& s) { return detail::iequals_lowered(name, s); });
  };
  const bool all_signed = std::all_of(req_.headers.begin(), req_.headers.end(), [&](const HeaderView& h) {
    return !starts_with_x_amz(h.name) || is_signed_as_received(h.name);
  });
  if (all_signed) return std::nullopt;
  std::vector<std::string> not_signed;  // only built to refuse
  for (const auto& h : req_.headers) {
    if (!starts_with_x_amz(h.name) || is_signed_as_received(h.name)) continue;
    std::string name = lower(h.name);
    if (std::find(not_signed.begin(), not_signed.end(), name) == not_signed.end())
      not_signed.push_back(std::move(name));
  }
  std::string unsigned_names;
  for (const auto& name : not_signed) unsigned_names += (unsigned_names.empty() ? "" : ", ") + name;
  if (!unsigned_names.empty())
    return S3Error(S3ErrorCode::access_denied,
                   "There were headers present in the request which were not signed")
        .with("HeadersNotSigned", unsigned_names);
  return std::nullopt;
}

std::optional<S3Error> Verifier::Verification::choose_payload_hash() {
  const auto& declared = known_.content_sha256;
  if (declared.count > 1)
    return S3Error(S3ErrorCode::invalid_argument, "x-amz-content-sha256 is repeated")
        .with("ArgumentName", "x-amz-content-sha256");
  std::optional<std::string_view> value;
  if (out_.location == AuthLocation::query && out_.claim.content_sha256)
    value = *out_.claim.content_sha256;
  else if (!declared.empty())
    value = declared.first;

  if (value) {
    if (!valid_payload_hash(*value))
      return S3Error(S3ErrorCode::invalid_argument,
                     "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                     "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, "
                     "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
                     "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a "
                     "valid sha256 value.")
          .with("ArgumentName", "x-amz-content-sha256")
          .with("ArgumentValue", std::string(value->substr(0, 128)));
    out_.payload_hash.assign(*value);
    return std::nullopt;
  }
  if (out_.location == AuthLocation::query) {
    // S3 presigned URLs sign UNSIGNED-PAYLOAD; other services the hash of the (usually empty) body.
    out_.payload_hash.assign(out_.s3_rules ? payload_literal(PayloadMode::unsigned_payload)
                                           : payload_sha256_.value_or(crypto::kEmptySha256Hex));
    return std::nullopt;
  }
  if (out_.s3_rules)
    return S3Error(S3ErrorCode::invalid_request,
                   "Missing required header for this request: x-amz-content-sha256");
  if (!payload_sha256_ || !valid_payload_hash(*payload_sha256_))
    return S3Error(S3ErrorCode::internal_error,
                   "verify_request needs the body's SHA-256 for a request without x-amz-content-sha256");
  out_.payload_hash.assign(*payload_sha256_);
  return std::nullopt;
}

std::optional<S3Error> Verifier::Verification::check_signature(const StoredCredential& stored) {
  // The context's settings are set field by field: constructing SigningSettings would copy the default
  // excluded-header list. The claim's signed-header list is lent to the settings for the call (swapped
  // in and back, whatever happens) rather than copied string by string.
  SigningSettings& settings = ctx_.settings_;
  settings.uri_encoding = out_.s3_rules ? UriEncoding::single_encode : UriEncoding::double_encode;
  settings.path_normalization = out_.s3_rules || opt_.rules == ServiceRules::generic_as_given
                                    ? PathNormalization::as_given
                                    : PathNormalization::normalize;
  settings.payload_mode = PayloadMode::precomputed;
  settings.payload_hash.assign(out_.payload_hash);
  settings.content_sha256_header = ContentSha256Header::omit;
  settings.location =
      out_.location == AuthLocation::header ? SignatureLocation::headers : SignatureLocation::query;
  settings.auth_inputs = AuthInputs::as_received;
  if (!settings.headers_to_sign) settings.headers_to_sign.emplace();
  if (settings.location == SignatureLocation::query) settings.expires_seconds = out_.claim.expires.value_or(1);
  settings.algorithm = out_.algorithm;

  const auto& c = out_.claim.credential;
  SigningResult& signed_result = ctx_.signed_;
  try {
    settings.headers_to_sign->swap(out_.claim.signed_headers);
    struct GiveBack {
      std::vector<std::string>& lent;
      std::vector<std::string>& owner;
      ~GiveBack() { lent.swap(owner); }
    } give_back{*settings.headers_to_sign, out_.claim.signed_headers};
    // The secret is viewed, not copied: Credentials would allocate (and leave a copy behind).
    sign_request(req_, Body(), CredentialsView{c.access_key_id, stored.secret_access_key.reveal(), {}},
                 SigningScope{out_.time, c.region, c.service}, settings, signed_result);
  } catch (const Error& e) {
    switch (e.code()) {
      case ErrorCode::malformed_percent_escape:
      case ErrorCode::malformed_url:
        return S3Error(S3ErrorCode::invalid_uri);
      case ErrorCode::invalid_method:
      case ErrorCode::invalid_header_name:
      case ErrorCode::invalid_header_value:
        return S3Error(S3ErrorCode::invalid_argument, e.what());
      default:
        return claim_error(out_.location, e.what());
    }
  }
  // Swapped, not moved: both buffers keep their capacity for the next call.
  out_.canonical_request.swap(signed_result.canonical_request);
  out_.string_to_sign.swap(signed_result.string_to_sign);
  bool match = false;
  if (out_.algorithm == SigningAlgorithm::hmac_sha256) {
    match = crypto::constant_time_equal(signed_result.signature, out_.claim.signature);
  } else {
    // SigV4a: no signature to recompute (ECDSA is randomised); the claim must verify with the public key
    // of the stored secret. Verification uses only public data, so it needs no constant-time compare.
    try {
      out_.public_key = sigv4a_public_key(c.access_key_id, stored.secret_access_key.reveal());
    } catch (const Error& e) {
      return S3Error(S3ErrorCode::internal_error, e.what());
    }
    match = out_.public_key.verify_sha256_hex(out_.string_to_sign, out_.claim.signature);
    signed_result.signature.assign(out_.claim.signature);
  }
  if (!match)
    return S3Error(S3ErrorCode::signature_does_not_match)
        .with("AWSAccessKeyId", c.access_key_id)
        .with("StringToSign", out_.string_to_sign)
        .with("SignatureProvided", out_.claim.signature)
        .with("StringToSignBytes", s3_bytes_dump(out_.string_to_sign))
        .with("CanonicalRequest", out_.canonical_request)
        .with("CanonicalRequestBytes", s3_bytes_dump(out_.canonical_request));
  out_.signature.swap(signed_result.signature);
  // The key for the chunk chain; SigV4a chains verify with out_.public_key instead. verify() leaves the
  // previous success's key in place, and a server sees the same key request after request: when the
  // signer's kSigning bytes are that key's, its HMAC states are too (they are a function of the bytes),
  // and nothing needs doing. Otherwise it comes from the cache that just signed (a lookup, ~40 ns, no
  // derivation). Compared in constant time: both are secrets.
  if (out_.algorithm == SigningAlgorithm::hmac_sha256 &&
      !crypto::detail::bytes_equal_constant_time(out_.signing_key.bytes().data(),
                                                 signed_result.signing_key.data(),
                                                 signed_result.signing_key.size()))
    out_.signing_key = cached_signing_key_ref(stored.secret_access_key.reveal(), c.date, c.region, c.service);
  return std::nullopt;
}

const VerifyResult& Verifier::verify(const RequestView& request, const VerifyOptions& options,
                                     std::optional<std::string_view> payload_sha256) {
  // Reset every field, keeping the strings' storage.
  VerifyResult& r = result_;
  r.error.reset();
  r.location = AuthLocation::none;
  r.time = SigningTime();
  r.credential_scope.clear();
  r.payload_hash.clear();
  r.s3_rules = true;
  r.canonical_request.clear();
  r.string_to_sign.clear();
  r.signature.clear();
  // r.signing_key is kept until the outcome is known (check_signature reuses it when the key is the
  // same); every outcome but a SigV4 success clears it below, so no call reports a stale key.
  r.algorithm = SigningAlgorithm::hmac_sha256;
  r.region_set.clear();
  r.public_key = crypto::EcdsaP256PublicKey();
  Verification v(*this, request, options, payload_sha256);
  try {
    r.error = v.run();
  } catch (...) {  // a CredentialLookup's exception or bad_alloc: no key from an earlier call either
    r.signing_key = SigningKey();
    throw;
  }
  if (r.error || r.algorithm != SigningAlgorithm::hmac_sha256) r.signing_key = SigningKey();
  return r;
}

VerifyResult verify_request(const RequestView& request, const CredentialLookup& credentials,
                            const VerifyOptions& options, std::optional<std::string_view> payload_sha256) {
  Verifier verifier(credentials);
  verifier.verify(request, options, payload_sha256);
  return std::move(verifier.result());
}

}  // namespace sigv4
