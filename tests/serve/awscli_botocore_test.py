"""Real clients against `sigv4 serve` (issue 4): the AWS CLI (Debian awscli) and botocore (Debian
python3-botocore), each upload followed by a byte-exact GET back, and the failure cases a client meets
on S3 (wrong secret, expired presigned URL, a clock 20 minutes off, a body altered in flight): the S3
error code, and nothing stored.

usage: awscli_botocore_test.py --cli build/bin/sigv4"""
import argparse
import datetime
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from unittest import mock

import botocore.auth
import botocore.config
import botocore.exceptions
import botocore.session

from serve_harness import ACCESS_KEY, REGION, SECRET_KEY, Server, TamperProxy, check, finish, object_bytes

parser = argparse.ArgumentParser()
parser.add_argument("--cli", required=True)
parser.add_argument("--aws", default="/usr/bin/aws")
args = parser.parse_args()
work = tempfile.mkdtemp(prefix="sigv4-serve-clients-")


def aws(server_endpoint, *argv, secret=SECRET_KEY, prefix=()):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION=REGION,
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_PAGER="")
    env.pop("AWS_SESSION_TOKEN", None)
    r = subprocess.run([*prefix, args.aws, "--endpoint-url", server_endpoint, "--no-cli-pager", *argv], env=env,
                       capture_output=True, timeout=300)
    return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


def client(endpoint, secret=SECRET_KEY, signature_version="s3v4", **cfg):
    s = botocore.session.get_session()
    return s.create_client("s3", region_name=REGION, endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY,
                           aws_secret_access_key=secret,
                           config=botocore.config.Config(retries={"max_attempts": 1}, signature_version=signature_version,
                                                         **cfg))


def error_code(call):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
    return "none"


def http_get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


