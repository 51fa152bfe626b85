// Peer harness: the aws4 npm package. It keeps a module-level LRU cache of signing keys that cannot be
// cleared from outside, so only the "cached" variant is measured. aws4 never signs a Range header, so
// its W1/W2 signatures are checked against sigv4's with Range unsigned.
import aws4 from "aws4";
import { createHash } from "node:crypto";
import { set, workload, body, time, report, signatureOf } from "./common.mjs";

const credentials = { accessKeyId: set.credentials.access_key_id, secretAccessKey: set.credentials.secret_access_key };
const w1 = workload("W1"), w2 = workload("W2"), w3 = workload("W3");
const w3body = body(w3.body_size);
const headersOf = (w, extra = {}) => ({ ...Object.fromEntries(w.headers), ...extra });
const target = (w, extraQuery = "") => w.path + "?" + [w.query, extraQuery].filter((q) => q).join("&");

const ops = {
  // aws4 takes the signing time from the request's X-Amz-Date header.
  W1: () => aws4.sign({ host: w1.host, method: w1.method, path: target(w1), headers: headersOf(w1),
                        service: set.service, region: set.region }, credentials).headers.Authorization,
  // ... and, when presigning, from an X-Amz-Date query parameter.
  W2: () => aws4.sign({ host: w2.host, method: w2.method, headers: headersOf(w2), service: set.service,
                        region: set.region, signQuery: true,
                        path: target(w2, `X-Amz-Date=${set.time}&X-Amz-Expires=${w2.expires}`) }, credentials).path,
  // aws4 would hash the body itself, but then also adds Content-Type and Content-Length headers; setting
  // x-amz-content-sha256 from the same hash keeps the request identical to the workload's.
  W3: () => {
    const hash = createHash("sha256").update(w3body).digest("hex");
    return aws4.sign({ host: w3.host, method: w3.method, path: w3.path, service: set.service, region: set.region,
                       headers: headersOf(w3, { "x-amz-content-sha256": hash }) }, credentials).headers.Authorization;
  },
};

for (const [id, op] of Object.entries(ops)) {
  const unsigned = workload(id).headers.some(([k]) => k.toLowerCase() === "range") ? ["range"] : [];
  report("aws4", id, "cached", set.time, signatureOf(op()), await time(op), unsigned);
}
