"""Private by construction: remember every private value read, and find any that reached the output.

The loader registers each value under a record's ``private:`` key, and every unmasked mainland
mobile number or 18-digit ID number that appears anywhere in the sources, in any spelling
(:func:`find_personal_numbers`). After the build, :func:`audit_site` reads every output file the
way a visitor or a crawler would see it (HTML entities, JSON strings and percent-encoded links
decoded, invisible characters removed, full-width digits folded, digits written in groups or in
neighbouring fields brought together) and reports each value it finds, with the file and the
record and field it came from. How each kind of value is matched: see :class:`SecretRegistry`.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

MOBILE_NUMBER = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(
    r"(?<![0-9Xx])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9Xx])"
)
_MOBILE_DIGITS = re.compile(r"1[3-9]\d{9}")
_ID_DIGITS = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9X]")
MIN_AUDITED_LENGTH = 4  # shorter values ("男", "是") occur everywhere and say nothing about a person
MIN_NUMBER_DIGITS = 7  # a number this long is matched whatever is written between its digits

# Characters that do not show: a number or a name with them inside looks whole to a reader.
_INVISIBLE_CHARS = "\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# What people write between the digit groups of a phone or ID number: spaces of every width
# (NBSP, ideographic space), hyphens, dashes, minus signs, dots, middle dots, and the invisibles.
_GAP_CHARS = r"\s\-.\u00b7\u2010-\u2015\u2212\u30fb\uff0d\uff0e\uff65" + _INVISIBLE_CHARS
_GAPS = re.compile(f"[{_GAP_CHARS}]+")
# A number as written: digit groups with at most three gap characters between them
# (``139 1234 5678``, ``110101 19900307 7777``, ``139 - 1234``), Unicode digits included.
_DIGIT_RUN = re.compile(rf"\d+(?:[{_GAP_CHARS}]{{1,3}}\d+)*(?:[{_GAP_CHARS}]{{0,3}}[XxＸｘ](?![A-Za-z]))?")
_DIGIT_GROUP = re.compile(r"\d+")
# The quick scan: is there anywhere eleven digits with at most three gap characters between them?
_FIRST_CANDIDATE = re.compile(rf"\d(?:[{_GAP_CHARS}]{{0,3}}\d){{10}}")
_FULL_WIDTH_CHARS = "０１２３４５６７８９ＸｘＡＢＣＤＥＦａｂｃｄｅｆ"
_FULL_WIDTH = {ord(char): ord(char) - 0xFEE0 for char in _FULL_WIDTH_CHARS}
_FOLDABLE = re.compile(f"[{''.join(_FULL_WIDTH_CHARS)}{_INVISIBLE_CHARS}]")
_PERCENT_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*")  # a literal first: fast skipping
_TAG = re.compile(r"<[^<>]*>")
_TAGS_AND_GAPS = re.compile(f"<[^<>]*>|[{_GAP_CHARS}]+")
# A short private value audited as a name: two or three Chinese characters under a key that
# names a person (nominator, guardian, contact_person, name…), possibly followed by a role in
# brackets ("林志鹏（监护人）").
_SHORT_NAME = re.compile(r"([\u3400-\u9fff]{2,3})(?:\s*[（(][^）)]*[）)])?")
COMMON_WORD_FREQUENCY = 100  # in jieba's dictionary: 建国 3083, 红梅 189, 王芳 not a word
_NAME_KEY = re.compile(
    r"(?:^|_)(?:name|names|nominator|guardian|parent|person|contact|leader|author|reporter|witness|"
    r"spouse|son|daughter|father|mother|child|relative|family)(?:$|_)"
)
_NOT_A_NAME_KEY = re.compile(r"(?:^|_)(?:phone|mobile|tel|address|number|id|idcard|file|note|email|wechat|qq)s?(?:$|_)")
# Bundles copied verbatim from Material or npm (minified scripts and styles, the CMS's chunks):
# nothing from the records can be in them, and they are most of the bytes of a small site.
_VENDOR_SUFFIXES = (".min.js", ".min.css", ".js.map", ".decap-cms.js", "decap-cms.js")
# Read by other means or not at all: images are cleaned of metadata (core/images.py), Office
# documents audited from their XML (core/documents.py), PDFs refused.
_BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".otf", ".pdf", ".gz", ".zip",
                    ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".doc", ".xls", ".ppt", ".jfif", ".heic",
                    ".heif", ".avif", ".tif", ".tiff", ".bmp"}
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\ufeff"
# Cut in the raw bytes: every cut is just before an ASCII "<", never inside a UTF-8 sequence, so
# each part decodes on its own exactly as it would inside the whole page.
_PAGE_PARTS = re.compile(
    rb'<(?:main|header|footer|nav|script|svg)\b|<div class="md-(?:content|sidebar|container)\b|</(?:main|header|nav|svg)>'
)
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


@dataclass(frozen=True)
class PersonalNumber:
    """An unmasked mobile or ID number as written in a text, and its digits."""

    kind: str  # 手机号 or 身份证号
    digits: str  # ASCII digits (and a final X), whatever spelling the text used
    start: int  # where it is written in the text, gaps included
    end: int


def mask(value: str) -> str:
    """Show enough of a value to recognise it in a log without printing it whole."""
    if not value:  # `private: !` reads as an empty text
        return "（空）"
    if len(value) <= 4:
        return value[0] + "*" * (len(value) - 1)
    keep = max(1, len(value) // 4)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


def private_leaves(mapping: Mapping[str, Any], prefix: str = "private") -> Iterator[tuple[str, str]]:
    """(field path, value as text) of every scalar under a ``private:`` mapping, however nested."""
    for key, value in mapping.items():
        path = f"{prefix}.{key}" if prefix else str(key)
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


_TWO_HAN = re.compile(r"[\u3400-\u9fff]{2}")


def scalar_leaves(data: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(location, text) of every text or number in ``data``, however nested; list indexes from 0."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from scalar_leaves(value, (*loc, str(key)))
    elif isinstance(data, list | tuple):
        for index, item in enumerate(data):
            yield from scalar_leaves(item, (*loc, index))
    elif isinstance(data, str | int) and not isinstance(data, bool):
        yield loc, str(data)


def fold(text: str) -> str:
    """``text`` with the spellings that look the same to a reader made the same: full-width
    digits (and the letters of hexadecimal and ID numbers) as ASCII, invisible characters removed.

    Each step first checks cheaply whether it has anything to do: most pages need neither.
    """
    if _FOLDABLE.search(text) is None:
        return text
    return _INVISIBLE.sub("", text.translate(_FULL_WIDTH))


def digits_only(value: str) -> str | None:
    """The digits of ``value`` if it is a number as people write one (at least
    :data:`MIN_NUMBER_DIGITS` digits, gaps allowed between them, a final X for ID numbers)."""
    compact = _GAPS.sub("", fold(value)).upper()
    body = compact[:-1] if compact.endswith("X") else compact
    if len(body) >= MIN_NUMBER_DIGITS and body.isascii() and body.isdigit():
        return compact
    return None


def _ascii_digits(group: str) -> str:
    return group if group.isascii() else "".join(str(unicodedata.decimal(char)) for char in group)


def scalar_texts(data: Any) -> list[str]:
    """The text of every text or number in ``data``, however nested: :func:`scalar_leaves`
    without the locations, which only a problem needs (and which cost most of the walk)."""
    texts: list[str] = []
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, Mapping):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            texts.append(str(item))
    return texts


def may_hold_personal_number(texts: Iterable[str]) -> bool:
    """False when no text of ``texts`` can hold a mobile or ID number (one quick scan of them
    all; four newlines between texts are more than a number's gaps, so none spans two)."""
    return _FIRST_CANDIDATE.search("\n\n\n\n".join(texts)) is not None


def find_personal_numbers(text: str) -> Iterator[PersonalNumber]:
    """Each unmasked mobile or ID number in ``text``, however its digits are spelled or grouped:
    ``13905718823``, ``139-0571-8823``, ``139 0571 8823``, full-width ``１３９０５７１８８２３``,
    a soft hyphen or word joiner between digits, ``330105 19580312 1234``.

    A number is a run of digit groups with at most three gap characters between groups; any
    consecutive groups of a run whose digits make a whole mobile or ID number count (so two
    numbers written one after the other are both found). Masked numbers (``138****8823``) are not
    numbers: ``*`` is not a gap.
    """
    candidate = _FIRST_CANDIDATE.search(text)
    if candidate is None:  # one quick scan rules out most texts
        return
    yield from _numbers_from(text, candidate.start())


def _numbers_from(text: str, start: int) -> Iterator[PersonalNumber]:
    for run in _DIGIT_RUN.finditer(text, start):
        found = list(_numbers_in_run(run))
        # Eleven digits inside an ID number written in groups can look like a mobile: the ID wins.
        yield from (
            number
            for number in found
            if not any(other.start <= number.start and number.end <= other.end and other != number for other in found)
        )


def _numbers_in_run(run: re.Match[str]) -> Iterator[PersonalNumber]:
    groups = [(match.start(), match.end(), _ascii_digits(match.group())) for match in _DIGIT_GROUP.finditer(run.group())]
    if sum(len(digits) for _, _, digits in groups) < 11:
        return
    check_digit = "X" if run.group()[-1] in "XxＸｘ" else ""
    base = run.start()
    for first in range(len(groups)):
        joined = ""
        for last in range(first, len(groups)):
            joined += groups[last][2]
            if len(joined) > 18:
                break
            if len(joined) == 11 and _MOBILE_DIGITS.fullmatch(joined):
                yield PersonalNumber("手机号", joined, base + groups[first][0], base + groups[last][1])
            final = check_digit if last == len(groups) - 1 else ""
            if len(joined) + len(final) == 18 and _ID_DIGITS.fullmatch(joined + final):
                end = run.end() if final else base + groups[last][1]
                yield PersonalNumber("身份证号", joined + final, base + groups[first][0], end)


def personal_numbers(text: str) -> Iterator[tuple[str, str]]:
    """(kind, digits) for each unmasked mobile or ID number in ``text`` (see :func:`find_personal_numbers`)."""
    for number in find_personal_numbers(text):
        yield number.kind, number.digits


def short_name(key_path: str, value: str) -> str | None:
    """The name a short private value gives, if it is one: 2–3 Chinese characters under a key
    that names a person. Other short values ("男", "3栋") say nothing about a person by themselves."""
    key = re.sub(r"\[\d+\]", "", key_path.rsplit(".", 1)[-1]).lower()
    if not _NAME_KEY.search(key) or _NOT_A_NAME_KEY.search(key):
        return None
    match = _SHORT_NAME.fullmatch(value.strip())
    return match.group(1) if match else None


class SecretRegistry:
    """Every value that must not be published, each with the first place it was found.

    Three kinds, each matched where it can be recognised:

    - text (addresses, notes, any value of 4 characters or more): in the text of every output
      file, with HTML entities, JSON escapes, percent-encoding, invisible characters and
      full-width digits undone;
    - numbers (7 digits or more): in the *digit view* of the visible text, where the markup and
      the gap characters between digits are gone, so ``139-1234-5678``, ``139</dd><dd>1234 5678``
      (a value split over two fields shown side by side) and ``110101 19900307 7777`` are found;
    - short names (2–3 Chinese characters under a name key, e.g. a nominator's): in the text and
      the attribute values (alt, title), spaces removed, where they are not part of a longer word or name (see :meth:`_names_in`). A name
      that is also a public value of a record (a team leader's published name) is not audited:
      the office published it, and the two cannot be told apart on a page.
    """

    def __init__(self) -> None:
        self._secrets: dict[str, Secret] = {}  # by folded text
        self._numbers: dict[str, Secret] = {}  # by digits
        self._names: dict[str, Secret] = {}  # by the name
        self._public: set[str] = set()  # short public values with Chinese in them (names, labels)
        self._public_containing: dict[str, list[str]] = {}  # by name: the public values it is part of
        self._pattern: re.Pattern[str] | None = None
        self._number_pattern: re.Pattern[str] | None = None
        self._name_pattern: re.Pattern[str] | None = None

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Secret]:
        return iter(self._all().values())

    def _all(self) -> dict[tuple[str, str], Secret]:
        return {
            (secret.value, secret.origin): secret
            for kind in (self._secrets, self._numbers, self._names)
            for secret in kind.values()
        }

    def add(self, value: str, origin: str) -> None:
        value = value.strip()
        secret, key, digits = Secret(value, origin), fold(value), digits_only(value)
        if len(key) >= MIN_AUDITED_LENGTH and key not in self._secrets:
            self._secrets[key] = secret
            self._pattern = None
        if digits is not None and digits not in self._numbers:
            self._numbers[digits] = self._secrets.get(key, secret)
            self._number_pattern = None

    def add_name(self, name: str, origin: str) -> None:
        if name not in self._names:
            self._names[name] = Secret(name, origin)
            self._name_pattern = None

    @property
    def public_values(self) -> frozenset[str]:
        """The short public values that are not audited as names (see the class)."""
        return frozenset(self._public)

    def add_public(self, values: Iterable[str]) -> None:
        """Public values of a record: a short name among them is not a secret (see the class)."""
        for value in values:
            # Names and short labels (a leader's name, a nominee's 王芳芳), not sentences.
            if len(value) <= 10 and _TWO_HAN.search(value):
                self._public.add(value.strip())
        self._name_pattern = None
        self._public_containing = {}

    def add_private(self, mapping: Mapping[str, Any], source: str) -> None:
        for path, value in private_leaves(mapping):
            self.add(value, f"{source} ({path})")
            name = short_name(path, value)
            if name is not None:
                self.add_name(name, f"{source} ({path})")

    def add_numbers_in(self, text: str, source: str) -> None:
        self.add_numbers(personal_numbers(text), source)

    def add_numbers(self, numbers: Iterable[tuple[str, str]], source: str) -> None:
        """Register (kind, number) pairs found by :func:`personal_numbers` in ``source``."""
        for kind, number in numbers:
            self.add(number, f"{source} ({kind})")

    def update(self, other: SecretRegistry) -> None:
        for mine, theirs in ((self._secrets, other._secrets), (self._numbers, other._numbers), (self._names, other._names)):
            for key, secret in theirs.items():
                mine.setdefault(key, secret)
        self._public |= other._public
        self._public_containing = {}
        self._pattern = self._number_pattern = self._name_pattern = None

    def find_in(self, text: str) -> list[Secret]:
        """The secrets in ``text`` (already unescaped, see :func:`readable_text`)."""
        if not (self._secrets or self._numbers or self._names):
            return []
        if "%" in text:
            # A link may be encoded twice (%25E5…): decode until nothing changes, at most three times.
            for _ in range(3):
                decoded = _PERCENT_ENCODED.sub(_percent_decoded, text)
                if decoded == text:
                    break
                text = decoded
        text = fold(text)
        found: dict[tuple[str, str], Secret] = {}
        if self._secrets:
            if self._pattern is None:
                self._pattern = _trie_regex(self._secrets)
            for match in self._pattern.finditer(text):
                secret = self._secrets[match.group()]
                found[secret.value, secret.origin] = secret
        if self._numbers or self._names:
            # What a reader sees, with the markup and the gaps between digits (and characters) gone;
            # names also in the text as it is, where an image's alt or a link's title counts too.
            compact = compact_view(text)
            for secret in [*self._numbers_in(compact), *self._names_in(compact), *self._names_in(text)]:
                found[secret.value, secret.origin] = secret
        return sorted(found.values(), key=lambda secret: (secret.value, secret.origin))

    def _numbers_in(self, compact: str) -> Iterator[Secret]:
        if not self._numbers:
            return
        if self._number_pattern is None:
            digits = {*self._numbers, *(key[:-1] + "x" for key in self._numbers if key.endswith("X"))}
            self._number_pattern = _trie_regex(digits)
        for match in self._number_pattern.finditer(compact):
            yield self._numbers[match.group().upper()]

    def _names_in(self, compact: str) -> Iterator[Secret]:
        """Short names written as a name: not where the characters around make a longer word
        that crosses the name's edge (张伟 in 张伟大的, 李明 in 李明亮 when 明亮 is a word), not
        doubled into a longer name (王芳 in 王芳芳), not inside a public value that contains it."""
        if not self._names:
            return
        if self._name_pattern is None:
            audited = [name for name in self._names if name not in self._public and not is_common_word(name)]
            self._name_pattern = _trie_regex(audited) if audited else re.compile(r"(?!)")
        for match in self._name_pattern.finditer(compact):
            name, start, end = match.group(), match.start(), match.end()
            if _is_name_at(compact, start, end) and not self._inside_public_value(compact, start, end):
                yield self._names[name]

    def _inside_public_value(self, text: str, start: int, end: int) -> bool:
        name = text[start:end]
        if name not in self._public_containing:
            self._public_containing[name] = [value for value in self._public if name in value and value != name]
        for value in self._public_containing[name]:
            offset = value.find(name)
            while offset >= 0:
                if text.startswith(value, start - offset):
                    return True
                offset = value.find(name, offset + 1)
        return False


