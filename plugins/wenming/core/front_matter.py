"""Changing a few top-level keys of a Markdown file's front matter, and no other byte.

Review sets ``status``, ``reviewer``, ``reviewed`` and ``review_note`` in a volunteer's file. The
file is the volunteer's: the article, the comments, the key order, the quoting, the line endings
and a BOM must come back exactly as they were. So the edit is structural: the YAML parser (the
same loader every record goes through) gives each top-level entry's exact span, from its marks,
and only those characters are replaced. Whatever the key looks like (``"status": pending``, a
flow mapping ``{status: pending}``, a value continued on the next lines, a block scalar, a
comment after the value), the parser has already found it.

Front matter that cannot be edited with certainty is refused, never "fixed": a key written twice
(which one would count?), YAML that does not parse, anchors, aliases and tags. After the edit the
new front matter is parsed again and must hold exactly the old data with the changes applied;
anything else is refused too, so a surprise in the parser's marks can never write a wrong file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from .problems import Problem
from .source import SourceProblem, compose, parse_mapping, read_ordinary, split_front_matter

BOM = "\ufeff"
_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file's text split around its front matter, with the front matter's data.

    ``text[start:end]`` is the YAML between the two ``---`` lines (``start`` counts a BOM).
    """

    text: str
    display: str
    start: int
    end: int
    data: dict[str, Any]
    node: MappingNode

    @property
    def yaml_text(self) -> str:
        return self.text[self.start : self.end]


def read_front_matter(text: str, display: str) -> FrontMatter:
    """Parse the front matter of ``text`` for editing; :class:`SourceProblem` if it cannot be edited safely."""
    bom = len(BOM) if text.startswith(BOM) else 0
    yaml_text, _, _ = split_front_matter(text[bom:], display)
    start = bom + len(text[bom:].splitlines(keepends=True)[0])
    end = start + len(yaml_text)
    data, _ = parse_mapping(yaml_text, display, line_offset=1)  # syntax errors, repeated keys, not a mapping
    if read_ordinary(yaml_text, 1) is None:
        # The composer accepted what the plain reader did not: an anchor, an alias or a tag.
        raise SourceProblem(
            Problem(display, 2, "元数据块里用了 YAML 引用或标记（&、*、!），无法安全修改：请改成普通的“字段: 值”写法后再审核")
        )
    node = compose(yaml_text, display, 1)
    assert isinstance(node, MappingNode)  # parse_mapping accepted it as a mapping
    return FrontMatter(text, display, start, end, data, node)


def edit_front_matter(text: str, updates: Mapping[str, object], remove: Iterable[str] = (), display: str = "") -> str:
    """``text`` with the top-level keys ``updates`` set and ``remove`` dropped, every other character kept.

    A key already present keeps its place, its spelling and the comment after it; only its value
    changes. A new key goes after the last one (before the closing ``---``, or inside the closing
    ``}`` of a flow mapping). Raises :class:`SourceProblem` when the front matter cannot be
    edited with certainty.
    """
    front = read_front_matter(text, display)
    return apply_edit(front, updates, remove)


