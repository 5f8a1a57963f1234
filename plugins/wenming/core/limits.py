"""Bounded reading: what a file may hold before the portal refuses to read, parse or render it.

Everything the portal reads comes from people it does not fully control (volunteers' submissions,
staff pasting from WeChat, a contributed commit on CI), so no file may make ``wenming check`` or
the build stall, exhaust memory or crash. The limits are far above anything real (a news story or
事迹 is a few thousand characters) and each refusal names the file, line and field:

- only regular files are read: a symlink (which could publish ``/etc/passwd`` or read
  ``/dev/zero``), a FIFO (which blocks forever) or a device is refused without being opened;
- file sizes, text lengths and the digits of a number are bounded (a 5,000-digit integer makes
  Python's ``int()`` raise);
- YAML aliases (``*name``) are refused: nine levels of ``&a [*b, *b, …]`` in 1 KB expand to
  hundreds of millions of items in whatever walks the data. libyaml's event parser, used here,
  reports an alias as one event and never expands it;
- Markdown that Python-Markdown renders in quadratic time or with unbounded recursion (thousands
  of ``[`` in a paragraph, lists or quotes nested hundreds deep) is refused before rendering,
  with limits measured so that any text within them renders in well under a second.
"""

from __future__ import annotations

import os
import re
import stat
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)

from .problems import Problem

# A record file of 1 MB is some 300,000 Chinese characters: a team's file with thousands of
# service records stays far below it. Markdown pages (news posts, guides) get the same bound.
MAX_FILE_BYTES = 1024 * 1024
# One field (a 事迹, an event's description) or a submission's article: a real one is a few
# thousand characters; 20,000 is about ten printed pages.
MAX_TEXT_CHARS = 20_000
# Numbers people write (members, hours, a year) have a few digits; 15 is what a float keeps exactly.
MAX_NUMBER_DIGITS = 15
MAX_DEPTH = 50  # records and front matter are shallow; deeper is a pasted blob