def _is_name_at(text: str, start: int, end: int) -> bool:
    if end < len(text) and text[end] == text[end - 1]:
        return False  # 王芳芳: a doubled last character makes a longer name
    words = _dictionary()
    # A dictionary word (2–4 characters) straddling either edge of the name: the characters
    # belong to that word, not to a name (张伟 in 张伟大的, 帝王 in 帝王芳华 for 王芳).
    for left in range(max(0, start - 3), end):
        for right in range(left + 2, min(len(text), left + 4) + 1):
            straddles = left < start < right or left < end < right
            if straddles and words.get(text[left:right], 0) > 0:
                return False
    return True


def is_common_word(name: str) -> bool:
    """A 2-character name that is also an everyday word (高峰, 建国): audited in page text it
    would be found on every page using the word, so it is left to the other checks."""
    return len(name) == 2 and _dictionary().get(name, 0) >= COMMON_WORD_FREQUENCY


@cache
def _dictionary() -> Mapping[str, int]:
    """jieba's word frequencies (the dictionary Material's Chinese search already loads)."""
    import jieba  # type: ignore[import-untyped]  # loaded only when a short name is found on a page

    jieba.initialize()
    frequencies: Mapping[str, int] = jieba.dt.FREQ
    return frequencies


def visible_text(text: str) -> str:
    """``text`` without markup: what a reader sees, with tags gone (a value split over two
    elements shown side by side comes together again)."""
    if "<" not in text:
        return text
    if "<![CDATA[" in text:
        text = text.replace("<![CDATA[", "").replace("]]>", "")
    return _TAG.sub("", text)


