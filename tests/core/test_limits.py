"""Bounded reading (core/limits.py): the bounds hold, and what they let through is fast.

The Markdown bounds are tested the way they were chosen: for each construction that makes
Python-Markdown slow or crash (measured before the bounds: 2,000 unclosed "[" 0.4 s and 50,000
over two minutes; 1,000 "[![" 2.3 s; 800 KB of "a  \\n" 62 s; lists 400 deep and 2,000 "*" a
RecursionError), the largest text the bounds allow is rendered with the project's extensions and
must take well under a second; a larger one must be refused.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from wenming.core.limits import (
    MAX_FILE_BYTES,
    NotRegularFile,
    markdown_problem,
    read_regular_file,
    unsafe_paths,
    yaml_problem,
)
from wenming.core.pages import page_problem

REPO = Path(__file__).resolve().parents[2]
EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
RENDER_SECONDS = 1.0  # CPU seconds, so that other processes on the machine do not count

SLOW_MARKDOWN: dict[str, Callable[[int], str]] = {
    "unclosed [": lambda n: "文" + "[" * n,
    "unclosed [ then long text": lambda n: "[" * n + "文" * 19_000,
    "[ in many paragraphs": lambda n: ("[" * 10 + "文" * 3000 + "\n\n") * n,
    "![": lambda n: "![" * n,
    "[![": lambda n: "[![" * n,
    "[a](": lambda n: "[a](" * n,
    "[a][": lambda n: "[a][" * n,
    "*[": lambda n: "*[" * n,
    "[<": lambda n: "[<" * n,
    "<a ": lambda n: "<a " * n,
    "<http": lambda n: "<http://a" * n,
    "``a`": lambda n: "``a`" * n,
    "```": lambda n: "```\n" * n,
    "*a_": lambda n: "*a_" * n,
    "**a_": lambda n: "**a_" * n,
    "backslashes": lambda n: "\\" * n,
    "line breaks": lambda n: "a  \n" * n,
    "table rows": lambda n: "a|b\n-|-\n" + "x|y\n" * n,
    "nested [[ ]]": lambda n: "[" * n + "]" * n,
    "emphasis run": lambda n: "*" * n + "a" + "*" * n,
    "list nested by 2": lambda n: "".join(" " * (2 * i) + "- x\n" for i in range(n)),
    "list nested by 4": lambda n: "".join(" " * (4 * i) + "- x\n" for i in range(n)),
    "admonitions nested": lambda n: "".join("    " * i + "!!! note\n" for i in range(n)),
    "quotes nested": lambda n: "".join("> " * i + "x\n\n" for i in range(n)),
    "md_in_html nested": lambda n: '<div markdown="1">\n' * n + "x\n" + "</div>\n" * n,
    "abbreviations": lambda n: "".join(f"*[A{i}]: x\n" for i in range(n)) + "A1 " * n,
    "plain Chinese": lambda n: "中文内容，测试句子。" * n,
}


def _largest_allowed(make: Callable[[int], str]) -> int:
    allowed = lambda n: len(make(n)) <= MAX_FILE_BYTES and markdown_problem(make(n))[1] is None  # noqa: E731
    low, high = 1, 2
    while allowed(high) and high < 1_000_000:
        low, high = high, high * 2
    while low + 1 < high:
        middle = (low + high) // 2
        low, high = (middle, high) if allowed(middle) else (low, middle)
    return low


@pytest.mark.parametrize("name", list(SLOW_MARKDOWN))
def test_the_largest_markdown_the_bounds_allow_renders_in_well_under_a_second(name):
    make = SLOW_MARKDOWN[name]
    largest = _largest_allowed(make)
    text = make(largest)
    started = time.process_time()
    markdown.Markdown(extensions=EXTENSIONS).convert(text)
    assert time.process_time() - started < RENDER_SECONDS, (name, largest, len(text))
    if len(make(largest * 4)) <= MAX_FILE_BYTES:
        line, message = markdown_problem(make(largest * 4))
        assert message is not None and line is not None


def test_markdown_problems_name_the_line_of_the_paragraph():
    text = "第一段。\n\n第二段[链接](https://example.org)。\n\n" + "[" * 1000 + "\n"
    assert markdown_problem(text, first_line=10) == (
        14,
        "没有配对的方括号 [ ]、圆括号 ( ) 或尖括号 < > 太多，生成网页会非常慢（到这一段为止）：请删掉多余的符号，或把长段落分开",
    )
    assert markdown_problem("正文\n" + " " * 101 + "- x\n", 5) == (6, "这一行开头的空格超过 100 个（列表或缩进嵌套太深）：请减少缩进")
    assert markdown_problem("正文\n" + "\t" * 26 + "- x\n") == (2, "这一行开头的空格超过 100 个（列表或缩进嵌套太深）：请减少缩进")
    assert markdown_problem("> " * 21 + "x") == (1, "引用符号 > 嵌套超过 20 层：请减少 >")
    assert markdown_problem("*" * 101) == (1, "连续的 * 或 _ 超过 100 个：请删掉多余的符号")


@pytest.mark.parametrize("char", ["<", "[", "`", "*", "a  \n", "](", "> "])
def test_the_check_itself_is_fast_on_a_megabyte_of_one_character(char):
    text = char * (MAX_FILE_BYTES // len(char))
    started = time.process_time()
    assert markdown_problem(text)[1] is not None
    assert time.process_time() - started < 1.0


def test_ordinary_markdown_with_many_links_and_html_is_fine():
    paragraph = "居民[王秀兰](../people/wang.md)照顾邻居，<strong>多年</strong>如一日，详见`通知`。" * 20
    page = "\n\n".join([paragraph] * 40) + "\n\n| 时间 | 地点 |\n|---|---|\n" + "| 9:00 | 广场 |\n" * 300
    assert markdown_problem(page) == (None, None)


def test_every_sample_page_passes(tmp_path):
    pages = [path for path in (REPO / "content").rglob("*.md") if "submissions" not in path.parts]
    assert len(pages) > 20
    assert [page_problem(path, path.name) for path in pages] == [None] * len(pages)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BOMB, (2, "b[1] 不能使用 YAML 引用 *a（以及 & 锚点）：请把内容直接写出来", "b[1]")),
        ("x: 1\nm:\n  k: &v 2\n  j:\n    - 0\n    - *v\n", (6, "m.j[2] 不能使用 YAML 引用 *v（以及 & 锚点）：请把内容直接写出来", "m.j[2]")),
        ("? [a]\n: *x\n", (2, "? 不能使用 YAML 引用 *x（以及 & 锚点）：请把内容直接写出来", "?")),
        ("n: " + "9" * 16 + "\n", (1, "n 9999999999999999 数字有 16 位，超过 15 位：请检查是否多打了数字（如要写编号等文字，请加引号）", "n")),
        # The record's own mapping is the first of the 50 levels.
        ("l: " + "[" * 50 + "]" * 50 + "\n", (1, "l" + "[1]" * 49 + " 内容嵌套超过 50 层：请检查括号和缩进", "l" + "[1]" * 49)),
    ],
)
def test_yaml_problems_are_found_from_events_without_expanding(text, expected):
    problem = yaml_problem(text, "x.yml")
    assert problem is not None
    assert (problem.line, problem.message, problem.field) == expected


@pytest.mark.parametrize(
    "text",
    ["a: &x 1\n", "n: 999999999999999\n", "n: '" + "9" * 5000 + "'\n", "l: " + "[" * 49 + "]" * 49 + "\n", "a: [\n"],
)
def test_yaml_within_bounds_or_broken_is_left_to_the_loader(text):
    # An anchor alone, 15 digits, a quoted long number (text), 50 levels; a syntax error is named
    # by the loader that follows.
    assert yaml_problem(text, "x.yml") is None


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "x.yml"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def read() -> None:
        try:
            read_regular_file(fifo)
        except NotRegularFile as error:
            outcome.append(error.message)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    assert outcome == ["是管道（FIFO），不是普通文件：网站只读取普通文件，请删除它"]


def test_symlinks_and_oversized_files_are_refused_and_regular_files_read(tmp_path):
    (tmp_path / "ok.yml").write_bytes(b"a: 1\n")
    (tmp_path / "zero.yml").symlink_to("/dev/zero")
    (tmp_path / "big.yml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert read_regular_file(tmp_path / "ok.yml") == b"a: 1\n"
    with pytest.raises(NotRegularFile, match="^是指向 '/dev/zero' 的符号链接"):
        read_regular_file(tmp_path / "zero.yml")
    with pytest.raises(NotRegularFile, match="^文件超过 1024 KB"):
        read_regular_file(tmp_path / "big.yml")


def test_unsafe_paths_lists_links_and_special_files_without_following(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "ok.png").write_bytes(b"x")
    (tmp_path / "a" / "evil.png").symlink_to("/etc/passwd")
    (tmp_path / "loop").symlink_to(".")
    os.mkfifo(tmp_path / "a" / "pipe")
    found = [(entry.relative, entry.is_dir, entry.reason) for entry in unsafe_paths(tmp_path)]
    assert found == [
        ("loop", True, "是指向 '.' 的符号链接：网站只读取普通文件，请把链接换成文件本身"),
        ("a/evil.png", False, "是指向 '/etc/passwd' 的符号链接：网站只读取普通文件，请把链接换成文件本身"),
        ("a/pipe", False, "是管道（FIFO），不是普通文件：网站只读取普通文件，请删除它"),
    ]
