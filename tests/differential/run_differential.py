#!/usr/bin/python3
"""The differential test: the same random, adversarial requests (gen_cases.py) signed by this library,
by botocore and by @smithy/signature-v4; every case must give byte-identical results in all three.

Compared for each case: the canonical request, the string to sign, the signature, and the Authorization
header value (header signing) or the X-Amz-* query parameters added (presigned URLs). A case where any
signer fails, is missing, or differs makes the run fail; the first mismatches are shown as diffs.

One process per driver signs the whole batch (the cases go through a file on stdin).

The library is driven twice: through sign_request() over a RequestView, and through
HttpRequest::from_url() + sign_in_place(). With --cli, the first --cli-count cases are also signed
through the `sigv4` tool (raw request file, documented options, --json). Every one of them must equal
botocore's and smithy's results. Then the server side: every request botocore and smithy signed (the
case's wire request plus the headers or X-Amz-* parameters the peer added) is recomputed by the library
with AuthInputs::as_received and headers_to_sign = the SignedHeaders received, and must give the peer's
canonical request, string to sign and signature.

Usage:
  run_differential.py --library-driver build/tests/differential/differential_driver \
      --peers-dir tests/peers/differential [--node node] [--seed N] [--count N] [--show N] [--keep DIR]
      [--cli build/bin/sigv4 [--cli-count N]]
"""

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import time
from urllib.parse import quote

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gen_cases  # noqa: E402

FIELDS = ["canonical_request", "string_to_sign", "signature", "authorization", "presign_params"]


def run_driver(name, argv, cases_path, timeout):
    start = time.monotonic()
    with open(cases_path, "rb") as cases:
        proc = subprocess.run(argv, stdin=cases, capture_output=True, timeout=timeout)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"driver {name} exited with {proc.returncode}: {' '.join(argv)}")
    results = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            results[r["id"]] = r
    return results, elapsed


def describe(case):
    return (f'{case["method"]} {case["scheme"]}://{case["host"]}{case["path"]}'
            + (f'?{case["query_wire"]}' if case["query_wire"] else "")
            + f' rules={case["rules"]} location={case["location"]} payload={case["payload"]}'
            + f' token={"yes" if case["session_token"] else "no"}')


def show(value):
    if isinstance(value, str):
        return value.split("\n")
    return [json.dumps(value, ensure_ascii=False)]


def differences(ours, theirs, fields=FIELDS):
    """Fields where the two results differ. An error on either side fails the case: every generated case
    is a valid request that all three must sign."""
    if "error" in ours or "error" in theirs:
        return ["error"]
    return [f for f in fields if ours.get(f) != theirs.get(f)]


def report(case, peer, ours, theirs, fields, who="library"):
    print(f"--- case {case['id']}: {who} vs {peer} differ in {', '.join(fields)}")
    print(f"    request: {describe(case)}")
    print(f"    case: {json.dumps(case, ensure_ascii=False)}")
    for f in fields:
        if f == "error":
            print(f"    {who}: {ours.get('error', '(no error)')}")
            print(f"    {peer}: {theirs.get('error', '(no error)')}")
            continue
        diff = difflib.unified_diff(show(theirs.get(f)), show(ours.get(f)), f"{peer} {f}", f"{who} {f}", lineterm="")
        for line in diff:
            print("    " + line)


