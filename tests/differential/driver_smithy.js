#!/usr/bin/env node
// Differential test driver: signs each case (JSON lines on stdin, see gen_cases.py) with
// @smithy/signature-v4, the SigV4 signer of the AWS SDK for JavaScript v3, and prints what it computed,
// one JSON object a line:
//   {"id", "canonical_request", "string_to_sign", "signature", "authorization" + "added_headers" |
//    "presign_params"}
//   or {"id", "error"} when the signer threw.
//
// Usage: node driver_smithy.js PEERS_DIR < cases.jsonl   (PEERS_DIR: tests/peers/differential, with
// node_modules installed by `npm ci`).
//
// The request is given to the signer the way the SDK's HTTP layer holds it: decoded query parameters
// (a repeated key as an array), one string per header name, the wire path. The SDK's S3 client
// configures the signer with uriEscapePath: false and applyChecksum: true; every other client with the
// defaults (uriEscapePath: true) and, as here, no x-amz-content-sha256 header.
"use strict";

const path = require("path");
const readline = require("readline");

const peers = process.argv[2];
if (!peers) {
  process.stderr.write("usage: driver_smithy.js PEERS_DIR < cases.jsonl\n");
  process.exit(2);
}
const requireFromPeers = require("module").createRequire(path.join(path.resolve(peers), "package.json"));
const { SignatureV4 } = requireFromPeers("@smithy/signature-v4");
const { Sha256 } = requireFromPeers("@aws-crypto/sha256-js");

const AUTH_PARAMS = new Set(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
  "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature"]);
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

function timeFromAmzDate(t) {
  const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}Z`;
  return new Date(iso);
}

// smithy's request model has one string per header name: repeated headers are joined with ',' in order,
// as the SigV4 rules join their values (the generator keeps whitespace away from the joins).
function headerMap(headers) {
  const out = {};
  const spelling = new Map();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (spelling.has(lower)) {
      out[spelling.get(lower)] += "," + value;
    } else {
      spelling.set(lower, name);
      out[name] = value;
    }
  }
  return out;
}

function queryMap(params) {
  const out = {};
  for (const [k, v] of params) {
    if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
    else if (Array.isArray(out[k])) out[k].push(v);
    else out[k] = [out[k], v];
  }
  return out;
}

async function sign(c) {
  const s3 = c.rules === "s3";
  const presign = c.location === "query";
  const unsigned = c.payload === "unsigned";
  const credentials = { accessKeyId: c.access_key, secretAccessKey: c.secret_key };
  if (c.session_token !== null) credentials.sessionToken = c.session_token;
  const signer = new SignatureV4({
    credentials,
    region: c.region,
    service: c.service,
    sha256: Sha256,
    uriEscapePath: !s3,
    applyChecksum: s3,
  });
  // Record the canonical request and string to sign the signer itself computes.
  const seen = {};
  const realCreq = signer.createCanonicalRequest.bind(signer);
  signer.createCanonicalRequest = (...args) => (seen.canonical_request = realCreq(...args));
  const realSts = signer.createStringToSign.bind(signer);
  signer.createStringToSign = async (...args) => (seen.string_to_sign = await realSts(...args));

  const url = new URL(`${c.scheme}://${c.host}/`);
  const headers = headerMap(c.headers);
  const request = {
    method: c.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: c.path,
    query: queryMap(c.query),
    headers,
    body: Buffer.from(c.body_hex, "hex"),
  };
  // UNSIGNED-PAYLOAD is asked for the way the SDK does: an x-amz-content-sha256 header carrying it.
  if (unsigned) headers["x-amz-content-sha256"] = UNSIGNED_PAYLOAD;
  // An aws-chunked body with a trailing checksum: the SDK's flexible-checksums middleware sets the header.
  if (c.payload === "streaming_unsigned_trailer") headers["x-amz-content-sha256"] = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  const out = { id: c.id };
  if (presign) {
    const names = new Set(c.headers.map(([n]) => n.toLowerCase()));
    const options = {
      signingDate: timeFromAmzDate(c.time),
      expiresIn: c.expires,
      // The presigner moves every x-amz-* header into the query unless told not to; botocore and this
      // library sign them as headers, which the rules allow too, so the headers stay headers here.
      unhoistableHeaders: new Set([...names, "x-amz-content-sha256"]),
    };
    // The UNSIGNED-PAYLOAD marker header is how the payload hash is chosen, not a header the URL's
    // user will send, so it is not signed.
    if (unsigned) options.unsignableHeaders = new Set(["x-amz-content-sha256"]);
    const signed = await signer.presign(request, options);
    const added = [];
    for (const [k, v] of Object.entries(signed.query)) if (AUTH_PARAMS.has(k)) added.push([k, v]);
    added.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    out.presign_params = added;
    out.signature = signed.query["X-Amz-Signature"];
  } else {
    const signed = await signer.sign(request, { signingDate: timeFromAmzDate(c.time) });
    out.authorization = signed.headers.authorization;
    out.signature = out.authorization.split("Signature=").pop();
    // What the signer (and this driver's UNSIGNED-PAYLOAD marker) added to the request: with the case's
    // own headers, the request a server receives.
    const sent = new Set(c.headers.map(([n]) => n.toLowerCase()));
    out.added_headers = Object.entries(signed.headers).filter(([n]) => !sent.has(n.toLowerCase()));
  }
  out.canonical_request = seen.canonical_request;
  out.string_to_sign = seen.string_to_sign;
  return out;
}

async function main() {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const lines = [];
  for await (const line of rl) {
    if (!line.trim()) continue;
    const c = JSON.parse(line);
    let out;
    try {
      out = await sign(c);
    } catch (e) {
      out = { id: c.id, error: String(e && e.stack ? e.stack.split("\n")[0] : e) };
    }
    lines.push(JSON.stringify(out));
  }
  process.stdout.write(lines.join("\n") + (lines.length ? "\n" : ""));
}

main().catch((e) => {
  process.stderr.write(`driver_smithy: ${e.stack || e}\n`);
  process.exit(1);
});
