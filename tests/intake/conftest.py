"""The intake service as it runs in production: ``wenming intake`` started as its own process
(uvicorn on 127.0.0.1, a free port) on a temporary git repository holding a copy of the sample
portal. Tests talk to it over HTTP only."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO
from wenming.intake.store import Store

VOLUNTEER = ("chensiyu", "陈思雨", "volunteer-pass-1")
OTHER_VOLUNTEER = ("wangfang", "王芳", "volunteer-pass-2")
OFFICE = ("lihongmei", "李红梅", "office-pass-123")
TEAM = "wangluo-wenming"
GIT_ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=repo, check=True, capture_output=True,
                          text=True, env={**os.environ, **GIT_ENV}).stdout  # fmt: skip


def make_content_repo(root: Path) -> Path:
    """A git repository with the sample portal (mkdocs.yml, content/, theme_overrides/)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("content", "theme_overrides"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # A fixed build date keeps the build's output the same whatever day the tests run.
    config = config.replace("  - wenming:\n", "  - wenming:\n      build_date: 2026-12-02\n", 1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / ".gitignore").write_text("site/\n.intake/\n.cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "样例网站")
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Service:
    repo: Path
    state_dir: Path
    extra_args: list[str] = field(default_factory=list)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Service:
        self.port = free_port()
        log = open(self.state_dir / f"service-{self.port}.log", "wb")  # noqa: SIM115 - the process owns it
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wenming.cli", "intake", "--repo", str(self.repo), "--state-dir", str(self.state_dir),
             "--port", str(self.port), *self.extra_args],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.state_dir / f"service-{self.port}.log").read_text())
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("the intake service did not start in 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    @property
    def store(self) -> Store:
        return Store(self.state_dir / "intake.sqlite3")

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, follow_redirects=False)

    def login(self, account: tuple[str, str, str]) -> httpx.Client:
        client = self.client()
        page = client.get("/login")
        response = client.post("/login", data={"csrf": csrf_of(page.text), "username": account[0], "password": account[2]})
        assert response.status_code == 303, response.text
        return client


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def token_of(page: str) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def add_accounts(state_dir: Path) -> None:
    store = Store(state_dir / "intake.sqlite3")
    for username, name, password in (VOLUNTEER, OTHER_VOLUNTEER):
        store.add_account(username, name, "volunteer", password, TEAM)
    store.add_account(OFFICE[0], OFFICE[1], "office", OFFICE[2])


def start_service(tmp_path: Path, *extra_args: str) -> Service:
    repo = make_content_repo(tmp_path / "portal")
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    add_accounts(state_dir)
    return Service(repo, state_dir, list(extra_args)).start()


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    running = start_service(tmp_path)
    yield running
    running.stop()


ARTICLE = (
    "11月29日上午，幸福里社区网络文明传播志愿服务队走进社区老年活动中心，为二十多位老人开展“防范电信诈骗”"
    "手机课堂。志愿者一对一教老人识别冒充客服、冒充公检法的骗局，帮大家在手机上安装国家反诈中心应用。"
)


def submission_form(title: str = "志愿者教老人识别电信诈骗", body: str = ARTICLE, **extra: str) -> dict[str, str]:
    return {"title": title, "kind": "news", "team": TEAM, "body": body, "action": "submit", **extra}
