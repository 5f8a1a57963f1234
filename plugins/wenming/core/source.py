"""Reading record files: bytes -> text -> YAML data, keeping enough to point at a line.

PyYAML is told to be stricter and plainer than YAML 1.1 so that staff get what they typed:
dates stay text until the schema parses them (so ``2026-02-30`` is a clear schema error, not a
crash), ``09:30`` stays a time of day instead of the sexagesimal number 570, ``0571`` is not an
octal number, and a key written twice in one mapping is an error instead of a silent overwrite.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .limits import (
    MAX_DEPTH,
    MAX_NUMBER_DIGITS,
    NotRegularFile,
    number_problem,
    read_regular_file,
    shown,
    yaml_problem,
)
from .problems import Problem
from .slips import SYNTAX_HINT, encoding_problem, syntax_problem, unreadable_character

try:  # libyaml parses several times faster; the pure-Python parser gives the same nodes
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?$")
_BOOL = re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = {"yes", "true", "on"}

# Plain scalars are typed by their first character, as in PyYAML, but without YAML 1.1's
# timestamps (dates stay text until the schema reads them), base-60 and octal numbers.
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _firsts in (
    (BOOL, _BOOL, "yYnNtTfFoO"),
    (INT, _INT, "-+0123456789"),
    (FLOAT, _FLOAT, "-+0123456789"),
    (NULL, _NULL, "~nN"),
):
    for _first in _firsts:
        _RESOLVERS.setdefault(_first, []).append((_tag, _pattern))
_RESOLVERS[""] = [(NULL, _NULL)]


class RecordLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's parser with a small, fast resolver; data is built by :func:`_to_data`."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, pattern in _RESOLVERS.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return STR
        return SEQ if kind is SequenceNode else MAP


class SourceProblem(Exception):
    """A file that cannot be read as a record at all; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class SourceRef:
    """Where a record came from: enough to name it in a message and to find a field's line later.

    ``line_offset`` is the number of lines before the YAML starts (1 for Markdown front matter).
    """

    path: Path
    display: str
    line_offset: int = 0

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """Line of the field at ``loc``, re-reading the file (only ever needed to report a problem)."""
        try:
            text = decode(read_regular_file(self.path), self.display)
            if self.line_offset:
                text = split_front_matter(text, self.display)[0]
            node = compose(text, self.display)
        except (SourceProblem, NotRegularFile, OSError):
            return None
        return None if node is None else line_in(node, loc) + self.line_offset

    def problem(self, loc: tuple[str | int, ...], message: str, field: str | None = None) -> Problem:
        return Problem(self.display, self.line_of(loc), message, field)


def decode(raw: bytes, display: str) -> str:
    """UTF-8 text of a file (a BOM is tolerated); anything else is a problem naming the line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SourceProblem(encoding_problem(raw, display, err)) from None
    unreadable = unreadable_character(text, display)
    if unreadable is not None:
        raise SourceProblem(unreadable)
    return text


def compose(text: str, display: str, line_offset: int = 0) -> Node | None:
    return _load(text, display, line_offset, construct=False)[1]


def parse_mapping(text: str, display: str, line_offset: int = 0) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse one record, a YAML mapping: its data and the line of each top-level key.

    Empty files, lists and plain values are problems, as are repeated keys and YAML tags.
    """
    ordinary = read_ordinary(text, line_offset)
    # Anything out of the ordinary (a syntax error, an anchor, a tag, a repeated key, not a
    # mapping at all) goes through the composer, which names the problem and its line.
    return ordinary if ordinary is not None else parse_with_composer(text, display, line_offset)


def parse_with_composer(text: str, display: str, line_offset: int = 0) -> tuple[dict[str, Any], dict[str, int]]:
    """:func:`parse_mapping` by way of PyYAML's node tree: slower, but handles all of YAML.

    Aliases, deep nesting and overlong numbers are refused first, from the parser's events,
    before any tree is built or walked (an alias bomb of 1 KB expands to millions of items).
    """
    refused = yaml_problem(text, display, line_offset)
    if refused is not None:
        raise SourceProblem(refused)
    data, node = _load(text, display, line_offset, construct=True)
    if node is None:
        raise SourceProblem(
            Problem(display, 1 + line_offset, "文件是空的：应写一条记录，每行一个“字段: 值”")
        )
    if not isinstance(node, MappingNode):
        # A single value is never shown: it may be the whole file, private numbers included.
        found = "列表（以 - 开头的若干项）" if isinstance(node, SequenceNode) else "一段文字（没有“字段: 值”）"
        raise SourceProblem(
            Problem(
                display,
                node.start_mark.line + 1 + line_offset,
                f"文件内容是{found}，应为一条记录：每行一个“字段: 值”（一个文件只放一条记录）",
            )
        )
    return data, {str(key.value): key.start_mark.line + 1 + line_offset for key, _ in node.value}


