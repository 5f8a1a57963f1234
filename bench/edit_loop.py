"""Edit to preview: how long after a file is written `wenming serve` shows the change (issue 22).

    python bench/edit_loop.py SITE_DIR [--edits 50] [--port 8765]

SITE_DIR is a site from bench/generate.py. The server is started on it; then a record's title is
edited, a news post's title, a record added and deleted, each timed from the moment the file is
written until the served page shows the change (polled every 0.2 s); then --edits more title
edits, each --pause seconds (2) after the last one showed. Printed: seconds per step, the
server's CPU seconds (user + system, from /proc) per edit (its rebuild and what it does until the
next edit), and its resident memory after the first build and after the edits.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL = 0.2
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def wait_until(url: str, shown: callable, limit: float = 300) -> float:  # type: ignore[valid-type]
    """Seconds from now until ``shown(status, body)`` holds for the served ``url``."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        status, body = fetch(url)
        if shown(status, body):
            return time.perf_counter() - started
        time.sleep(POLL)
    raise TimeoutError(f"{url} did not show the change within {limit} s")


PAUSE = 2.0  # seconds between the page showing an edit and the next edit (--pause)


def step(pid: int, url: str, write: callable, shown: callable, pause: float = PAUSE) -> tuple[float, float]:  # type: ignore[valid-type]
    """Seconds from writing the file to the page showing it, and the server's CPU seconds from the
    write until the next edit (PAUSE later): the rebuild and what the server does after it (it
    collects the last build's garbage a second after serving, PreviewBuilder.collect_garbage)."""
    before = cpu_seconds(pid)
    write()
    seconds = wait_until(url, shown)
    time.sleep(pause)  # a person looks at the page before editing again
    return seconds, cpu_seconds(pid) - before


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pause", type=float, default=PAUSE, help="seconds between an edit showing and the next edit")
    args = parser.parse_args()
    site = args.site.resolve()
    content = site / "content"
    served = site / "preview-site"
    base = f"http://127.0.0.1:{args.port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    wenming = shutil.which("wenming", path=str(Path(sys.executable).parent)) or "wenming"
    started = time.perf_counter()
    server = subprocess.Popen(
        [wenming, "serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{args.port}", "-d", str(served)],
        env=env, stdout=subprocess.DEVNULL, stderr=open(site / "serve.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    try:
        wait_until(base, lambda status, body: status == 200, limit=900)
        print(f"start-up: {time.perf_counter() - started:.1f} s, CPU {cpu_seconds(server.pid):.1f} s, RSS {rss_mb(server.pid):.0f} MB")
        rows: list[tuple[str, float, float]] = []

        event = content / "data/events/event-00001.yml"
        title = next(line for line in event.read_text(encoding="utf-8").splitlines() if line.startswith("title: "))
        page = base + "events/event-00001/"
        run = f"{time.time_ns() % 10**6:06d}"  # this run's mark: a re-used site never shows it already
        new_title = f"编辑测试活动标题{run}"
        rows.append(("record title edited", *step(server.pid, page, lambda: replace(event, title, f"title: {new_title}"), lambda s, b: new_title in b, args.pause)))

        post = content / "news/posts/post-00001.md"
        heading = next(line for line in post.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
        post_url = base + _post_path(served, "post-00001")
        rows.append(("news post title edited", *step(server.pid, post_url, lambda: replace(post, heading, f"# 编辑测试新闻标题{run}"), lambda s, b: f"编辑测试新闻标题{run}" in b, args.pause)))

        added = content / "data/events/event-zz-added.yml"
        text = event.read_text(encoding="utf-8").replace(new_title, f"新增测试活动{run}")
        rows.append(("record added", *step(server.pid, base + "events/event-zz-added/", lambda: added.write_text(text, encoding="utf-8"), lambda s, b: s == 200 and f"新增测试活动{run}" in b, args.pause)))
        rows.append(("record deleted", *step(server.pid, base + "events/event-zz-added/", added.unlink, lambda s, b: s == 404, args.pause)))

        for name, seconds, cpu in rows:
            print(f"{name}: {seconds:.2f} s, CPU {cpu:.2f} s", flush=True)
        rss_start = rss_mb(server.pid)
        print(f"RSS before the title edits: {rss_start:.0f} MB", flush=True)
        loop: list[tuple[float, float]] = []
        current = new_title
        for n in range(args.edits):
            following = f"编辑测试活动标题{run}-{n:03d}"
            loop.append(step(server.pid, page, lambda c=current, f=following: replace(event, f"title: {c}", f"title: {f}"), lambda s, b, f=following: f in b, args.pause))
            current = following
            print(f"title edit {n + 1}: {loop[-1][0]:.2f} s, CPU {loop[-1][1]:.2f} s, RSS {rss_mb(server.pid):.0f} MB", flush=True)
        rss_end = rss_mb(server.pid)

        print(f"\n{site.name}: seconds from write to served (polled every {POLL} s); CPU = server user+sys from the write to the next edit, {args.pause:g} s after it showed")
        print("| step | seconds | CPU s |\n|---|---|---|")
        for name, seconds, cpu in rows:
            print(f"| {name} | {seconds:.2f} | {cpu:.2f} |")
        if loop:
            times = [seconds for seconds, _ in loop]
            cpus = [cpu for _, cpu in loop]
            print(f"| {args.edits} title edits: median (min–max) | {statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f}) | {statistics.median(cpus):.2f} |")
        print(f"\nRSS after the first edits {rss_start:.0f} MB, after {args.edits} more edits {rss_end:.0f} MB ({(rss_end / rss_start - 1) * 100:+.1f} %)")
        # One rebuild per edit: more means the server rebuilt for something that was not an edit.
        rebuilds = (site / "serve.log").read_text(encoding="utf-8").count("预览已更新")
        print(f"rebuilds: {rebuilds} for {len(rows) + len(loop)} edits")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _post_path(served: Path, name: str) -> str:
    for path in (served / "news").rglob(f"{name}/index.html"):
        return path.parent.relative_to(served).as_posix() + "/"
    raise FileNotFoundError(name)


if __name__ == "__main__":
    main()
