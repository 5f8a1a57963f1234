"""Self-hosted proof of work for the public form, as the ALTCHA protocol defines it.

The server picks a random ``salt`` (carrying its expiry as ``?expires=<unix time>``) and a
secret number n ≤ ``maxnumber``, and sends ``challenge = sha256(salt + str(n))`` with
``signature = hmac_sha256(key, challenge)``. The browser tries numbers until the hash matches
(about maxnumber/2 hashes: a second or two on a phone) and posts the payload, base64 of
``{"algorithm", "challenge", "number", "salt", "signature"}``. Checking it costs one hash and one
HMAC; a solved challenge is accepted once (the caller records its signature).
No third-party service is involved: the challenge and the solver are served by the service itself.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

ALGORITHM = "SHA-256"


@dataclass(frozen=True)
class Solution:
    signature: str
    expires: float


def create_challenge(key: bytes, maxnumber: int, lifetime_seconds: float = 1200) -> dict[str, Any]:
    expires = int(time.time() + lifetime_seconds)
    salt = f"{secrets.token_hex(12)}?expires={expires}"
    number = secrets.randbelow(maxnumber + 1)
    challenge = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
    signature = hmac.new(key, challenge.encode(), hashlib.sha256).hexdigest()
    return {"algorithm": ALGORITHM, "challenge": challenge, "maxnumber": maxnumber, "salt": salt, "signature": signature}


def verify_solution(key: bytes, payload: str, now: float | None = None) -> Solution | None:
    """The solution if ``payload`` solves a challenge this key signed and that has not expired."""
    try:
        data = json.loads(base64.b64decode(payload.strip(), validate=True))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("algorithm") != ALGORITHM:
        return None
    salt, challenge, signature, number = data.get("salt"), data.get("challenge"), data.get("signature"), data.get("number")
    if not (isinstance(salt, str) and isinstance(challenge, str) and isinstance(signature, str)):
        return None
    if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= 10**9:
        return None
    expires_values = parse_qs(urlsplit(salt).query).get("expires", [])
    try:
        expires = float(expires_values[0])
    except (IndexError, ValueError):
        return None
    if expires < (time.time() if now is None else now):
        return None
    expected_signature = hmac.new(key, challenge.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected_signature, signature):
        return None
    if not hmac.compare_digest(hashlib.sha256(f"{salt}{number}".encode()).hexdigest(), challenge):
        return None
    return Solution(signature, expires)


def solve(challenge: dict[str, Any]) -> str:
    """The payload a browser would send (used by tests and the load script; the browser runs altcha.js)."""
    for number in range(int(challenge["maxnumber"]) + 1):
        if hashlib.sha256(f"{challenge['salt']}{number}".encode()).hexdigest() == challenge["challenge"]:
            answer = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
            return base64.b64encode(json.dumps({**answer, "number": number}).encode()).decode()
    raise ValueError("challenge has no solution")