def coverage(cases):
    """How many cases exercise each adversarial feature (printed so a weakened generator shows)."""
    def has(pred):
        return sum(1 for c in cases if pred(c))

    def repeated(names):
        return len(set(names)) < len(names)

    dot = ("/./", "/../")
    return {
        "S3": has(lambda c: c["rules"] == "s3"),
        "other services": has(lambda c: c["rules"] == "default"),
        "presigned": has(lambda c: c["location"] == "query"),
        "with a session token": has(lambda c: c["session_token"] is not None),
        "UNSIGNED-PAYLOAD": has(lambda c: c["payload"] == "unsigned"),
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER": has(lambda c: c["payload"] == "streaming_unsigned_trailer"),
        "with dot or empty path segments": has(lambda c: "//" in c["path"] or any(d in c["path"] + "/" for d in dot)),
        "with non-ASCII in the path": has(lambda c: "%C" in c["path"].upper() or "%E" in c["path"].upper()),
        "with repeated query keys": has(lambda c: repeated([k for k, _ in c["query"]])),
        "with an empty query key": has(lambda c: any(k == "" for k, _ in c["query"])),
        "with a raw '+' in the query": has(lambda c: "+" in c["query_wire"]),
        "with repeated header names": has(lambda c: repeated([n.lower() for n, _ in c["headers"]])),
        "with whitespace to trim or collapse": has(
            lambda c: any(v != " ".join(v.split()) for _, v in c["headers"])),
        "with obs-fold header lines": has(lambda c: any("\n" in v for _, v in c["headers"])),
        "with a caller-set x-amz-content-sha256": has(
            lambda c: any(n.lower() == "x-amz-content-sha256" for n, _ in c["headers"])),
        "with X-Amz-* auth names as plain query keys": has(
            lambda c: any(k.lower().startswith("x-amz-") and k.lower() != "x-amz-meta" for k, _ in c["query"])),
        "with a body over 64 KiB": has(lambda c: len(c["body_hex"]) > 2 * 65536),
    }


