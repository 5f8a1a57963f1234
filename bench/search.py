"""Search on a built site: index size, bytes per query, time to results on the phone profile.

    python bench/search.py SITE_DIR [SITE_DIR…] [--browser [--typed] [--session]] [--queries 中秋 志愿 …]

SITE_DIR is a built site (``mkdocs build`` of a site from bench/generate.py). For each it prints:

- the index on disk (files, MB) and what a page downloads for search before it is used (0);
- per query: the files the engine fetches (manifest, one terms bucket per term, the document
  groups of the top 10), their bytes raw (a static host without gzip) and gzipped (level 6, as
  the README's nginx example sends them), and the worker's CPU time answering it in node
  (CDP's CPU throttle does not slow workers: this is the figure to multiply for a slow phone);
- with ``--browser``: chromium on the phone profile (390×844, CPU 4× slower, 400 ms latency,
  1.6 Mbit/s, no gzip: the worst case), the search box opened, then each query typed: seconds
  from pressing the last key to the first result shown, for the first query and later ones;
- with ``--typed`` as well: each query committed one character at a time, 300 ms apart (handwriting
  or an input method committing character by character, each commit's key released): seconds from
  the last character to its own results (the count and first result of the whole query) shown.

- with ``--session`` as well: a resident's session (SESSION below: words committed at once, refined by
  a character or a word, shortened by Backspace, searched again), 2 s of reading between queries:
  seconds from the box changing to the query's own results, by kind of later query (a refinement
  of the previous query, a repeated query, a new query whose files were fetched before, a new query
  needing a file not fetched yet), whether it waited for a request, and the bytes fetched from it
  to the next query (its files and those fetched ahead for the next, raw: no gzip).

``--browser`` puts each whole query in the box at once (a word committed by an input method): its
files were never fetched before, so it pays its round trips. ``--typed`` shows what the searches of
the earlier characters fetched ahead of the last one.

Measurements, not tests; on a shared machine give CPU times beside wall times.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wenming.core import search_index  # noqa: E402
from wenming.core.search_index import fetched_for, rank, search  # noqa: E402

needs_request = getattr(search_index, "needs_request", None)  # the base commit's core has neither
prefetched_for = getattr(search_index, "prefetched_for", None)

# A resident's session: ("fill", text) a word committed at once (the box replaced), ("insert", text)
# characters committed after the caret, ("back", n) Backspace n times (each a query of its own).
SESSION = [
    ("fill", "中秋"), ("insert", "节"), ("back", 1), ("fill", "志愿"), ("insert", "者"), ("insert", "服务"),
    ("back", 2), ("fill", "社区志愿者"), ("back", 1), ("back", 2), ("fill", "刘晓明"), ("back", 1),
    ("fill", "孝老爱亲"), ("back", 1), ("fill", "包饺子"), ("fill", "重阳"), ("insert", "敬老"),
    ("fill", "党群服务中心"), ("back", 2), ("fill", "王秀兰"), ("fill", "中秋"), ("fill", "志愿者"),
    ("fill", "区志愿"), ("fill", "居民"), ("insert", "服"), ("insert", "务"),
]  # fmt: skip
READING = 2.0  # seconds a resident spends on a list before the next query
KINDS = ("refinement", "repeated", "new, files fetched", "new, in likely.json", "new, files not fetched")

ISSUE_QUERIES = ["中秋", "志愿", "刘晓明", "张建国", "包饺子", "孝老爱亲", "王秀兰", "社区志愿者", "重阳敬老", "党群服务中心"]
ENGINE = REPO / "theme_overrides/assets/javascripts/wenming-search.js"
PHONE = {"latency": 400, "download": 1.6e6 / 8, "upload": 0.75e6 / 8, "cpu": 4}

NODE_TIMER = r"""
const fs = require("fs"), path = require("path");
const [engine, folder, ...queries] = process.argv.slice(1);
globalThis.self = globalThis;
self.wenmingSearchBase = "file:" + folder + "/";
self.fetch = (url) => Promise.resolve({ ok: true,
  json: () => JSON.parse(fs.readFileSync(path.join(folder, url.slice(self.wenmingSearchBase.length).split("?")[0]), "utf8")) });
