// Shared by the Node.js peer harnesses: reads bench/workloads.json, times a function the same way
// every harness in bench/peers does, and prints one JSON line per (workload, variant).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const set = JSON.parse(readFileSync(process.env.SIGV4_BENCH_WORKLOADS || path.join(here, "../../workloads.json"), "utf8"));
export const workload = (id) => set.workloads.find((w) => w.id === id);

// Byte i of an n-byte body is i % 251 (the definition in workloads.json).
export function body(size) {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = i % 251;
  return b;
}

const seconds = Number(process.env.BENCH_SECONDS || "0.3");
const repetitions = Number(process.env.BENCH_REPETITIONS || "5");

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

// Median wall-clock and CPU (user + system, the whole process) ns/op over `repetitions` runs of about
// `seconds` each, after a warm-up; `fn` may be async. CPU time is what bench/compare tables, because
// on a shared machine wall time also counts other processes' turns.
export async function time(fn) {
  const run = async (n) => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    const wall = Number(process.hrtime.bigint() - t0);
    const c = process.cpuUsage(c0);
    return { wall, cpu: (c.user + c.system) * 1e3 };
  };
  let n = 1;
  while ((await run(n)).wall < seconds * 1e9 / 4) n *= 2;  // warm-up and calibration
  const wall = [], cpu = [];
  for (let r = 0; r < repetitions; r++) {
    const t = await run(n);
    wall.push(t.wall / n);
    cpu.push(t.cpu / n);
  }
  return { ns_per_op: median(wall), cpu_ns_per_op: median(cpu), repetitions: wall, cpu_repetitions: cpu };
}

// `unsignedHeaders`: headers of the workload this peer never signs (bench/compare then checks the
// signature against sigv4's with those headers excluded).
export function report(peer, id, variant, amzDate, signature, timing, unsignedHeaders = []) {
  console.log(JSON.stringify({ peer, workload: id, variant, amz_date: amzDate, signature, unsigned_headers: unsignedHeaders,
                               ...timing }));
}

// The Signature=... of an Authorization header, or the X-Amz-Signature of a URL query.
export function signatureOf(text) {
  const m = /(?:Signature=|X-Amz-Signature=)([0-9a-f]{64})/.exec(text);
  if (!m) throw new Error("no signature in " + text);
  return m[1];
}
