#!/usr/bin/python3
"""Seeds for the fuzz targets that do not take a whole raw request, made from the captures.

usage: make_seeds.py SHARED_DIR OUT_DIR

Writes OUT_DIR/<target>/<capture>-<variant> for auth_parameters_fuzz (Authorization values, presigned
queries), chunked_config_fuzz (header blocks), chunked_decoder_fuzz (aws-chunked bodies, the trailer
sections, objects to encode), http_chunked_fuzz (Transfer-Encoding: chunked bodies), checksum_fuzz
(checksum values) and verifier_fuzz (raw requests). Each target reads its control bytes from the end
of the input (FuzzedDataProvider's integers), so a seed is the payload followed by those bytes, laid
out as the target consumes them (see each *_fuzz.cpp).
"""
import gzip
import pathlib
import re
import sys

MAX_SEED = 65536 - 64
SLICE = bytes([7, 1, 13, 64, 2, 200, 3, 5, 9, 0, 1, 1, 2, 3, 5, 8])  # take_slice_seed(): 16 bytes
MODES = {
    b"STREAMING-AWS4-HMAC-SHA256-PAYLOAD": 0,
    b"STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER": 1,
    b"STREAMING-UNSIGNED-PAYLOAD-TRAILER": 2,
}
ALGORITHMS = {b"crc32": 0, b"crc32c": 1, b"crc64nvme": 2, b"sha1": 3, b"sha256": 4}


def read(path):
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def split(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        headers.setdefault(name.strip().lower(), value.strip())
    return head, headers, body


def dechunk(body):
    """Removes HTTP/1.1 chunked framing (the captures are well formed)."""
    out, at = b"", 0
    while True:
        end = body.index(b"\r\n", at)
        size = int(body[at:end].split(b";")[0], 16)
        if size == 0:
            return out
        out += body[end + 2:end + 2 + size]
        at = end + 2 + size + 2


def chunked_controls(mode, door, algorithm, extra=b""):
    # Consumed from the end: mode, door, algorithm, release, small limits, declare length, extra
    # trailer, the slice seed, then (door 1) the number of alterations.
    return extra + SLICE + bytes([0, 1, 0, 0, algorithm, door, mode])


def main():
    shared, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    seeds = {}

    def add(target, name, data):
        if len(data) <= MAX_SEED:
            seeds.setdefault(target, {})[name] = data

    for path in sorted((shared / "captures").glob("*.raw*")):
        name = path.name.split(".")[0]
        raw = read(path)
        head, headers, body = split(raw)
        request_line = head.split(b"\r\n")[0]
        if b"authorization" in headers:
            add("auth_parameters_fuzz", name + "-header", headers[b"authorization"])
        if b"?" in request_line:
            add("auth_parameters_fuzz", name + "-query", request_line.split(b" ")[1].split(b"?", 1)[1])
        add("chunked_config_fuzz", name, head.split(b"\r\n", 1)[1].replace(b"\r\n", b"\n"))
        for resign in (0, 1):
            add("verifier_fuzz", f"{name}-resign{resign}", raw + SLICE + bytes([0, resign]))
        mode = MODES.get(headers.get(b"x-amz-content-sha256", b""))
        if mode is None:
            continue
        wire = body
        if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
            add("http_chunked_fuzz", name, body + SLICE + bytes([0]))
            wire = dechunk(body)
        trailer = headers.get(b"x-amz-trailer", b"x-amz-checksum-crc32").lower()
        algorithm = ALGORITHMS.get(trailer.replace(b"x-amz-checksum-", b""), 0)
        add("chunked_decoder_fuzz", name + "-wire", wire + chunked_controls(mode, 0, algorithm))
        data = bytes(i % 251 for i in range(9000))
        add("chunked_decoder_fuzz", name + "-encode", data + chunked_controls(mode, 1, algorithm, bytes([0])))
        final = re.search(rb"\r\n0(;chunk-signature=[0-9a-f]{64})?\r\n", wire)
        if final:
            tail = wire[final.end():]
            add("chunked_decoder_fuzz", name + "-trailers", tail + chunked_controls(mode, 2, algorithm))
            for line in tail.split(b"\n"):
                if line.startswith(b"x-amz-checksum-"):
                    add("checksum_fuzz", name, line.split(b":", 1)[1].strip())

    # Hand-written samples for the targets the captures say nothing about.
    add("profile_file_fuzz", "config", b"[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n"
        b"[profile dev] # comment\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = default\n"
        b"credential_process = /bin/echo x\n[sso-session s]\nsso_region = eu-west-1\n; comment\n")
    add("profile_file_fuzz", "credentials", b"[default]\naws_access_key_id = AKIDEXAMPLE\n"
        b"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\naws_session_token = tok ; c\n")
    add("credentials_response_fuzz", "process", b'{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": '
        b'"secretsecretsecret", "SessionToken": "tok", "Expiration": "2030-01-01T00:00:00.5+01:00"}')
    add("credentials_response_fuzz", "imds", b'{"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "AKID",'
        b' "SecretAccessKey": "s\\u00e9cret\\n", "Token": "t", "Expiration": "2030-01-01T00:00:00Z"}')
    add("credentials_response_fuzz", "sts", b'<?xml version="1.0"?><AssumeRoleResponse xmlns="https://sts.'
        b'amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>AKID</AccessKeyId>'
        b'<SecretAccessKey>s&amp;&#x41;</SecretAccessKey><SessionToken><![CDATA[tok]]></SessionToken>'
        b'<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>')
    add("credentials_response_fuzz", "error", b'<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied'
        b'</Code><Message>no &lt;way&gt;</Message></Error><RequestId>1</RequestId></ErrorResponse>')

    add("post_form_fuzz", "form", b"XyZ\n--XyZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nup/${filename}"
        b"\r\n--XyZ\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\neyJleHBpcmF0aW9uIjoiMjAzMC0wMS0wMVQw"
        b"MDowMDowMFoiLCJjb25kaXRpb25zIjpbeyJidWNrZXQiOiJleGFtcGxlYnVja2V0In1dfQ==\r\n--XyZ\r\n"
        b"Content-Disposition: form-data; name=\"x-amz-credential\"\r\n\r\nAKIDEXAMPLE/20261122/us-east-1/s3/"
        b"aws4_request\r\n--XyZ\r\nContent-Disposition: form-data; name=\"x-amz-algorithm\"\r\n\r\n"
        b"AWS4-HMAC-SHA256\r\n--XyZ\r\nContent-Disposition: form-data; name=\"x-amz-date\"\r\n\r\n"
        b"20261122T000000Z\r\n--XyZ\r\nContent-Disposition: form-data; name=\"x-amz-signature\"\r\n\r\n"
        + b"0" * 64 + b"\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
        b"Content-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n")

    for target, files in seeds.items():
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)


if __name__ == "__main__":
    main()