def compact_view(text: str) -> str:
    """What a reader sees with the gaps gone: :func:`visible_text` without the characters of
    :data:`_GAPS`, in one pass over the text (tags and gaps are both removed outright, so removing
    them together gives the same text as one after the other)."""
    if "<![CDATA[" in text:
        text = text.replace("<![CDATA[", "").replace("]]>", "")
    return _TAGS_AND_GAPS.sub("", text)


def _percent_decoded(match: re.Match[str]) -> str:
    return unquote(match.group(), errors="replace")


def readable_text(path: Path) -> str:
    """The text of an output file as a reader would see it, with escapes undone."""
    return readable(path.read_bytes().decode("utf-8", errors="replace"), path.suffix == ".json")


def readable(raw: str, is_json: bool = False) -> str:
    """``raw`` output text with HTML entities (and, for JSON, string escapes) undone."""
    parts = [raw]
    if is_json:
        with contextlib.suppress(ValueError):
            parts = list(_strings_in(json.loads(raw)))
    text = "\n".join(parts)
    # Both passes cost a scan of the whole text; most files need neither (a cheap `in` test first).
    if "&" in text:
        text = html.unescape(text)
    if any(char in text for char in _ZERO_WIDTH_CHARS):
        text = _ZERO_WIDTH.sub("", text)
    return text


