#!/usr/bin/python3
"""Independent oracle for the service-helper tests: botocore's own presigners.

Reads one JSON case per line on stdin, writes one JSON answer per line on stdout. Run it under
`faketime -f 'YYYY-MM-DD HH:MM:SS'` so botocore signs at the same frozen time as the test.

  {"kind": "s3_presign", "creds": [ak, sk, token|null], "region": R, "endpoint_url": URL|null,
   "addressing_style": "auto"|"virtual"|"path", "client_method": "get_object", "params": {...}, "expires": N}
      -> {"url": ...}
  {"kind": "s3_post", "creds": [...], "region": R, "bucket": B, "key": K, "fields": {...},
   "conditions": [...], "expires": N}
      -> {"url": ..., "fields": {...}, "policy_json": ...}
  {"kind": "dsql", "creds": [...], "region": R, "host": H, "action": "DbConnect"|"DbConnectAdmin", "expires": N}
      -> {"token": ...}   (botocore 1.29 predates DSQL: the request is built as the current SDKs build it,
                           and signed by botocore's RequestSigner)
"""
import base64
import json
import sys

import botocore.session
from botocore.awsrequest import prepare_request_dict
from botocore.config import Config


def client(case, service):
    session = botocore.session.Session()
    ak, sk, token = case["creds"]
    session.set_credentials(ak, sk, token)
    cfg = None
    if service == "s3":
        cfg = Config(signature_version="s3v4", s3={"addressing_style": case.get("addressing_style", "auto")})
    return session.create_client(service, region_name=case["region"], endpoint_url=case.get("endpoint_url"),
                                 config=cfg)


def answer(case):
    kind = case["kind"]
    if kind == "s3_presign":
        c = client(case, "s3")
        url = c.generate_presigned_url(case["client_method"], Params=case["params"], ExpiresIn=case["expires"],
                                       HttpMethod=case.get("http_method"))
        return {"url": url}
    if kind == "s3_post":
        c = client(case, "s3")
        post = c.generate_presigned_post(case["bucket"], case["key"], Fields=case.get("fields"),
                                         Conditions=case.get("conditions"), ExpiresIn=case["expires"])
        post["policy_json"] = base64.b64decode(post["fields"]["policy"]).decode("utf-8")
        return post
    if kind == "dsql":
        c = client(case, "rds")
        request_dict = {"url_path": "/", "query_string": "", "headers": {}, "body": {"Action": case["action"]},
                        "method": "GET"}
        prepare_request_dict(request_dict, "https://" + case["host"])
        url = c._request_signer.generate_presigned_url(request_dict=request_dict, operation_name=case["action"],
                                                       expires_in=case["expires"], region_name=case["region"],
                                                       signing_name="dsql")
        return {"token": url[len("https://"):]}
    raise ValueError("unknown kind " + kind)


for line in sys.stdin:
    if line.strip():
        print(json.dumps(answer(json.loads(line))), flush=True)