def apply_edit(front: FrontMatter, updates: Mapping[str, object], remove: Iterable[str] = ()) -> str:
    yaml_text, node = front.yaml_text, front.node
    entries = {str(key.value): (key, value) for key, value in node.value}
    newline = _newline_of(front.text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in yaml_text
    added: list[tuple[str, str]] = []
    for key, value in updates.items():
        rendered = render_scalar(value)
        if key in entries:
            edits.append(_replace_value(yaml_text, *entries[key], rendered))
        else:
            added.append((key, rendered))
    removed = [key for key in dict.fromkeys(remove) if key in entries and key not in updates]
    for key in removed:
        edits.append(_remove_entry(yaml_text, node, *entries[key], front.display))
    if added:
        emptied = len(removed) == len(entries)
        edits.append(_insertion(yaml_text, node, added, newline, front.display, emptied))
    edited = yaml_text
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        edited = edited[:start] + replacement + edited[end:]
    _verify(front, edited, updates, removed)
    return front.text[: front.start] + edited + front.text[front.end :]


def render_scalar(value: object) -> str:
    """``value`` as one line of YAML that means the same in a block and in a flow mapping."""
    text = isinstance(value, str) and any(mark in value for mark in _LINE_BREAKS)
    dumped = yaml.safe_dump(
        [value], default_flow_style=True, default_style='"' if text else None, allow_unicode=True, width=math.inf
    )
    return dumped.strip()[1:-1]  # inside the [ ... ] of a one-item flow sequence


def _newline_of(text: str) -> str:
    first = text.splitlines(keepends=True)[0]
    return "\r\n" if first.endswith("\r\n") else "\n"


def _value_span(yaml_text: str, value: Node) -> tuple[int, int]:
    """Where ``value`` is written, without the line breaks and blank lines a block value ends with."""
    start, end = value.start_mark.index, value.end_mark.index
    return start, start + len(yaml_text[start:end].rstrip(" \t\r\n"))


def _replace_value(yaml_text: str, key: Node, value: Node, rendered: str) -> tuple[int, int, str]:
    if isinstance(value, ScalarNode) or getattr(value, "flow_style", False):
        start, end = _value_span(yaml_text, value)
        # An empty value (``status:``) starts right after the colon: keep a space before the new one.
        gap = "" if start and yaml_text[start - 1] in " \t" else " "
        return start, end, (gap + rendered) if start == end else rendered
    # A block list or mapping as the value starts on the next line: replace from the key's end.
    return key.end_mark.index, _value_span(yaml_text, value)[1], f": {rendered}"


def _remove_entry(yaml_text: str, node: MappingNode, key: Node, value: Node, display: str) -> tuple[int, int, str]:
    start, end = key.start_mark.index, _value_span(yaml_text, value)[1]
    if node.flow_style:
        after = len(yaml_text) - len(yaml_text[end:].lstrip())
        if yaml_text[after : after + 1] == ",":
            return start, len(yaml_text) - len(yaml_text[after + 1 :].lstrip(" \t")), ""
        before = len(yaml_text[:start].rstrip())
        if yaml_text[before - 1 : before] == ",":
            return before - 1, end, ""
        return start, end, ""
    line_start = yaml_text.rfind("\n", 0, start) + 1
    line_end = yaml_text.find("\n", end)
    line_end = len(yaml_text) if line_end < 0 else line_end + 1
    rest = yaml_text[end:line_end].strip()
    if yaml_text[line_start:start].strip() or (rest and not rest.startswith("#")):
        raise SourceProblem(
            Problem(display, key.start_mark.line + 2, f"字段 {key.value} 不是单独一行写的，无法安全删除：请改成每行一个“字段: 值”")
        )
    return line_start, line_end, ""


def _insertion(
    yaml_text: str, node: MappingNode, added: list[tuple[str, str]], newline: str, display: str, emptied: bool
) -> tuple[int, int, str]:
    """Where and what to add; ``emptied``: every entry there was is being removed."""
    keys = [(render_scalar(key), rendered) for key, rendered in added]
    if node.flow_style:
        close = node.end_mark.index - 1
        before = yaml_text[:close].rstrip()
        separator = "" if emptied or before.endswith(("{", ",")) else ","
        entries = ", ".join(f"{key}: {value}" for key, value in keys)
        return close, close, f"{separator} {entries}"
    if yaml_text and not yaml_text.endswith(("\n", "\r")):
        raise SourceProblem(Problem(display, None, "元数据块的最后一行没有正常换行，无法安全添加字段"))
    indent = " " * node.value[0][0].start_mark.column
    lines = "".join(f"{indent}{key}: {value}{newline}" for key, value in keys)
    return len(yaml_text), len(yaml_text), lines


def _verify(front: FrontMatter, edited: str, updates: Mapping[str, object], removed: list[str]) -> None:
    """The edited front matter must read as the old data with exactly these changes."""
    expected = dict(front.data)
    for key in removed:
        expected.pop(key, None)
    for key, value in updates.items():
        expected[key] = parse_mapping(f"value: {render_scalar(value)}\n", front.display)[0]["value"]
    try:
        data, _ = parse_mapping(edited, front.display, line_offset=1)
    except SourceProblem:
        data = None
    if data != expected:
        raise SourceProblem(Problem(front.display, 2, "元数据块的写法特殊，修改后无法保证内容正确，已放弃修改：请改成每行一个“字段: 值”后再审核"))
