"""Compare two built sites file by file, byte for byte apart from the build's own time.

Used by the equivalence test and the edit-loop benchmark: the preview server's folder after an
edit must equal a clean ``mkdocs build`` of the same files.

The one normalisation: the news feeds' channel ``<pubDate>`` and ``<lastBuildDate>`` (and the JSON
feeds' top-level date, when there are JSON feeds) are the moment of the build, which the RSS
plugin takes from the clock (two clean builds a second apart differ there and nowhere else).
Everything else, every item's date included, must be equal; nothing else is rewritten.
"""

from __future__ import annotations

import re
from pathlib import Path

_FEED_BUILD_TIME = re.compile(rb"<(pubDate|lastBuildDate)>[^<]*</\1>")


def _normalised(relative: str, data: bytes) -> bytes:
    if relative.startswith("feed_rss_") and relative.endswith(".xml"):
        channel, found, items = data.partition(b"<item>")  # the channel's own dates come before the first item
        return _FEED_BUILD_TIME.sub(rb"<\1>(build time)</\1>", channel) + found + items
    return data


def site_files(site_dir: Path) -> dict[str, Path]:
    return {path.relative_to(site_dir).as_posix(): path for path in site_dir.rglob("*") if path.is_file()}


def differences(expected_dir: Path, actual_dir: Path) -> list[str]:
    """What differs, one line per file: missing, extra, or different content."""
    expected, actual = site_files(expected_dir), site_files(actual_dir)
    out = [f"missing: {name}" for name in sorted(expected.keys() - actual.keys())]
    out += [f"extra: {name}" for name in sorted(actual.keys() - expected.keys())]
    for name in sorted(expected.keys() & actual.keys()):
        if _normalised(name, expected[name].read_bytes()) != _normalised(name, actual[name].read_bytes()):
            out.append(f"different: {name}")
    return out
