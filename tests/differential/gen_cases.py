#!/usr/bin/python3
"""Generates the cases of the differential test: random, adversarial SigV4 requests, one JSON object a line.

The same seed always gives the same cases (only Python's `random.Random(seed)` is used). Each case is a
request as an AWS SDK would put it on the wire, plus how to sign it:

  id            case number
  method        upper-case HTTP token
  scheme        "https" or "http"
  host          Host header value (also the URL authority)
  path          the path exactly as on the wire: percent-encoded, adversarial
  query_wire    the query exactly as on the wire (what our library receives), encoded in odd but valid ways
  query         the same parameters decoded, [[key, value], ...] in wire order (what botocore and smithy
                receive: their request models hold decoded parameters)
  headers       [[name, value], ...] in order, repeats included, Host first
  body_hex      the body bytes in hex
  region, service, time ("YYYYMMDDTHHMMSSZ"), access_key, secret_key, session_token (or null)
  rules         "s3" (single encoding, no normalisation, x-amz-content-sha256 signed) or "default"
  location      "headers" (Authorization header) or "query" (presigned URL)
  expires       X-Amz-Expires for query signing
  payload       "body" (hex SHA-256 of the body), "unsigned" (UNSIGNED-PAYLOAD) or
                "streaming_unsigned_trailer" (STREAMING-UNSIGNED-PAYLOAD-TRAILER, S3 header signing only)

Every case is one where the SigV4 rules give one answer and all three signers can express the request.
Where the peers differ from each other or from the rules, the generator stays out of the way; each such
exclusion is written next to the code that makes it, marked "EXCLUSION".

Usage: gen_cases.py [--seed N] [--count N] > cases.jsonl
"""

import argparse
import datetime
import hashlib
import json
import random
import sys
from urllib.parse import unquote_to_bytes

UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
SUB_DELIMS = set("!$&'()*+,;=")

# Characters the decoded texts (path segments, query keys and values) are drawn from, by class.
ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
UNRESERVED_PUNCT = "-._~"
RESERVED = "!$&'()*+,;=:/?#[]@"
OTHER_ASCII = " \"%<>\\^`{|}"
# Non-ASCII text: Latin, Cyrillic, CJK, Hangul, Arabic, Hebrew, symbols, a combining accent, a
# zero-width joiner, and characters outside the BMP (4 UTF-8 bytes, a surrogate pair in JavaScript).
NON_ASCII = ["é", "ß", "ø", "Æ", "Ж", "ж", "日", "本", "語", "한", "국", "ع", "ر", "ש", "Ω", "€", "£", "©", "™",
             "°", "±", "µ", "¿", "ÿ", "œ", "Š", "\u0301", "\u200d", "😀", "🚀", "𝄞", "\U0010fffd"]
# Control characters are fine inside query keys and values (they are percent-encoded on the wire).
CONTROLS = ["\x00", "\x01", "\t", "\n", "\r", "\x1f", "\x7f"]

# Header values: visible ASCII plus non-ASCII text, with space and tab as the only whitespace.
# EXCLUSION: other whitespace in header values. botocore trims and collapses with str.split(), which
# also treats U+001C..U+001F, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and
# U+3000 as whitespace; @smithy/signature-v4 (like this library and the AWS documentation's "spaces") only
# SP and HTAB (older smithy versions used JavaScript's \s, which differs again). No unambiguous answer
# exists, so header values never contain them. CR and LF occur only as obs-fold line breaks ("a\r\n  b",
# RFC 9112 5.2), which all three read as a space. Vertical tab, form feed and other controls are not
# valid in a header value (this library refuses them, botocore collapses them, smithy keeps them).
# U+FEFF and U+200B are not whitespace to any of the three, and are generated.
HEADER_VISIBLE = "".join(chr(c) for c in range(0x21, 0x7F))
HEADER_NON_ASCII = [c for c in NON_ASCII if c not in ("\u0301", "\u200d")] + ["ä", "ñ", "ç", "\u00e6",
                                                                               "\ufeff", "\u200b"]
# EXCLUSION: header values that are not UTF-8 (obs-text bytes such as a lone 0xE9). botocore and smithy
# take header values as strings and sign their UTF-8 encoding, so they cannot express such bytes.