with Server(args.cli) as server:
    ep = server.endpoint
    small = object_bytes(20000)
    big = object_bytes(12 * 1024 * 1024 + 12345, seed=7)  # above the CLI's 8 MiB multipart threshold
    small_path = write(os.path.join(work, "small.bin"), small)
    big_path = write(os.path.join(work, "big.bin"), big)

    # --- AWS CLI ---
    rc, out, err = aws(ep, "s3", "mb", "s3://cli-bucket")
    check(rc == 0, f"awscli s3 mb creates a bucket ({err.strip()})")
    rc, out, err = aws(ep, "s3api", "put-object", "--bucket", "cli-bucket", "--key", "dir/small.bin", "--body",
                       small_path)
    check(rc == 0, f"awscli s3api put-object ({err.strip()})")
    back = os.path.join(work, "small.back")
    rc, out, err = aws(ep, "s3api", "get-object", "--bucket", "cli-bucket", "--key", "dir/small.bin", back)
    check(rc == 0 and open(back, "rb").read() == small, "awscli s3api get-object returns the bytes put")
    rc, out, err = aws(ep, "s3", "cp", big_path, "s3://cli-bucket/big.bin")
    check(rc == 0, f"awscli s3 cp of {len(big)} bytes (multipart upload) ({err.strip()[-300:]})")
    rc, out, err = aws(ep, "s3", "cp", "s3://cli-bucket/big.bin", os.path.join(work, "big.back"))
    check(rc == 0 and open(os.path.join(work, "big.back"), "rb").read() == big,
          "awscli s3 cp back (ranged GETs) is byte-exact")
    rc, out, err = aws(ep, "s3", "ls", "s3://cli-bucket", "--recursive")
    check(rc == 0 and "dir/small.bin" in out and "big.bin" in out, "awscli s3 ls lists both objects")
    rc, url, err = aws(ep, "s3", "presign", "s3://cli-bucket/dir/small.bin", "--expires-in", "300")
    r = subprocess.run(["curl", "-s", "-f", url.strip()], capture_output=True, timeout=60)
    check(r.returncode == 0 and r.stdout == small, "awscli presign + plain curl GET is byte-exact")

    # Failure cases with the CLI.
    rc, out, err = aws(ep, "s3api", "put-object", "--bucket", "cli-bucket", "--key", "wrong-secret.bin", "--body",
                       small_path, secret="not-the-secret")
    check(rc != 0 and "SignatureDoesNotMatch" in err, "awscli with a wrong secret gets SignatureDoesNotMatch")
    rc, out, err = aws(ep, "s3api", "head-object", "--bucket", "cli-bucket", "--key", "wrong-secret.bin")
    check(rc != 0 and "404" in err, "... and nothing was stored")
    rc, out, err = aws(ep, "s3api", "put-object", "--bucket", "cli-bucket", "--key", "skewed.bin", "--body",
                       small_path, prefix=("faketime", "-f", "-20m"))
    check(rc != 0 and "RequestTimeTooSkewed" in err, f"awscli with its clock 20 minutes off gets RequestTimeTooSkewed")
    rc, out, err = aws(ep, "s3api", "head-object", "--bucket", "cli-bucket", "--key", "skewed.bin")
    check(rc != 0 and "404" in err, "... and nothing was stored")
    rc, url, err = aws(ep, "s3", "presign", "s3://cli-bucket/dir/small.bin", "--expires-in", "1")
    time.sleep(2.2)
    status, body = http_get(url.strip())
    check(status == 403 and b"<Code>AccessDenied</Code>" in body and b"Request has expired" in body,
          "an expired awscli presigned URL gets 403 AccessDenied 'Request has expired'")
    proxy = TamperProxy(server.port, at=5000)
    rc, out, err = aws(proxy.endpoint, "s3api", "put-object", "--bucket", "cli-bucket", "--key", "dir/small.bin",
                       "--body", write(os.path.join(work, "other.bin"), object_bytes(20000, seed=3)))
    check(proxy.tampered >= 1 and rc != 0 and ("XAmzContentSHA256Mismatch" in err or "BadDigest" in err),
          f"awscli put-object with a body byte altered in flight is refused ({err.strip()[-200:]})")
    rc, out, err = aws(ep, "s3api", "get-object", "--bucket", "cli-bucket", "--key", "dir/small.bin", back)
    check(rc == 0 and open(back, "rb").read() == small, "... and the existing object was not overwritten")
    proxy.close()

    # --- botocore ---
    s3 = client(ep)
    s3.create_bucket(Bucket="boto-bucket")
    body = object_bytes(300000, seed=11)
    put = s3.put_object(Bucket="boto-bucket", Key="a/b c+d.bin", Body=body, ContentType="application/x-test",
                        Metadata={"color": "red"})
    check(put["ResponseMetadata"]["HTTPStatusCode"] == 200, "botocore put_object")
    got = s3.get_object(Bucket="boto-bucket", Key="a/b c+d.bin")
    data = got["Body"].read()
    check(data == body, "botocore get_object is byte-exact")
    check(got["ContentType"] == "application/x-test" and got["Metadata"] == {"color": "red"},
          "botocore get_object returns Content-Type and x-amz-meta-*")
    ranged = s3.get_object(Bucket="boto-bucket", Key="a/b c+d.bin", Range="bytes=1000-1999")
    check(ranged["Body"].read() == body[1000:2000] and ranged["ResponseMetadata"]["HTTPStatusCode"] == 206,
          "botocore ranged get_object (206, the right bytes)")
    check(error_code(lambda: s3.get_object(Bucket="boto-bucket", Key="a/b c+d.bin", Range="bytes=400000-"))
          == "InvalidRange", "an unsatisfiable range is InvalidRange")
    listed = s3.list_objects_v2(Bucket="boto-bucket", Prefix="a/")
    check([o["Key"] for o in listed.get("Contents", [])] == ["a/b c+d.bin"], "botocore list_objects_v2 with a prefix")
    head = s3.head_object(Bucket="boto-bucket", Key="a/b c+d.bin")
    check(head["ContentLength"] == len(body), "botocore head_object")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "boto-bucket", "Key": "a/b c+d.bin"},
                                    ExpiresIn=300)
    check(http_get(url) == (200, body), "botocore presigned GET URL is byte-exact")
    v2_url = client(ep, signature_version="s3").generate_presigned_url(
        "get_object", Params={"Bucket": "boto-bucket", "Key": "a/b c+d.bin"}, ExpiresIn=300)
    status, err_body = http_get(v2_url)
    check(status == 400 and b"<Code>InvalidRequest</Code>" in err_body and b"Please use AWS4-HMAC-SHA256" in err_body,
          "a SigV2 presigned URL gets InvalidRequest 'Please use AWS4-HMAC-SHA256', as from a SigV4-only region")

    # Multipart with botocore directly (5 MiB + 1 part).
    mp = s3.create_multipart_upload(Bucket="boto-bucket", Key="mp.bin")
    p1, p2 = object_bytes(5 * 1024 * 1024, seed=1), object_bytes(1234, seed=2)
    e1 = s3.upload_part(Bucket="boto-bucket", Key="mp.bin", UploadId=mp["UploadId"], PartNumber=1, Body=p1)["ETag"]
    e2 = s3.upload_part(Bucket="boto-bucket", Key="mp.bin", UploadId=mp["UploadId"], PartNumber=2, Body=p2)["ETag"]
    s3.complete_multipart_upload(Bucket="boto-bucket", Key="mp.bin", UploadId=mp["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e1},
                                                            {"PartNumber": 2, "ETag": e2}]})
    check(s3.get_object(Bucket="boto-bucket", Key="mp.bin")["Body"].read() == p1 + p2,
          "botocore multipart upload reads back byte-exact")
    mp2 = s3.create_multipart_upload(Bucket="boto-bucket", Key="aborted.bin")
    s3.abort_multipart_upload(Bucket="boto-bucket", Key="aborted.bin", UploadId=mp2["UploadId"])
    check(error_code(lambda: s3.upload_part(Bucket="boto-bucket", Key="aborted.bin", UploadId=mp2["UploadId"],
                                            PartNumber=1, Body=b"x")) == "NoSuchUpload",
          "an aborted upload is NoSuchUpload")

    # Virtual-hosted addressing: bucket.localhost (resolved to 127.0.0.1 inside this process).
    real_getaddrinfo = socket.getaddrinfo
    with mock.patch("socket.getaddrinfo",
                    lambda host, *a, **k: real_getaddrinfo("127.0.0.1" if str(host).endswith(".localhost") else host,
                                                           *a, **k)):
        vs3 = client(f"http://localhost:{server.port}", s3={"addressing_style": "virtual"})
        vs3.put_object(Bucket="boto-bucket", Key="virtual.bin", Body=b"virtual-hosted")
        check(vs3.get_object(Bucket="boto-bucket", Key="virtual.bin")["Body"].read() == b"virtual-hosted",
              "virtual-hosted addressing (Host: boto-bucket.localhost) put + get")
    check(s3.get_object(Bucket="boto-bucket", Key="virtual.bin")["Body"].read() == b"virtual-hosted",
          "... the same object through path-style")

    # Failure cases with botocore.
    objs_before, _ = server.objects_on_disk("boto-bucket")
    check(error_code(lambda: client(ep, secret="wrong").put_object(Bucket="boto-bucket", Key="w.bin", Body=body))
          == "SignatureDoesNotMatch", "botocore with a wrong secret gets SignatureDoesNotMatch")
    past = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
    with mock.patch.object(botocore.auth.datetime, "datetime", mock.Mock(wraps=datetime.datetime,
                                                                         utcnow=lambda: past)):
        skewed = client(ep)
        code = error_code(lambda: skewed.put_object(Bucket="boto-bucket", Key="skew.bin", Body=body))
        old_url = skewed.generate_presigned_url("get_object", Params={"Bucket": "boto-bucket", "Key": "mp.bin"},
                                                ExpiresIn=600)
    check(code == "RequestTimeTooSkewed", "botocore signing 20 minutes in the past gets RequestTimeTooSkewed")
    status, err_body = http_get(old_url)
    check(status == 403 and b"Request has expired" in err_body,
          "a botocore presigned URL that expired 10 minutes ago gets AccessDenied 'Request has expired'")
    proxy = TamperProxy(server.port, at=100000)
    code = error_code(lambda: client(proxy.endpoint).put_object(Bucket="boto-bucket", Key="a/b c+d.bin",
                                                                 Body=object_bytes(300000, seed=5)))
    check(proxy.tampered == 1 and code in ("XAmzContentSHA256Mismatch", "BadDigest"),
          f"botocore put_object altered in flight is refused ({code})")
    proxy.close()
    check(s3.get_object(Bucket="boto-bucket", Key="a/b c+d.bin")["Body"].read() == body,
          "... and the existing object is unchanged")
    objs_after, tmp_after = server.objects_on_disk("boto-bucket")
    check(sorted(objs_after) == sorted(objs_before) and tmp_after == [],
          "refused uploads stored nothing and left no temporary file")
    s3.delete_object(Bucket="boto-bucket", Key="virtual.bin")
    check(error_code(lambda: s3.head_object(Bucket="boto-bucket", Key="virtual.bin")) == "404",
          "delete_object removes the object")

finish()
