"""Private by construction: remember every private value read, and find any that reached the output.

The loader registers each value under a record's ``private:`` key, and every unmasked mainland
mobile number or 18-digit ID number that appears anywhere in the sources. After the build,
:func:`audit_site` reads every output file the way a visitor or a crawler would see it (HTML
entities decoded, JSON strings decoded, the zero-width spaces Material's Chinese search puts
between words removed) and reports each value it finds, with the file and the record it came from.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MOBILE_NUMBER = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(
    r"(?<![0-9Xx])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9Xx])"
)
# Both kinds start with a digit 1-9 and ten more digits: the first such run is where to start
# looking (the private block is usually at the end of a file, after the long prose).
_FIRST_CANDIDATE = re.compile(r"[1-9]\d{10}")
MIN_AUDITED_LENGTH = 4  # shorter values ("男", "是") occur everywhere and say nothing about a person
# Bundles copied verbatim from Material or npm (minified scripts and styles, the CMS's chunks):
# nothing from the records can be in them, and they are most of the bytes of a small site.
_VENDOR_SUFFIXES = (".min.js", ".min.css", ".js.map", ".decap-cms.js", "decap-cms.js")
_BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".otf", ".pdf", ".gz", ".zip"}
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\ufeff"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")


@dataclass(frozen=True)
class Secret:
    value: str
    origin: str  # e.g. "content/data/nominations/wang-xiulan.yml (private.phone)"


@dataclass(frozen=True)
class Leak:
    output_file: str
    secret: Secret

    def __str__(self) -> str:
        return f"{self.output_file} 含有 {self.secret.origin} 的隐私内容 {mask(self.secret.value)}"


def mask(value: str) -> str:
    """Show enough of a value to recognise it in a log without printing it whole."""
    if len(value) <= 4:
        return value[0] + "*" * (len(value) - 1)
    keep = max(1, len(value) // 4)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


def private_leaves(mapping: Mapping[str, Any], prefix: str = "private") -> Iterator[tuple[str, str]]:
    """(field path, value as text) of every scalar under a ``private:`` mapping, however nested."""
    for key, value in mapping.items():
        path = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            yield from private_leaves(value, path)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    yield from private_leaves(item, f"{path}[{index + 1}]")
                elif item is not None:
                    yield f"{path}[{index + 1}]", str(item)
        elif value is not None and not isinstance(value, bool):
            yield path, str(value)


def personal_numbers(text: str) -> Iterator[tuple[str, str]]:
    """(kind, number) for each unmasked mobile or ID number in ``text``."""
    candidate = _FIRST_CANDIDATE.search(text)
    if candidate is None:  # one quick scan rules out most files
        return
    start = candidate.start()  # the look-behinds still see the character before it
    for match in MOBILE_NUMBER.finditer(text, start):
        yield "手机号", match.group()
    for match in ID_NUMBER.finditer(text, start):
        yield "身份证号", match.group()


class SecretRegistry:
    """Every value that must not be published, each with the first place it was found."""

    def __init__(self) -> None:
        self._secrets: dict[str, Secret] = {}
        self._pattern: re.Pattern[str] | None = None

    def __len__(self) -> int:
        return len(self._secrets)

    def __iter__(self) -> Iterator[Secret]:
        return iter(self._secrets.values())

    def add(self, value: str, origin: str) -> None:
        value = value.strip()
        if len(value) >= MIN_AUDITED_LENGTH and value not in self._secrets:
            self._secrets[value] = Secret(value, origin)
            self._pattern = None

    def add_private(self, mapping: Mapping[str, Any], source: str) -> None:
        for path, value in private_leaves(mapping):
            self.add(value, f"{source} ({path})")

    def add_numbers_in(self, text: str, source: str) -> None:
        self.add_numbers(personal_numbers(text), source)

    def add_numbers(self, numbers: Iterable[tuple[str, str]], source: str) -> None:
        """Register (kind, number) pairs found by :func:`personal_numbers` in ``source``."""
        for kind, number in numbers:
            self.add(number, f"{source} ({kind})")

    def update(self, other: SecretRegistry) -> None:
        for secret in other:
            if secret.value not in self._secrets:
                self._secrets[secret.value] = secret
        self._pattern = None

    def find_in(self, text: str) -> list[Secret]:
        if not self._secrets:
            return []
        if self._pattern is None:
            self._pattern = re.compile(_trie_pattern(self._secrets))
        found = {match.group() for match in self._pattern.finditer(text)}
        return [self._secrets[value] for value in sorted(found)]


def readable_text(path: Path) -> str:
    """The text of an output file as a reader would see it, with escapes undone."""
    raw = path.read_bytes().decode("utf-8", errors="replace")
    parts = [raw]
    if path.suffix == ".json":
        with contextlib.suppress(ValueError):
            parts = list(_strings_in(json.loads(raw)))
    text = "\n".join(parts)
    # Both passes cost a scan of the whole text; most files need neither (a cheap `in` test first).
    if "&" in text:
        text = html.unescape(text)
    if any(char in text for char in _ZERO_WIDTH_CHARS):
        text = _ZERO_WIDTH.sub("", text)
    return text


def audit_site(site_dir: Path, secrets: SecretRegistry) -> list[Leak]:
    """Every private value found in any output file under ``site_dir``."""
    leaks: list[Leak] = []
    if not len(secrets):
        return leaks
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() in _BINARY_SUFFIXES or path.name.endswith(_VENDOR_SUFFIXES):
            continue
        shown = path.relative_to(site_dir).as_posix()
        leaks.extend(Leak(shown, secret) for secret in secrets.find_in(readable_text(path)))
    return leaks


def _strings_in(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings_in(item)


def _trie_pattern(values: Iterable[str]) -> str:
    """One regular expression matching any of ``values``, shaped as a trie.

    A plain alternation of thousands of literals makes ``re`` try each one at every position;
    a trie shares prefixes, so scanning stays close to linear in the text whatever the count.
    """
    trie: dict[str, Any] = {}
    for value in values:
        node = trie
        for char in value:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Longest match first, but a value that ends here still matches on its own.
    return f"(?:{body})?" if ends_here else body