# Header names never generated.
# EXCLUSION: the signers' never-signed lists differ (botocore: expect, user-agent, x-amzn-trace-id;
# smithy: authorization, cache-control, connection, expect, from, keep-alive, max-forwards, pragma,
# referer, te, trailer, transfer-encoding, upgrade, user-agent, x-amzn-trace-id, proxy-*, sec-*; this
# library: sigv4::default_excluded_headers()). Which headers a client leaves unsigned is each client's
# policy, not a SigV4 rule, so only headers every one of them signs are generated.
# EXCLUSION: headers the signers manage themselves: authorization, x-amz-date, x-amz-security-token
# (replaced by each signer); date (botocore replaces a Date header by the signing time and then adds no
# X-Amz-Date, smithy drops it, this library signs it); x-amz-content-sha256 except as made by
# content_sha256_header() below (botocore's S3 signer replaces it, smithy and this library use its value
# as the payload hash; with S3 rules, or with a value other than the body's hash, there is no one answer).
NEVER_GENERATED_HEADERS = {
    "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "date", "host",
    "expect", "user-agent", "x-amzn-trace-id", "cache-control", "connection", "from", "keep-alive",
    "max-forwards", "pragma", "referer", "te", "trailer", "transfer-encoding", "upgrade",
    "proxy-authenticate", "proxy-authorization", "proxy-connection",
    # EXCLUSION: "__proto__" cannot be an ordinary key of a JavaScript object (smithy's header map).
    "__proto__",
}
NEVER_GENERATED_HEADER_PREFIXES = ("proxy-", "sec-")

# EXCLUSION: query keys that are SigV4 authentication parameters, in presigned URLs (in any case), and
# X-Amz-Signature everywhere. A request that already carries them is a verification case, not a signing
# one: botocore's presigner overwrites them through a dict, smithy keeps both spellings of a key that
# differ in case and never signs "x-amz-signature" (not even in header signing), this library replaces
# them. Header-signed requests do get the other names (e.g. a stray "X-Amz-Date=1"): a plain parameter.
AUTH_QUERY_KEYS = {"x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires",
                   "x-amz-signedheaders", "x-amz-security-token", "x-amz-signature"}

# EXCLUSION: lower-case methods. botocore upper-cases the method in the canonical request, smithy and
# this library sign it as sent (methods are case-sensitive, RFC 9110 9.1); SDKs send upper case.
METHODS = ["GET", "GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS", "PROPFIND", "M-SEARCH", "X_CUSTOM.1"]
HOSTS = ["example.amazonaws.com", "examplebucket.s3.amazonaws.com", "s3.eu-west-3.amazonaws.com",
         "localhost:9000", "127.0.0.1:8080", "[::1]:8443", "api.Example.COM", "a-b.c_d.example"]
REGIONS = ["us-east-1", "eu-west-3", "ap-southeast-2", "cn-north-1", "us-gov-west-1", "il-central-1"]
SERVICES = ["execute-api", "dynamodb", "sts", "iam", "lambda", "es", "aoss", "sqs", "monitoring", "service"]
HEADER_NAMES = ["Content-Type", "content-md5", "Accept", "If-Match", "Range", "X-Amz-Acl", "x-amz-storage-class",
                "X-Amz-Meta-Owner", "x-amz-meta-", "X-Custom", "x-a", "My-Header1", "ETag", "Content-Language"]
TCHAR_PUNCT = "!#$%&'*+-.^_`|~"
QUERY_KEYS = ["X-Amz-Date", "x-amz-credential", "X-Amz-Security-Token", "prefix", "list-type", "versionId", "acl",
              "uploads", "delimiter", "max-keys", "Action", "a", "A", "a-b", "a.b", "a_b", "a~b", "b", "Z", "0", "~",
              "X-Amz-Meta"]


def ascii_case_shuffle(rng, s):
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in s)


def random_text(rng, max_len, classes):
    """Decoded text from the given character classes (weights), 0..max_len characters."""
    n = rng.randint(0, max_len)
    pools = [p for p, _ in classes]
    weights = [w for _, w in classes]
    out = []
    for _ in range(n):
        pool = rng.choices(pools, weights)[0]
        out.append(rng.choice(pool))
    return "".join(out)


def percent_escape(rng, byte):
    # Hex digits in either case are valid escapes (RFC 3986 2.1); SDKs write upper case.
    text = "%{:02X}".format(byte)
    return text.lower() if rng.random() < 0.2 else text


def encode_path_segment(rng, text):
    """One decoded path segment as an SDK (or a hand-written client) might send it: percent-encoded, with
    the characters RFC 3986 allows raw in a segment sometimes left raw and unreserved ones sometimes
    (needlessly) escaped. Never produces '/' (which would split the segment), '?' or '#'."""
    out = []
    for ch in text:
        raw = ch.encode("utf-8")
        if len(raw) == 1 and ch in UNRESERVED:
            out.append(ch if rng.random() < 0.9 else percent_escape(rng, raw[0]))
        elif len(raw) == 1 and (ch in SUB_DELIMS or ch in ":@"):
            out.append(ch if rng.random() < 0.5 else percent_escape(rng, raw[0]))
        else:
            out.extend(percent_escape(rng, b) for b in raw)
    return "".join(out)


