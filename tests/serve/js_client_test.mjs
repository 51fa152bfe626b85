// The AWS SDK for JavaScript v3 (npm @aws-sdk/client-s3, tests/peers/serve) against `sigv4 serve`:
// a Buffer body (hex x-amz-content-sha256 + x-amz-checksum-crc32), stream bodies with CRC32, CRC32C and
// SHA256 trailers (STREAMING-UNSIGNED-PAYLOAD-TRAILER inside Transfer-Encoding: chunked) and a
// presigned GET, each followed by a byte-exact GET back; then a wrong secret, a clock 20 minutes off
// (the SDK's systemClockOffset), an expired presigned URL and a body altered in flight, each refused
// with S3's code and nothing stored.
//
// usage: node js_client_test.mjs ENDPOINT PROXY_ENDPOINT   (run by js_test.py)
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../peers/serve/package.json"));
const { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand } =
  require("@aws-sdk/client-s3");
const { getSignedUrl } = require("@aws-sdk/s3-request-presigner");

const [endpoint, proxyEndpoint] = process.argv.slice(2);
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};
const client = (opts = {}) =>
  new S3Client({ endpoint, region: "us-east-1", credentials, forcePathStyle: true, maxAttempts: 1, ...opts });
const objectBytes = (size, seed = 0) => {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i + seed) % 251;
  return b;
};
const streamOf = (buf, piece = 65536) => {
  const pieces = [];
  for (let i = 0; i < buf.length; i += piece) pieces.push(buf.subarray(i, i + piece));
  return Readable.from(pieces);
};
const getBytes = async (s3, Key) => {
  const r = await s3.send(new GetObjectCommand({ Bucket: "js-bucket", Key }));
  return Buffer.from(await r.Body.transformToByteArray());
};
const errorName = async (p) => {
  try {
    await p;
    return "none";
  } catch (e) {
    return e.name || e.Code || String(e);
  }
};
const stored = async (s3, Key) => (await errorName(s3.send(new HeadObjectCommand({ Bucket: "js-bucket", Key })))) === "none";

const s3 = client();
await s3.send(new CreateBucketCommand({ Bucket: "js-bucket" }));
check(true, "JS SDK CreateBucket");

const buffer = objectBytes(200000);
await s3.send(new PutObjectCommand({ Bucket: "js-bucket", Key: "buffer.bin", Body: buffer }));
check((await getBytes(s3, "buffer.bin")).equals(buffer), "JS SDK PutObject with a Buffer body, GET back byte-exact");

for (const algorithm of ["CRC32", "CRC32C", "SHA256"]) {
  const data = objectBytes(1024 * 1024 + 777, algorithm.length);
  const Key = `stream-${algorithm}.bin`;
  const name = await errorName(
    s3.send(new PutObjectCommand({ Bucket: "js-bucket", Key, Body: streamOf(data), ContentLength: data.length,
                                   ChecksumAlgorithm: algorithm })));
  check(name === "none", `JS SDK PutObject with a stream body and a ${algorithm} trailer (${name})`);
  const r = await s3.send(new GetObjectCommand({ Bucket: "js-bucket", Key, ChecksumMode: "ENABLED" }));
  const back = Buffer.from(await r.Body.transformToByteArray());
  check(back.equals(data), `... GET back (checksum mode enabled) byte-exact`);
}

const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: "js-bucket", Key: "buffer.bin" }), { expiresIn: 300 });
let res = await fetch(url);
check(res.status === 200 && Buffer.from(await res.arrayBuffer()).equals(buffer), "JS SDK presigned GET is byte-exact");

// Failure cases.
const wrong = client({ credentials: { ...credentials, secretAccessKey: "not-the-secret" } });
let name = await errorName(wrong.send(new PutObjectCommand({ Bucket: "js-bucket", Key: "wrong.bin", Body: buffer })));
check(name === "SignatureDoesNotMatch", `JS SDK with a wrong secret gets SignatureDoesNotMatch (${name})`);
check(!(await stored(s3, "wrong.bin")), "... and nothing was stored");

const skewed = client({ systemClockOffset: -20 * 60 * 1000 });
name = await errorName(skewed.send(new PutObjectCommand({ Bucket: "js-bucket", Key: "skewed.bin", Body: buffer })));
check(name === "RequestTimeTooSkewed", `JS SDK with its clock 20 minutes off gets RequestTimeTooSkewed (${name})`);
check(!(await stored(s3, "skewed.bin")), "... and nothing was stored");

const shortUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: "js-bucket", Key: "buffer.bin" }), { expiresIn: 1 });
await new Promise((r) => setTimeout(r, 2200));
res = await fetch(shortUrl);
const text = await res.text();
check(res.status === 403 && text.includes("<Code>AccessDenied</Code>") && text.includes("Request has expired"),
      "an expired JS SDK presigned URL gets AccessDenied 'Request has expired'");

const viaProxy = client({ endpoint: proxyEndpoint });
const altered = objectBytes(1024 * 1024, 3);
name = await errorName(viaProxy.send(new PutObjectCommand({ Bucket: "js-bucket", Key: "stream-CRC32.bin",
  Body: streamOf(altered), ContentLength: altered.length, ChecksumAlgorithm: "CRC32" })));
check(name === "BadDigest", `JS SDK stream upload altered in flight gets BadDigest (${name})`);
check((await getBytes(s3, "stream-CRC32.bin")).length === 1024 * 1024 + 777, "... and the existing object was not overwritten");
// A new client, so a new connection: the proxy alters the first upload of each connection.
const viaProxy2 = client({ endpoint: proxyEndpoint });
name = await errorName(viaProxy2.send(new PutObjectCommand({ Bucket: "js-bucket", Key: "buffer.bin", Body: objectBytes(200000, 4) })));
check(name === "XAmzContentSHA256Mismatch" || name === "BadDigest",
      `JS SDK Buffer upload altered in flight is refused (${name})`);
check((await getBytes(s3, "buffer.bin")).equals(buffer), "... and the existing object was not overwritten");

if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("all checks passed");
