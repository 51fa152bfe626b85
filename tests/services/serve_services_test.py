#!/usr/bin/python3
"""Service helpers end to end against `sigv4 serve` on 127.0.0.1 (the serve harness of tests/serve):
presigned URLs made by `sigv4 presign s3://...` downloaded and uploaded with curl (byte-exact, response
overrides returned as headers, signed extra headers required), POST policy forms made by
`sigv4 post-policy` posted with curl -F (accepted, and refused when a condition is violated), and
`sigv4 explain` naming the cause of SignatureDoesNotMatch answers that serve returned."""
import argparse
import json
import re
import os
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "serve"))
import serve_harness as h  # noqa: E402

import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--cli", required=True)
args = parser.parse_args()
CLI = args.cli
ENV = dict(os.environ, AWS_ACCESS_KEY_ID=h.ACCESS_KEY, AWS_SECRET_ACCESS_KEY=h.SECRET_KEY, AWS_REGION=h.REGION)
ENV.pop("AWS_SESSION_TOKEN", None)
work = tempfile.mkdtemp(prefix="sigv4-services-e2e-")


def sigv4(*argv):
    r = subprocess.run([CLI, *argv], env=ENV, capture_output=True, timeout=30)
    if r.returncode != 0:
        raise RuntimeError(f"sigv4 {' '.join(argv)} failed: {r.stderr.decode()}")
    return r.stdout.decode()


def curl(*argv):
    """Runs curl; returns (status, headers dict lower-case, body bytes)."""
    hdr = os.path.join(work, "headers")
    out = os.path.join(work, "body")
    r = subprocess.run(["curl", "-sS", "--max-time", "20", "-D", hdr, "-o", out, *argv], capture_output=True, timeout=30)
    if r.returncode != 0:
        raise RuntimeError("curl failed: " + r.stderr.decode())
    status, headers = 0, {}
    for line in open(hdr, encoding="latin-1").read().splitlines():
        if line.startswith("HTTP/"):
            status, headers = int(line.split()[1]), {}
        elif ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    return status, headers, open(out, "rb").read()