def make_path(rng):
    """A wire path: "/" followed by segments; dot segments and empty segments for both rule sets (S3 signs
    them as given, other services normalise them away)."""
    segments = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4, 6])):
        kind = rng.random()
        if kind < 0.08:
            segments.append("")  # "//"
        elif kind < 0.14:
            segments.append(".")
        elif kind < 0.22:
            segments.append("..")
        elif kind < 0.26:
            # Escaped dots are not dot segments (RFC 3986 5.2.4 works on the encoded path).
            segments.append(rng.choice(["%2E", "%2e%2E", "...", ".a", "..b", "%2E."]))
        else:
            text = random_text(rng, 12, [(ASCII_LETTERS, 8), (UNRESERVED_PUNCT, 2), (RESERVED, 3),
                                         (OTHER_ASCII, 2), (NON_ASCII, 2)])
            segments.append(encode_path_segment(rng, text))
    path = "/" + "/".join(segments)
    if segments and rng.random() < 0.25:
        path += "/"
    # EXCLUSION: an empty path. botocore's S3 signers sign the path of "https://host" as "" where the rules
    # (and this library, and smithy, whose request model turns "" into "/") say "/"; an origin-form request
    # target is never empty anyway.
    return path


def encode_query_text(rng, text, is_key):
    """A decoded query key or value on the wire. '+' is sometimes raw (SigV4 reads it as a literal plus,
    not a space); '=' is raw only in values (the first '=' splits key from value); '&', '#', '%', space
    and controls are always escaped."""
    out = []
    for ch in text:
        raw = ch.encode("utf-8")
        if len(raw) > 1:
            out.extend(percent_escape(rng, b) for b in raw)
        elif ch in UNRESERVED:
            out.append(ch if rng.random() < 0.85 else percent_escape(rng, raw[0]))
        elif ch == "=" and is_key:
            out.append(percent_escape(rng, raw[0]))
        elif ch in "!$'()*+,;=:@/?":
            out.append(ch if rng.random() < 0.5 else percent_escape(rng, raw[0]))
        else:
            out.append(percent_escape(rng, raw[0]))
    return "".join(out)


def query_text(rng, max_len):
    return random_text(rng, max_len, [(ASCII_LETTERS, 8), (UNRESERVED_PUNCT, 2), (RESERVED, 3), (OTHER_ASCII, 2),
                                      (NON_ASCII, 2), (CONTROLS, 1)])


def make_query(rng, presign):
    """Decoded parameters [[k, v], ...] and their wire form. Repeated keys (with equal or different
    values), empty keys, empty values and keys without '=' are all generated.
    EXCLUSION: decoded bytes that are not UTF-8 ("%FF"): botocore and smithy take text parameters."""
    # EXCLUSION: repeated query keys in presigned URLs. botocore's presigner passes the parameters through
    # a dict, so a key cannot repeat there (header signing takes repeated keys, and they are generated).
    unique_keys = presign
    params = []
    # Mostly a few parameters; now and then many (sorting with many equal keys and shared prefixes).
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 8]) if rng.random() < 0.98 else rng.randint(20, 60)):
        r = rng.random()
        if params and not unique_keys and r < 0.2:
            key = rng.choice(params)[0]  # a repeated key
        elif r < 0.5:
            key = rng.choice(QUERY_KEYS)
        elif r < 0.55:
            key = ""
        else:
            key = query_text(rng, 10)
        if (presign and key.lower() in AUTH_QUERY_KEYS) or key.lower() == "x-amz-signature" or key == "__proto__":
            continue
        if unique_keys and any(k == key for k, _ in params):
            continue
        r = rng.random()
        if r < 0.2:
            value = ""
        elif params and r < 0.3:
            value = rng.choice(params)[1]
        else:
            value = query_text(rng, 16)
        params.append([key, value])
    wire = []
    for key, value in params:
        k = encode_query_text(rng, key, is_key=True)
        if value == "" and key != "" and rng.random() < 0.5:
            wire.append(k)  # a key without '=' has an empty value
        else:
            wire.append(k + "=" + encode_query_text(rng, value, is_key=False))
    # EXCLUSION: empty parts ("a=1&&b=2", a leading or trailing '&'). botocore signs an empty part as "="
    # (an empty key), this library and smithy drop it; the SigV4 documentation does not say. Never generated.
    return params, "&".join(wire)


