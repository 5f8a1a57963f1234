"""Build the portal and its plain-Material control at several sizes and print the figures.

    python bench/run.py [--sizes 500 2000 10000] [--runs 3]

For each N: median wall seconds of the portal build and of the control build, their ratio (the
median of the ratios of back-to-back runs, alternating which goes first), its range and the same
ratio for CPU seconds (user + system, less sensitive to a busy machine than wall time), peak
RSS of the portal build, output size (MB) and size per page, search index size, size per page and
gzipped size, and the `wenming check` time. The table goes to stdout and to bench/RESULTS.md with
the machine and the date. These are measurements, not tests: nothing here fails on a slow result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from control import write_control  # noqa: E402
from generate import write_site  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in MB, CPU seconds) of one command; it must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"{' '.join(command)} failed in {cwd}:\n{process.stderr.read().decode()[-3000:] if process.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def pages_in(site: Path) -> int:
    return sum(1 for path in site.rglob("index.html") if "admin" not in path.parts)


def measure(total: int, runs: int, work: Path) -> dict[str, Any]:
    portal = work / f"portal-{total}"
    write_site(total, portal)
    build = [str(BIN / "mkdocs"), "build", "--strict", "-q"]
    timed(build, portal)  # the control is made from the built portal; this build is not counted
    control = work / f"control-{total}"
    write_control(portal / "site", control)
    timed(build, control)  # warm both the same way (file cache, jieba's dictionary cache)
    # Runs alternate portal/control and control/portal, so a slow spell of a shared machine
    # falls on both; the ratio is the median of the runs' ratios.
    portal_times, control_times, ratios, cpu_ratios, rss = [], [], [], [], 0
    for run in range(runs):
        cpu: dict[Path, float] = {}
        order = [(portal, portal_times), (control, control_times)]
        for folder, times in order if run % 2 == 0 else reversed(order):
            seconds, peak, cpu[folder] = timed(build, folder)
            times.append(seconds)
            if folder == portal:
                rss = max(rss, peak)
        ratios.append(portal_times[-1] / control_times[-1])
        cpu_ratios.append(cpu[portal] / cpu[control])
    check = [timed([str(BIN / "wenming"), "check"], portal)[0] for _ in range(runs)]
    site = portal / "site"
    pages = pages_in(site)
    output = size_of(site) - size_of(site / "admin") if (site / "admin").exists() else size_of(site)
    # Material's one index file, or the portal's own index (issue 20): many small files, of which
    # a query fetches a few; here all of them, each gzipped as the README's nginx example sends it
    # (gzip_comp_level 6).
    material_index = site / "search/search_index.json"
    index_files = [material_index] if material_index.is_file() else sorted(p for p in (site / "search").rglob("*") if p.is_file())
    index = sum(path.stat().st_size for path in index_files)
    index_gzip = sum(len(gzip.compress(path.read_bytes(), compresslevel=6)) for path in index_files)
    return {
        "records": total,
        "pages": pages,
        "control_pages": pages_in(control / "site"),
        "portal_s": statistics.median(portal_times),
        "control_s": statistics.median(control_times),
        "ratio": statistics.median(ratios),
        "ratio_range": f"{min(ratios):.2f}–{max(ratios):.2f}",
        "cpu_ratio": statistics.median(cpu_ratios),
        "rss_mb": rss,
        "output_mb": output / 1e6,
        "kb_per_page": output / pages / 1e3,
        "index_mb": index / 1e6,
        "index_kb_per_page": index / pages / 1e3,
        "index_gzip_mb": index_gzip / 1e6,
        "check_s": statistics.median(check),
    }


COLUMNS = [
    ("records", "N", "{:.0f}"), ("pages", "pages", "{:.0f}"), ("control_pages", "control pages", "{:.0f}"),
    ("portal_s", "portal s", "{:.1f}"), ("control_s", "control s", "{:.1f}"), ("ratio", "ratio", "{:.2f}"),
    ("ratio_range", "ratio range", "{}"), ("cpu_ratio", "CPU-time ratio", "{:.2f}"),
    ("rss_mb", "peak RSS MB", "{:.0f}"), ("output_mb", "output MB", "{:.1f}"), ("kb_per_page", "KB/page", "{:.1f}"),
    ("index_mb", "search index MB", "{:.2f}"), ("index_kb_per_page", "index KB/page", "{:.2f}"),
    ("index_gzip_mb", "index gzipped MB", "{:.2f}"),
    ("check_s", "wenming check s", "{:.2f}"),
]  # fmt: skip


# Written under the table so that a reader of RESULTS.md need not open this script.
LEGEND = """
- *ratio*: median over the runs of portal s / control s, each pair built back to back with the
  order alternating; *ratio range* its smallest and largest; *CPU-time ratio* the same for user +
  system seconds. The portal and control medians are taken separately, so their quotient can
  differ from the ratio on a busy machine.
- *peak RSS*: the largest resident set of the `mkdocs build` process over the portal runs.
- *KB/page*, *index KB/page*: output and the search index (Material's `search/search_index.json`, or
  since issue 20 all files of the portal's own index under `search/`) divided by the pages built;
  *index gzipped*: the index as the README's nginx example sends it (gzip level 6).
- Targets (issue 8): ratio ≤ 1.15 at every N; time(10,000) / time(2,000) ≤ 5.5; KB/page not
  growing with N; peak RSS at 10,000 ≤ 1.5 GB; `wenming check` at 10,000 ≤ 3 s.
"""


def table(rows: list[dict[str, Any]]) -> str:
    head = "| " + " | ".join(title for _, title, _ in COLUMNS) + " |"
    rule = "|" + "---|" * len(COLUMNS)
    body = ["| " + " | ".join(fmt.format(row[key]) for key, _, fmt in COLUMNS) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "sites")
    args = parser.parse_args()
    rows = []
    for total in args.sizes:
        row = measure(total, args.runs, args.work)
        rows.append(row)
        print(table([row]).splitlines()[-1], flush=True)
    growth = ""
    by_size = {int(row["records"]): row for row in rows}
    if 2000 in by_size and 10000 in by_size:
        growth = (
            f"\ntime(10,000) / time(2,000) = {by_size[10000]['portal_s'] / by_size[2000]['portal_s']:.2f}\n"
        )
    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    text = (
        f"# Benchmark results\n\n{dt.date.today()} on {machine}; median of {args.runs} runs each.\n"
        f"`python bench/run.py --sizes {' '.join(map(str, args.sizes))} --runs {args.runs}`\n\n{table(rows)}\n{growth}{LEGEND}"
    )
    (REPO / "bench" / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
