#!/usr/bin/python3
"""bench/compare's report: checks every peer's signature against sigv4's, then prints one Markdown table
(CPU ns/op, MB/s hashed, ratio to sigv4, ratio to the SHA-256 block bound) from the files bench/compare
wrote in one run. Exits 1 when a peer's signature differs (its timing would compare different work)."""
import argparse
import json
import os
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--sigv4-bench", required=True)
ap.add_argument("--cli", required=True)
args = ap.parse_args()

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}

# sigv4_bench medians (CPU time: the machine is shared; every peer reports CPU time too).
bench = json.load(open(os.path.join(args.out, "sigv4_bench.json")))
sigv4 = {}
for b in bench["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    sigv4[b["run_name"]] = {"cpu_ns": b["cpu_time"] * UNIT_NS[b["time_unit"]],
                            "real_ns": b["real_time"] * UNIT_NS[b["time_unit"]],
                            "blocks": b.get("blocks", 0), "allocs": b.get("allocs_per_op", 0),
                            "items_per_second": b.get("items_per_second", 0),
                            "bytes_per_second": b.get("bytes_per_second", 0)}
bulk = sigv4["SHA256_bulk_1MiB"]
ns_per_block = bulk["cpu_ns"] / bulk["blocks"]

reference_cache = {}


def reference(amz_date, unsigned):
    """sigv4's signatures and block counts for every workload, signed at amz_date with `unsigned` headers excluded."""
    key = (amz_date, tuple(unsigned))
    if key not in reference_cache:
        cmd = [args.sigv4_bench, "--signatures", "--time", amz_date]
        for h in unsigned:
            cmd += ["--unsigned-header", h]
        reference_cache[key] = {r["workload"]: r for r in json.loads(subprocess.check_output(cmd))}
    return reference_cache[key]


default_ref = {r["workload"]: r for r in json.load(open(os.path.join(args.out, "sigv4_signatures.json")))}
SIGV4_ROWS = {("W1", "nocache"): "W1_sign_get_nocache", ("W1", "cached"): "W1_sign_get_cached",
              ("W2", "nocache"): "W2_presign_nocache", ("W2", "cached"): "W2_presign",
              ("W3", "cached"): "W3_put_1MiB", ("W3", "nocache"): "W3_put_1MiB"}

# (workload, implementation, variant, cpu_ns, blocks, MB/s, note). MB/s counts payload bytes for the
# workloads that have a payload (W3, W4) and the bytes hashed (blocks x 64) for the others.
rows = []
for (wid, variant), name in SIGV4_ROWS.items():
    if name in sigv4 and not (wid == "W3" and variant == "nocache"):
        m = sigv4[name]
        rows.append((wid, "sigv4", variant, m["cpu_ns"], m["blocks"], m["bytes_per_second"] / 1e6,
                     f'{m["allocs"]:.0f} allocs/op'))
for name, m in sorted(sigv4.items()):  # workloads without peers (W4, W5), the 2-thread runs, the floors
    if "_floor_" in name:  # bench/bench_floor.cpp: what the SHA-256 calls and a W-specific program cost
        rows.append((name.split("_")[0], "floor " + name, "cached", m["cpu_ns"], m["blocks"],
                     m["bytes_per_second"] / 1e6, "not a signer: see bench/bench_floor.cpp"))
    elif name.startswith(("W4", "W5")) or "threads:2" in name:
        rows.append((name.split("_")[0], "sigv4 " + name, "", m["cpu_ns"], m["blocks"], m["bytes_per_second"] / 1e6,
                     f'{m["allocs"]:.0f} allocs/op'))

mismatches = []
for line in open(os.path.join(args.out, "peers.jsonl")):
    p = json.loads(line)
    ref = reference(p["amz_date"], p["unsigned_headers"])[p["workload"]]
    if p["signature"] != ref["signature"]:
        mismatches.append(f'{p["peer"]} {p["workload"]} {p["variant"]}: {p["signature"]} != sigv4 {ref["signature"]}')
        continue
    blocks = ref["blocks_cached" if p["variant"] == "cached" else "blocks_nocache"]
    notes = []
    if p["unsigned_headers"]:
        notes.append("never signs " + ", ".join(p["unsigned_headers"]))
    if p["amz_date"] != default_ref[p["workload"]]["amz_date"]:
        notes.append("signs at the current time")
    hashed = ref["payload_bytes"] or blocks * 64
    rows.append((p["workload"], p["peer"], p["variant"], p["cpu_ns_per_op"], blocks, hashed / p["cpu_ns_per_op"] * 1e3,
                 "; ".join(notes)))