require(engine);
(async () => {
  await self.wenmingSearch.prepare();
  const out = {};
  for (const query of queries) {
    const before = process.cpuUsage();
    const result = await self.wenmingSearch.search(query);
    const used = process.cpuUsage(before);
    out[query] = { ms: (used.user + used.system) / 1000, top: result.items.slice(0, 3).map((g) => g[0].location) };
  }
  console.log(JSON.stringify(out));
})();
"""


def index_files(site: Path) -> dict[str, bytes]:
    folder = site / "search"
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*.json")}


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def worker_cpu(site: Path, queries: list[str]) -> dict[str, dict[str, object]]:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is needed to time the search engine")
    out = subprocess.run(
        [node, "-e", NODE_TIMER, str(ENGINE), str(site / "search"), *queries],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)


@contextlib.contextmanager
def phone_page(site: Path) -> Iterator[tuple[Any, dict[str, int], dict[str, str], list[str]]]:
    """Chromium on the phone profile at the events page, the search box opened: (page, the bytes
    of each URL fetched so far, Material's translations, every URL requested so far)."""
    sys.path.insert(0, str(REPO / "tests"))
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_FLAGS, serve_directory

    with serve_directory(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": PHONE["latency"],
            "downloadThroughput": PHONE["download"], "uploadThroughput": PHONE["upload"],
        })
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE["cpu"]})
        sizes: dict[str, int] = {}
        page.on("requestfinished", lambda request: sizes.__setitem__(request.url, request.sizes()["responseBodySize"]))
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + "events/", timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        before_open = [url for url in sizes if "/search/" in url or "wenming-search" in url or "sitemap" in url]
        print(f"  requests for search or sitemap before the box is opened: {len(before_open)}")
        translations = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations")
        page.keyboard.press("/")
        page.wait_for_timeout(1500)  # a resident takes a moment to type; the engine warms meanwhile
        try:
            yield page, sizes, translations, requested
        finally:
            browser.close()


# The list shown is the query's own: Material's count (the engine returns the top 10) and the locations.
SHOWN_JS = """([meta, expected]) => {
    const links = [...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')];
    const shown = links.map((link) => new URL(link.href).pathname.replace(/^\\//, ''));
    return document.querySelector('.md-search-result__meta').textContent.trim() === meta
        && JSON.stringify(shown) === JSON.stringify(expected);
}"""

WATCH_JS = """() => {
    if (window.benchWatch) window.benchWatch.disconnect();
    window.benchRedrawn = false;
    window.benchWatch = new MutationObserver(() => { window.benchRedrawn = true; });
    window.benchWatch.observe(document.querySelector('.md-search-result'),
        { childList: true, subtree: true, characterData: true });
}"""


def own_list(files: dict[str, bytes], translations: dict[str, str], query: str) -> list[object]:
    """[Material's count line, the locations listed] for ``query`` (the core's reference search)."""
    expected = search(files, query)
    meta = (translations["search.result.none"] if not expected else translations["search.result.one"]
            if len(expected) == 1 else translations["search.result.other"].replace("#", str(len(expected))))
    return [meta, expected]


def browser_times(site: Path, queries: list[str], typed: bool = False) -> list[tuple[str, float, int]]:
    """(query, seconds from the last key to the first result, bytes the page fetched for it).

    ``typed``: one character at a time (see the module's text); the time is to the whole query's
    own results, told from the earlier characters' by their count and first location."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    out = []
    files = index_files(site) if typed else {}
    with phone_page(site) as (page, sizes, translations, _):
        placeholder = translations["search.result.placeholder"]
        box = page.locator(".md-search__input")
        for query in queries:
            box.fill("")
            page.keyboard.press("End")
            page.wait_for_function(
                "text => document.querySelector('.md-search-result__meta').textContent.trim() === text", arg=placeholder
            )
            seen = set(sizes)
            if typed:
                for character in query[:-1]:
                    page.keyboard.insert_text(character)
                    page.keyboard.press("End")
                    page.wait_for_timeout(300)
                expected = own_list(files, translations, query)
                ahead = page.evaluate(SHOWN_JS, expected)
                started = time.perf_counter()  # the character is in the box: the search may start now
                page.keyboard.insert_text(query[-1])
                page.keyboard.press("End")
                try:
                    page.wait_for_function(SHOWN_JS, arg=expected, timeout=30_000)
                except PlaywrightTimeout:  # say what was shown instead, and go on
                    print(f"  {query}: expected {expected[0]!r} {expected[1][:3]}…, shown "
                          f"{page.locator('.md-search-result__meta').text_content()}")
                    out.append((query, float("nan"), 0))
                    continue
                if ahead:  # the earlier characters' list was this one already: the resident saw it at once
                    print(f"  {query}: the list of its first {len(query) - 1} characters was already its own")
            else:
                # From the moment the query is in the box (the engine may search on its input event),
                # to its results; the End key's release is what Material waits for without it.
                started = time.perf_counter()
                box.fill(query)
                page.keyboard.press("End")
                page.wait_for_function(
                    "text => document.querySelector('.md-search-result__meta').textContent.trim() !== text",
                    arg=placeholder, timeout=60_000,
                )
            elapsed = time.perf_counter() - started
            page.wait_for_timeout(200)
            fetched = sum(size for url, size in sizes.items() if url not in seen)
            out.append((query, elapsed, fetched))
    return out


def needs_request_v1(files: dict[str, bytes], query: str, have: set[str]) -> bool:
    """search_index.needs_request for the index before issue 20's later-query work (format 1: no
    likely.json, terms hashed one by one), to measure the base commit's build the same way."""
    needed = [name for name in fetched_for(files, query) if name.startswith("terms/")]
    if set(needed) - have:
        return True
    manifest = json.loads(files["manifest.json"])
    carried = {int(number) for name in have | set(needed) if name.startswith("terms/")
               for number in json.loads(files[name]).get("#docs", {})}
    groups = {f"docs/{number // manifest['chunk']}.json" for number in rank(files, query) if number not in carried}
    return bool(groups - have)