class _NotOrdinary(Exception):
    """Raised inside :func:`read_ordinary` to hand the file over to the composer."""


def read_ordinary(text: str, line_offset: int) -> tuple[dict[str, Any], dict[str, int]] | None:
    """Data and top-level key lines of an ordinary record, built straight from the parser's events.

    Ordinary means what staff write nearly always: one mapping of plain or quoted values, lists
    and mappings, without anchors (``&name``, which the composer checks for repeats), aliases
    or tags (``!!str``), and no key twice. Parsing is most of the cost of ``wenming check`` on
    a large site, and skipping the node tree makes it about a quarter faster. Anything else
    returns None, and :func:`parse_mapping` asks the composer, which gives the same data or
    names the problem.
    """
    loader = RecordLoader(text)
    try:
        next_event = loader.get_event
        next_event()  # the stream start
        if next_event().__class__ is not DocumentStartEvent:
            return None  # an empty file
        start = next_event()
        if start.__class__ is not MappingStartEvent or start.anchor is not None or start.tag is not None:
            return None
        key_lines: dict[str, int] = {}
        data = _ordinary_mapping(next_event, 1, key_lines, line_offset + 1)
        if next_event().__class__ is not DocumentEndEvent or next_event().__class__ is not StreamEndEvent:
            return None  # a second document: the composer says so
        return data, key_lines
    except (yaml.YAMLError, _NotOrdinary):
        return None
    finally:
        loader.dispose()


def _ordinary_mapping(
    next_event: Any, depth: int, key_lines: dict[str, int] | None = None, first_line: int = 1
) -> dict[Any, Any]:
    data: dict[Any, Any] = {}
    while (key_event := next_event()).__class__ is not MappingEndEvent:
        if key_event.__class__ is not ScalarEvent or key_event.anchor is not None or key_event.tag is not None:
            raise _NotOrdinary
        key = _scalar_value(key_event)
        if key in data:
            raise _NotOrdinary
        if key_lines is not None:
            key_lines[key_event.value] = key_event.start_mark.line + first_line  # type: ignore[union-attr]  # libyaml marks every event
        data[key] = _ordinary_value(next_event(), next_event, depth + 1)
    return data


def _ordinary_value(event: Event, next_event: Any, depth: int) -> Any:
    kind = event.__class__
    if kind is AliasEvent or event.anchor is not None or event.tag is not None or depth > MAX_DEPTH:  # type: ignore[attr-defined]
        raise _NotOrdinary
    if kind is ScalarEvent:
        return _scalar_value(event)  # type: ignore[arg-type]
    if kind is MappingStartEvent:
        return _ordinary_mapping(next_event, depth)
    if kind is not SequenceStartEvent:
        raise _NotOrdinary
    items = []
    while (item := next_event()).__class__ is not SequenceEndEvent:
        items.append(_ordinary_value(item, next_event, depth + 1))
    return items


def _scalar_value(event: ScalarEvent) -> Any:
    """The value of an untagged scalar, typed as :meth:`RecordLoader.resolve` and :func:`_to_data` type it."""
    value: str = event.value
    if event.implicit[0]:
        for tag, pattern in _RESOLVERS.get(value[:1], ()):
            if pattern.match(value):
                if tag == INT and len(value) > MAX_NUMBER_DIGITS and number_problem(value):
                    raise _NotOrdinary  # the composer refuses it and names the line
                typed = _typed(tag, value)
                if tag == FLOAT and not math.isfinite(typed):
                    raise _NotOrdinary
                return typed
    return value


def _load(text: str, display: str, line_offset: int, construct: bool) -> tuple[Any, Node | None]:
    loader = RecordLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        raise SourceProblem(_syntax_problem(err, display, line_offset, text)) from None
    except yaml.YAMLError:  # pragma: no cover - PyYAML marks nearly all of its errors
        unreadable = unreadable_character(text, display)  # the reader's one unmarked error
        raise SourceProblem(unreadable or Problem(display, None, f"YAML 格式错误：无法读取（{SYNTAX_HINT}）")) from None
    finally:
        loader.dispose()
    if node is None or not construct or not isinstance(node, MappingNode):
        return None, node
    return _to_data(node, display, line_offset, 0), node


