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
"""
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


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("verify", "sign"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(verify(sys.argv[2]) if sys.argv[1] == "verify" else sign(sys.argv[2]))
