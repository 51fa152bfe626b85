"""Runs the minio-go client program (minio_client.go, built by CMake) against `sigv4 serve` and the
tampering proxy, both on 127.0.0.1.

usage: minio_test.py --cli build/bin/sigv4 --client build/tests/serve/minio_client"""
import argparse
import subprocess
import sys

from serve_harness import Server, TamperProxy

parser = argparse.ArgumentParser()
parser.add_argument("--cli", required=True)
parser.add_argument("--client", required=True)
args = parser.parse_args()

with Server(args.cli) as server:
    proxy = TamperProxy(server.port, at=20000)
    r = subprocess.run([args.client, "-endpoint", f"127.0.0.1:{server.port}", "-proxy", f"127.0.0.1:{proxy.port}"],
                       timeout=240)
    proxy.close()
    _, tmp = server.objects_on_disk("minio-bucket")
    print(("ok   " if not tmp else "FAIL ") + "no temporary file left behind")
sys.exit(r.returncode or (1 if tmp else 0))
