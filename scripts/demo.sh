#!/usr/bin/env bash
# `make demo`: the main job, end to end, on a machine with no AWS account.
#   1. start `sigv4 serve` on 127.0.0.1 with freshly generated credentials,
#   2. create a bucket,
#   3. upload a file with signed streaming chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), showing the
#      canonical request and string to sign (secrets redacted),
#   4. create a presigned GET URL, download it with plain curl, check the bytes,
#   5. show a request with a wrong secret being refused (403 SignatureDoesNotMatch).
# The same steps against real AWS or any S3 endpoint; `sigv4 curl` uses the credentials the AWS SDKs
# would find (environment, ~/.aws profile, container, instance metadata), `sigv4 presign` the
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables:
#   scripts/demo.sh build/bin/sigv4 --endpoint https://s3.eu-west-1.amazonaws.com --region eu-west-1 [--profile P]
#   make demo DEMO_ARGS='--endpoint URL --region R'
set -euo pipefail
sigv4=$(realpath "${1:-build/bin/sigv4}")
shift || true
endpoint= region=us-east-1 profile=()
while (($#)); do
  case $1 in
    --endpoint) endpoint=${2%/}; shift 2 ;;
    --region) region=$2; shift 2 ;;
    --profile) profile=(--profile "$2"); shift 2 ;;
    *) echo "usage: $0 [SIGV4] [--endpoint URL] [--region R] [--profile P]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d /tmp/sigv4-demo.XXXXXX)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2> /dev/null && wait "$server" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [[ -z $endpoint ]]; then
  step "1. sigv4 serve on 127.0.0.1 with generated credentials"
  export AWS_ACCESS_KEY_ID=AKIDDEMO$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
  export AWS_SECRET_ACCESS_KEY=$(head -c 30 /dev/urandom | base64 | tr -d '/+=' | head -c 40)
  unset AWS_SESSION_TOKEN AWS_PROFILE
  export AWS_EC2_METADATA_DISABLED=true HOME=$work   # no stray ~/.aws profile, no IMDS probe
  "$sigv4" serve --root "$work/root" --credentials "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" --port 0 \
    --port-file "$work/port" --quiet &
  server=$!
  for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
  [[ -s $work/port ]] || { echo "sigv4 serve did not start" >&2; exit 1; }
  endpoint=http://127.0.0.1:$(cat "$work/port")
  echo "endpoint $endpoint, access key $AWS_ACCESS_KEY_ID (secret generated, never printed)"
else
  step "1. using $endpoint ($region) with the credentials the AWS SDKs would find"
fi
s3=("$sigv4" curl --service s3 --region "$region" "${profile[@]}")
bucket=sigv4-demo-$(date +%s)-$RANDOM

step "2. create bucket $bucket"
if [[ $region == us-east-1 ]]; then
  "${s3[@]}" -X PUT "$endpoint/$bucket"
else
  "${s3[@]}" -X PUT -H 'Content-Type: application/xml' \
    --data-binary "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>$region</LocationConstraint></CreateBucketConfiguration>" \
    "$endpoint/$bucket"
fi
echo "created"

step "3. upload a 6 MiB file with signed streaming chunks (sigv4 curl -v -T, canonical request and string to sign below)"
head -c $((6 * 1024 * 1024)) /dev/urandom > "$work/photo.bin"
"${s3[@]}" -v --payload streaming -T "$work/photo.bin" "$endpoint/$bucket/photos/photo.bin" 2>&1 |
  sed -n '/^\* /p;/--- canonical request ---/,/^---$/p;/^< HTTP/p'

step "4. presign a GET URL (valid 10 minutes), download it with plain curl, compare the bytes"
# (sigv4 presign reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN].)
url=$("$sigv4" presign --s3 -X GET --url "$endpoint/$bucket/photos/photo.bin" --region "$region" --expires 600)
echo "${url%%X-Amz-Signature=*}X-Amz-Signature=..."
curl -sS -f -o "$work/download.bin" "$url"
if cmp -s "$work/photo.bin" "$work/download.bin"; then
  echo "plain curl downloaded $(stat -c %s "$work/download.bin") bytes: identical to the upload"
else
  echo "MISMATCH between upload and download" >&2
  exit 1
fi

step "5. the same upload signed with a wrong secret is refused"
if AWS_SECRET_ACCESS_KEY=wrong-secret-0000000000000000000000000000 "${s3[@]}" -T "$work/photo.bin" \
  "$endpoint/$bucket/photos/forged.bin" 2> "$work/refused.txt"; then
  echo "the forged request was accepted!" >&2
  exit 1
fi
head -1 "$work/refused.txt"
echo "(exit code non-zero, nothing stored)"

"${s3[@]}" -X DELETE "$endpoint/$bucket/photos/photo.bin" > /dev/null 2>&1 || true
"${s3[@]}" -X DELETE "$endpoint/$bucket" > /dev/null 2>&1 || true
printf '\n\033[1mdemo complete\033[0m\n'
