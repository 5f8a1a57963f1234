"""The same queries through each search engine on a built site: top 3, bytes, time.

    python bench/search_compare.py SITE_DIR [--expected queries.json] [--phone] [--queries …]

Runs whichever engines the built site holds:

- **lunr**: Material's own search worker (``search/search_index.json``), in node (the harness that
  ran it in tests before issue 20 is embedded below); bytes = the whole index, fetched on every page.
- **pagefind**: Pagefind's own ``pagefind.js`` in chromium (``pagefind/`` written by
  ``python -m pagefind --site SITE_DIR --root-selector article.md-content__inner``; Pagefind is not
  a dependency of the portal: install it in a scratch virtualenv to compare). Bytes = what the
  page fetched under ``pagefind/`` for the query (its WASM and entry once, then index chunks and
  fragments), raw as served.
- **portal**: the portal's index (``search/manifest.json``), by the core's reference search.

``--expected`` is a JSON list of [query, expected location] (tests/test_search.py's QUERIES): the
share found in the top 3 is printed per engine. ``--phone`` throttles chromium as bench/search.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from wenming.core.search_index import search  # noqa: E402

DEFAULT_QUERIES = ["中秋", "志愿", "刘晓明", "张建国", "包饺子", "孝老爱亲", "王秀兰", "社区志愿者", "重阳敬老", "党群服务中心"]

LUNR_HARNESS = r"""
const fs = require("fs"), path = require("path"), vm = require("vm");
const [site, ...queries] = process.argv.slice(1);
const dir = path.join(site, "assets/javascripts/workers");
const worker = fs.readdirSync(dir).find((f) => /^search\..*\.min\.js$/.test(f));
const listeners = [], replies = [];
const context = vm.createContext({ console, setTimeout, clearTimeout });
Object.assign(context, {
  self: context,
  location: { href: "http://127.0.0.1/assets/javascripts/workers/" + worker },
  addEventListener: (type, fn) => listeners.push(fn),
  postMessage: (message) => replies.push(message),
  importScripts: (...urls) => urls.forEach((url) => vm.runInContext(fs.readFileSync(path.join(dir, url), "utf8"), context)),
});
vm.runInContext(fs.readFileSync(path.join(dir, worker), "utf8"), context);
const send = (data) => listeners.forEach((fn) => fn({ data }));
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
(async () => {
  const index = JSON.parse(fs.readFileSync(path.join(site, "search/search_index.json"), "utf8"));
  const before = process.cpuUsage();
  send({ type: 0, data: { ...index, options: { suggest: false } } });
  while (!replies.some((m) => m.type === 1)) await settle();
  const setup = process.cpuUsage(before);
  const found = { "(setup ms)": (setup.user + setup.system) / 1000 };
  for (const query of queries) {
    replies.length = 0;
    send({ type: 2, data: query });
    while (!replies.some((m) => m.type === 3)) await settle();
    found[query] = replies.find((m) => m.type === 3).data.items.map((group) => group[0].location);
  }
  console.log(JSON.stringify(found));
})();
"""

PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind</title>
<script type="module">
  window.pagefind = await import("./pagefind/pagefind.js");
  await window.pagefind.options({ excerptLength: 10 });
  window.pagefindReady = true;
</script>"""


def top_pages(locations: list[str], count: int = 3) -> list[str]:
    out: list[str] = []
    for location in locations:
        page = location.split("#")[0]
        if page not in out:
            out.append(page)
    return out[:count]


def lunr(site: Path, queries: list[str]) -> tuple[dict[str, list[str]], int, float]:
    node = shutil.which("node")
    assert node, "node is needed"
    out = subprocess.run([node, "-e", LUNR_HARNESS, str(site), *queries], capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)
    setup = found.pop("(setup ms)")
    return {query: top_pages(found[query]) for query in queries}, (site / "search/search_index.json").stat().st_size, setup


def pagefind(site: Path, queries: list[str], phone: bool) -> dict[str, tuple[list[str], int, float]]:
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_FLAGS, serve_directory

    (site / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    out = {}
    with serve_directory(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        if phone:
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 400,
                     "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8})
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        sizes: dict[str, int] = {}
        page.on("requestfinished", lambda request: sizes.__setitem__(request.url, request.sizes()["responseBodySize"]))
        page.goto(base + "pagefind-bench.html")
        page.wait_for_function("window.pagefindReady === true", timeout=120_000)
        for query in queries:
            seen = set(sizes)
            started = time.perf_counter()
            urls = page.evaluate(
                """async (query) => {
                    const found = await window.pagefind.search(query);
                    const data = await Promise.all(found.results.slice(0, 3).map((r) => r.data()));
                    return data.map((d) => d.url);
                }""",
                query,
            )
            elapsed = time.perf_counter() - started
            fetched = sum(size for url, size in sizes.items() if url not in seen)
            out[query] = ([url.lstrip("/").replace("index.html", "") for url in urls], fetched, elapsed)
        browser.close()
    (site / "pagefind-bench.html").unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--expected", type=Path)
    parser.add_argument("--phone", action="store_true")
    parser.add_argument("--queries", nargs="+", default=DEFAULT_QUERIES)
    args = parser.parse_args()
    expected: dict[str, str] = {}
    if args.expected:
        expected = dict(json.loads(args.expected.read_text(encoding="utf-8")))
    queries = list(expected) or args.queries
    engines: dict[str, dict[str, list[str]]] = {}
    if (args.site / "search/search_index.json").exists():
        found, size, setup = lunr(args.site, queries)
        engines["lunr"] = found
        print(f"lunr: index {size / 1e6:.1f} MB fetched by every page; worker CPU to build it {setup:.0f} ms (node)")
    if (args.site / "pagefind").is_dir():
        results = pagefind(args.site, queries, args.phone)
        engines["pagefind"] = {query: urls for query, (urls, _, _) in results.items()}
        for query, (urls, fetched, elapsed) in results.items():
            print(f"pagefind: {query}: {fetched / 1024:.1f} KB fetched, {elapsed:.2f} s, top 3 {urls}")
    if (args.site / "search/manifest.json").exists():
        folder = args.site / "search"
        files = {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*.json")}
        engines["portal"] = {query: search(files, query, 3) for query in queries}
    for name, found in engines.items():
        if expected:
            misses = [(query, expected[query], found[query]) for query in queries if expected[query] not in found[query]]
            print(f"{name}: {len(queries) - len(misses)}/{len(queries)} in the top 3")
            for miss in misses:
                print(f"  {name} miss: {miss}")
        else:
            for query in queries:
                print(f"{name}: {query}: {found[query]}")


if __name__ == "__main__":
    main()