# Markdown bounds, measured with the project's extensions (tests/core/test_limits.py renders the
# worst text each bound lets through). Python-Markdown has two superlinear costs in a paragraph:
# - from each "[" (link, image), "](" and "<" it scans ahead in Python to the closing bracket, or
#   to the end of the paragraph when there is none: about 1 µs per character scanned, so 50,000
#   unclosed "[" took minutes. The characters it would scan are counted (brackets paired as it
#   pairs them) and bounded;
# - each inline match (emphasis, escape, line break, table cell…) rebuilds the paragraph's text:
#   about 1 ns per (match × paragraph length); 800 KB of "a  \n" took 62 s.
MAX_SCANNED_CHARS = 300_000  # about 0.5 s in the worst case
MAX_REBUILT_CHARS = 300_000_000  # about 0.7 s in the worst case (a table)
MAX_INDENT = 100  # columns of leading spaces: lists/admonitions 25 deep; 400 deep overflows the stack
MAX_QUOTE_DEPTH = 20  # "> > > …" at the start of a line; 200 deep took 1.6 s
MAX_EMPHASIS_RUN = 100  # a run of 2,000 "*" overflows the stack
MAX_ABBREVIATIONS = 100  # "*[X]: …" definitions: each is matched against the whole page
MAX_MARKDOWN_BLOCKS = 100  # tags with a markdown attribute (md_in_html): 400 nested overflow the stack

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_EMPHASIS_RUN = re.compile(rf"\*{{{MAX_EMPHASIS_RUN + 1},}}|_{{{MAX_EMPHASIS_RUN + 1},}}")
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[", re.MULTILINE)
_MARKDOWN_ATTRIBUTE = re.compile(r"<[A-Za-z][^<>]*\smarkdown\b", re.IGNORECASE)
_INDENT = re.compile(rf"^[ \t]{{{MAX_INDENT // 4 + 1},}}", re.MULTILINE)  # a tab is 4 columns: widths checked after
_QUOTES = re.compile(rf"^[ ]{{0,3}}(?:>[ ]?){{{MAX_QUOTE_DEPTH + 1},}}", re.MULTILINE)
_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*")


class NotRegularFile(Exception):
    """A path that is not a plain file: ``message`` says what it is, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def describe_special(path: Path) -> str | None:
    """Why ``path`` may not be read (a symlink and its target, a FIFO, a device…), or None for a
    regular file. Nothing is opened or followed: ``lstat`` only."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return f"无法读取文件：{error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        return f"是指向 {_link_target(path)} 的符号链接：网站只读取普通文件，请把链接换成文件本身"
    if stat.S_ISREG(info.st_mode):
        return None
    kind = "文件夹" if stat.S_ISDIR(info.st_mode) else "管道（FIFO）" if stat.S_ISFIFO(info.st_mode) else "设备或套接字"
    return f"是{kind}，不是普通文件：网站只读取普通文件，请删除它"


def _link_target(path: Path) -> str:
    try:
        return repr(os.readlink(path))
    except OSError:
        return "（无法读出目标）"


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    The file is opened without following a symlink and without blocking (a FIFO would wait for a
    writer forever), checked to be regular on the open descriptor (no race with a swap after a
    check by name), and at most ``limit + 1`` bytes are read, so ``/dev/zero`` or a 10 GB file
    cost nothing. Anything else raises :class:`NotRegularFile` with the reason.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        # ELOOP: the name is a symlink (O_NOFOLLOW); say where it points.
        raise NotRegularFile(describe_special(path) or f"无法读取文件：{error.strerror}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(describe_special(path) or "不是普通文件：网站只读取普通文件，请删除它")
        data = b""
        if info.st_size <= limit:
            # The whole file in one read; more only if it grew since fstat (never past limit + 1).
            wanted = info.st_size + 1
            while len(data) <= limit and (chunk := os.read(descriptor, wanted)):
                data += chunk
                wanted = limit + 1 - len(data)
    finally:
        os.close(descriptor)
    if info.st_size > limit or len(data) > limit:
        raise NotRegularFile(f"文件超过 {limit // 1024} KB：一条记录或一篇文章不会这么大，请检查是否粘贴了多余内容")
    return data


def number_problem(value: str) -> str | None:
    """Why a number as written cannot be taken (too many digits), or None."""
    digits = sum(char.isdigit() for char in value)
    if digits > MAX_NUMBER_DIGITS:
        return f"{shown(value)} 数字有 {digits} 位，超过 {MAX_NUMBER_DIGITS} 位：请检查是否多打了数字（如要写编号等文字，请加引号）"
    return None


def shown(value: str, width: int = 20) -> str:
    """The start of a long value, for a message (a 5,000-digit number is not printed whole)."""
    return value if len(value) <= width else value[:width] + "…"


def text_problem(value: str) -> str | None:
    """Why a text field is refused before it is used: too long, or Markdown too costly to render."""
    if len(value) > MAX_TEXT_CHARS:
        return f"有 {len(value)} 个字符，超过 {MAX_TEXT_CHARS} 个：请精简，或分成几篇"
    return markdown_problem(value)[1] if len(value) > 32 else None


def yaml_problem(text: str, display: str, line_offset: int = 0, raise_syntax_error: bool = False) -> Problem | None:
    """The first thing in a YAML document that must not be loaded: an alias, nesting deeper than
    :data:`MAX_DEPTH`, or a plain decimal integer of more than :data:`MAX_NUMBER_DIGITS` digits.

    Only libyaml's event parser runs: it reports ``*name`` as one event and never expands it, and
    keeps no tree, so a nesting of 10,000 costs nothing. Syntax errors are left to the caller's
    loader (None is returned; raised with ``raise_syntax_error``), which names them. The field a
    problem is in is followed with a small stack: for each open mapping the current key, for
    each open list the item number.
    """
    loader = _EventLoader(text)
    # One entry per open collection: [is_mapping, key or item index, next scalar is a key].
    stack: list[list[Any]] = []
    try:
        while (event := loader.get_event()) is not None:  # type: ignore[no-untyped-call]
            kind = event.__class__
            top = stack[-1] if stack else None
            if top is not None and top[2]:  # a mapping's key
                if kind is ScalarEvent:
                    top[1], top[2] = event.value, False
                    continue
                top[1], top[2] = "?", False  # a complex key: checked like a value
            elif top is not None and not top[0] and kind is not SequenceEndEvent:
                top[1] += 1
            if kind is ScalarEvent:
                if event.implicit[0] and len(event.value) > MAX_NUMBER_DIGITS and _DECIMAL.fullmatch(event.value):
                    message = number_problem(event.value)
                    if message:
                        return _problem(display, event, line_offset, stack, message)
            elif kind is AliasEvent:
                return _problem(
                    display, event, line_offset, stack, f"不能使用 YAML 引用 *{event.anchor}（以及 & 锚点）：请把内容直接写出来"
                )
            elif issubclass(kind, CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    return _problem(display, event, line_offset, stack, f"内容嵌套超过 {MAX_DEPTH} 层：请检查括号和缩进")
                stack.append([kind is MappingStartEvent, 0, kind is MappingStartEvent])
                continue
            elif issubclass(kind, CollectionEndEvent):
                stack.pop()
            if stack and stack[-1][0]:
                stack[-1][2] = True  # a value is complete: the next scalar is a key
    except yaml.YAMLError:
        if raise_syntax_error:
            raise
        return None
    finally:
        loader.dispose()
    return None


def _problem(display: str, event: yaml.Event, line_offset: int, stack: list[list[Any]], message: str) -> Problem:
    mark = event.start_mark
    field = ""
    for is_mapping, where, _ in stack:
        field += (f".{where}" if field else str(where)) if is_mapping else f"[{where}]"
    return Problem(display, None if mark is None else mark.line + 1 + line_offset, f"{field} {message}".strip(), field or None)


try:  # libyaml's parser where PyYAML was built with it (the pure-Python one gives the same events)
    _EventLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _EventLoader = yaml.SafeLoader


def markdown_problem(text: str, first_line: int = 1) -> tuple[int | None, str | None]:
    """(line, message) for Markdown that Python-Markdown would render too slowly or not at all
    (:data:`MAX_SCANNED_CHARS` and the other bounds above); (None, None) when it is fine.

    Cheap for ordinary text: a few ``str.count`` calls show that no bound can be reached, and
    paragraphs are looked at one by one only otherwise.
    """
    length = len(text)
    # Openers (markup) are at most the length: short texts cannot reach the bounds.
    openers = text.count("[") + text.count("<") + text.count("`") + text.count("](") if length**2 > MAX_SCANNED_CHARS else 0
    markup = sum(text.count(char) for char in _MARKUP) if length**2 > MAX_REBUILT_CHARS else 0
    if openers * length > MAX_SCANNED_CHARS or markup * length > MAX_REBUILT_CHARS:
        scanned = rebuilt = 0
        offset = 0
        for paragraph in _PARAGRAPH_BREAK.split(text):
            scanned += _scanned(paragraph, MAX_SCANNED_CHARS - scanned)
            rebuilt += sum(paragraph.count(char) for char in _MARKUP) * len(paragraph)
            if scanned > MAX_SCANNED_CHARS or rebuilt > MAX_REBUILT_CHARS:
                line = first_line + text.count("\n", 0, text.find(paragraph, offset))
                if scanned > MAX_SCANNED_CHARS:
                    what = "没有配对的方括号 [ ]、圆括号 ( ) 或尖括号 < > 太多"
                else:
                    what = "段落太长且符号（* _ \\ | 换行等）太多"
                return line, f"{what}，生成网页会非常慢（到这一段为止）：请删掉多余的符号，或把长段落分开"
            offset += len(paragraph)
    deep = None
    if " " * (MAX_INDENT // 4 + 1) in text or "\t" in text:
        deep = next((match for match in _INDENT.finditer(text) if len(match.group().expandtabs(4)) > MAX_INDENT), None)
    if deep is not None:
        line = first_line + text.count("\n", 0, deep.start())
        return line, f"这一行开头的空格超过 {MAX_INDENT} 个（列表或缩进嵌套太深）：请减少缩进"
    for needles, pattern, message in (
        ((">>", "> >"), _QUOTES, f"引用符号 > 嵌套超过 {MAX_QUOTE_DEPTH} 层：请减少 >"),
        (("*" * 50, "_" * 50), _EMPHASIS_RUN, f"连续的 * 或 _ 超过 {MAX_EMPHASIS_RUN} 个：请删掉多余的符号"),
    ):
        # A substring test (fast) rules out nearly every text before the regular expression runs.
        match = pattern.search(text) if any(needle in text for needle in needles) else None
        if match:
            return first_line + text.count("\n", 0, match.start()), message
    for needle, pattern, limit, what in (
        ("*[", _ABBREVIATION, MAX_ABBREVIATIONS, f"缩写定义 *[…] 超过 {MAX_ABBREVIATIONS} 个"),
        ("markdown", _MARKDOWN_ATTRIBUTE, MAX_MARKDOWN_BLOCKS, f"带 markdown 属性的 HTML 标签超过 {MAX_MARKDOWN_BLOCKS} 个"),
    ):
        if text.count(needle) > limit:
            beyond = next((match for index, match in enumerate(pattern.finditer(text)) if index == limit), None)
            if beyond is not None:
                return first_line + text.count("\n", 0, beyond.start()), what + "：生成网页会非常慢，请精简"
    return None, None


# Characters that start an inline match somewhere in Python-Markdown or its extensions.
_MARKUP = "[]()<>`*_\\&~|!\n"
_BRACKETS = re.compile(r"[\[\]]")
_BACKTICKS = re.compile(r"`+")


def _scanned(paragraph: str, budget: int) -> int:
    """How many characters Python-Markdown scans ahead from openers in ``paragraph``: from each
    "[" to its paired "]" (or the end), from each "](" and "<" to the next ")" / ">" (or the end),
    and from backticks to the next run of as many.

    Stops once past ``budget``: each search costs what it adds, so this check itself never takes
    more than the budget (a megabyte of "<" without ">" is refused after one search)."""
    end = len(paragraph)
    scanned = 0
    if "`" in paragraph:
        # A single backtick is scanned to the next single one (a code span), or to the end. Longer
        # runs are counted from each backtick to the end: their regular expression may start
        # inside a run and backtrack (measured: 5,000 "``a`" took 2.5 s).
        singles: list[int] = []
        for match in _BACKTICKS.finditer(paragraph):
            if len(match.group()) == 1:
                singles.append(match.start())
            else:
                scanned += len(match.group()) * (end - match.start())
        scanned += sum(after - before for before, after in zip(singles, singles[1:], strict=False))
        scanned += end - singles[-1] if singles else 0
    if "[" in paragraph:
        opened: list[int] = []
        for match in _BRACKETS.finditer(paragraph):
            if match.group() == "[":
                opened.append(match.start())
            elif opened:
                scanned += match.start() - opened.pop()
        scanned += sum(end - start for start in opened)
    for opener, closer in (("](", ")"), ("<", ">")):
        start = paragraph.find(opener)
        while start != -1 and scanned <= budget:
            close = paragraph.find(closer, start + 1)
            scanned += (end if close == -1 else close) - start
            start = paragraph.find(opener, start + 1)
    return scanned


@dataclass(frozen=True)
class UnsafePath:
    """A path under the content folder that must not be read or published, and why."""

    relative: str  # relative to the content folder, with forward slashes
    reason: str
    is_dir: bool  # a symlinked folder: MkDocs would walk into it


def scan_content(docs_dir: Path) -> tuple[list[UnsafePath], list[str]]:
    """Every symlink (to a file or a folder), FIFO, device or socket under ``docs_dir``, and the
    regular files (relative paths with forward slashes), in one walk.

    The walk does not follow links, so a link to ``/`` or a loop costs one entry. Git stores
    symlinks, so a contributed commit can plant one; MkDocs itself follows them when it lists
    the files of the site. The kinds come from the directory listing (no call per file).
    """
    unsafe: list[UnsafePath] = []
    regular: list[str] = []
    if not docs_dir.is_dir():
        return unsafe, regular  # no content folder yet: nothing to publish (MkDocs names it when building)
    folders = deque([(docs_dir, "")])
    while folders:
        folder, prefix = folders.popleft()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:  # a folder the build may not read: reported, never a traceback
            unsafe.append(UnsafePath(prefix.rstrip("/"), f"文件夹无法读取（{error.strerror}）：请检查权限", True))
            continue
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_symlink():
                reason = describe_special(Path(entry.path)) or ""
                unsafe.append(UnsafePath(relative, reason, entry.is_dir(follow_symlinks=True)))
            elif entry.is_dir(follow_symlinks=False):
                folders.append((Path(entry.path), relative + "/"))
            elif entry.is_file(follow_symlinks=False):
                regular.append(relative)
            else:
                unsafe.append(UnsafePath(relative, describe_special(Path(entry.path)) or "", False))
    return unsafe, regular


def unsafe_paths(docs_dir: Path) -> list[UnsafePath]:
    return scan_content(docs_dir)[0]
