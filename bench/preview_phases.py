"""Where a preview rebuild's CPU goes: the preview builder (what `wenming serve` runs on every
edit) in this process, one first build, then a record's title edited N times; per edit the
rebuild's CPU, the pages rendered and the files audited again, then CPU seconds per plugin
event handler and per builder step, summed over the edits.

    python bench/preview_phases.py SITE_DIR [--edits 3]

SITE_DIR is a site from bench/generate.py (its content/ is edited: use a copy). The collection
of each rebuild's garbage, at its end, is counted here; `wenming serve` makes it a moment after
serving the rebuild instead (PreviewBuilder.collect_garbage).
Timers nest: a step's CPU includes the plugin events it runs.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))

from mkdocs.plugins import PluginCollection  # noqa: E402

from wenming.mkdocs.preview import builder as preview  # noqa: E402
from wenming.mkdocs.preview import fingerprint  # noqa: E402

spent: Counter[str] = Counter()


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_event(self: PluginCollection, name: str, item: Any = None, **kwargs: Any) -> Any:
    """MkDocs' PluginCollection.run_event with a CPU timer around each handler."""
    pass_item = item is not None
    for method in self.events[name]:
        self._current_plugin = self._event_origins.get(method, "<unknown>")
        started = cpu()
        result = method(item, **kwargs) if pass_item else method(**kwargs)
        spent[f"{name}: {type(getattr(method, '__self__', None)).__name__}"] += cpu() - started
        if result is not None:
            item = result
    self._current_plugin = None
    return item


def timed(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = cpu()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += cpu() - started

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    PluginCollection.run_event = run_event  # type: ignore[method-assign]
    for step in ("_populate_page", "_build_page", "_copy_static_files", "_add_theme_files"):
        timed(preview.PreviewBuilder, step, f"builder {step}")
    timed(fingerprint.Fingerprinter, "page_digest", "builder page digests (in _build_page)")
    site = args.site.resolve()
    builder = preview.PreviewBuilder(site / "mkdocs.yml", site / "preview-site")
    report = builder.build()
    print(f"first build: {report.seconds:.1f} s, CPU {report.cpu_seconds:.1f} s, {report.pages} pages")
    record = next((site / "content/data/events").glob("*.yml"))
    text = record.read_text(encoding="utf-8")
    spent.clear()
    cpus = []
    for edit in range(args.edits):
        text = re.sub(r"^title: .*$", f"title: 阶段测试活动{edit}-{time.time_ns() % 10**6}", text, count=1, flags=re.M)
        record.write_text(text, encoding="utf-8")
        report = builder.build()
        cpus.append(report.cpu_seconds)
        print(
            f"edit {edit + 1}: {report.seconds:.2f} s, CPU {report.cpu_seconds:.2f} s, rendered {report.rendered}, "
            f"converted {report.converted}, audited {report.audited}, error {report.error}"
        )
    print(f"\nCPU seconds per edit (mean of {args.edits}), of {sum(cpus) / len(cpus):.2f} s per rebuild:")
    for label, seconds in spent.most_common():
        if seconds / args.edits >= 0.01:
            print(f"{seconds / args.edits:6.2f}  {label}")


if __name__ == "__main__":
    main()