def received_request(case, peer, signed):
    """The request a server receives when a client sends the case signed by `peer`: the case's wire
    request plus what the peer added (headers, or X-Amz-* query parameters in the peer's order)."""
    target = case["path"] + ("?" + case["query_wire"] if case["query_wire"] else "")
    line = dict(case, id=f"{peer}/{case['id']}", received_headers=case["headers"])
    if case["location"] == "query":
        added = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in signed["presign_params"])
        line["received_target"] = target + ("&" if case["query_wire"] else "?") + added
        line["received_signed_headers"] = dict(signed["presign_params"])["X-Amz-SignedHeaders"]
    else:
        line["received_target"] = target
        line["received_headers"] = case["headers"] + signed["added_headers"]
        line["received_signed_headers"] = signed["authorization"].split("SignedHeaders=")[1].split(",")[0]
    return line


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--library-driver", required=True, help="the differential_driver program")
    ap.add_argument("--peers-dir", required=True, help="tests/peers/differential (npm ci done)")
    ap.add_argument("--node", default="node")
    ap.add_argument("--python", default="/usr/bin/python3", help="a Python with botocore")
    ap.add_argument("--seed", type=int, default=20150830)
    ap.add_argument("--count", type=int, default=2500)
    ap.add_argument("--show", type=int, default=5, help="mismatches shown in full")
    ap.add_argument("--keep", help="write cases and each driver's output into this directory")
    ap.add_argument("--timeout", type=int, default=240, help="seconds each driver may take")
    ap.add_argument("--cli", help="the sigv4 tool: also sign the first --cli-count cases through it")
    ap.add_argument("--cli-count", type=int, default=500)
    args = ap.parse_args()

    if not os.path.isdir(os.path.join(args.peers_dir, "node_modules", "@smithy", "signature-v4")):
        raise SystemExit(f"{args.peers_dir}/node_modules lacks @smithy/signature-v4: run `scripts/deps.sh test`")

    cases = gen_cases.generate(args.seed, args.count)
    workdir = args.keep or tempfile.mkdtemp(prefix="sigv4-differential-")
    os.makedirs(workdir, exist_ok=True)
    cases_path = os.path.join(workdir, "cases.jsonl")
    with open(cases_path, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c) + "\n")

    drivers = {
        "library": [args.library_driver],
        "library-from-url": [args.library_driver, "--from-url"],
        "botocore": [args.python, os.path.join(HERE, "driver_botocore.py")],
        "smithy": [args.node, os.path.join(HERE, "driver_smithy.js"), args.peers_dir],
    }
    if args.cli:
        drivers["cli"] = [args.python, os.path.join(HERE, "driver_cli.py"), "--cli", args.cli,
                          "--count", str(args.cli_count)]
    results = {}
    for name, argv in drivers.items():
        results[name], elapsed = run_driver(name, argv, cases_path, args.timeout)
        print(f"{name}: signed {len(results[name])} cases in {elapsed:.1f} s")
        if args.keep:
            with open(os.path.join(workdir, f"{name}.jsonl"), "w", encoding="utf-8") as f:
                for c in cases:
                    f.write(json.dumps(results[name].get(c["id"])) + "\n")

    # Server side: every request a peer signed, recomputed by the library as received.
    received_path = os.path.join(workdir, "received.jsonl")
    with open(received_path, "w", encoding="utf-8") as f:
        for peer in ("botocore", "smithy"):
            for c in cases:
                signed = results[peer].get(c["id"], {"error": "no output"})
                if "error" not in signed:
                    f.write(json.dumps(received_request(c, peer, signed)) + "\n")
    received, elapsed = run_driver("library-as-received", [args.library_driver, "--as-received"], received_path,
                                   args.timeout)
    print(f"library-as-received: recomputed {len(received)} peer-signed requests in {elapsed:.1f} s")
    if args.keep:
        with open(os.path.join(workdir, "library-as-received.jsonl"), "w", encoding="utf-8") as f:
            for r in received.values():
                f.write(json.dumps(r) + "\n")

    counts = coverage(cases)

    identical = {"botocore": 0, "smithy": 0}
    failures = []
    for c in cases:
        ours = results["library"].get(c["id"], {"error": "no output"})
        for peer in ("botocore", "smithy"):
            theirs = results[peer].get(c["id"], {"error": "no output"})
            fields = differences(ours, theirs)
            if fields:
                failures.append((c, peer, ours, theirs, fields))
            else:
                identical[peer] += 1
    # The library's other entry points, each against both peers.
    others = {"library-from-url": ("library via HttpRequest::from_url + sign_in_place", cases)}
    if args.cli:
        others["cli"] = ("sigv4 CLI (sign/presign --request FILE --json)", cases[: args.cli_count])
    received_identical = {"botocore": 0, "smithy": 0}
    for c in cases:
        for peer in ("botocore", "smithy"):
            theirs = results[peer].get(c["id"], {"error": "no output"})
            ours = received.get(f"{peer}/{c['id']}", {"error": "no output"})
            f = differences(ours, theirs, ["canonical_request", "string_to_sign", "signature"])
            if f:
                failures.append((c, peer, ours, theirs, f, f"library as_received ({peer}-signed request)"))
            else:
                received_identical[peer] += 1
    others_identical = {}
    for name, (who, subset) in others.items():
        others_identical[name] = 0
        for c in subset:
            ours = results[name].get(c["id"], {"error": "no output"})
            fields = {peer: differences(ours, results[peer].get(c["id"], {"error": "no output"}))
                      for peer in ("botocore", "smithy")}
            for peer, f in fields.items():
                if f:
                    failures.append((c, peer, ours, results[peer].get(c["id"], {}), f, who))
            others_identical[name] += not any(fields.values())

    print(f"seed {args.seed}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    print(f"{len(cases)} cases: {identical['botocore']} identical with botocore, {identical['smithy']} with smithy")
    for name, (who, subset) in others.items():
        print(f"{who}: {others_identical[name]} of {'the first ' if len(subset) < len(cases) else ''}"
              f"{len(subset)} identical with botocore and smithy")
    print(f"server side (AuthInputs::as_received, headers_to_sign = the SignedHeaders received): "
          f"{received_identical['botocore']} of {len(cases)} botocore-signed and {received_identical['smithy']} of "
          f"{len(cases)} smithy-signed requests recomputed identically")
    for failure in failures[: args.show]:
        report(*failure)
    if len(failures) > args.show:
        print(f"... and {len(failures) - args.show} more mismatches (--show N to see more, --keep DIR to keep outputs)")
    if not args.keep:
        for name in os.listdir(workdir):
            os.remove(os.path.join(workdir, name))
        os.rmdir(workdir)
    ok = (not failures and identical["botocore"] == len(cases) == identical["smithy"] and len(cases) > 0
          and all(others_identical[name] == len(subset) for name, (_, subset) in others.items())
          and received_identical["botocore"] == len(cases) == received_identical["smithy"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
