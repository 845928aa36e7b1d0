#!/usr/bin/env python3
"""Writes signed Messenger deliveries for the wrk script: one line per request,
"<signature>\t<body>", each with its own message id (and customer), so that nothing
downstream can short-cut repeated work. Usage: make_bodies.py COUNT OUT [SECRET] [PAGE]"""
import hashlib
import hmac
import json
import sys
import time

count, out = int(sys.argv[1]), sys.argv[2]
secret = (sys.argv[3] if len(sys.argv) > 3 else "a1b2c3d4e5f60718293a4b5c6d7e8f90").encode()
page = sys.argv[4] if len(sys.argv) > 4 else "104857600123456"
now = int(time.time() * 1000)
with open(out, "w") as f:
    for i in range(count):
        body = json.dumps({
            "object": "page",
            "entry": [{"id": page, "time": now, "messaging": [{
                "sender": {"id": str(7000000000000000 + i % 5000)},
                "recipient": {"id": page},
                "timestamp": now,
                "message": {"mid": f"m_load_{now}_{i}", "text": "Dobr\\u00fd den, kdy mi p\\u0159ijde bal\\u00edk #48213?"},
            }]}],
        }, separators=(",", ":"))
        sig = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
        f.write(f"sha256={sig}\t{body}\n")