def page_parts(raw: bytes) -> list[bytes]:
    """An HTML page cut where Material's header, navigation, sidebars, content, footer, scripts and
    icons begin. Most parts are the same on thousands of pages, so each distinct part is read
    once; a cut is always just before a tag, where no entity, word or number is split.

    Bytes, not text: decoding every page of a site costs more than the rest of the audit, and
    only the distinct parts (a fifth of the bytes on a 2,000-record site) need decoding.
    """
    cuts = [match.start() for match in _PAGE_PARTS.finditer(raw)]
    return [raw[start:end] for start, end in zip([0, *cuts], [*cuts, len(raw)], strict=True)]


def audited_files(site_dir: Path) -> list[tuple[str, str]]:
    """(path, path relative to ``site_dir``) of each output file the audit reads, sorted by path
    (folder by folder, as ``sorted(site_dir.rglob("*"))``): every regular file but images,
    documents (read by other means) and vendor bundles. Strings, not Path objects: a large site
    has thousands of files, and this is a hot loop."""
    found: list[tuple[str, str]] = []
    pending = [(os.fspath(site_dir), "")]
    while pending:
        directory, relative = pending.pop()
        with os.scandir(directory) as scan:
            for entry in scan:
                name = entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{relative}{name}/"))
                elif name.endswith(_VENDOR_SUFFIXES) or os.path.splitext(name)[1].lower() in _BINARY_SUFFIXES:
                    continue
                elif entry.is_file():  # a link to a file is read through: what a server would send
                    found.append((entry.path, relative + name))
    found.sort(key=lambda item: item[1].split("/"))
    return found


