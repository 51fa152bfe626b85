#!/usr/bin/env bash
# The main job until the end-to-end demo exists: sign and presign a sample S3 request with the example
# credentials of the AWS documentation and show every intermediate.
set -euo pipefail
sigv4=${1:-build/bin/sigv4}
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
common=(--region us-east-1 --s3 --time 20150830T123600Z)
url='https://examplebucket.s3.amazonaws.com/photos/2024/my%20photo.jpg?versionId=abc123'

echo "== sigv4 sign (header signing of an S3 GET) =="
"$sigv4" sign -v -X GET --url "$url" -H 'Range: bytes=0-9' --unsigned-payload "${common[@]}"
echo
echo "== sigv4 presign (a URL valid for one hour) =="
"$sigv4" presign -v -X GET --url "$url" --expires 3600 "${common[@]}"
echo
echo "== sigv4 sign --json (every intermediate as JSON) =="
"$sigv4" sign --json -X PUT --url 'https://examplebucket.s3.amazonaws.com/hello.txt' --data 'Hello, world' "${common[@]}"
