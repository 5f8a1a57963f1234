"""What ``wenming review`` prints from files passes one function: no escape, control or bidi character gets through."""

from __future__ import annotations

import pytest

from wenming.core.terminal import for_terminal, is_plain


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("冬至送温暖", "冬至送温暖"),
        ("\x1b[31m红字\x1b[0m", "\ufffd红字\ufffd"),  # colour (CSI)
        ("标题\x1b[2K\x1b[1A\r好文章 —— 可以通过", "标题\ufffd\ufffd 好文章 —— 可以通过"),  # erase line, cursor up, carriage return
        ("\x1b]0;假标题\x07正文", "\ufffd正文"),  # OSC: sets the window title
        ("\x1b]8;;https://evil.example\x1b\\点我\x1b]8;;\x1b\\", "\ufffd点我\ufffd"),  # OSC 8 hyperlink
        ("\x9b2K清行", "\ufffd清行"),  # 8-bit CSI
        ("\x1bP+q\x1b\\x", "\ufffdx"),  # DCS
        ("\x1bc重置", "\ufffd重置"),  # two-character escape (reset)
        ("\x1b", "\ufffd"),
        ("第一行\n第二行\r\n第三行\u2028第四行\x85第五行\t", "第一行 第二行 第三行 第四行 第五行 "),
        ("\x00\x07\x08\x7f\x80\x9f", "\ufffd" * 6),
        ("abc\u202edcba\u202c", "abc\ufffddcba\ufffd"),  # right-to-left override
        ("\u2066\u2067\u2068\u2069\u202a\u202b\u202d\u200e\u200f\u061c", "\ufffd" * 10),
    ],
)
def test_for_terminal(text, shown):
    assert for_terminal(text) == shown


def test_is_plain():
    assert is_plain("李红梅") and is_plain("第一行\n第二行", allow_line_breaks=True)
    assert not is_plain("第一行\n第二行") and not is_plain("李\u202e梅") and not is_plain("\x1b[8m")
