#!/usr/bin/python3
"""Differential test driver: signs each case (JSON lines on stdin, see gen_cases.py) with botocore's own
SigV4 signers and prints what they computed, one JSON object a line:

  {"id", "canonical_request", "string_to_sign", "signature", "authorization" + "added_headers" |
   "presign_params"}
  or {"id", "error"} when botocore raised.

The signers are driven through their public entry point, add_auth(), exactly as botocore's request
pipeline calls them: SigV4Auth / S3SigV4Auth for header signing, SigV4QueryAuth / S3SigV4QueryAuth for
presigned URLs. The canonical request and string to sign are the values add_auth() itself computed
(recorded on the way, not recomputed). Only the clock is replaced, by the case's signing time.

Run with Debian's /usr/bin/python3 (python3-botocore).
"""

import datetime
import json
import sys
from urllib.parse import unquote, urlsplit

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.utils import percent_encode_sequence

AUTH_PARAMS = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
               "X-Amz-Security-Token", "X-Amz-Signature"}

_now = datetime.datetime(2000, 1, 1)


class _FixedClock(datetime.datetime):
    """botocore.auth reads the time with datetime.datetime.utcnow(); this answers the case's time."""

    @classmethod
    def utcnow(cls):
        return _now


class _DatetimeModule:
    datetime = _FixedClock


botocore.auth.datetime = _DatetimeModule


def sign(case):
    global _now
    _now = datetime.datetime.strptime(case["time"], "%Y%m%dT%H%M%SZ")
    creds = Credentials(case["access_key"], case["secret_key"], case["session_token"])
    s3 = case["rules"] == "s3"
    presign = case["location"] == "query"
    unsigned = case["payload"] == "unsigned"

    base = f'{case["scheme"]}://{case["host"]}{case["path"]}'
    params = [(k, v) for k, v in case["query"]]
    if presign:
        # The presigner merges the operation's parameters (request.params) into the URL itself.
        request = AWSRequest(method=case["method"], url=base, data=bytes.fromhex(case["body_hex"]))
        request.params = dict(params)
        cls = botocore.auth.S3SigV4QueryAuth if s3 else botocore.auth.SigV4QueryAuth
        signer = cls(creds, case["service"], case["region"], expires=case["expires"])
    else:
        # As botocore's serializer builds a request URL (botocore.awsrequest.prepare_request_dict).
        url = base + ("?" + percent_encode_sequence(params) if params else "")
        request = AWSRequest(method=case["method"], url=url, data=bytes.fromhex(case["body_hex"]))
        cls = botocore.auth.S3SigV4Auth if s3 else botocore.auth.SigV4Auth
        signer = cls(creds, case["service"], case["region"])
    for name, value in case["headers"]:
        request.headers[name] = value  # appends: repeated headers stay repeated, in order
    if case["payload"] == "streaming_unsigned_trailer":
        # What botocore's checksum handler sets for an aws-chunked body with a trailing checksum.
        request.context["checksum"] = {"request_algorithm": {"in": "trailer", "algorithm": "crc32",
                                                             "name": "x-amz-checksum-crc32"}}
    if s3:
        request.context["client_config"] = Config(s3={"payload_signing_enabled": not unsigned})
    elif unsigned:
        request.context["payload_signing_enabled"] = False

    seen = {}
    real_canonical_request = signer.canonical_request
    real_string_to_sign = signer.string_to_sign

    def canonical_request(req):
        seen["canonical_request"] = real_canonical_request(req)
        return seen["canonical_request"]

    def string_to_sign(req, creq):
        seen["string_to_sign"] = real_string_to_sign(req, creq)
        return seen["string_to_sign"]

    signer.canonical_request = canonical_request
    signer.string_to_sign = string_to_sign
    signer.add_auth(request)

    out = {"id": case["id"], "canonical_request": seen["canonical_request"],
           "string_to_sign": seen["string_to_sign"]}
    if presign:
        added = []
        for part in urlsplit(request.url).query.split("&"):
            key, _, value = part.partition("=")
            key, value = unquote(key), unquote(value)
            if key in AUTH_PARAMS:
                added.append([key, value])
        out["presign_params"] = sorted(added)
        out["signature"] = dict(added).get("X-Amz-Signature", "")
    else:
        auth = request.headers["Authorization"]
        out["authorization"] = auth
        out["signature"] = auth.rsplit("Signature=", 1)[-1]
        # What botocore added to the request (X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256,
        # Authorization): with the case's own headers, the request a server receives.
        sent = {n.lower() for n, _ in case["headers"]}
        out["added_headers"] = [[n, v] for n, v in request.headers.items() if n.lower() not in sent]
    return out


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            out = sign(case)
        except Exception as e:  # a peer's failure is reported per case, not fatal to the batch
            out = {"id": case["id"], "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
