"""How long `wenming check` takes on N records (default 10,000). Prints figures; asserts nothing.

Writes a synthetic but realistic record set (40% events, 30% nominations, 5% teams with service
records, 25% submissions; deterministic from a seed) to a temporary folder, then times the
`wenming check` command end to end (process start included) and the core loading alone.

    python bench/check_speed.py 10000
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "社区",
    "志愿者",
    "居民",
    "老人",
    "孩子",
    "邻里",
    "文明",
    "服务",
    "关爱",
    "帮助",
    "坚持",
    "多年",
    "义务",
    "照顾",
    "热心",
    "公益",
    "活动",
    "节日",
    "传统",
    "和谐",
]


def text(rng: random.Random, length: int) -> str:
    out = ""
    while len(out) < length:
        out += rng.choice(WORDS)
    return out[:length] + "。"


def write_records(root: Path, total: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    docs = root / "content"
    counts = {"events": int(total * 0.40), "nominations": int(total * 0.30), "teams": int(total * 0.05)}
    counts["submissions"] = total - sum(counts.values())
    for folder in ("data/events", "data/nominations", "data/teams", "submissions"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
    start = dt.date(2024, 1, 1)
    for n in range(counts["events"]):
        day = start + dt.timedelta(days=rng.randrange(1000))
        (docs / f"data/events/event-{n}.yml").write_text(
            f"title: {text(rng, 12)}\nkind: 志愿服务\ndate: {day}\ntime: '09:00-11:00'\nlocation: 社区党群服务中心\n"
            f"organizer: 幸福里社区居委会\ndescription: |\n  {text(rng, 150)}\nstatus: done\n",
            encoding="utf-8",
        )
    for n in range(counts["nominations"]):
        (docs / f"data/nominations/person-{n}.yml").write_text(
            f"name: 张{n}\ngender: 女\nbirth: 1960-05\ncategory: 助人为乐\nsummary: {text(rng, 40)}\n"
            f"deeds: |\n  {text(rng, 300)}\nnominated_by: 居民推荐\nnominated_on: 2026-05-10\nstatus: selected\n"
            f"publicity: {{start: 2026-06-01, end: 2026-06-07}}\nperiod: 2026-Q2\nconsent: true\n"
            f"private:\n  phone: '139{n:08d}'\n  address: 幸福里小区{n}幢\n",
            encoding="utf-8",
        )
    for n in range(counts["teams"]):
        records = "".join(
            f"  - {{date: {start + dt.timedelta(days=rng.randrange(1000))}, title: {text(rng, 8)}, "
            f"hours: {rng.choice([1, 1.5, 2, 3])}, volunteers: {rng.randrange(3, 30)}}}\n"
            for _ in range(40)
        )
        (docs / f"data/teams/team-{n}.yml").write_text(
            f"name: 志愿服务队{n}\ntype: 学雷锋\nleader: 李{n}\nmembers: 30\nrecords:\n{records}",
            encoding="utf-8",
        )
    for n in range(counts["submissions"]):
        (docs / f"submissions/sub-{n}.md").write_text(
            f"---\ntitle: {text(rng, 12)}\nkind: news\nauthor: 王{n}\nsubmitted: 2026-10-01\nstatus: approved\n"
            f"reviewer: 李红梅\n---\n\n{text(rng, 400)}\n",
            encoding="utf-8",
        )
    (root / "mkdocs.yml").write_text(
        "site_name: bench\ndocs_dir: content\nplugins:\n  - wenming:\n      build_date: 2026-11-23\n",
        encoding="utf-8",
    )


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    from wenming.core.parallel import available_cpus
    from wenming.core.site_data import load_site

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_records(root, total)
        command = [str(Path(sys.executable).with_name("wenming")), "check", "-f", str(root / "mkdocs.yml")]
        wall = []
        for _ in range(runs):
            started = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True)
            wall.append(time.perf_counter() - started)
            if result.returncode != 0:
                print(result.stdout[-2000:], result.stderr[-2000:])
                raise SystemExit("check reported problems on generated data")
        # load_site in one process, then with worker processes as `wenming check` runs it.
        core: dict[int, list[float]] = {1: [], available_cpus(): []}
        for _ in range(runs):
            for workers, times in core.items():
                started = time.perf_counter()
                site = load_site(root / "content", dt.date(2026, 11, 23), display_root=root, workers=workers)
                times.append(time.perf_counter() - started)
        read = sum(loaded.read for loaded in site.loaded.values())
        print(f"records: {read}")
        print(f"wenming check (whole command), median of {runs}: {statistics.median(wall):.2f} s")
        for workers, times in core.items():
            print(f"core load_site alone, {workers} process(es), median of {runs}: {statistics.median(times):.2f} s")
        print(f"per record (one process): {statistics.median(core[1]) / read * 1000:.3f} ms")


if __name__ == "__main__":
    main()
