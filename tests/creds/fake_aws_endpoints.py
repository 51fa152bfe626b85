#!/usr/bin/python3
"""Local stand-ins for the AWS credential endpoints, on 127.0.0.1 (tests only).

  IMDSv2     PUT /latest/api/token, GET /latest/meta-data/iam/security-credentials/[ROLE]
  container  GET /container/creds            (Authorization must equal --container-token)
  STS        POST /  Action=AssumeRole (SigV4 checked with botocore, not with the code under test)
                      Action=AssumeRoleWithWebIdentity (WebIdentityToken must equal --web-token)

A path prefix selects a misbehaviour: /expired (credentials that expired an hour ago), /broken
(malformed JSON), /slow (answers after 5 s), /nocode (IMDS answer without "Code": "Success").
Every request is logged; GET /__log returns the log as JSON. The chosen port is printed as "PORT n".
"""
import argparse
import datetime
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ARGS = None
LOG = []
LOG_LOCK = threading.Lock()
IMDS_TOKEN = "imds-session-token-0123456789"
ROLE = "sigv4-test-role"


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def issued(prefix, variant):
    """The credentials an endpoint hands out: ids tell which endpoint answered."""
    now = datetime.datetime.utcnow()
    exp = now - datetime.timedelta(hours=1) if variant == "expired" else now + datetime.timedelta(hours=6)
    return {
        "AccessKeyId": "ASIA" + prefix,
        "SecretAccessKey": ARGS.issued_secret + "/" + prefix,
        "Token": ARGS.issued_token + "-" + prefix,
        "Expiration": iso(exp),
    }


