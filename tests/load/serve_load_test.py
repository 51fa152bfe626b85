#!/usr/bin/python3
"""Load and fault test of `sigv4 serve` on 127.0.0.1, bounded in time.

usage: serve_load_test.py SIGV4_CLI [--seconds N]

Two servers are started (`sigv4 serve --port 0`): one on a temporary folder for the load and the
client faults, one on a 6 MiB tmpfs (mounted here when permitted; otherwise a folder with
RLIMIT_FSIZE) for the full disk. Requests are signed by our own CLI (`sigv4 sign`, `sigv4
sign-chunked` in the three aws-chunked modes) and sent over raw sockets, so that a body can be cut,
slowed or torn down at any byte. Checked:
  - every upload that got 200 reads back byte-exact (GET), in every payload mode;
  - clients killed mid-upload (close, TCP reset, the client process SIGKILLed), bodies cut short
    (half-close), slow senders, oversized aws-chunked chunks, a tampered chunk, a full disk: the server
    stays up, answers the failures it can answer with their S3 error (IncompleteBody,
    InvalidChunkSizeError, SignatureDoesNotMatch, InternalError on a full disk), and no partial object
    ever appears (a watcher lists the bucket all along; every fault key is GET-checked: NoSuchKey);
  - the server's RSS (from /proc/PID/status) stays under a bound, and no temporary file is left.
Prints the figures: requests, bytes, faults injected, objects lost (must be 0), peak RSS.
Exit 0 when every check passed.
"""
import argparse
import concurrent.futures
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

AK = "AKIDLOADTEST"
SK = "loadTestSecretKey/abcdefghijklmnopqrstuv"
BUCKET = "loadbucket"
RSS_LIMIT_KB = 256 * 1024  # the server holds at most a chunk per connection; 256 MiB is far above that


class Failure(Exception):
    pass


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.bytes_up = 0
        self.bytes_down = 0
        self.faults = {}
        self.objects_written = 0
        self.objects_verified = 0
        self.objects_lost = 0
        self.errors = []

    def count(self, up=0, down=0):
        with self.lock:
            self.requests += 1
            self.bytes_up += up
            self.bytes_down += down

    def fault(self, kind):
        with self.lock:
            self.faults[kind] = self.faults.get(kind, 0) + 1

    def fail(self, message):
        with self.lock:
            self.errors.append(message)


STATS = Stats()


