"""The slips of Chinese typing, recognised and named so that staff see what they did.

A Chinese input method types a full-width colon ``：`` for ``:``, a full-width space ``　`` for
an indent, Chinese quotes and a 顿号 ``、`` between list items; Notepad saves as UTF-16
("Unicode") or GBK ("ANSI"); text copied from Word or a web page may carry invisible control
characters. PyYAML then reports something unrelated (in English, often on the next line).
These functions look at the text around the place PyYAML stopped and say what the slip is,
on the line where it was made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from .problems import Problem

FULL_WIDTH_SPACE = "\u3000"
# A field name followed by a full-width colon, at the start of a line (perhaps a list item).
_FULL_WIDTH_COLON_KEY = re.compile(r"^[ \u3000]*(?:-[ \u3000]+)?([A-Za-z_][A-Za-z0-9_]*)[ \u3000]*：")
# What YAML (and so PyYAML) refuses to read: control characters other than tab and line breaks.
_UNREADABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = {"\x00": "空字符 NUL", "\x08": "退格符", "\x0b": "垂直制表符", "\x0c": "换页符", "\x1b": "ESC", "\x7f": "DEL"}

# PyYAML's (and libyaml's) problem texts, in the words of someone editing a record.
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "这一行的“: ”不能出现在这里（值里有“冒号加空格”时，请把整个值用引号括起来，例如 title: \"时间: 周六\"）"),
    ("could not find expected ':'", "这一行缺少英文冒号“:”（每行应为“字段: 值”）"),
    ("did not find expected key", "缩进没有对齐，或一行里多写了内容（同一层的字段要左边对齐，值写在冒号后面）"),
    ("did not find expected '-' indicator", "列表的缩进没有对齐（同一个列表的每项“- ”要左边对齐）"),
    ("did not find expected ',' or ']'", "方括号列表 [...] 缺少逗号或右括号 ]"),
    ("did not find expected ',' or '}'", "花括号 {...} 缺少逗号或右括号 }"),
    ("did not find expected node content", "这里缺少内容"),
    ("found unexpected end of stream", "引号或括号没有成对，文件就结束了"),
    ("found unknown escape character", "双引号里有反斜杠 \\（例如 Windows 路径）：请改用单引号，或把 \\ 改成 /"),
    ("second occurrence", "同一个锚点名字 &… 用了两次"),
    ("found duplicate anchor", "同一个锚点名字 &… 用了两次"),
    ("found undefined alias", "引用 *… 找不到前面对应的 &…"),
    ("but found another document", "一个文件只能写一条记录：这里出现了第二段（--- 分隔）"),
    ("found character that cannot start any token", "这个字符不能写在值的开头（@、` 等开头的值请用引号括起来）"),
    ("that cannot start any token", "这个字符不能写在值的开头（@、` 等开头的值请用引号括起来）"),
    ("found unknown directive name", "以 % 开头的行不能写在这里（值以 % 开头时请用引号括起来）"),
    ("did not find expected alphabetic or numeric character", "& 或 * 后面应紧跟一个名字（值以 & 或 * 开头时请用引号括起来）"),
    ("did not find expected comment or line break", "| 或 > 后面要另起一行再写内容"),
    ("block sequence entries are not allowed", "这里不能以“- ”开头写列表项（列表要写在“字段:”的下一行并缩进）"),
    ("found a tab character", "用了 Tab"),
    ("found unexpected ':'", "冒号的位置不对"),
)
SYNTAX_HINT = "请检查缩进是否对齐、冒号后是否有空格、引号是否成对"


def encoding_problem(raw: bytes, display: str, error: UnicodeDecodeError) -> Problem:
    """Why a file is not UTF-8, in Notepad's own words for its encodings."""
    if _looks_like_utf16(raw):
        return Problem(
            display,
            None,
            "文件是 UTF-16 编码（记事本里叫“Unicode”或“Unicode big endian”），无法读取；"
            "请在编辑器里“另存为”，编码选 UTF-8，再提交",
        )
    line = raw[: error.start].count(b"\n") + 1
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return Problem(
            display,
            line,
            "文件不是 UTF-8 编码，这一行有无法识别的字节，无法读取；请用编辑器“另存为 UTF-8”后再提交",
        )
    return Problem(
        display,
        line,
        "文件不是 UTF-8 编码，无法读取（看起来是 GBK/ANSI 编码，常见于用记事本保存的文件）；"
        "请用编辑器“另存为 UTF-8”后再提交",
    )


