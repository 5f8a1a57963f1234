"""The service's own state in one SQLite file: accounts, sessions, form tokens, rate-limit
counters, used proof-of-work challenges, the audit log and the last site rebuild.

The content repository stays the store of record for submissions and nominations; nothing here
is needed to rebuild the site. Every call opens its own short transaction, so the store may be
used from the server's worker threads and from ``wenming accounts`` at the same time.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("volunteer", "office")
ROLE_NAMES = {"volunteer": "网络文明传播志愿者", "office": "文明办工作人员"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('volunteer', 'office')),
    team TEXT,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES accounts(username),
    csrf TEXT NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS form_tokens (
    token TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    kind TEXT NOT NULL,
    created REAL NOT NULL,
    result TEXT
);
CREATE TABLE IF NOT EXISTS rate_hits (
    bucket TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_hits_bucket ON rate_hits(bucket, at);
CREATE TABLE IF NOT EXISTS used_challenges (
    signature TEXT PRIMARY KEY,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT,
    address TEXT
);
CREATE TABLE IF NOT EXISTS rebuilds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started REAL NOT NULL,
    finished REAL,
    actor TEXT NOT NULL,
    returncode INTEGER,
    output TEXT
);
"""


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    team: str | None
    disabled: bool

    @property
    def is_office(self) -> bool:
        return self.role == "office"


@dataclass(frozen=True)
class Session:
    account: Account
    csrf: str
    expires: float


@dataclass(frozen=True)
class Rebuild:
    started: float
    finished: float | None
    actor: str
    returncode: int | None
    output: str


def _digest(token: str) -> str:
    # Only a hash of the session token is stored: a copy of the database opens no session.
    return hashlib.sha256(token.encode()).hexdigest()