def verify_sigv4(handler, body):
    """Recomputes the request's signature with botocore; returns (ok, detail)."""
    auth = handler.headers.get("Authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return False, "no SigV4 Authorization header"
    fields = {}
    for part in auth[len("AWS4-HMAC-SHA256 "):].split(","):
        k, _, v = part.strip().partition("=")
        fields[k] = v
    try:
        akid, date, region, service, term = fields["Credential"].split("/")
    except (KeyError, ValueError):
        return False, "malformed Credential"
    secrets = dict(s.split(":", 1) for s in ARGS.key)
    if akid not in secrets:
        return False, "unknown access key " + akid
    signed = fields.get("SignedHeaders", "").split(";")
    req = AWSRequest(method=handler.command, url="http://%s%s" % (handler.headers["Host"], handler.path), data=body)
    for name in signed:
        value = handler.headers.get(name)
        if value is None:
            return False, "signed header %s missing" % name
        req.headers[name] = value
    amz_date = handler.headers.get("X-Amz-Date", "")
    req.context["timestamp"] = amz_date
    token = handler.headers.get("X-Amz-Security-Token")
    signer = SigV4Auth(Credentials(akid, secrets[akid], token), service, region)
    canonical = signer.canonical_request(req)
    expected = signer.signature(signer.string_to_sign(req, canonical), req)
    if expected != fields.get("Signature"):
        return False, "signature mismatch (botocore canonical request:\n%s)" % canonical
    if date != amz_date[:8] or service != "sts":
        return False, "scope %s/%s does not match the date or service" % (date, service)
    return True, "verified by botocore, scope %s/%s/%s" % (date, region, service)


def sts_error(handler, status, code, message):
    xml = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
           "<Code>%s</Code><Message>%s</Message></Error><RequestId>req-1</RequestId></ErrorResponse>" % (code, message))
    handler.reply(status, xml.encode(), "text/xml")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, ctype="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def record(self, body, **extra):
        entry = {"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                 "body": body.decode("latin-1")}
        entry.update(extra)
        with LOG_LOCK:
            LOG.append(entry)

    def split_variant(self):
        for v in ("expired", "broken", "slow", "nocode"):
            if self.path.startswith("/" + v + "/"):
                return v, self.path[len(v) + 1:]
        return "", self.path

    def read_body(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        return self.rfile.read(n) if n else b""

    def do_PUT(self):
        body = self.read_body()
        self.record(body)
        variant, path = self.split_variant()
        if variant == "slow":
            time.sleep(5)
        if path == "/latest/api/token":
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.reply(400, b"missing ttl")
            return self.reply(200, IMDS_TOKEN.encode())
        self.reply(404, b"not found")

    def do_GET(self):
        self.record(b"")
        variant, path = self.split_variant()
        if path == "/__log":
            with LOG_LOCK:
                return self.reply(200, json.dumps(LOG).encode(), "application/json")
        if variant == "slow":
            time.sleep(5)
        if path.startswith("/latest/meta-data/iam/security-credentials/"):
            if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
                return self.reply(401, b"")
            role = path[len("/latest/meta-data/iam/security-credentials/"):]
            if role == "":
                return self.reply(200, ROLE.encode())
            if role != ROLE:
                return self.reply(404, b"")
            doc = dict(issued("IMDS", variant), Code="Success", Type="AWS-HMAC",
                       LastUpdated=iso(datetime.datetime.utcnow()))
            if variant == "nocode":
                del doc["Code"]
            if variant == "broken":
                return self.reply(200, b'{"Code": "Success", "AccessKeyId": ')
            return self.reply(200, json.dumps(doc).encode(), "application/json")
        if path == "/container/creds":
            if self.headers.get("Authorization") != ARGS.container_token:
                return self.reply(401, b'{"message": "bad token"}', "application/json")
            if variant == "broken":
                return self.reply(200, b"<html>not json</html>")
            return self.reply(200, json.dumps(issued("CONTAINER", variant)).encode(), "application/json")
        self.reply(404, b"not found")

    def do_POST(self):
        body = self.read_body()
        variant, path = self.split_variant()
        form = dict(urllib.parse.parse_qsl(body.decode()))
        action = form.get("Action")
        if variant == "slow":
            time.sleep(5)
        if action == "AssumeRole":
            ok, detail = verify_sigv4(self, body)
            self.record(body, verified=ok, detail=detail)
            if not ok:
                return sts_error(self, 403, "SignatureDoesNotMatch", detail.split("\n")[0])
            prefix = "ROLE"
        elif action == "AssumeRoleWithWebIdentity":
            ok = form.get("WebIdentityToken") == ARGS.web_token
            self.record(body, verified=ok, detail="web identity token " + ("accepted" if ok else "refused"))
            if not ok:
                return sts_error(self, 400, "InvalidIdentityToken", "Couldn't verify the token")
            prefix = "WEBID"
        else:
            self.record(body)
            return sts_error(self, 400, "InvalidAction", "unknown action")
        if form.get("Version") != "2011-06-15" or not form.get("RoleArn") or not form.get("RoleSessionName"):
            return sts_error(self, 400, "MissingParameter", "RoleArn, RoleSessionName and Version are required")
        c = issued(prefix, variant)
        xml = ("<{a}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{a}Result>"
               "<AssumedRoleUser><AssumedRoleId>AROA:{s}</AssumedRoleId><Arn>{r}</Arn></AssumedRoleUser>"
               "<Credentials><AccessKeyId>{k}</AccessKeyId><SecretAccessKey>{x}</SecretAccessKey>"
               "<SessionToken>{t}</SessionToken><Expiration>{e}</Expiration></Credentials>"
               "</{a}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></{a}Response>").format(
            a=action, s=form["RoleSessionName"], r=form["RoleArn"], k=c["AccessKeyId"],
            x=c["SecretAccessKey"].replace("&", "&amp;"), t=c["Token"], e=c["Expiration"])
        if variant == "broken":
            xml = xml[: len(xml) // 2]
        self.reply(200, xml.encode(), "text/xml")


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--key", action="append", default=[], help="AKID:SECRET accepted by STS AssumeRole")
    p.add_argument("--issued-secret", required=True)
    p.add_argument("--issued-token", required=True)
    p.add_argument("--container-token", required=True)
    p.add_argument("--web-token", required=True)
    p.add_argument("--lifetime", type=int, default=120, help="seconds before the server exits by itself")
    ARGS = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Timer(ARGS.lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