def _looks_like_utf16(raw: bytes) -> bool:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    # Without a byte-order mark: ASCII letters then come with a zero byte each, every other byte.
    head = raw[:200]
    return len(head) >= 4 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4)


def unreadable_character(text: str, display: str) -> Problem | None:
    """The first character YAML refuses (a NUL, a form feed…), with its line and column."""
    match = _UNREADABLE.search(text)
    if match is None:
        return None
    char = match.group()
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    name = _CONTROL_NAMES.get(char, "控制字符")
    return Problem(
        display,
        line,
        f"第 {column} 个字处有看不见的{name}（U+{ord(char):04X}），常见于损坏的文件或从 Word、网页复制的文字；"
        "请删掉它（在编辑器里打开“显示不可见字符”可以看到）",
    )


def syntax_problem(err: yaml.MarkedYAMLError, display: str, line_offset: int, text: str) -> Problem:
    """A YAML syntax error as a Chinese sentence, on the line where the slip was made."""
    mark = err.problem_mark or err.context_mark
    lines = text.splitlines()
    last = mark.line if mark else len(lines) - 1
    for index, line in enumerate(lines[: last + 1]):
        colon = _FULL_WIDTH_COLON_KEY.match(line)
        if colon:
            key = colon.group(1)
            value = line[colon.end() :].strip()
            return Problem(
                display,
                index + 1 + line_offset,
                f"YAML 格式错误：“{line.strip()}”用了中文冒号“：”；字段名后面要用英文冒号加一个空格，"
                f"应写成 {key}: {value}".rstrip(),
                key,
            )
    line_number = mark.line + 1 + line_offset if mark else None
    bad_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    what = _chinese(err.problem or "", err.context or "")
    tab_line = _first_line_with(lines[: last + 1], "\t")
    if tab_line is not None:
        return Problem(
            display,
            tab_line + 1 + line_offset,
            "YAML 格式错误：这一行用了 Tab（制表符）；YAML 里缩进和分隔只能用空格，请把 Tab 改成空格",
        )
    if bad_line.lstrip(" ").startswith(FULL_WIDTH_SPACE):
        return Problem(
            display,
            line_number,
            "YAML 格式错误：这一行开头有全角空格（中文输入法的空格“　”）；缩进只能用半角空格，请删掉全角空格后重新缩进",
        )
    return Problem(display, line_number, f"YAML 格式错误：{what}")


def _first_line_with(lines: Iterable[str], char: str) -> int | None:
    return next((index for index, line in enumerate(lines) if char in line), None)


def _chinese(problem: str, context: str) -> str:
    for english, chinese in _YAML_PROBLEMS:
        if english in problem or (english in context and not problem):
            return chinese
    for english, chinese in _YAML_PROBLEMS:
        if english in context:
            return chinese
    return f"无法读取这一行（{SYNTAX_HINT}）"


def full_width_space_hint(key: str) -> str | None:
    """What is wrong with a field name that carries full-width spaces or Chinese quotes."""
    if FULL_WIDTH_SPACE in key:
        bare = key.replace(FULL_WIDTH_SPACE, "").strip()
        return f"字段名 {bare} 前后有全角空格（中文输入法的空格“　”）；缩进只能用半角空格，请删掉全角空格后重新缩进"
    if any(quote in key for quote in "“”‘’"):
        bare = key.strip("“”‘’ ")
        return f"字段名 {bare} 用中文引号括起来了；字段名不用引号，应写成 {bare}: …"
    if "：" in key:
        bare = key.split("：", 1)[0].strip()
        return f"字段名 {bare} 后面用了中文冒号“：”；应写英文冒号加一个空格：{bare}: …"
    return None


def enumeration_hint(value: object) -> str:
    """For a list written on one line with 顿号 or commas: how to write it as a YAML list."""
    if isinstance(value, str) and re.search(r"[、，,；;]", value):
        items = [item.strip() for item in re.split(r"[、，,；;]", value) if item.strip()]
        return f"；几项不能用顿号或逗号连在一起写，应写成 [{', '.join(items)}]，或每项另起一行、以“- ”开头"
    return ""