def raw_request(port, data):
    """Sends bytes as they are (for deliberately broken requests); returns (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        first_line_end = data.index(b"\r\n") + 2  # close after the answer (Connection is never signed)
        s.sendall(data[:first_line_end] + b"Connection: close\r\n" + data[first_line_end:])
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    resp = b"".join(chunks)
    head, _, body = resp.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


with h.Server(CLI, ["--quiet"]) as server:
    ep = server.endpoint
    s = botocore.session.Session()
    s.set_credentials(h.ACCESS_KEY, h.SECRET_KEY)
    boto = s.create_client("s3", region_name=h.REGION, endpoint_url=ep,
                           config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    boto.create_bucket(Bucket="media")

    # --- Presigned GET: keys with any characters, byte-exact, response overrides as headers. ---
    keys = ["plain.bin", "a b+c=d@e.txt", "caf\u00e9/\u65e5\u672c.txt", "dir//double", "trailing/", "q?uery#hash&amp"]
    for i, key in enumerate(keys):
        data = h.object_bytes(70000 + i, seed=i)
        boto.put_object(Bucket="media", Key=key, Body=data)
        url = sigv4("presign", f"s3://media/{key}", "--endpoint", ep, "--expires", "300").strip()
        status, _, body = curl(url)
        h.check(status == 200 and body == data, f"presigned GET of {key!r}: 200 and byte-exact ({status})")

    url = sigv4("presign", "s3://media/plain.bin", "--endpoint", ep,
                "--response-content-type", "application/x-test; charset=utf-8",
                "--response-content-disposition", 'attachment; filename="r e.bin"',
                "--response-cache-control", "no-store", "--response-content-language", "de-CH",
                "--response-expires", "Thu, 01 Dec 2033 16:00:00 GMT", "--response-content-encoding", "identity").strip()
    status, headers, body = curl(url)
    h.check(status == 200 and body == h.object_bytes(70000, 0), "presigned GET with overrides: byte-exact")
    h.check(headers.get("content-type") == "application/x-test; charset=utf-8", "response-content-type returned")
    h.check(headers.get("content-disposition") == 'attachment; filename="r e.bin"', "response-content-disposition returned")
    h.check(headers.get("cache-control") == "no-store", "response-cache-control returned")
    h.check(headers.get("content-language") == "de-CH", "response-content-language returned")
    h.check(headers.get("expires") == "Thu, 01 Dec 2033 16:00:00 GMT", "response-expires returned")
    h.check(headers.get("content-encoding") == "identity", "response-content-encoding returned")

    tampered = url.replace("no-store", "no-cache")
    status, _, body = curl(tampered)
    h.check(status == 403 and b"SignatureDoesNotMatch" in body, "a changed override is refused (403)")

    # --- Presigned PUT with signed Content-Type, checksum and metadata headers. ---
    payload = h.object_bytes(100000, seed=7)
    src = os.path.join(work, "upload.bin")
    open(src, "wb").write(payload)
    import base64, hashlib  # noqa: E401
    sha = base64.b64encode(hashlib.sha256(payload).digest()).decode()
    out = subprocess.run([CLI, "presign", "s3://media/up/loaded file.bin", "-X", "PUT", "--endpoint", ep, "--json",
                          "-H", "Content-Type: application/x-upload", "-H", "x-amz-meta-owner: team a",
                          "-H", f"x-amz-checksum-sha256: {sha}"], env=ENV, capture_output=True, timeout=30)
    p = json.loads(out.stdout)
    hdr_args = sum((["-H", f"{k}: {v}"] for k, v in p["headers"].items()), [])
    status, _, _ = curl("-X", "PUT", "--data-binary", "@" + src, *hdr_args, p["url"])
    h.check(status == 200, f"presigned PUT with its signed headers: 200 ({status})")
    got = boto.get_object(Bucket="media", Key="up/loaded file.bin")
    h.check(got["Body"].read() == payload, "presigned PUT stored the bytes exactly")
    h.check(got["ContentType"] == "application/x-upload" and got["Metadata"].get("owner") == "team a",
            "presigned PUT stored Content-Type and x-amz-meta-owner")
    status, _, body = curl("-X", "PUT", "--data-binary", "@" + src, "-H", "Content-Type: application/x-upload",
                           "-H", f"x-amz-checksum-sha256: {sha}", p["url"])
    h.check(status == 403 and b"SignatureDoesNotMatch" in body, "presigned PUT without a signed header is refused")

    # --- POST policy: curl -F with the fields sigv4 post-policy printed. ---
    form = json.loads(sigv4("post-policy", "s3://media/inbox/${filename}", "--endpoint", ep,
                            "--content-type", "text/plain", "--meta", "source=browser",
                            "--success-action-status", "201", "--content-length-range", "1,200000",
                            "--html", os.path.join(work, "form.html")))
    h.check(form["url"] == ep + "/media/", "post-policy form posts to the bucket URL")

    def post(fields, file_bytes, filename="note.txt"):
        f = os.path.join(work, filename)
        open(f, "wb").write(file_bytes)
        argv = []
        for k, v in fields.items():
            argv += ["--form-string", f"{k}={v}"]
        return curl(*argv, "-F", f"file=@{f};filename={filename}", form["url"])

    status, headers, body = post(form["fields"], b"hello from a browser form\n")
    h.check(status == 201 and b"<Key>inbox/note.txt</Key>" in body, f"POST upload accepted: 201 ({status} {body[:200]})")
    got = boto.get_object(Bucket="media", Key="inbox/note.txt")
    h.check(got["Body"].read() == b"hello from a browser form\n", "POST upload stored the file byte-exact")
    h.check(got["ContentType"] == "text/plain" and got["Metadata"].get("source") == "browser",
            "POST upload stored Content-Type and x-amz-meta-source")

    bad = dict(form["fields"], **{"Content-Type": "text/html"})
    status, _, body = post(bad, b"x")
    h.check(status == 403 and b"Policy Condition failed" in body, f"POST with another Content-Type refused ({status})")
    status, _, body = post(form["fields"], h.object_bytes(200001))
    h.check(status == 400 and b"EntityTooLarge" in body, f"POST over content-length-range refused ({status})")
    status, _, body = post(dict(form["fields"], key="elsewhere/note.txt"), b"x")
    h.check(status == 403 and b"starts-with" in body, f"POST with a key outside the prefix refused ({status})")
    status, _, body = post(dict(form["fields"], acl="public-read"), b"x")
    h.check(status == 403 and b"Extra input fields: acl" in body, f"POST with an uncovered field refused ({status})")
    sig = form["fields"]["x-amz-signature"]
    status, _, body = post(dict(form["fields"], **{"x-amz-signature": ("0" if sig[0] != "0" else "1") + sig[1:]}), b"x")
    h.check(status == 403 and b"SignatureDoesNotMatch" in body, f"POST with a wrong signature refused ({status})")

    # botocore's own form is accepted too.
    bform = boto.generate_presigned_post("media", "boto/${filename}", Fields={"Content-Type": "text/plain"},
                                         Conditions=[{"Content-Type": "text/plain"}], ExpiresIn=300)
    f = os.path.join(work, "b.txt")
    open(f, "wb").write(b"from botocore\n")
    argv = sum((["--form-string", f"{k}={v}"] for k, v in bform["fields"].items()), [])
    status, _, _ = curl(*argv, "-F", f"file=@{f}", ep + "/media/")
    h.check(status == 204, f"botocore's generate_presigned_post form accepted: 204 ({status})")

    # --- explain: broken requests sent to serve, its SignatureDoesNotMatch body explained. ---
    def explain_case(what, url, mutate, cause, method="GET", headers=()):
        signed = sigv4("sign", "-X", method, "--url", url, "--s3", *sum((["-H", x] for x in headers), []))
        req_file = os.path.join(work, "signed.txt")
        open(req_file, "w", newline="").write(signed)
        status, body = raw_request(server.port, mutate(signed).encode())
        err_file = os.path.join(work, "error.xml")
        open(err_file, "wb").write(body)
        h.check(status == 403 and b"SignatureDoesNotMatch" in body, f"explain/{what}: serve refused it ({status})")
        verdict = json.loads(sigv4("explain", "--request", req_file, "--error", err_file, "--json"))
        h.check(verdict["cause"] == cause, f"explain/{what}: cause {verdict['cause']} (expected {cause})")

    base = ep + "/media"
    explain_case("plus vs %20", base + "?prefix=my%20doc", lambda r: r.replace("prefix=my%20doc", "prefix=my+doc", 1),
                 "query_plus_vs_space")
    explain_case("query added", base + "?list-type=2", lambda r: r.replace("list-type=2", "list-type=2&x-id=ListObjectsV2", 1),
                 "query_changed")
    explain_case("header changed", base + "/plain.bin",
                 lambda r: r.replace("x-amz-meta-trace:abc", "x-amz-meta-trace:abd"), "header_changed",
                 headers=["x-amz-meta-trace: abc"])
    explain_case("header dropped", base + "/plain.bin",
                 lambda r: r.replace("x-amz-meta-trace:abc\r\n", ""), "header_not_sent",
                 headers=["x-amz-meta-trace: abc"])
    explain_case("method", base + "/plain.bin", lambda r: "DELETE" + r[3:], "method")  # HEAD answers carry no body
    explain_case("path encoding", base + "/a%20b+c=d%40e.txt", lambda r: r.replace("%40e.txt", "@e.txt", 1),
                 "path_encoding")
    # A retry layer re-stamps X-Amz-Date (one second later) without signing again.
    explain_case("date re-stamped", base + "/plain.bin",
                 lambda r: re.sub(r"X-Amz-Date:(\d{8}T\d{5})(\d)Z",
                                  lambda m: f"X-Amz-Date:{m.group(1)}{(int(m.group(2)) + 1) % 10}Z", r), "clock")
    explain_case("host rewritten", base + "/plain.bin",
                 lambda r: r.replace(f"Host:127.0.0.1:{server.port}", f"Host:localhost:{server.port}"), "host_changed")

h.finish()
