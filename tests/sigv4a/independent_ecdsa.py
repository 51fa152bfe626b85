#!/usr/bin/python3
"""Independent SigV4a oracle: the key derivation written from AWS's description in plain Python
(hmac, hashlib, int), and ECDSA P-256 from the `cryptography` package (Debian's python3-cryptography,
OpenSSL underneath but none of this library's code).

  verify FILE   FILE holds JSON lines {access_key, secret, canonical_request, string_to_sign, signature}
                produced by this library. For each: the string to sign's last line must be
                hex(SHA-256(canonical request)), the signature must verify under the key derived here,
                and must not verify for a tampered string to sign. Prints "N passed, M failed".
  sign FILE     FILE holds JSON lines {access_key, secret, message}. For each, prints a JSON line
                {x, y, signature}: the derived public key and a DER signature (hex) of SHA-256(message)
                made by `cryptography`, for the library to verify.
  verify-chunks FILE
                FILE holds JSON lines {access_key, secret, amz_date, scope, seed_signature, trailer_mode,
                data_b64, wire_b64}: an aws-chunked body (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD[-TRAILER])
                produced by this library. The framing is parsed here; every chunk signature (and the
                trailer signature) must be DER hex right-padded with '*' to 144 characters and verify
                over the chunk string to sign built here from the S3/aws-c-auth rule, chained from the
                unpadded previous signature; the decoded data must equal data_b64. Prints
                "N passed, M failed, K signatures verified".
"""
import base64
import hashlib
import hmac
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

# NIST P-256 group order (FIPS 186-4, D.1.2.3).
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
LABEL = b"AWS4-ECDSA-P256-SHA256"


def derive_private_value(access_key: str, secret: str) -> int:
    """NIST SP 800-108 counter-mode KDF, HMAC-SHA256, one 256-bit block, as AWS specifies for SigV4a."""
    key = b"AWS4A" + secret.encode()
    for counter in range(1, 255):
        fixed_input = (
            (1).to_bytes(4, "big")  # block index i = 1
            + LABEL
            + b"\x00"
            + access_key.encode()
            + bytes([counter])
            + (256).to_bytes(4, "big")  # L = 256 bits
        )
        candidate = int.from_bytes(hmac.new(key, fixed_input, hashlib.sha256).digest(), "big")
        if candidate <= P256_N - 2:
            return candidate + 1
    raise ValueError("no valid SigV4a key in 254 counters")


def private_key(access_key: str, secret: str) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(derive_private_value(access_key, secret), ec.SECP256R1())


def verify(path: str) -> int:
    passed = failed = 0
    for line_number, line in enumerate(open(path, encoding="utf-8"), 1):
        case = json.loads(line)
        problems = []
        public = private_key(case["access_key"], case["secret"]).public_key()
        sts = case["string_to_sign"]
        expected_hash = hashlib.sha256(case["canonical_request"].encode("utf-8", "surrogateescape")).hexdigest()
        if sts.split("\n")[-1] != expected_hash:
            problems.append("string to sign does not end in SHA-256(canonical request)")
        if not sts.startswith("AWS4-ECDSA-P256-SHA256\n"):
            problems.append("string to sign does not start with the SigV4a algorithm")
        signature = bytes.fromhex(case["signature"])
        try:
            public.verify(signature, sts.encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            problems.append("signature does not verify")
        try:
            public.verify(signature, (sts + "x").encode(), ec.ECDSA(hashes.SHA256()))
            problems.append("signature verifies for a tampered string to sign")
        except InvalidSignature:
            pass
        if problems:
            failed += 1
            print(f"case {line_number}: " + "; ".join(problems), file=sys.stderr)
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def sign(path: str) -> int:
    for line in open(path, encoding="utf-8"):
        case = json.loads(line)
        key = private_key(case["access_key"], case["secret"])
        numbers = key.public_key().public_numbers()
        signature = key.sign(case["message"].encode(), ec.ECDSA(hashes.SHA256()))
        print(json.dumps({"x": f"{numbers.x:064x}", "y": f"{numbers.y:064x}", "signature": signature.hex()}))
    return 0


EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def check_chunked_body(case, public) -> (list, int):
    """Parses and verifies one aws-chunked SigV4a body; returns (problems, signatures verified)."""
    wire = base64.b64decode(case["wire_b64"])
    expected = base64.b64decode(case["data_b64"])
    prefix = lambda algorithm, previous: "\n".join([algorithm, case["amz_date"], case["scope"], previous]) + "\n"
    previous = case["seed_signature"]
    data = b""
    verified = 0
    at = 0

    def check(wire_signature: bytes, string_to_sign: str) -> str:
        nonlocal previous, verified
        text = wire_signature.decode()
        if len(text) != 144:
            raise ValueError(f"signature of {len(text)} characters, not 144")
        der_hex = text.rstrip("*")
        if "*" in der_hex or len(der_hex) % 2:
            raise ValueError("signature is not hex right-padded with '*'")
        try:
            public.verify(bytes.fromhex(der_hex), string_to_sign.encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise ValueError(f"signature {verified} does not verify")
        verified += 1
        previous = der_hex
        return der_hex

    while True:
        eol = wire.index(b"\r\n", at)
        size_text, _, signature = wire[at:eol].partition(b";chunk-signature=")
        size = int(size_text, 16)
        chunk = wire[eol + 2:eol + 2 + size]
        at = eol + 2 + size
        check(signature, prefix("AWS4-ECDSA-P256-SHA256-PAYLOAD", previous) + EMPTY_SHA256 + "\n" +
              hashlib.sha256(chunk).hexdigest())
        data += chunk
        if size == 0:
            break
        if wire[at:at + 2] != b"\r\n":
            raise ValueError("chunk data not followed by CRLF")
        at += 2
    if case["trailer_mode"]:
        canonical = ""
        while True:
            eol = wire.index(b"\r\n", at)
            line = wire[at:eol].decode()
            at = eol + 2
            if line == "":
                break
            name, _, value = line.partition(":")
            if name.lower() == "x-amz-trailer-signature":
                check(value.encode(), prefix("AWS4-ECDSA-P256-SHA256-TRAILER", previous) +
                      hashlib.sha256(canonical.encode()).hexdigest())
            else:
                canonical += name.lower() + ":" + value.strip() + "\n"
        if not canonical:
            raise ValueError("no trailing checksum")
    else:
        if wire[at:at + 2] != b"\r\n":
            raise ValueError("final chunk not followed by CRLF")
        at += 2
    if at != len(wire):
        raise ValueError("bytes after the end of the body")
    if data != expected:
        raise ValueError("decoded data differs")
    return [], verified


def verify_chunks(path: str) -> int:
    passed = failed = signatures = 0
    for line_number, line in enumerate(open(path, encoding="utf-8"), 1):
        case = json.loads(line)
        public = private_key(case["access_key"], case["secret"]).public_key()
        try:
            _, verified = check_chunked_body(case, public)
            signatures += verified
            passed += 1
        except (ValueError, IndexError) as e:
            failed += 1
            print(f"case {line_number}: {e}", file=sys.stderr)
    print(f"{passed} passed, {failed} failed, {signatures} signatures verified")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    commands = {"verify": verify, "sign": sign, "verify-chunks": verify_chunks}
    if len(sys.argv) != 3 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]](sys.argv[2]))
