#!/usr/bin/env bash
# SigV4a end to end: `sigv4 curl --sigv4a` against `sigv4 serve --sigv4a --region us-west-2` on
# 127.0.0.1. PUT a small and a multi-MiB object with the hex payload hash, UNSIGNED-PAYLOAD and the two
# ECDSA aws-chunked modes (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD[-TRAILER]), GET each back byte-exact;
# a wrong secret is refused with 403 SignatureDoesNotMatch (header and chunked), a region set without
# the server's region with 400 AuthorizationHeaderMalformed, and a server started without --sigv4a
# refuses SigV4a as an unsupported authorization type. Usage: sigv4a_serve.sh SIGV4
set -euo pipefail
sigv4=$(realpath "$1")
dir=$(mktemp -d /tmp/sigv4a-serve-e2e.XXXXXX)
servers=()
cleanup() {
  for s in "${servers[@]}"; do kill "$s" 2> /dev/null && wait "$s" 2> /dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
check() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

access_key=AKIDSIGV4AE2E
secret_key=$(head -c 30 /dev/urandom | base64 | tr -d '/+=' | head -c 40)
start() {  # start NAME [serve options...]: a server on a free port; its port in $dir/NAME.port
  local name=$1
  shift
  "$sigv4" serve --root "$dir/$name-root" --credentials "$access_key:$secret_key" --port 0 \
    --port-file "$dir/$name.port" --quiet "$@" &
  servers+=($!)
  for _ in $(seq 100); do [[ -s $dir/$name.port ]] && break; sleep 0.1; done
  [[ -s $dir/$name.port ]] || fail "sigv4 serve ($name) did not start within 10 s"
}
start v4a --sigv4a --region us-west-2
start plain --region us-west-2
endpoint="http://127.0.0.1:$(cat "$dir/v4a.port")"
export HOME=$dir AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=$access_key AWS_SECRET_ACCESS_KEY=$secret_key
s3=("$sigv4" curl --service s3 --region us-west-2 --sigv4a)

head -c 1000 /dev/urandom > "$dir/small.bin"
head -c $((3 * 1024 * 1024 + 77)) /dev/urandom > "$dir/big.bin"   # not a multiple of the 64 KiB chunk

"${s3[@]}" -X PUT "$endpoint/v4a-bucket" > /dev/null || fail "create bucket with SigV4a"
check "bucket created with a SigV4a request"
for payload in hash unsigned streaming streaming-trailer; do
  for file in small big; do
    key="$file-$payload.bin"
    "${s3[@]}" -v --payload "$payload" -T "$dir/$file.bin" "$endpoint/v4a-bucket/$key" > /dev/null 2> "$dir/put.log" ||
      fail "PUT $key (--payload $payload): $(cat "$dir/put.log")"
    grep -q "AWS4-ECDSA-P256-SHA256" "$dir/put.log" || fail "PUT $key was not signed with SigV4a"
    if [[ $payload == streaming* ]]; then
      grep -q "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD" "$dir/put.log" || fail "PUT $key did not stream ECDSA chunks"
    fi
    "${s3[@]}" -o "$dir/$key.back" "$endpoint/v4a-bucket/$key" || fail "GET $key"
    cmp -s "$dir/$file.bin" "$dir/$key.back" || fail "$key came back different"
    check "SigV4a PUT+GET $key ($(stat -c %s "$dir/$file.bin") bytes, --payload $payload) byte-exact"
  done
done
"${s3[@]}" --region-set 'us-*' -o "$dir/wild.back" "$endpoint/v4a-bucket/small-hash.bin" || fail "GET with region set us-*"
cmp -s "$dir/small.bin" "$dir/wild.back" || fail "GET with region set us-* differs"
check "region set 'us-*' covers us-west-2"

wrong=(env AWS_SECRET_ACCESS_KEY="wrong${secret_key}")
for payload in hash streaming streaming-trailer; do
  if "${wrong[@]}" "${s3[@]}" --payload "$payload" -T "$dir/small.bin" "$endpoint/v4a-bucket/refused-$payload" \
      > /dev/null 2> "$dir/err"; then
    fail "SigV4a PUT with a wrong secret (--payload $payload) was accepted"
  fi
  grep -q "HTTP 403 SignatureDoesNotMatch" "$dir/err" || fail "wrong secret ($payload): $(cat "$dir/err")"
  check "wrong secret refused ($payload): $(head -1 "$dir/err" | sed 's/^sigv4 curl: //')"
done
if "${wrong[@]}" "${s3[@]}" -o /dev/null "$endpoint/v4a-bucket/small-hash.bin" 2> "$dir/err"; then
  fail "SigV4a GET with a wrong secret was accepted"
fi
grep -q "HTTP 403 SignatureDoesNotMatch" "$dir/err" || fail "wrong secret (GET): $(cat "$dir/err")"
check "wrong secret refused (GET)"
if "${s3[@]}" -o /dev/null "$endpoint/v4a-bucket/refused-streaming" 2> /dev/null; then
  fail "an object refused with a wrong secret exists"
fi
check "nothing stored by the refused uploads"

if "${s3[@]}" --region-set eu-west-1,ap-south-1 -o /dev/null "$endpoint/v4a-bucket/small-hash.bin" 2> "$dir/err"; then
  fail "a region set without us-west-2 was accepted"
fi
grep -q "HTTP 400 AuthorizationHeaderMalformed" "$dir/err" || fail "region set mismatch: $(cat "$dir/err")"
check "region set without the server's region refused: $(head -1 "$dir/err" | sed 's/^sigv4 curl: //')"

plain="http://127.0.0.1:$(cat "$dir/plain.port")"
if "${s3[@]}" -X PUT "$plain/other" > /dev/null 2> "$dir/err"; then
  fail "a server without --sigv4a accepted SigV4a"
fi
grep -q "InvalidArgument" "$dir/err" || fail "server without --sigv4a: $(cat "$dir/err")"
"$sigv4" curl --service s3 --region us-west-2 -X PUT "$plain/other" > /dev/null || fail "SigV4 to the plain server"
check "a server without --sigv4a refuses SigV4a and still takes SigV4"
echo "all checks passed"
