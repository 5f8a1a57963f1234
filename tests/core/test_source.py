"""The fast reader of ordinary records gives exactly what the composer gives, or steps aside."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.core.source import (
    SourceProblem,
    parse_mapping,
    parse_with_composer,
    read_ordinary,
    split_front_matter,
)

REPO = Path(__file__).resolve().parents[2]

# Pieces that make ordinary records and every kind of unusual one: anchors, aliases, tags,
# flow collections, repeated keys, block scalars, second documents, comments, typed scalars.
PIECES = [
    "title: ", "date: ", "hours: ", "title:", "\n", "\n  ", "\n  - ", "- ", "  ", ": ", ", ",
    "{", "}", "[", "]", "'", '"', "|", ">", "#", "&a ", "*a", "!!str ", "!!int ", "! ", "---\n", "...\n",
    "中秋", "2026-09-25", "09:30", "0571", "1_000", "1.5", "1e3", "yes", "No", "null", "~", "true", "x", "? ",
]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
PLAIN = st.one_of(
    st.text(max_size=12), st.integers(-10**6, 10**6), st.booleans(), st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
)
RECORDS = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.recursive(PLAIN, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8),
    min_size=1,
    max_size=6,
)


def _composer_outcome(text: str, line_offset: int) -> object:
    try:
        return parse_with_composer(text, "x.yml", line_offset)
    except SourceProblem as problem:
        return problem.problem


def _same(left: object, right: object) -> bool:
    """Equality that treats NaN as equal to itself (``.nan`` is a valid YAML float)."""
    if isinstance(left, float) and isinstance(right, float):
        return left == right or (math.isnan(left) and math.isnan(right))
    if isinstance(left, dict) and isinstance(right, dict):
        return list(left) == list(right) and all(_same(left[key], right[key]) for key in left)
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and left == right


@settings(max_examples=600, deadline=None)
@given(text=YAMLISH, line_offset=st.sampled_from([0, 1]))
def test_the_fast_reader_agrees_with_the_composer_or_steps_aside(text, line_offset):
    ordinary = read_ordinary(text, line_offset)
    if ordinary is not None:
        assert _same(ordinary, _composer_outcome(text, line_offset)), text


@settings(max_examples=300, deadline=None)
@given(record=RECORDS, flow=st.booleans())
def test_every_ordinary_record_takes_the_fast_path_with_the_same_data_and_lines(record, flow):
    text = yaml.safe_dump(record, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    ordinary = read_ordinary(text, 0)
    assert ordinary is not None, text
    assert _same(ordinary, parse_with_composer(text, "x.yml")), text


def test_every_sample_record_takes_the_fast_path():
    files = sorted((REPO / "content" / "data").rglob("*.yml")) + sorted((REPO / "content" / "submissions").rglob("*.md"))
    assert len(files) > 40
    for path in files:
        text = path.read_text(encoding="utf-8")
        line_offset = 0
        if path.suffix == ".md":
            text, _, _ = split_front_matter(text, path.name)
            line_offset = 1
        ordinary = read_ordinary(text, line_offset)
        assert ordinary is not None, path
        assert _same(ordinary, parse_with_composer(text, path.name, line_offset)), path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", "字段 'a' 在同一层写了两次（第 1 行和第 3 行）"),
        ("a: &x 1\nb: *x\n", "b 不能使用 YAML 引用 *x"),  # aliases are refused: a 1 KB alias bomb expands to millions
        ("a: !!str 12\n", None),
        ("a: 1\n---\nb: 2\n", "YAML 格式错误"),
        ("- a\n- b\n", "文件内容是列表"),
        ("", "文件是空的"),
    ],
)
def test_unusual_files_are_left_to_the_composer_which_names_the_problem(text, expected):
    assert read_ordinary(text, 0) is None
    if expected is None:
        assert parse_mapping(text, "x.yml") == parse_with_composer(text, "x.yml")
    else:
        with pytest.raises(SourceProblem) as raised:
            parse_mapping(text, "x.yml")
        assert expected in raised.value.problem.message


def test_key_lines_count_the_front_matter_fence():
    assert parse_mapping("title: 中秋\ndate: 2026-09-25\n", "x.md", line_offset=1) == (
        {"title": "中秋", "date": "2026-09-25"},
        {"title": 2, "date": 3},
    )
