"""Load on the intake service: concurrent volunteers posting submissions to 127.0.0.1.

    python bench/intake_load.py [--clients 50] [--submissions 1000] [--deadline 600] [--profile FILE]

Copies the sample portal into a temporary git repository, creates one volunteer account per
client, starts ``wenming intake`` on a free port, signs every client in, then lets the clients
post the submissions between them (each: open the form, send it; only the send is timed). It
stops by itself after the given number of submissions or the deadline, whichever comes first,
and prints throughput, p50/p90/p99 latency of the sends, and whether the number of submission
files committed to git equals the number of success answers (nothing lost, nothing extra).
A measurement, not a test: nothing fails on a slow result; the exit code is 1 only if a
confirmed submission is missing from git.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TEAM = "wangluo-wenming"
ARTICLE = (
    "11月29日上午，幸福里社区网络文明传播志愿服务队走进社区老年活动中心，为二十多位老人开展“防范电信诈骗”"
    "手机课堂。志愿者一对一教老人识别冒充客服、冒充公检法的骗局，帮大家在手机上安装国家反诈中心应用。"
)
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}  # fmt: skip


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout  # fmt: skip


def make_repo(root: Path) -> Path:
    repo = root / "portal"
    repo.mkdir()
    for name in ("content", "theme_overrides"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    (repo / ".gitignore").write_text("site/\n.intake/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "sample")
    return repo


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', page)
    if not match:
        raise RuntimeError(f"no {name} in the page")
    return match.group(1)


async def sign_in(url: str, username: str, password: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=url, timeout=60)
    page = await client.get("/login")
    response = await client.post("/login", data={"csrf": field(page.text, "csrf"), "username": username, "password": password})
    if response.status_code != 303:
        raise RuntimeError(f"sign-in of {username} failed: {response.status_code}")
    return client


async def run_clients(url: str, accounts: list[tuple[str, str]], total: int, deadline: float) -> tuple[list[float], set[str], int, float]:
    clients = []
    for start in range(0, len(accounts), 10):  # sign-ins in groups: argon2 is made to be slow
        clients += await asyncio.gather(*(sign_in(url, user, password) for user, password in accounts[start : start + 10]))
    latencies: list[float] = []
    confirmed: set[str] = set()
    failures = 0
    remaining = total
    started = time.perf_counter()

    async def worker(client: httpx.AsyncClient, number: int) -> None:
        nonlocal remaining, failures
        while remaining > 0 and time.perf_counter() - started < deadline:
            remaining -= 1
            page = await client.get("/submit")
            form = {"csrf": field(page.text, "csrf"), "form_token": field(page.text, "form_token"), "title": f"压力测试投稿 {number}",
                    "kind": "news", "team": TEAM, "body": ARTICLE, "action": "submit"}  # fmt: skip
            sent = time.perf_counter()
            try:
                response = await client.post("/submit", data=form)
            except httpx.HTTPError:
                failures += 1
                continue
            latencies.append(time.perf_counter() - sent)
            if response.status_code == 303 and "/me/" in response.headers.get("location", ""):
                confirmed.add(response.headers["location"].split("/me/")[1].split("?")[0])
            else:
                failures += 1

    await asyncio.gather(*(worker(client, number) for number, client in enumerate(clients)))
    elapsed = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    return latencies, confirmed, failures, elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--deadline", type=float, default=600, help="seconds of posting at most")
    parser.add_argument("--profile", type=Path, help="run the service under pyinstrument (the bench extra) and "
                        "write its text report here (the event loop's thread: where a request waits)")  # fmt: skip
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="intake-load-"))
    service = None
    try:
        repo = make_repo(work)
        state = work / "state"
        sys.path.insert(0, str(ROOT / "plugins"))
        from wenming.intake.store import Store

        store = Store(state / "intake.sqlite3")
        accounts = [(f"vol{number:03d}", f"load-password-{number}") for number in range(options.clients)]
        for username, password in accounts:
            store.add_account(username, f"志愿者{username[3:]}", "volunteer", password, TEAM)
        before = set(git(repo, "ls-files", "content/submissions").split())
        port = free_port()
        log = open(work / "service.log", "wb")  # noqa: SIM115 - closed with the process
        profiler = [sys.executable, "-m", "pyinstrument", "-r", "text", "--show-all", "-o", str(options.profile.resolve())] if options.profile else [sys.executable]
        service = subprocess.Popen([*profiler, "-m", "wenming.cli", "intake", "--repo", str(repo), "--state-dir",
                                    str(state), "--port", str(port), "--logins-per-10-minutes", "1000"], stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        latencies, confirmed, failures, elapsed = asyncio.run(run_clients(url, accounts, options.submissions, options.deadline))
        after = set(git(repo, "ls-files", "content/submissions").split())
        committed = {Path(path).stem for path in after - before}
        lost = confirmed - committed
        print(f"clients {options.clients}, submissions sent {len(latencies)}, success answers {len(confirmed)}, failures {failures}")
        print(f"wall {elapsed:.1f} s, throughput {len(confirmed) / elapsed:.1f} submissions/s")
        if latencies:
            print(f"latency of the send: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p90 {percentile(latencies, 0.9) * 1000:.0f} ms, "
                  f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms")  # fmt: skip
        print(f"files committed {len(committed)} == success answers {len(confirmed)}: {len(committed) == len(confirmed)}; lost {len(lost)}")
        status = git(repo, "status", "--porcelain", "--untracked-files=all", "--", "content").strip()
        print(f"working tree of content/ clean: {not status}; commits {git(repo, 'rev-list', '--count', 'HEAD').strip()}")
        return 1 if lost else 0
    finally:
        if service is not None:
            # uvicorn ends by raising the signal it got again; pyinstrument writes its report on
            # the KeyboardInterrupt of SIGINT, not after SIGTERM.
            service.send_signal(signal.SIGINT if options.profile else signal.SIGTERM)
            service.wait(60 if options.profile else 10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
