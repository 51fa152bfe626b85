#!/usr/bin/python3
"""Peer harness: botocore (Debian python3-botocore), S3SigV4Auth / S3SigV4QueryAuth as the S3 client
uses them. botocore derives the signing key for every signature (it has no key cache), so only the
"nocache" variant exists. Prints one JSON line per workload (see bench/compare)."""
import datetime
import hashlib
import json
import os
import re
import statistics
import sys
import time

from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
import botocore.auth

HERE = os.path.dirname(os.path.abspath(__file__))
SET = json.load(open(os.environ.get("SIGV4_BENCH_WORKLOADS") or os.path.join(HERE, "..", "..", "workloads.json")))
SECONDS = float(os.environ.get("BENCH_SECONDS", "0.3"))
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "5"))
SIGNING_TIME = datetime.datetime.strptime(SET["time"], "%Y%m%dT%H%M%SZ")


class _FixedClock(datetime.datetime):
    """botocore reads the signing time from datetime.datetime.utcnow(); the workloads fix it."""

    @classmethod
    def utcnow(cls):
        return SIGNING_TIME


class _DatetimeModule:
    datetime = _FixedClock


botocore.auth.datetime = _DatetimeModule


def workload(wid):
    return next(w for w in SET["workloads"] if w["id"] == wid)


def body(size):
    return bytes(i % 251 for i in range(size))


def timed(fn):
    """Median wall-clock and CPU (process user + system) ns/op over REPETITIONS runs of about SECONDS
    each, after a warm-up. bench/compare tables CPU time: on a shared machine wall time also counts
    other processes' turns."""
    def run(n):
        c0, t0 = time.process_time_ns(), time.perf_counter_ns()
        for _ in range(n):
            fn()
        return time.perf_counter_ns() - t0, time.process_time_ns() - c0
    n = 1
    while run(n)[0] < SECONDS * 1e9 / 4:
        n *= 2
    runs = [run(n) for _ in range(REPETITIONS)]
    wall, cpu = [w / n for w, _ in runs], [c / n for _, c in runs]
    return {"ns_per_op": statistics.median(wall), "cpu_ns_per_op": statistics.median(cpu),
            "repetitions": wall, "cpu_repetitions": cpu}


CREDS = Credentials(SET["credentials"]["access_key_id"], SET["credentials"]["secret_access_key"])


def url(w):
    return f'{w["scheme"]}://{w["host"]}{w["path"]}' + (f'?{w["query"]}' if w["query"] else "")


def headers(w):
    return {k: v for k, v in w["headers"] if k.lower() != "host"}  # botocore signs the URL's host


W1, W2, W3 = workload("W1"), workload("W2"), workload("W3")
W3_BODY = body(W3["body_size"])


# The S3 client's setting for UNSIGNED-PAYLOAD; without it S3SigV4Auth replaces the request's
# x-amz-content-sha256 header by the hash of the (empty) body.
UNSIGNED_PAYLOAD = Config(s3={"payload_signing_enabled": False})


def sign_w1():
    req = AWSRequest(method=W1["method"], url=url(W1), headers=headers(W1))
    req.context["client_config"] = UNSIGNED_PAYLOAD
    S3SigV4Auth(CREDS, SET["service"], SET["region"]).add_auth(req)
    return req.headers["Authorization"]


def presign_w2():
    req = AWSRequest(method=W2["method"], url=url(W2), headers=headers(W2))
    S3SigV4QueryAuth(CREDS, SET["service"], SET["region"], expires=W2["expires"]).add_auth(req)
    return req.url


def sign_w3():
    # S3SigV4Auth hashes the body itself when it is not told the hash (no Content-MD5 header).
    req = AWSRequest(method=W3["method"], url=url(W3), headers=headers(W3), data=W3_BODY)
    S3SigV4Auth(CREDS, SET["service"], SET["region"]).add_auth(req)
    return req.headers["Authorization"]


def signature_of(text):
    return re.search(r"(?:Signature=|X-Amz-Signature=)([0-9a-f]{64})", text).group(1)


def check(reference_file):
    """`botocore_peer.py --check FILE`: compare botocore's signatures with sigv4_bench --signatures output,
    without timing anything (ctest runs this, so the workloads keep meaning the same request)."""
    reference = {r["workload"]: r["signature"] for r in json.load(open(reference_file))}
    failed = 0
    for wid, op in (("W1", sign_w1), ("W2", presign_w2), ("W3", sign_w3)):
        ours, theirs = reference.get(wid), signature_of(op())
        print(f"{wid}: sigv4 {ours} botocore {theirs} {'same' if ours == theirs else 'DIFFERENT'}")
        failed += ours != theirs
    return 1 if failed else 0


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--check":
    sys.exit(check(sys.argv[2]))

if __name__ == "__main__":
    for wid, op in (("W1", sign_w1), ("W2", presign_w2), ("W3", sign_w3)):
        print(json.dumps({"peer": "botocore", "workload": wid, "variant": "nocache", "amz_date": SET["time"],
                          "signature": signature_of(op()), "unsigned_headers": [], **timed(op)}), flush=True)
