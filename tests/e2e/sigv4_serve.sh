#!/usr/bin/env bash
# Runs tests/e2e/s3_suite.sh against `sigv4 serve` on 127.0.0.1 (a free port, a temp root, generated
# credentials), stopped at the end. Usage: sigv4_serve.sh SIGV4
set -euo pipefail
sigv4=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/sigv4-serve-e2e.XXXXXX)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2> /dev/null && wait "$server" 2> /dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
access_key=AKIDSERVEE2E
secret_key=$(head -c 30 /dev/urandom | base64 | tr -d '/+=' | head -c 40)
"$sigv4" serve --root "$dir/root" --credentials "$access_key:$secret_key" --port 0 --port-file "$dir/port" --quiet &
server=$!
for _ in $(seq 100); do [[ -s $dir/port ]] && break; sleep 0.1; done
[[ -s $dir/port ]] || { echo "sigv4 serve did not start within 10 s" >&2; exit 1; }
S3_SUITE_PAYLOADS="streaming-trailer unsigned-trailer" HOME=$dir AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=$access_key AWS_SECRET_ACCESS_KEY=$secret_key \
  "$here/s3_suite.sh" "$sigv4" "http://127.0.0.1:$(cat "$dir/port")" us-east-1