def _named_files(site_dir: Path, paths: Iterable[Path]) -> Iterator[tuple[str, str]]:
    """:func:`audited_files` for the given files only, in the same order."""
    for path in sorted(paths):
        if path.name.endswith(_VENDOR_SUFFIXES) or path.suffix.lower() in _BINARY_SUFFIXES or not path.is_file():
            continue
        yield os.fspath(path), path.relative_to(site_dir).as_posix()


def audit_site(site_dir: Path, secrets: SecretRegistry, only: Iterable[Path] | None = None) -> list[Leak]:
    """Every private value found in any output file under ``site_dir`` (or in the files ``only``
    names: the preview server audits the files a rebuild wrote and keeps the others' results)."""
    leaks: list[Leak] = []
    if not len(secrets):
        return leaks
    files = audited_files(site_dir) if only is None else _named_files(site_dir, only)
    # By the part itself (not its hash()): two different parts can never share an answer.
    found_in_html: dict[bytes, list[Secret]] = {}
    for path, shown in files:
        with open(path, "rb") as file:
            raw = file.read()
        found: dict[tuple[str, str], Secret] = {}
        if shown.endswith(".html"):
            for part in page_parts(raw):
                answer = found_in_html.get(part)
                if answer is None:
                    answer = found_in_html[part] = secrets.find_in(readable(part.decode("utf-8", errors="replace")))
                for secret in answer:
                    found[secret.value, secret.origin] = secret
        else:
            is_json = shown.endswith(".json")
            for secret in secrets.find_in(readable(raw.decode("utf-8", errors="replace"), is_json)):
                found[secret.value, secret.origin] = secret
        leaks.extend(Leak(shown, secret) for _, secret in sorted(found.items()))
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


def _trie_regex(values: Iterable[str]) -> re.Pattern[str]:
    """:func:`_trie_pattern` compiled, for the same values once per process: the preview server
    audits with the same thousands of private values after every edit (0.3 s at 10,000 records)."""
    return _compiled_trie(tuple(sorted(set(values))))


@lru_cache(maxsize=16)
def _compiled_trie(values: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_trie_pattern(values))


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
