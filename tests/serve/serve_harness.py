"""Shared pieces of the `sigv4 serve` peer tests: start/stop the server on 127.0.0.1 with a temporary
root, a tampering TCP proxy (a body byte altered in flight), the test object, and small assertions.
Everything is bounded: waits have timeouts, servers are stopped in `finally`."""
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def finish():
    if failures:
        print(f"{len(failures)} check(s) failed:", *failures, sep="\n  ")
        sys.exit(1)
    print("all checks passed")


def object_bytes(size, seed=0):
    """Byte i is (i + seed) % 251, like the captures' objects."""
    pattern = bytes((i + seed) % 251 for i in range(251 * 256))
    reps = size // len(pattern) + 1
    return (pattern * reps)[:size]


class Server:
    def __init__(self, cli, extra=()):
        self.root = tempfile.mkdtemp(prefix="sigv4-serve-test-")
        self.port_file = os.path.join(self.root, ".port")
        data = os.path.join(self.root, "data")
        self.data = data
        self.log = open(os.path.join(self.root, "server.log"), "wb")
        self.proc = subprocess.Popen(
            [cli, "serve", "--root", data, "--credentials", f"{ACCESS_KEY}:{SECRET_KEY}", "--port", "0",
             "--port-file", self.port_file, *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 15
        while not os.path.exists(self.port_file):
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                raise RuntimeError("sigv4 serve did not start: " + open(self.log.name).read())
            time.sleep(0.05)
        self.port = int(open(self.port_file).read().strip())
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def objects_on_disk(self, bucket):
        """Published objects of a bucket (files), and anything left in the temporary folder."""
        b = os.path.join(self.data, bucket)
        objs = [f for f in os.listdir(b) if f.endswith(".obj")] if os.path.isdir(b) else []
        tmp = os.listdir(os.path.join(self.data, ".tmp"))
        return objs, tmp

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        if exc[0] is not None:
            print(open(self.log.name, errors="replace").read()[-4000:])


class TamperProxy:
    """Forwards 127.0.0.1:<port> to the server, flipping one bit of the body of the first request on
    each connection whose method is in `methods`, at body offset `at` (after the blank line)."""

    def __init__(self, target_port, at=1000, methods=(b"PUT",)):
        self.target_port, self.at, self.methods = target_port, at, methods
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.tampered = 0
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src, dst, to_server):
        state = "headers" if to_server else "pass"
        head = b""
        body_seen = 0
        try:
            src.settimeout(60)
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if state == "headers":
                    head += data
                    i = head.find(b"\r\n\r\n")
                    if i < 0:
                        if len(head) > 65536:
                            state, data = "pass", head
                        else:
                            continue
                    else:
                        dst.sendall(head[:i + 4])  # headers at once (Expect: 100-continue)
                        state = "body" if head.split(b" ", 1)[0] in self.methods else "pass"
                        data = head[i + 4:]
                if state == "body" and data:
                    if body_seen + len(data) > self.at:
                        off = self.at - body_seen
                        data = data[:off] + bytes([data[off] ^ 0x01]) + data[off + 1:]
                        self.tampered += 1
                        state = "pass"
                    else:
                        body_seen += len(data)
                if data:
                    dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.stopped = True
        self.sock.close()
