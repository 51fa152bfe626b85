#!/usr/bin/python3
"""Checks that the differential runner fails, and says where, when the library's driver is wrong.

Runs run_differential.py with this script standing in for the library's driver (in each of its modes):
it runs the real driver and then damages three results (one byte of a canonical request, a signature, and an error in place of a
result). The runner must exit 1, count exactly those three cases as different from both peers, and show
a diff naming them. Without this, a comparison that could never fail would pass unnoticed.

Usage: runner_selftest.py --library-driver DRIVER --peers-dir DIR [--node node]
   (as a driver, internally: runner_selftest.py --damage DRIVER [driver options])
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DAMAGED = {3: "canonical_request", 11: "signature", 17: "error"}
COUNT = 40


def damage(real_driver, driver_args):
    out = subprocess.run([real_driver, *driver_args], stdin=sys.stdin, capture_output=True,
                         check=True).stdout.decode("utf-8")
    for line in out.splitlines():
        r = json.loads(line)
        # Case ids are numbers, or "peer/number" for the as-received recomputation of a peer's request.
        what = DAMAGED.get(int(str(r["id"]).split("/")[-1]))
        if what == "canonical_request":
            r["canonical_request"] = r["canonical_request"].replace("\n", "\nX", 1)
        elif what == "signature":
            r["signature"] = ("0" if r["signature"][0] != "0" else "1") + r["signature"][1:]
        elif what == "error":
            r = {"id": r["id"], "error": "damaged on purpose"}
        sys.stdout.write(json.dumps(r) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--damage")
    ap.add_argument("--library-driver")
    ap.add_argument("--peers-dir")
    ap.add_argument("--node", default="node")
    args, driver_args = ap.parse_known_args()
    if args.damage:
        damage(args.damage, driver_args)
        return 0
    # The runner runs the driver without arguments, so a tiny wrapper script passes --damage.
    wrapper = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"sigv4-differential-damaging-driver-{os.getpid()}")
    with open(wrapper, "w") as f:
        f.write(f'#!/bin/sh\nexec {sys.executable} {os.path.abspath(__file__)} --damage {args.library_driver} "$@"\n')
    os.chmod(wrapper, 0o755)
    try:
        proc = subprocess.run(
            [sys.executable, os.path.join(HERE, "run_differential.py"), "--library-driver", wrapper,
             "--peers-dir", args.peers_dir, "--node", args.node, "--count", str(COUNT), "--show", "18"],
            capture_output=True, text=True, timeout=120)
    finally:
        os.remove(wrapper)
    print(proc.stdout)
    problems = []
    if proc.returncode != 1:
        problems.append(f"runner exited {proc.returncode}, expected 1")
    for expected in (f"{COUNT} cases: {COUNT - 3} identical with botocore, {COUNT - 3} with smithy",
                     f"library via HttpRequest::from_url + sign_in_place: {COUNT - 3} of {COUNT} identical",
                     f"{COUNT - 3} of {COUNT} botocore-signed and {COUNT - 3} of {COUNT} smithy-signed requests"):
        if expected not in proc.stdout:
            problems.append(f"summary line '{expected}' missing")
    for case_id, what in DAMAGED.items():
        for peer in ("botocore", "smithy"):
            field = "error" if what == "error" else what
            header = f"--- case {case_id}: library vs {peer} differ in"
            if not any(line.startswith(header) and field in line for line in proc.stdout.splitlines()):
                problems.append(f"no report of case {case_id} ({field}) against {peer}")
    if "+++ library canonical_request" not in proc.stdout or "\n    +X/" not in proc.stdout:
        problems.append("the damaged canonical request is not shown as a diff")
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
