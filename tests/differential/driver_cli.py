#!/usr/bin/python3
"""Differential test driver for the `sigv4` command-line tool: signs the first N cases (JSON lines on
stdin, see gen_cases.py) with `sigv4 sign|presign --request FILE --json` and prints the results in the
same form as the other drivers:

  {"id", "canonical_request", "string_to_sign", "signature", "authorization" | "presign_params"}
  or {"id", "error"} when the tool failed.

Each case becomes a raw HTTP/1.1 request file (request line with the wire target, "Name:value" header
lines in order with repeats, obs-fold values as continuation lines, a blank line, the body bytes), and
the signing choices become the CLI's documented options (--s3, --unsigned-payload, --payload-hash,
--session-token, --expires, --time, ...). One process per case, so only the first --count cases.

Usage: driver_cli.py --cli build/bin/sigv4 [--count N] < cases.jsonl
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

LITERALS = {"streaming_unsigned_trailer": "STREAMING-UNSIGNED-PAYLOAD-TRAILER"}


def raw_request(case):
    target = case["path"] + ("?" + case["query_wire"] if case["query_wire"] else "")
    lines = [f'{case["method"]} {target} HTTP/1.1']
    for name, value in case["headers"]:
        # An obs-fold value ("a\r\n  b") is written as it would arrive: a continuation line.
        lines.append(f"{name}:{value}")
    head = "\r\n".join(lines) + "\r\n\r\n"
    return head.encode("utf-8") + bytes.fromhex(case["body_hex"])


def argv_for(cli, case, request_path):
    presign = case["location"] == "query"
    argv = [cli, "presign" if presign else "sign", f"--request={request_path}", "--json",
            f'--access-key={case["access_key"]}', f'--secret-key={case["secret_key"]}',
            f'--region={case["region"]}', f'--service={case["service"]}', f'--time={case["time"]}']
    if case["session_token"] is not None:
        argv.append(f'--session-token={case["session_token"]}')
    if case["rules"] == "s3":
        argv.append("--s3")
    if case["payload"] == "unsigned":
        argv.append("--unsigned-payload")
    elif case["payload"] in LITERALS:
        argv.append(f'--payload-hash={LITERALS[case["payload"]]}')
    if presign:
        argv.append(f'--expires={case["expires"]}')
    return argv


def sign(cli, case, workdir):
    path = os.path.join(workdir, f'case-{case["id"]}.txt')
    with open(path, "wb") as f:
        f.write(raw_request(case))
    # No AWS_* variable may stand in for an option the case leaves out (e.g. a session token).
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    proc = subprocess.run(argv_for(cli, case, path), capture_output=True, env=env, timeout=30)
    os.remove(path)
    if proc.returncode != 0:
        return {"id": case["id"], "error": f"exit {proc.returncode}: {proc.stderr.decode('utf-8', 'replace').strip()}"}
    j = json.loads(proc.stdout.decode("utf-8"))
    out = {"id": case["id"], "canonical_request": j["canonical_request"], "string_to_sign": j["string_to_sign"],
           "signature": j["signature"]}
    if case["location"] == "query":
        out["presign_params"] = sorted(j["presign_params"])
    else:
        out["authorization"] = j["authorization"]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--count", type=int, default=500)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sigv4-differential-cli-") as workdir:
        done = 0
        for line in sys.stdin:
            if done >= args.count:
                break
            if not line.strip():
                continue
            out = sign(args.cli, json.loads(line), workdir)
            sys.stdout.write(json.dumps(out) + "\n")
            done += 1


if __name__ == "__main__":
    main()
