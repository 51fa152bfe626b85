"""Runs the AWS SDK for JavaScript v3 client (js_client_test.mjs) against `sigv4 serve` and the
tampering proxy, both on 127.0.0.1. Needs `npm ci` in tests/peers/serve (scripts/deps.sh test).

usage: js_test.py --cli build/bin/sigv4 --node node"""
import argparse
import os
import subprocess
import sys

from serve_harness import Server, TamperProxy

parser = argparse.ArgumentParser()
parser.add_argument("--cli", required=True)
parser.add_argument("--node", default="node")
args = parser.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
if not os.path.isdir(os.path.join(here, "..", "peers", "serve", "node_modules", "@aws-sdk", "client-s3")):
    print("tests/peers/serve/node_modules lacks @aws-sdk/client-s3: run `scripts/deps.sh test`")
    sys.exit(1)

with Server(args.cli) as server:
    proxy = TamperProxy(server.port, at=30000)
    r = subprocess.run([args.node, os.path.join(here, "js_client_test.mjs"), server.endpoint, proxy.endpoint],
                       timeout=240)
    proxy.close()
    _, tmp = server.objects_on_disk("js-bucket")
    print(("ok   " if not tmp else "FAIL ") + "no temporary file left behind")
sys.exit(r.returncode or (1 if tmp else 0))
