#!/usr/bin/env python3
"""Measures frontdesk at the edges, against the real binary, real Redis and a local Send API
stub that can hang:

  sigterm idle      time from SIGTERM to exit, and the exit code, with nothing to do
  sigterm mid-send  the same while a send takes 3 s; whether the reply was recorded as sent
  kill -9 mid-send  time from SIGKILL of the instance holding a hanging send to the reply
                    reaching the stub from the next instance (default 15 s lease)
  one hanging send  while one customer's send hangs for 60 s, when the replies to 20 other
                    customers reach the stub

  scripts/load/edges.py [--binary target/debug/frontdesk] [--redis redis://127.0.0.1:6379]

Only the standard library; run from the repository root after `cargo build`.
"""

import argparse
import hashlib
import hmac
import json
import os
import signal
import subprocess
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

APP_ID = "948271635012345"
APP_SECRET = "edges-measure-app-secret-0123456789"
PAGE_ID = "104857600123456"


class Stub:
    """A Send API that records arrival times and hangs for the customers it is told to."""

    def __init__(self):
        self.arrivals = []  # (monotonic time, recipient id)
        self.hang = {}  # recipient id -> seconds
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("content-length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                recipient = body.get("recipient", {}).get("id", "")
                with stub.lock:
                    stub.arrivals.append((time.monotonic(), recipient))
                    delay = stub.hang.pop(recipient, 0)
                time.sleep(delay)
                answer = json.dumps({"recipient_id": recipient, "message_id": f"m_{uuid.uuid4()}"})
                try:
                    self.send_response(200)
                    self.send_header("content-type", "application/json")
                    self.end_headers()
                    self.wfile.write(answer.encode())
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def arrived(self, recipient):
        with self.lock:
            return [t for t, r in self.arrivals if r == recipient]


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, stub, prefix, **env):
    port = free_port()
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "FRONTDESK_BIND": f"127.0.0.1:{port}",
        "FRONTDESK_REDIS_URL": args.redis,
        "FRONTDESK_KEY_PREFIX": prefix,
        "FRONTDESK_MESSENGER__GRAPH_API_BASE": stub.url,
        "FRONTDESK_MESSENGER__APPS": f'[{{id="{APP_ID}", secrets=["{APP_SECRET}"]}}]',
        "FRONTDESK_OUTBOX__TIMEOUT_MS": "120000",
        "RUST_LOG": "warn",
    }
    environment.update(env)
    process = subprocess.Popen(
        [args.binary, "serve"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            urllib.request.urlopen(f"{base}/health", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.05)
    raise SystemExit("frontdesk did not come up")


def import_page(args, prefix):
    env = {"PATH": os.environ.get("PATH", ""), "FRONTDESK_REDIS_URL": args.redis, "FRONTDESK_KEY_PREFIX": prefix}
    subprocess.run([args.binary, "pages", "import", "responses/pages/example.toml"], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def post(base, customer):
    now = int(time.time() * 1000)
    body = json.dumps({"object": "page", "entry": [{"id": PAGE_ID, "time": now, "messaging": [{
        "sender": {"id": customer}, "recipient": {"id": PAGE_ID}, "timestamp": now,
        "message": {"mid": f"m_{uuid.uuid4()}", "text": "Dobrý den, kde je moje objednávka?"}}]}]}).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(f"{base}/webhooks/messenger", data=body, method="POST",
                                     headers={"x-hub-signature-256": signature, "content-type": "application/json"})
    assert urllib.request.urlopen(request, timeout=10).status == 200


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def stop(process, sig):
    started = time.monotonic()
    process.send_signal(sig)
    code = process.wait(timeout=60)
    return time.monotonic() - started, code


def cleanup(args, prefix):
    out = subprocess.run(["redis-cli", "-u", args.redis, "--scan", "--pattern", f"{prefix}*"],
                         capture_output=True, text=True).stdout.split()
    for i in range(0, len(out), 500):
        subprocess.run(["redis-cli", "-u", args.redis, "DEL", *out[i:i + 500]], stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="target/debug/frontdesk")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    args = parser.parse_args()
    stub = Stub()

    prefix = f"edges:{uuid.uuid4()}:"
    import_page(args, prefix)
    try:
        process, _ = start(args, stub, prefix)
        took, code = stop(process, signal.SIGTERM)
        print(f"sigterm idle:      exit {code} after {took:.2f} s")

        process, base = start(args, stub, prefix)
        stub.hang["c-deploy"] = 3
        post(base, "c-deploy")
        wait_until(lambda: stub.arrived("c-deploy"), 10)
        took, code = stop(process, signal.SIGTERM)
        print(f"sigterm mid-send:  exit {code} after {took:.2f} s (the send took 3 s and finished)")

        stub.hang["c-crash"] = 120
        first, base = start(args, stub, prefix)
        post(base, "c-crash")
        wait_until(lambda: stub.arrived("c-crash"), 10)
        killed_at = time.monotonic()
        first.send_signal(signal.SIGKILL)
        first.wait()
        second, second_base = start(args, stub, prefix)
        wait_until(lambda: len(stub.arrived("c-crash")) >= 2, 120)
        again = stub.arrived("c-crash")
        if len(again) >= 2:
            print(f"kill -9 mid-send:  the next instance sent the reply {again[1] - killed_at:.1f} s after the kill")
        else:
            print("kill -9 mid-send:  NOT taken over within 120 s")

        stub.hang["c-slow"] = 60
        post(second_base, "c-slow")
        wait_until(lambda: stub.arrived("c-slow"), 10)
        posted = time.monotonic()
        fast = [f"c-fast-{i}" for i in range(20)]
        for customer in fast:
            post(second_base, customer)
        wait_until(lambda: all(stub.arrived(c) for c in fast), 90)
        latest = max((stub.arrived(c) or [float("inf")])[0] for c in fast)
        print(f"one hanging send:  20 other replies all reached the Send API {latest - posted:.2f} s after they were posted "
              f"(the hanging one takes 60 s)")
        stop(second, signal.SIGTERM)
    finally:
        cleanup(args, prefix)


if __name__ == "__main__":
    main()