def _to_data(node: Node, display: str, line_offset: int, depth: int, field: str = "") -> Any:
    """Plain Python data from a node: str, int, float, bool, None, list, dict.

    Written out instead of PyYAML's constructor because it is several times faster and lets
    each refusal (duplicate key, unknown tag) name its line.
    """
    if depth > MAX_DEPTH:
        raise SourceProblem(Problem(display, node.start_mark.line + 1 + line_offset, "内容嵌套太深（可能是 & 和 * 引用成环）"))
    if isinstance(node, ScalarNode):
        if node.tag in _NUMBER_TAGS:
            _check_number(node, display, line_offset, field)
        if node.tag in _KNOWN_SCALAR_TAGS:
            return _typed(node.tag, node.value)
    elif isinstance(node, SequenceNode) and node.tag == SEQ:
        return [
            _to_data(item, display, line_offset, depth + 1, f"{field}[{index + 1}]")
            for index, item in enumerate(node.value)
        ]
    elif isinstance(node, MappingNode) and node.tag == MAP:
        data: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + line_offset
            key = _to_data(key_node, display, line_offset, depth + 1)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise SourceProblem(Problem(display, line, "字段名必须是文字，不能是列表或映射"))
            if key in lines:
                raise SourceProblem(
                    Problem(display, line, f"字段 '{key}' 在同一层写了两次（第 {lines[key]} 行和第 {line} 行），请删掉其中一个")
                )
            lines[key] = line
            data[key] = _to_data(value_node, display, line_offset, depth + 1, f"{field}.{key}" if field else str(key))
        return data
    raise SourceProblem(
        Problem(display, node.start_mark.line + 1 + line_offset, f"不支持的 YAML 标记 {node.tag!r}：请直接写文字、数字、列表或“字段: 值”")
    )


_KNOWN_SCALAR_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL})
_NUMBER_TAGS = frozenset({INT, FLOAT})


def _check_number(node: ScalarNode, display: str, line_offset: int, field: str) -> None:
    """Refuse an integer Python cannot read (more than 4,300 digits make ``int()`` raise) or that
    nobody counts to (more than 15 digits), and a float too large to be finite (``1.0e999``)."""
    line = node.start_mark.line + 1 + line_offset
    message = number_problem(node.value) if node.tag == INT else None
    if node.tag == FLOAT and not math.isfinite(float(node.value.replace("_", ""))):
        message = f"{shown(node.value)} 数字太大，超出可以计算的范围：请检查是否多打了数字"
    if message is not None:
        raise SourceProblem(Problem(display, line, f"{field or '字段名'} {message}", field or None))


def _typed(tag: str, value: str) -> Any:
    """The Python value of a scalar resolved to ``tag``."""
    if tag == STR:
        return value
    if tag == INT:
        return int(value.replace("_", ""))
    if tag == FLOAT:
        return float(value.replace("_", ""))
    if tag == BOOL:
        return value.lower() in _TRUE
    return None


def split_front_matter(text: str, display: str) -> tuple[str, str, int]:
    """Split a Markdown file into (front matter YAML, body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        raise SourceProblem(
            Problem(display, 1, "文件开头缺少元数据块：第一行应为 ---，随后写 title、author 等字段，再以 --- 结束")
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise SourceProblem(Problem(display, 1, "元数据块没有结束：在字段之后另起一行写 ---"))


def line_in(node: Node, loc: tuple[str | int, ...]) -> int:
    """1-based line of the deepest node on the path ``loc`` (the key's line for mapping entries)."""
    line = node.start_mark.line
    current: Node = node
    for part in loc:
        if isinstance(current, MappingNode):
            for key_node, value_node in current.value:
                if key_node.value == str(part):
                    line, current = key_node.start_mark.line, value_node
                    break
            else:
                break
        elif isinstance(current, SequenceNode) and isinstance(part, int) and part < len(current.value):
            current = current.value[part]
            line = current.start_mark.line
        else:
            break
    return line + 1


def _syntax_problem(err: yaml.MarkedYAMLError, display: str, line_offset: int, text: str) -> Problem:
    return syntax_problem(err, display, line_offset, text)
