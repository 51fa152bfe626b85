// Peer harness: @smithy/signature-v4 (the signer of the AWS SDK for JavaScript v3), with node's crypto
// through @smithy/hash-node as the SDK uses it in Node.js. "nocache" clears the module's signing-key
// cache before each signature; "cached" keeps it.
import { SignatureV4, clearCredentialCache } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Hash } from "@smithy/hash-node";
import { createHash } from "node:crypto";
import { set, workload, body, time, report } from "./common.mjs";

const credentials = { accessKeyId: set.credentials.access_key_id, secretAccessKey: set.credentials.secret_access_key };
const sha256 = Hash.bind(null, "sha256");
// S3 paths are signed as sent (uriEscapePath: false), as the SDK's S3 client does.
const signer = new SignatureV4({ credentials, region: set.region, service: set.service, sha256, uriEscapePath: false });
const signingDate = new Date(set.time.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));

function request(w, extraHeaders = {}) {
  const headers = {};
  for (const [k, v] of w.headers) if (k.toLowerCase() !== "x-amz-date") headers[k.toLowerCase()] = v;
  const query = {};
  if (w.query) for (const part of w.query.split("&")) { const [k, v = ""] = part.split("="); query[k] = v; }
  return new HttpRequest({ method: w.method, protocol: w.scheme + ":", hostname: w.host, path: w.path, query,
                           headers: { ...headers, ...extraHeaders }, body: w.body_size ? body(w.body_size) : undefined });
}

const unsignableHeaders = new Set(["x-amz-content-sha256"]);
const w1 = workload("W1"), w2 = workload("W2"), w3 = workload("W3");
const w3body = body(w3.body_size);

const ops = {
  W1: async () => (await signer.sign(request(w1), { signingDate })).headers.authorization,
  // As @aws-sdk/s3-request-presigner does: the payload hash comes from an unsigned
  // x-amz-content-sha256: UNSIGNED-PAYLOAD header that stays a header (neither signed nor hoisted).
  W2: async () => {
    const r = await signer.presign(request(w2, { "x-amz-content-sha256": w2.payload }),
                                   { signingDate, expiresIn: w2.expires, unsignableHeaders, unhoistableHeaders: unsignableHeaders });
    return r.query["X-Amz-Signature"];
  },
  // The SDK's S3 client hashes the body and sets x-amz-content-sha256 before signing; so does this.
  W3: async () => {
    const hash = createHash("sha256").update(w3body).digest("hex");
    return (await signer.sign(request(w3, { "x-amz-content-sha256": hash }), { signingDate })).headers.authorization;
  },
};
const sig = (t) => /([0-9a-f]{64})$/.exec(t)[1];

for (const [id, op] of Object.entries(ops)) {
  const s = sig(await op());
  report("smithy", id, "cached", set.time, s, await time(op));
  if (id !== "W3") report("smithy", id, "nocache", set.time, s, await time(async () => { clearCredentialCache(); return op(); }));
}