def decode_wire_query(wire):
    """The SigV4 reading of a wire query, used to check that the generator's two forms agree."""
    if not wire:
        return []
    out = []
    for part in wire.split("&"):
        key, _, value = part.partition("=")
        out.append([unquote_to_bytes(key).decode("utf-8"), unquote_to_bytes(value).decode("utf-8")])
    return out


def header_name(rng, taken):
    for _ in range(20):
        r = rng.random()
        if r < 0.5:
            name = rng.choice(HEADER_NAMES)
            if name.endswith("-"):
                name += random_text(rng, 6, [(ASCII_LETTERS, 1)]) or "x"
        elif r < 0.8:
            name = "x-" + random_text(rng, 10, [(ASCII_LETTERS, 6), ("-_.", 1)]) + "z"
        else:
            name = "X" + random_text(rng, 8, [(ASCII_LETTERS, 3), (TCHAR_PUNCT, 2)]) + "1"
        name = ascii_case_shuffle(rng, name) if rng.random() < 0.4 else name
        lower = name.lower()
        if lower in NEVER_GENERATED_HEADERS or lower.startswith(NEVER_GENERATED_HEADER_PREFIXES):
            continue
        if lower in taken:
            continue
        return name
    return "X-Fallback-" + str(len(taken))


def whitespace(rng, max_len=4):
    return "".join(rng.choice(" \t") for _ in range(rng.randint(1, max_len)))


def header_core(rng):
    """A header value without leading or trailing whitespace, possibly with inner runs of SP/HTAB and
    obs-fold line breaks (CRLF or a bare LF, then SP/HTAB), which the rules read as one space."""
    words = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        words.append(random_text(rng, 10, [(HEADER_VISIBLE, 8), (HEADER_NON_ASCII, 1)]) or "v")
    text = ""
    for i, w in enumerate(words):
        if i:
            r = rng.random()
            if r < 0.5:
                text += " "
            elif r < 0.95:
                text += whitespace(rng)
            else:
                text += (whitespace(rng) if rng.random() < 0.3 else "") + rng.choice(["\r\n", "\n"]) + whitespace(rng)
        text += w
    return text


def make_headers(rng, host):
    # The Host header: the name in any case, the value sometimes with whitespace to trim.
    host_value = host
    if rng.random() < 0.1:
        host_value = whitespace(rng) + host + (whitespace(rng) if rng.random() < 0.5 else "")
    headers = [[rng.choice(["Host", "Host", "host", "HOST"]), host_value]]
    taken = {"host"}
    for _ in range(rng.choice([0, 1, 2, 2, 3, 4, 6]) if rng.random() < 0.98 else rng.randint(15, 40)):
        name = header_name(rng, taken)
        taken.add(name.lower())
        # Repeated headers: the same name (in any case) 1..3 times, joined with ',' in order by the rules.
        repeats = rng.choice([1, 1, 1, 1, 2, 3])
        values = [header_core(rng) for _ in range(repeats)]
        # Odd whitespace: leading and trailing runs (spaces and tabs) are trimmed, inner runs collapse.
        # EXCLUSION: whitespace next to the ',' that joins repeated values. smithy's request model holds one
        # string per name, so its caller joins the values; trimming the joined string leaves " , " where
        # the rules (and botocore, and this library) trim each value first. So only the first value of a
        # repeated header gets leading whitespace and only the last one trailing whitespace.
        if rng.random() < 0.4:
            values[0] = whitespace(rng) + values[0]
        if rng.random() < 0.4:
            values[-1] = values[-1] + whitespace(rng)
        for v in values:
            spelled = name if rng.random() < 0.6 else ascii_case_shuffle(rng, name)
            headers.append([spelled, v])
    # Headers of different names are sent in any order; signing sorts them.
    rest = headers[1:]
    if rng.random() < 0.5:
        # Shuffle while keeping each name's values in order (their order is significant).
        groups = {}
        for h in rest:
            groups.setdefault(h[0].lower(), []).append(h)
        order = [h[0].lower() for h in rest]
        rng.shuffle(order)
        rest = [groups[n].pop(0) for n in order]
    return [headers[0]] + rest


def content_sha256_header(rng, body):
    """An X-Amz-Content-SHA256 header the caller set to the body's real hash (hashlib's), as SDKs do for
    services other than S3 that want it: every signer must sign it and use it as the payload hash."""
    name = rng.choice(["X-Amz-Content-SHA256", "x-amz-content-sha256", "X-Amz-Content-Sha256"])
    return [name, hashlib.sha256(body).hexdigest()]