def sigv4_ns(wid, variant):
    name = SIGV4_ROWS.get((wid, variant))
    return sigv4[name]["cpu_ns"] if name in sigv4 else None


order = {"sigv4": 0}
rows.sort(key=lambda r: (r[0], r[2] != "nocache", order.get(r[1], 1), r[1].startswith("sigv4 "), r[3]))
lines = [f"OpenSSL bulk SHA-256 on this CPU: {ns_per_block:.2f} ns per 64-byte block "
         f"({64e3 / ns_per_block:.0f} MB/s); bound = blocks x that. Times are medians of CPU time per operation; "
         "MB/s counts payload bytes for W3/W4 and the bytes hashed (blocks x 64) otherwise.",
         "",
         "| workload | implementation | key | CPU ns/op | MB/s | x sigv4 | blocks | x bound | note |",
         "|---|---|---|---:|---:|---:|---:|---:|---|"]
for wid, impl, variant, ns, blocks, mbps, note in rows:
    base = sigv4_ns(wid, variant) if not impl.startswith("sigv4 ") else None
    x_sigv4 = f"{ns / base:.1f}" if base else "-"
    x_bound = f"{ns / (blocks * ns_per_block):.2f}" if blocks else "-"
    lines.append(f"| {wid} | {impl} | {variant or '-'} | {ns:,.0f} | {mbps:,.0f} | {x_sigv4} | {blocks:.0f} | "
                 f"{x_bound} | {note} |")

# `sigv4 sign` as a whole process.
cli = json.load(open(os.path.join(args.out, "cli_hyperfine.json")))["results"][0]
expected = default_ref["W1"]["signature"]
cli_ok = expected in open(os.path.join(args.out, "cli_output.txt")).read()
lines += ["", f'`sigv4 sign` (W1, whole process: start, sign, print, exit; hyperfine, {len(cli["times"])} runs): '
          f'median {cli["median"] * 1e3:.2f} ms, mean {cli["mean"] * 1e3:.2f} ms, min {cli["min"] * 1e3:.2f} ms '
          f'(target < 3 ms: {"met" if cli["median"] < 0.003 else "MISSED"}; signature '
          f'{"equals" if cli_ok else "DIFFERS FROM"} sigv4_bench\'s)']

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


loads = open(os.path.join(args.out, "loadavg.txt")).read().split("\n") if os.path.exists(
    os.path.join(args.out, "loadavg.txt")) else []
node_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers", "node")


def deb(package):
    return sh("dpkg-query -W -f='${Version}' " + package)


def npm(package):
    return json.load(open(os.path.join(node_dir, "node_modules", package, "package.json")))["version"]


cpu = sh("lscpu | sed -n 's/^Model name:[[:space:]]*//p'")
sha_ni = "with" if sh("grep -o -m1 sha_ni /proc/cpuinfo") else "without"
botocore_version = sh("/usr/bin/python3 -c 'import botocore; print(botocore.__version__)'")
load = " -> ".join(x.strip() for x in loads if x.strip()) or "?"
machine = [
    "",
    "Machine and versions of this run:",
    f"- date: {sh('date -u +%Y-%m-%dT%H:%M:%SZ')}; CPU: {cpu}, {os.cpu_count()} cores, {sha_ni} SHA-NI; "
    f"kernel {sh('uname -r')}",
    f"- load average (1/5/15 min) before and after the run: {load}",
    f"- {sh('openssl version')}; {sh('c++ --version | head -1')}",
    f"- peers: botocore {botocore_version}; {sh('go version')}; aws-sdk-go-v2 {deb('golang-github-aws-aws-sdk-go-v2-dev')}; "
    f"minio-go {deb('golang-github-minio-minio-go-v7-dev')}; Node.js {sh('node --version')}, "
    f"@smithy/signature-v4 {npm('@smithy/signature-v4')}, aws4 {npm('aws4')}; "
    f"Net::Amazon::Signature::V4 {deb('libnet-amazon-signature-v4-perl')}",
]
lines += machine
text = "\n".join(lines)
print(text)
open(os.path.join(args.out, "table.md"), "w").write(text + "\n")
print("\n" + open(os.path.join(args.out, "sigv4_bench.summary")).read().strip())
if mismatches or not cli_ok:
    print("\nSIGNATURE MISMATCH (these peers were not timed against sigv4):\n  " + "\n  ".join(mismatches), file=sys.stderr)
    sys.exit(1)