class Server:
    def __init__(self, cli, root, name, preexec=None):
        self.root = root
        self.port_file = os.path.join(tempfile.gettempdir(), f"sigv4-load-{os.getpid()}-{name}.port")
        if os.path.exists(self.port_file):
            os.remove(self.port_file)
        self.log = open(os.path.join(tempfile.gettempdir(), f"sigv4-load-{os.getpid()}-{name}.log"), "w+b")
        self.proc = subprocess.Popen(
            [cli, "serve", "--root", root, "--credentials", f"{AK}:{SK}", "--port", "0",
             "--port-file", self.port_file],
            stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=preexec)
        deadline = time.time() + 20
        while time.time() < deadline:
            if os.path.exists(self.port_file):
                with open(self.port_file) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    return
            if self.proc.poll() is not None:
                raise Failure(f"server {name} exited at start: {self.read_log()}")
            time.sleep(0.05)
        raise Failure(f"server {name} did not start")

    def read_log(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        if os.path.exists(self.port_file):
            os.remove(self.port_file)


class Client:
    """Signs with the sigv4 CLI; sends and receives over raw sockets."""

    def __init__(self, cli, server, workdir):
        self.cli = cli
        self.server = server
        self.workdir = workdir

    def url(self, key=""):
        return f"http://127.0.0.1:{self.server.port}/{BUCKET}" + (f"/{key}" if key else "")

    def sign(self, method, key="", data=None, mode=None, checksum=None, extra_headers=()):
        """Returns the raw signed request (headers and body) the CLI prints."""
        path = None
        args = [self.cli]
        if mode in (None, "sha256", "unsigned"):
            args += ["sign"]
        else:
            args += ["sign-chunked", "--mode", mode, "--chunk-size", "8192"]
            if checksum:
                args += ["--checksum", checksum]
        args += ["-X", method, "--url", self.url(key), "--access-key", AK, "--secret-key", SK,
                 "--region", "us-east-1", "--service", "s3", "-H", "Connection: close"]
        if mode in (None, "sha256", "unsigned"):
            args += ["--s3"]
        if mode == "unsigned":
            args += ["--unsigned-payload"]
        for h in extra_headers:
            args += ["-H", h]
        if data is not None:
            fd, path = tempfile.mkstemp(dir=self.workdir)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            args += ["--data-binary", "@" + path]
        try:
            out = subprocess.run(args, check=True, capture_output=True, timeout=30).stdout
        finally:
            if path:
                os.remove(path)
        head, body = split_request(out)
        if mode in (None, "sha256", "unsigned"):
            # `sigv4 sign` prints the body for reading (newline added) and no Content-Length (not
            # signed): send the data itself, framed by its length.
            body = data or b""
            head = head[:-2] + b"Content-Length: %d\r\n\r\n" % len(body)
        else:
            length = int(re.search(rb"(?im)^content-length:\s*(\d+)", head).group(1))
            body = body[:length]
        return head + body

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    @staticmethod
    def read_response(s):
        data = b""
        while True:
            try:
                part = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not part:
                break
            data += part
        head, _, body = data.partition(b"\r\n\r\n")
        m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
        status = int(m.group(1)) if m else 0
        chunked = re.search(rb"(?im)^transfer-encoding:\s*chunked", head)
        if chunked:
            body = dechunk(body)
        return status, head, body

    def send(self, raw):
        s = self.connect()
        try:
            s.sendall(raw)
            status, head, body = self.read_response(s)
        finally:
            s.close()
        STATS.count(up=len(raw), down=len(body))
        return status, head, body


def dechunk(body):
    out, at = b"", 0
    while at < len(body):
        end = body.find(b"\r\n", at)
        if end < 0:
            break
        size = int(body[at:end].split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += body[end + 2:end + 2 + size]
        at = end + 2 + size + 2
    return out


def s3_code(body):
    m = re.search(rb"<Code>([^<]+)</Code>", body)
    return m.group(1).decode() if m else None


def split_request(raw):
    head, sep, body = raw.partition(b"\r\n\r\n")
    return head + sep, body


def expect(cond, message):
    if not cond:
        STATS.fail(message)
    return cond


# --- the workload ---

MODES = [("sha256", None), ("unsigned", None), ("signed", None), ("signed-trailer", "crc32c"),
         ("unsigned-trailer", "crc32"), ("unsigned-trailer", "sha256"), ("signed-trailer", "crc64nvme")]


def upload_and_check(client, key, data, mode, checksum, written):
    raw = client.sign("PUT", key, data, mode, checksum)
    status, _, body = client.send(raw)
    if not expect(status == 200, f"PUT {key} ({mode}): {status} {body[:300]!r}"):
        return
    with STATS.lock:
        STATS.objects_written += 1
    written[key] = data


def read_back(client, key, data):
    status, _, body = client.send(client.sign("GET", key))
    if status == 200 and body == data:
        with STATS.lock:
            STATS.objects_verified += 1
        return True
    with STATS.lock:
        STATS.objects_lost += 1
    STATS.fail(f"GET {key}: status {status}, {len(body)} bytes, expected {len(data)} bytes")
    return False


def expect_absent(client, key, fault):
    status, _, body = client.send(client.sign("GET", key))
    expect(status == 404 and s3_code(body) == "NoSuchKey",
           f"{fault}: partial object {key} is visible (GET {status} {s3_code(body)})")


def fault_upload(client, key, size, mode, checksum):
    data = os.urandom(size)
    head, body = split_request(client.sign("PUT", key, data, mode, checksum))
    return head, body


def fault_client_closes(client, key, how):
    head, body = fault_upload(client, key, 200_000, "signed", None)
    s = client.connect()
    s.sendall(head + body[:len(body) // 2])
    if how == "reset":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    s.close()
    STATS.count(up=len(head) + len(body) // 2)
    STATS.fault("client closed mid-upload" if how == "close" else "client reset mid-upload")
    return key


def fault_client_killed(client, key):
    head, body = fault_upload(client, key, 300_000, "unsigned-trailer", "crc32c")
    path = os.path.join(client.workdir, key.replace("/", "_") + ".req")
    with open(path, "wb") as f:
        f.write(head + body[:len(body) * 2 // 3])
    # A separate process sends two thirds of the request and is SIGKILLed while it waits to send more.
    sender = subprocess.Popen([sys.executable, "-c", (
        "import socket,sys,time\n"
        f"s=socket.create_connection(('127.0.0.1',{client.server.port}))\n"
        f"s.sendall(open({path!r},'rb').read())\n"
        "print('sent',flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE)
    sender.stdout.readline()
    sender.kill()
    sender.wait()
    os.remove(path)
    STATS.count(up=len(head) + len(body) * 2 // 3)
    STATS.fault("client process killed mid-upload")
    return key


def fault_cut_short(client, key, mode, checksum):
    head, body = fault_upload(client, key, 100_000, mode, checksum)
    s = client.connect()
    s.sendall(head + body[:len(body) - 1000])
    s.shutdown(socket.SHUT_WR)  # the client says it is done: the body is short by 1000 bytes
    status, _, answer = Client.read_response(s)
    s.close()
    STATS.count(up=len(head) + len(body) - 1000, down=len(answer))
    STATS.fault("body cut short (half-close)")
    # sigv4 serve answers a client that half-closed (tools/sigv4/serve/http_server.hpp; cpp-httplib 0.11
    # alone would drop the response), so the 400 must arrive.
    expect(status == 400 and s3_code(answer) == "IncompleteBody",
           f"cut-short body ({mode}) answered {status} {s3_code(answer)}, not 400 IncompleteBody")
    return key


def fault_stalled(client, key):
    """Sends two thirds of the body and waits: the server's read timeout (60 s) ends the request."""
    head, body = fault_upload(client, key, 60_000, "signed-trailer", "crc32c")
    s = client.connect()
    s.settimeout(90)
    s.sendall(head + body[:len(body) * 2 // 3])
    status, _, answer = Client.read_response(s)
    s.close()
    STATS.count(up=len(head) + len(body) * 2 // 3, down=len(answer))
    STATS.fault("client stalled mid-body")
    expect(status == 400 and s3_code(answer) in ("IncompleteBody", "RequestTimeout"),
           f"stalled upload answered {status} {s3_code(answer)}, not 400 IncompleteBody")
    return key


def fault_oversized_chunk(client, key):
    head, body = fault_upload(client, key, 10_000, "signed", None)
    # A chunk header announcing 1 GiB, as the first chunk: refused before its data is read.
    sig = re.search(rb";chunk-signature=([0-9a-f]{64})", body).group(1)
    bogus = b"40000000;chunk-signature=" + sig + b"\r\n" + b"x" * 65536
    s = client.connect()
    s.sendall(head)
    try:
        s.sendall(bogus)
        # The server may have answered and closed already (it refuses the chunk from its header): then
        # the half-close fails with ENOTCONN, and the answer is still there to read.
        s.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    status, _, answer = Client.read_response(s)
    s.close()
    STATS.count(up=len(head) + len(bogus), down=len(answer))
    STATS.fault("oversized aws-chunked chunk")
    expect(status == 400 and s3_code(answer) == "InvalidChunkSizeError",
           f"oversized chunk answered {status} {s3_code(answer)}, not 400 InvalidChunkSizeError")
    return key


def fault_tampered_chunk(client, key):
    head, body = fault_upload(client, key, 50_000, "signed", None)
    body = bytearray(body)
    body[len(body) // 2] ^= 0x01  # one data bit in the middle chunk
    status, answer_head, answer = client.send(head + bytes(body))
    STATS.fault("tampered chunk data")
    ids = re.findall(rb"(?im)^x-amz-request-id:", answer_head)
    expect(len(ids) == 1, f"an error response carries x-amz-request-id {len(ids)} times")
    expect(status == 403 and s3_code(answer) == "SignatureDoesNotMatch",
           f"tampered chunk answered {status} {s3_code(answer)}, not 403 SignatureDoesNotMatch")
    return key


def slow_upload(client, key, written):
    data = os.urandom(40_000)
    head, body = split_request(client.sign("PUT", key, data, "signed-trailer", "crc32"))
    s = client.connect()
    s.sendall(head)
    for at in range(0, len(body), 4096):  # ~10 pieces, 0.3 s apart: a 3-second upload
        s.sendall(body[at:at + 4096])
        time.sleep(0.3)
    status, _, answer = Client.read_response(s)
    s.close()
    STATS.count(up=len(head) + len(body), down=len(answer))
    STATS.fault("slow sender")
    if expect(status == 200, f"slow upload {key}: {status} {answer[:200]!r}"):
        with STATS.lock:
            STATS.objects_written += 1
        written[key] = data


def watcher(client, stop, written):
    """Lists the bucket all along: a fault key, or a listed object of the wrong size, is a partial object."""
    while not stop.is_set():
        status, _, body = client.send(client.sign("GET", "", extra_headers=()))
        if status == 200:
            for key, size in re.findall(rb"<Key>([^<]+)</Key>.*?<Size>(\d+)</Size>", body, re.S):
                key = key.decode()
                expect(not key.startswith("fault/"), f"partial object listed: {key}")
                data = written.get(key)
                expect(data is None or len(data) == int(size), f"listed {key} with size {size.decode()}")
        time.sleep(0.2)


def rss_sampler(server, stop, peak):
    while not stop.is_set() and server.alive():
        peak[0] = max(peak[0], server.rss_kb())
        time.sleep(0.1)


def run_load(cli, workdir, seconds):
    root = os.path.join(workdir, "root")
    server = Server(cli, root, "load")
    client = Client(cli, server, workdir)
    written, peak = {}, [0]
    stop = threading.Event()
    try:
        status, _, body = client.send(client.sign("PUT"))
        if status != 200:
            raise Failure(f"CreateBucket: {status} {body!r}")
        threads = [threading.Thread(target=watcher, args=(client, stop, written)),
                   threading.Thread(target=rss_sampler, args=(server, stop, peak))]
        for t in threads:
            t.start()
        rng = random.Random(9)
        deadline = time.time() + seconds
        fault_keys = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            futures = []
            # A stalled client and slow senders first, so they overlap the load.
            futures.append(pool.submit(fault_stalled, client, "fault/stalled"))
            for i in range(3):
                futures.append(pool.submit(slow_upload, client, f"ok/slow-{i}", written))
            n = 0
            while n < 150 and time.time() < deadline:
                mode, checksum = MODES[n % len(MODES)]
                size = rng.choice([0, 1, 8191, 8192, 8193, 65536, 100_000, 300_001, 1_000_000])
                futures.append(pool.submit(upload_and_check, client, f"ok/{n}-{mode}", os.urandom(size),
                                           mode, checksum, written))
                if n % 6 == 0:
                    f = [lambda k: fault_client_closes(client, k, "close"),
                         lambda k: fault_client_closes(client, k, "reset"),
                         lambda k: fault_client_killed(client, k),
                         lambda k: fault_cut_short(client, k, "signed-trailer", "crc32c"),
                         lambda k: fault_cut_short(client, k, "unsigned-trailer", "crc32"),
                         lambda k: fault_cut_short(client, k, "sha256", None),
                         lambda k: fault_oversized_chunk(client, k),
                         lambda k: fault_tampered_chunk(client, k),
                         lambda k: fault_cut_short(client, k, "signed", None),
                         lambda k: fault_client_closes(client, k, "reset")][(n // 6) % 10]
                    futures.append(pool.submit(f, f"fault/{n}"))
                n += 1
            for fut in futures:
                try:
                    r = fut.result(timeout=150)
                    if isinstance(r, str):
                        fault_keys.append(r)
                except Exception as e:  # noqa: BLE001 - a client-side failure is a test failure
                    STATS.fail(f"client error: {e!r}")
        # Let the server notice the torn-down connections, then check what is on disk.
        time.sleep(1.0)
        for key in fault_keys:
            expect_absent(client, key, "fault upload")
        for key, data in sorted(written.items()):
            read_back(client, key, data)
        expect(server.alive(), "the load server died")
        stop.set()
        for t in threads:
            t.join()
        # The torn-down uploads leave no temporary file (give the server a moment to drop them).
        leftovers = []
        for _ in range(50):
            leftovers = os.listdir(os.path.join(root, ".tmp"))
            if not leftovers:
                break
            time.sleep(0.1)
        expect(not leftovers, f"temporary files left behind: {leftovers}")
        expect(peak[0] < RSS_LIMIT_KB, f"server RSS peaked at {peak[0]} KiB")
        return peak[0]
    finally:
        stop.set()
        server.stop()


def mount_small_disk(path, size_mb):
    """Mounts a tmpfs of size_mb at path; returns a cleanup function, or None when not permitted."""
    os.makedirs(path, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", path],
                       capture_output=True)
    if r.returncode != 0:
        return None
    return lambda: subprocess.run(["umount", "-l", path], capture_output=True)


def run_full_disk(cli, workdir):
    disk = os.path.join(workdir, "small-disk")
    unmount = mount_small_disk(disk, 6)
    preexec = None
    how = "tmpfs of 6 MiB"
    if unmount is None:
        how = "RLIMIT_FSIZE of 6 MiB (no tmpfs: mount not permitted)"
        os.makedirs(disk, exist_ok=True)

        def preexec():  # noqa: F811 - files above 6 MiB fail with EFBIG instead of SIGXFSZ
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (6 << 20, 6 << 20))
    root = os.path.join(disk, "root")
    server = Server(cli, root, "disk", preexec)
    client = Client(cli, server, workdir)
    try:
        expect(client.send(client.sign("PUT"))[0] == 200, "CreateBucket on the small disk")
        first = os.urandom(2_500_000)
        upload_and_check(client, "ok/first", first, "signed", None, {})
        # Too big for what is left, in each body mode: refused with an S3 error, nothing published.
        for i, (mode, checksum) in enumerate([("signed", None), ("unsigned-trailer", "crc32"), ("sha256", None)]):
            big = os.urandom(5_000_000)
            status, _, body = client.send(client.sign("PUT", f"fault/big-{i}", big, mode, checksum))
            STATS.fault("disk full")
            expect(status == 500 and s3_code(body) == "InternalError",
                   f"upload on a full disk ({mode}) answered {status} {s3_code(body)}, not 500 InternalError")
            expect_absent(client, f"fault/big-{i}", "disk full")
        # The object written before is intact, the space of the refused ones was given back (another
        # 2.5 MB object fits), and the server is still up.
        read_back(client, "ok/first", first)
        second = os.urandom(2_500_000)
        written = {}
        upload_and_check(client, "ok/second", second, "unsigned-trailer", "crc32c", written)
        if written:
            read_back(client, "ok/second", second)
        expect(not os.listdir(os.path.join(root, ".tmp")), "temporary files left on the full disk")
        expect(server.alive(), "the server on the full disk died")
        return how
    finally:
        server.stop()
        if unmount:
            unmount()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cli")
    parser.add_argument("--seconds", type=int, default=40, help="upper bound on the load phase")
    args = parser.parse_args()
    started = time.time()
    workdir = tempfile.mkdtemp(prefix="sigv4-load-")
    try:
        peak = run_load(args.cli, workdir, args.seconds)
        disk = run_full_disk(args.cli, workdir)
    except Failure as e:
        STATS.fail(str(e))
        peak, disk = 0, "not run"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    faults = sum(STATS.faults.values())
    print(f"sigv4 serve load/fault test: {time.time() - started:.1f} s")
    print(f"  requests:          {STATS.requests}")
    print(f"  bytes sent:        {STATS.bytes_up}")
    print(f"  bytes received:    {STATS.bytes_down}")
    print(f"  objects written:   {STATS.objects_written}, read back byte-exact: {STATS.objects_verified}")
    print(f"  faults injected:   {faults} " + ", ".join(f"{k}: {v}" for k, v in sorted(STATS.faults.items())))
    print(f"  full disk:         {disk}")
    print(f"  peak server RSS:   {peak // 1024} MiB (bound {RSS_LIMIT_KB // 1024} MiB)")
    print(f"  objects lost:      {STATS.objects_lost}")
    for e in STATS.errors:
        print("FAIL:", e)
    ok = not STATS.errors and STATS.objects_lost == 0 and STATS.objects_verified == STATS.objects_written
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
