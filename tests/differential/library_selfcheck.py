#!/usr/bin/python3
"""The differential test's cases signed by the library alone, checked against Python's hashlib and hmac.

Needs no peer, so it also runs in the ASan+UBSan build (where the botocore/smithy comparison is skipped):
every adversarial case of gen_cases.py goes through the library under the sanitizers, through
sign_request() and through HttpRequest::from_url() + sign_in_place(). For each case:
  - signing succeeds;
  - the canonical request starts with the method and ends with the payload hash the case asks for
    (hashlib's SHA-256 of the body, the empty body's for presigned URLs, or the literal);
  - the string to sign is "AWS4-HMAC-SHA256\\n<time>\\n<scope>\\n" + hashlib's SHA-256 of the canonical
    request;
  - the signature is the HMAC-SHA256 chain (AWS4+secret, date, region, service, aws4_request) over the
    string to sign, computed with hmac;
  - the Authorization value, or the X-Amz-* parameters of a presigned URL, carry exactly those values;
  - round trip: the signed request (the case plus the headers or parameters the library said to add),
    recomputed with AuthInputs::as_received and the SignedHeaders it carries, gives the same canonical
    request and signature.
The canonicalisation itself is what run_differential.py compares with botocore and smithy.

Usage: library_selfcheck.py --library-driver DRIVER [--seed N] [--count N]
"""

import argparse
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gen_cases  # noqa: E402
from run_differential import received_request  # noqa: E402

LITERALS = {"unsigned": "UNSIGNED-PAYLOAD", "streaming_unsigned_trailer": "STREAMING-UNSIGNED-PAYLOAD-TRAILER"}


def expected_payload_hash(case):
    if case["payload"] in LITERALS:
        return LITERALS[case["payload"]]
    return hashlib.sha256(bytes.fromhex(case["body_hex"])).hexdigest()


def signature(secret, date, region, service, string_to_sign):
    key = ("AWS4" + secret).encode("utf-8")
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def problems_of(case, r):
    if "error" in r:
        return [f"signing failed: {r['error']}"]
    out = []
    creq = r["canonical_request"]
    lines = creq.split("\n")
    if lines[0] != case["method"]:
        out.append(f"canonical request starts with {lines[0]!r}, not the method")
    if lines[-1] != expected_payload_hash(case):
        out.append(f"payload hash {lines[-1]!r}, expected {expected_payload_hash(case)!r}")
    scope = f'{case["time"][:8]}/{case["region"]}/{case["service"]}/aws4_request'
    sts = "\n".join(["AWS4-HMAC-SHA256", case["time"], scope, hashlib.sha256(creq.encode("utf-8")).hexdigest()])
    if r["string_to_sign"] != sts:
        out.append(f"string to sign {r['string_to_sign']!r}, expected {sts!r}")
    sig = signature(case["secret_key"], case["time"][:8], case["region"], case["service"], sts)
    if r["signature"] != sig:
        out.append(f"signature {r['signature']}, hmac gives {sig}")
    signed_headers = lines[-2]
    credential = f'{case["access_key"]}/{scope}'
    if case["location"] == "headers":
        auth = f"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders={signed_headers}, Signature={sig}"
        if r.get("authorization") != auth:
            out.append(f"Authorization {r.get('authorization')!r}, expected {auth!r}")
    else:
        params = [["X-Amz-Algorithm", "AWS4-HMAC-SHA256"], ["X-Amz-Credential", credential],
                  ["X-Amz-Date", case["time"]], ["X-Amz-Expires", str(case["expires"])],
                  ["X-Amz-Signature", sig], ["X-Amz-SignedHeaders", signed_headers]]
        if case["session_token"] is not None:
            params.append(["X-Amz-Security-Token", case["session_token"]])
        if r.get("presign_params") != sorted(params):
            out.append(f"presign params {r.get('presign_params')!r}, expected {sorted(params)!r}")
    return out


def run(driver, mode, lines, timeout):
    with tempfile.TemporaryFile("w+b") as f:
        for line in lines:
            f.write((json.dumps(line) + "\n").encode("utf-8"))
        f.seek(0)
        proc = subprocess.run([driver, *mode], stdin=f, capture_output=True, timeout=timeout)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"FAIL: the library driver {' '.join(mode)} exited with {proc.returncode}")
    results = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        r = json.loads(line)
        results[r["id"]] = r
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--library-driver", required=True)
    ap.add_argument("--seed", type=int, default=20150830)
    ap.add_argument("--count", type=int, default=2500)
    ap.add_argument("--timeout", type=int, default=600)
    args = ap.parse_args()
    cases = gen_cases.generate(args.seed, args.count)
    failed = False
    signed = {}
    for mode, entry in (([], "sign_request()"), (["--from-url"], "HttpRequest::from_url() + sign_in_place()")):
        results = run(args.library_driver, mode, cases, args.timeout)
        signed = signed or results
        bad = 0
        for c in cases:
            problems = problems_of(c, results.get(c["id"], {"error": "no output"}))
            if problems:
                bad += 1
                if bad <= 5:
                    print(f"--- case {c['id']} ({entry}): {json.dumps(c)}")
                    for p in problems:
                        print("    " + p)
        print(f"{len(cases)} cases: {len(cases) - bad} signed by the library through {entry} and consistent "
              f"with hashlib/hmac")
        failed = failed or bad > 0 or not cases

    received = [received_request(c, "library", signed[c["id"]]) for c in cases if "error" not in signed[c["id"]]]
    recomputed = run(args.library_driver, ["--as-received"], received, args.timeout)
    bad = 0
    for c in cases:
        mine, again = signed[c["id"]], recomputed.get(f"library/{c['id']}", {"error": "no output"})
        fields = [f for f in ("error", "canonical_request", "signature") if mine.get(f) != again.get(f)]
        if fields:
            bad += 1
            if bad <= 5:
                print(f"--- case {c['id']} (as received): {', '.join(fields)} differ: {json.dumps(c)}")
    print(f"{len(cases)} cases: {len(cases) - bad} recomputed as received to the same canonical request and signature")
    failed = failed or bad > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
