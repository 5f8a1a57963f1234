"""The portal's search engine (wenming-search.js) and index as tests see them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ENGINE = REPO / "theme_overrides/assets/javascripts/wenming-search.js"


def index_files(site: Path) -> dict[str, bytes]:
    folder = site / "search"
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*.json")}


def index_docs(site: Path) -> list[list[str]]:
    """Every document of a built site's index: [location, title, teaser]."""
    files = index_files(site)
    manifest = json.loads(files["manifest.json"])
    groups = (manifest["docs"] + manifest["chunk"] - 1) // manifest["chunk"]
    return [doc for number in range(groups) for doc in json.loads(files[f"docs/{number}.json"])]


def run_engine(code: str, *args: str, files: dict[str, bytes] | None = None) -> object:
    """Run ``code`` in node with the engine loaded as ``self.wenmingSearch``; ``args`` as ``argv``;
    ``files``: the index it fetches from (by path under the index folder)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the search engine (.ci/run installs nodejs)")
    served = json.dumps({name: data.decode() for name, data in (files or {}).items()}, ensure_ascii=False)
    script = (
        "globalThis.self=globalThis;self.wenmingSearchBase='index:';const served=" + served + ";"
        "self.fetch=(url)=>Promise.resolve({ok:url.slice(6).split('?')[0] in served,status:404,"
        "json:()=>JSON.parse(served[url.slice(6).split('?')[0]])});"
        "require(process.argv[1]);const argv=process.argv.slice(2);" + code
    )
    out = subprocess.run([node, "-e", script, str(ENGINE), *args], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(out.stdout)


def result_markup(texts: list[str], query: str) -> list[str]:
    """The HTML the engine gives Material's result list (innerHTML) for titles and teasers."""
    markup = run_engine(
        "console.log(JSON.stringify(JSON.parse(argv[0]).map(t => self.wenmingSearch.marked(t, [argv[1]]))))",
        json.dumps(texts), query,
    )
    assert isinstance(markup, list)
    return markup