class Store:
    def __init__(self, path: Path, session_seconds: float = 8 * 3600) -> None:
        self.path = path
        self.session_seconds = session_seconds
        self._hasher = PasswordHasher()
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        # executescript commits on its own; every statement in it is idempotent.
        self._connection().executescript(_SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=True)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- accounts -------------------------------------------------------------------------
    def add_account(self, username: str, display_name: str, role: str, password: str, team: str | None = None) -> Account:
        if role not in ROLES:
            raise ValueError(f"角色 {role!r} 不对：只能是 volunteer（志愿者）或 office（文明办）")
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM accounts WHERE username = ?", (username,)).fetchone():
                raise ValueError(f"账号 {username} 已经存在")
            db.execute(
                "INSERT INTO accounts (username, display_name, role, team, password_hash, created) VALUES (?, ?, ?, ?, ?, ?)",
                (username, display_name, role, team, self._hasher.hash(password), time.time()),
            )
        return Account(username, display_name, role, team, False)

    def set_disabled(self, username: str, disabled: bool) -> None:
        with self._transaction() as db:
            changed = db.execute("UPDATE accounts SET disabled = ? WHERE username = ?", (int(disabled), username)).rowcount
            if not changed:
                raise ValueError(f"没有账号 {username}")
            if disabled:
                db.execute("DELETE FROM sessions WHERE username = ?", (username,))

    def accounts(self) -> list[Account]:
        rows = self._connection().execute(
            "SELECT username, display_name, role, team, disabled FROM accounts ORDER BY role = 'office' DESC, username"
        )
        return [Account(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]

    def account(self, username: str) -> Account | None:
        row = self._connection().execute(
            "SELECT username, display_name, role, team, disabled FROM accounts WHERE username = ?", (username,)
        ).fetchone()
        return Account(row[0], row[1], row[2], row[3], bool(row[4])) if row else None

    def check_password(self, username: str, password: str) -> Account | None:
        """The account if the password is right and the account is enabled."""
        row = self._connection().execute(
            "SELECT password_hash FROM accounts WHERE username = ? AND disabled = 0", (username,)
        ).fetchone()
        if row is None:
            # The same work as a real check, so the time taken does not tell which names exist.
            self._hasher.hash(password)
            return None
        try:
            self._hasher.verify(row[0], password)
        except (VerificationError, InvalidHashError):
            return None
        return self.account(username)

    # --- sessions ---------------------------------------------------------------------------
    def open_session(self, username: str) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(24)
        expires = time.time() + self.session_seconds
        with self._transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (time.time(),))
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", (_digest(token), username, csrf, expires))
        account = self.account(username)
        assert account is not None
        return token, Session(account, csrf, expires)

    def session(self, token: str) -> Session | None:
        row = self._connection().execute(
            "SELECT username, csrf, expires FROM sessions WHERE token_hash = ?", (_digest(token),)
        ).fetchone()
        if row is None or row[2] < time.time():
            return None
        account = self.account(row[0])
        if account is None or account.disabled:
            return None
        return Session(account, row[1], row[2])

    def close_session(self, token: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))

    def expire_sessions_of(self, username: str) -> None:
        """Make every session of ``username`` expired (tests, and disabling an account)."""
        with self._transaction() as db:
            db.execute("UPDATE sessions SET expires = 0 WHERE username = ?", (username,))

    # --- form tokens: one per form shown, so a repeated post does the work once -------------
    def new_form_token(self, owner: str, kind: str) -> str:
        token = secrets.token_hex(8)
        with self._transaction() as db:
            # Tokens of forms never sent are forgotten after two days.
            db.execute("DELETE FROM form_tokens WHERE created < ? AND result IS NULL", (time.time() - 2 * 86400,))
            db.execute("INSERT INTO form_tokens VALUES (?, ?, ?, ?, NULL)", (token, owner, kind, time.time()))
        return token

    def form_token(self, token: str, owner: str, kind: str) -> tuple[bool, str | None]:
        """(known, result): whether ``token`` was issued to ``owner`` for ``kind``, and the id it produced."""
        row = self._connection().execute(
            "SELECT result FROM form_tokens WHERE token = ? AND owner = ? AND kind = ?", (token, owner, kind)
        ).fetchone()
        return (row is not None, row[0] if row else None)

    def finish_form_token(self, token: str, result: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE form_tokens SET result = ? WHERE token = ?", (result, token))

    def owner_of(self, result: str, kind: str) -> str | None:
        """Who sent the form that produced record ``result`` (volunteers see only their own)."""
        row = self._connection().execute(
            "SELECT owner FROM form_tokens WHERE result = ? AND kind = ?", (result, kind)
        ).fetchone()
        return row[0] if row else None

    def results_of(self, owner: str, kind: str) -> list[str]:
        rows = self._connection().execute(
            "SELECT result FROM form_tokens WHERE owner = ? AND kind = ? AND result IS NOT NULL ORDER BY created DESC",
            (owner, kind),
        )
        return [row[0] for row in rows]

    # --- rate limits ------------------------------------------------------------------------
    def hit(self, bucket: str, limit: int, window_seconds: float) -> bool:
        """Count one request in ``bucket``; False when it is over ``limit`` in the window."""
        now = time.time()
        with self._transaction() as db:
            db.execute("DELETE FROM rate_hits WHERE bucket = ? AND at < ?", (bucket, now - window_seconds))
            (count,) = db.execute("SELECT COUNT(*) FROM rate_hits WHERE bucket = ?", (bucket,)).fetchone()
            if count >= limit:
                return False
            db.execute("INSERT INTO rate_hits VALUES (?, ?)", (bucket, now))
        return True

    def use_challenge(self, signature: str, expires: float) -> bool:
        """Record a solved challenge; False if it was used before (a replay)."""
        with self._transaction() as db:
            db.execute("DELETE FROM used_challenges WHERE expires < ?", (time.time(),))
            try:
                db.execute("INSERT INTO used_challenges VALUES (?, ?)", (signature, expires))
            except sqlite3.IntegrityError:
                return False
        return True

    # --- audit log and rebuilds -------------------------------------------------------------
    def audit(self, actor: str, action: str, target: str | None = None, detail: str | None = None, address: str | None = None) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO audit (at, actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
                (time.time(), actor, action, target, detail, address),
            )

    def audit_entries(self, limit: int = 50) -> list[tuple[float, str, str, str | None, str | None]]:
        rows = self._connection().execute(
            "SELECT at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def start_rebuild(self, actor: str) -> int:
        with self._transaction() as db:
            cursor = db.execute("INSERT INTO rebuilds (started, actor) VALUES (?, ?)", (time.time(), actor))
            return int(cursor.lastrowid or 0)

    def finish_rebuild(self, rebuild_id: int, returncode: int, output: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE rebuilds SET finished = ?, returncode = ?, output = ? WHERE id = ?",
                (time.time(), returncode, output, rebuild_id),
            )

    def last_rebuild(self) -> Rebuild | None:
        row = self._connection().execute(
            "SELECT started, finished, actor, returncode, output FROM rebuilds ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return Rebuild(row[0], row[1], row[2], row[3], row[4] or "") if row else None