def signing_time(rng):
    seconds = rng.randint(946684800, 4102444799)  # 2000-01-01 .. 2099-12-31
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def credentials(rng):
    if rng.random() < 0.8:
        access = rng.choice(["AKIA", "ASIA"]) + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    else:
        access = "".join(rng.choice(ASCII_LETTERS + "+=_.-") for _ in range(rng.randint(1, 30)))
    b64 = ASCII_LETTERS + "+/"
    secret = "".join(rng.choice(b64) for _ in range(40))
    if rng.random() < 0.05:
        secret = "sécret/" + "".join(rng.choice(NON_ASCII[:20]) for _ in range(5)) + secret[:10]
    token = None
    if rng.random() < 0.35:
        token = "".join(rng.choice(b64) for _ in range(rng.randint(16, 400))) + rng.choice(["", "=", "=="])
    return access, secret, token


def make_case(rng, case_id):
    rules = "s3" if rng.random() < 0.5 else "default"
    location = "query" if rng.random() < 0.3 else "headers"
    scheme = "https" if rng.random() < 0.7 else "http"
    if location == "query":
        # S3 presigned URLs use UNSIGNED-PAYLOAD (botocore's S3 presigner always does); other services'
        # presigned URLs sign the (empty) body's hash or, when asked, UNSIGNED-PAYLOAD.
        payload = "unsigned" if rules == "s3" or rng.random() < 0.3 else "body"
    else:
        r = rng.random()
        payload = "unsigned" if r < 0.3 else "body"
        if rules == "s3" and r > 0.9:
            # S3 aws-chunked uploads with an unsigned trailer (the AWS SDKs' default for checksums over
            # TLS). EXCLUSION: other services, where botocore signs this payload hash without adding the
            # x-amz-content-sha256 header that the others add and sign (no documented rule says which).
            payload = "streaming_unsigned_trailer"
    if rules == "default" and payload == "unsigned" and location == "query":
        # EXCLUSION: presigned URLs with UNSIGNED-PAYLOAD over plain http for services other than S3.
        # botocore's SigV4QueryAuth signs the (empty) body's hash whenever the URL is not https, even when
        # told not to. (Header signing is fine: there the X-Amz-Content-SHA256 header it adds wins.)
        scheme = "https"
    host = rng.choice(HOSTS)
    method = rng.choice(METHODS)
    path = make_path(rng)
    query, query_wire = make_query(rng, presign=(location == "query"))
    headers = make_headers(rng, host)
    if location == "query":
        # EXCLUSION: a body in presigned requests. botocore's presigner moves a body into the query string
        # (it presigns query-protocol API calls: the form or JSON body becomes parameters), which is not
        # SigV4 and not what the others do.
        body = b""
        # EXCLUSION: botocore's presigner deletes this exact Content-Type (its own serializer's default).
        headers = [h for h in headers if not (h[0].lower() == "content-type" and
                                               h[1] == "application/x-www-form-urlencoded; charset=utf-8")]
    else:
        # Mostly small bodies; a few larger than the library's 64 KiB read size and SHA-256's many blocks.
        body = rng.randbytes(rng.choice([0, 0, 1, 7, 55, 56, 64, 300, 4096]) if rng.random() < 0.98
                             else rng.randint(65536, 200000))
        if rules == "default" and payload == "body" and rng.random() < 0.1:
            headers.append(content_sha256_header(rng, body))
    access, secret, token = credentials(rng)
    region = rng.choice(REGIONS) if rng.random() < 0.7 else random_text(
        rng, 20, [("abcdefghijklmnopqrstuvwxyz0123456789", 6), ("-", 1)]) or "r"
    service = "s3" if rules == "s3" else (rng.choice(SERVICES) if rng.random() < 0.8 else random_text(
        rng, 12, [("abcdefghijklmnopqrstuvwxyz0123456789", 6), ("-", 1)]) or "svc")
    expires = rng.choice([1, 60, 3600, 86400, 604800, rng.randint(1, 604800)])
    assert decode_wire_query(query_wire) == query, (query_wire, query)
    return {
        "id": case_id, "method": method, "scheme": scheme, "host": host, "path": path,
        "query_wire": query_wire, "query": query, "headers": headers, "body_hex": body.hex(),
        "region": region, "service": service, "time": signing_time(rng),
        "access_key": access, "secret_key": secret, "session_token": token,
        "rules": rules, "location": location, "expires": expires, "payload": payload,
    }


def generate(seed, count):
    rng = random.Random(seed)
    return [make_case(rng, i) for i in range(count)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=20150830)
    ap.add_argument("--count", type=int, default=2500)
    args = ap.parse_args()
    out = sys.stdout
    for case in generate(args.seed, args.count):
        out.write(json.dumps(case) + "\n")


if __name__ == "__main__":
    main()