def session_times(site: Path, session: list[tuple[str, object]]) -> list[dict[str, Any]]:
    """Each step of a resident's session (SESSION): the query, its kind, seconds from the box
    changing to its own list, whether it waited for a request, bytes fetched until the next step."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    files = index_files(site)
    out: list[dict[str, Any]] = []
    searched: list[str] = []
    likely = json.loads(files["likely.json"])["answers"] if "likely.json" in files else {}
    with phone_page(site) as (page, sizes, translations, requested):
        box = page.locator(".md-search__input")
        for action, argument in session:
            have = {url.split("/search/")[-1].split("?")[0] for url in requested if "/search/" in url}
            page.keyboard.press("End")  # the caret where a resident's is
            before, seen = len(requested), set(sizes)
            value = box.input_value()
            query = (str(argument) if action == "fill" else value + str(argument) if action == "insert"
                     else value[: -int(str(argument))])
            expected = own_list(files, translations, query)
            # Material redraws the list for each answer: wait for a redraw, not for a list that
            # happens to equal the one shown (中秋节 lists what 中秋 did at 2,000 records).
            page.evaluate(WATCH_JS)
            started = time.perf_counter()
            if action == "fill":
                box.fill(query)
                page.keyboard.press("End")
            elif action == "insert":
                page.keyboard.insert_text(str(argument))
            else:
                for _ in range(int(str(argument))):
                    page.keyboard.press("Backspace")
            try:
                page.wait_for_function(f"(expected) => window.benchRedrawn && ({SHOWN_JS})(expected)", arg=expected,
                                       timeout=30_000)
                elapsed = time.perf_counter() - started
            except PlaywrightTimeout:
                print(f"  {query}: expected {expected[0]!r}, shown {page.locator('.md-search-result__meta').text_content()}")
                elapsed = float("nan")
            waited = (needs_request or needs_request_v1)(files, query, have)
            previous = searched[-1] if searched else None
            kind = ("first" if previous is None else "repeated" if query in searched else "refinement"
                    if query.startswith(previous) or previous.startswith(query) else KINDS[4] if waited
                    else KINDS[3] if likely and search_index.answer_key(query) in likely else KINDS[2])
            searched.append(query)
            page.wait_for_timeout(READING * 1000)
            fetched = sum(size for url, size in sizes.items() if url not in seen)
            out.append({"query": query, "kind": kind, "seconds": elapsed, "waited": waited, "bytes": fetched,
                        "requests": len([url for url in requested[before:] if "/search/" in url])})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--typed", action="store_true", help="with --browser: one character at a time as well")
    parser.add_argument("--session", action="store_true", help="with --browser: a resident's session, by kind of query")
    parser.add_argument("--queries", nargs="+", default=ISSUE_QUERIES)
    args = parser.parse_args()
    for site in args.sites:
        files = index_files(site)
        manifest = json.loads(files["manifest.json"])
        total = sum(len(data) for data in files.values())
        print(f"{site}: {manifest['docs']} documents, {len(files)} index files, {total / 1e6:.1f} MB "
              f"({sum(gzipped(data) for data in files.values()) / 1e6:.1f} MB gzipped)")
        engine = ENGINE.read_bytes()
        opened = [engine, files["manifest.json"], files.get("likely.json", b"")]
        print(f"  once per visit, when the box opens: engine + manifest + likely.json "
              f"{sum(map(len, opened)) / 1024:.1f} KB raw, {sum(map(gzipped, opened)) / 1024:.1f} KB gzipped "
              f"(likely.json {len(opened[2]) / 1024:.1f} KB raw)")
        cpu = worker_cpu(site, args.queries)
        manifest_data = json.loads(files["manifest.json"])
        print("  | query | files | KB raw | KB gzipped | then fetched ahead: files, KB raw, KB gzipped | worker CPU ms (node) | top 3 |")
        print("  |---|---|---|---|---|---|---|")
        raws, zipped = [], []
        for query in args.queries:
            needed = fetched_for(files, query)
            ahead = [name for name in (prefetched_for or (lambda *_: []))(query, manifest_data) if name not in needed]
            raw = sum(len(files[name]) for name in needed)
            packed = sum(gzipped(files[name]) for name in needed)
            raws.append(raw + sum(len(files[name]) for name in ahead))
            zipped.append(packed + sum(gzipped(files[name]) for name in ahead))
            top = search(files, query, 3)
            assert top == cpu[query]["top"], (query, top, cpu[query]["top"])  # the engine agrees with core
            print(f"  | {query} | {len(needed)} | {raw / 1024:.1f} | {packed / 1024:.1f} | {len(ahead)}, "
                  f"{sum(len(files[name]) for name in ahead) / 1024:.1f}, {sum(gzipped(files[name]) for name in ahead) / 1024:.1f} | "
                  f"{cpu[query]['ms']:.1f} | {' '.join(top)} |")
        print(f"  bytes per query with those fetched ahead: median {statistics.median(raws) / 1024:.1f} KB raw "
              f"({statistics.median(zipped) / 1024:.1f} KB gzipped), max {max(raws) / 1024:.1f} KB "
              f"({max(zipped) / 1024:.1f} KB)")
        if args.browser:
            timed = browser_times(site, args.queries)
            for query, seconds, fetched in timed:
                print(f"  phone profile, no gzip: {query}: first result {seconds:.2f} s, {fetched / 1024:.1f} KB fetched")
            print(f"  first query {timed[0][1]:.2f} s; later queries median "
                  f"{statistics.median(seconds for _, seconds, _ in timed[1:]):.2f} s, max "
                  f"{max(seconds for _, seconds, _ in timed[1:]):.2f} s")
        if args.browser and args.typed:
            timed = browser_times(site, args.queries, typed=True)
            for query, seconds, fetched in timed:
                print(f"  phone profile, no gzip, typed: {query}: its own results {seconds:.2f} s after the last "
                      f"character, {fetched / 1024:.1f} KB fetched while typing it")
            measured = [seconds for _, seconds, _ in timed if seconds == seconds]  # not the NaN of a miss
            print(f"  typed: median {statistics.median(measured):.2f} s, max {max(measured):.2f} s after the last "
                  f"character ({len(measured)} of {len(timed)} queries)")
        if args.browser and args.session:
            steps = session_times(site, SESSION)
            print("  | query | kind | s to its own list | waited for a request | KB fetched until the next (raw) |")
            print("  |---|---|---|---|---|")
            for step in steps:
                print(f"  | {step['query']} | {step['kind']} | {step['seconds']:.2f} | {'yes' if step['waited'] else 'no'} | "
                      f"{step['bytes'] / 1024:.1f} |")
            for kind in ("first", *KINDS):
                times = [step["seconds"] for step in steps if step["kind"] == kind]
                if times:
                    within = sum(1 for seconds in times if seconds <= 0.3)
                    print(f"  session, {kind}: {len(times)} queries, median {statistics.median(times):.2f} s, "
                          f"max {max(times):.2f} s, {within} within 0.3 s")
            print(f"  session: bytes per query (with those fetched ahead) median "
                  f"{statistics.median(step['bytes'] for step in steps) / 1024:.1f} KB, "
                  f"max {max(step['bytes'] for step in steps) / 1024:.1f} KB raw")


if __name__ == "__main__":
    main()
