"""Structural front-matter edits: only the review keys' characters change, whatever the YAML looks like;
front matter that cannot be edited with certainty is refused, never "fixed"."""

from __future__ import annotations

import datetime as dt

import pytest

from wenming.core.front_matter import edit_front_matter, render_scalar
from wenming.core.source import SourceProblem, parse_mapping

BODY = "\n正文第一段。  \n---\nstatus: pending 这几个字在正文里，不能动。\n"
APPROVE = {"status": "approved", "reviewer": "李红梅", "reviewed": dt.date(2026, 11, 23)}


def approve(text: str, remove: tuple[str, ...] = ("review_note",)) -> str:
    return edit_front_matter(text, APPROVE, remove, "content/submissions/a.md")


def test_a_quoted_key_is_edited_in_place_not_appended_twice():
    text = '---\ntitle: 冬至送温暖\n"status": pending\n---\n' + BODY
    assert approve(text) == '---\ntitle: 冬至送温暖\n"status": approved\nreviewer: 李红梅\nreviewed: 2026-11-23\n---\n' + BODY
    text = "---\ntitle: 冬至送温暖\n'status' : \"pending\"\n---\n" + BODY
    assert approve(text) == "---\ntitle: 冬至送温暖\n'status' : approved\nreviewer: 李红梅\nreviewed: 2026-11-23\n---\n" + BODY


def test_flow_style_front_matter():
    text = '---\n{title: 冬至送温暖, "status": pending,\n  author: 陈思雨}\n---\n' + BODY
    assert approve(text) == (
        '---\n{title: 冬至送温暖, "status": approved,\n  author: 陈思雨, reviewer: 李红梅, reviewed: 2026-11-23}\n---\n' + BODY
    )
    rejected = edit_front_matter(text, {"status": "rejected", "review_note": "内容与本社区无关, 请改写}"}, (), "a.md")
    assert rejected == (
        '---\n{title: 冬至送温暖, "status": rejected,\n  author: 陈思雨, review_note: \'内容与本社区无关, 请改写}\'}\n---\n' + BODY
    )
    # Approving a rejected one drops the note, and the comma that went with it.
    again = edit_front_matter(rejected, APPROVE, ("review_note",), "a.md")
    assert again == '---\n{title: 冬至送温暖, "status": approved,\n  author: 陈思雨, reviewer: 李红梅, reviewed: 2026-11-23}\n---\n' + BODY


def test_crlf_and_bom_are_kept():
    text = "\ufeff---\r\ntitle: 冬至送温暖\r\nstatus: pending\r\n---\r\n\r\n正文\r\n"
    assert approve(text) == "\ufeff---\r\ntitle: 冬至送温暖\r\nstatus: approved\r\nreviewer: 李红梅\r\nreviewed: 2026-11-23\r\n---\r\n\r\n正文\r\n"


def test_comments_after_values_and_between_keys_are_kept():
    text = "---\ntitle: 冬至送温暖   # 标题\nstatus: pending  # 待审\n# 审核人填写：\nreviewer:\n---\n" + BODY
    assert approve(text) == (
        "---\ntitle: 冬至送温暖   # 标题\nstatus: approved  # 待审\n# 审核人填写：\nreviewer: 李红梅\nreviewed: 2026-11-23\n---\n" + BODY
    )


def test_values_continued_on_the_next_lines():
    text = (
        "---\ntitle: 志愿者为独居老人\n  送温暖\nstatus: rejected\nreviewer: 郑文涛\n"
        "review_note: 第一行理由\n  第二行理由   # 旧的\nsubmitted: 2026-11-10\n---\n" + BODY
    )
    assert approve(text) == (
        "---\ntitle: 志愿者为独居老人\n  送温暖\nstatus: approved\nreviewer: 李红梅\nsubmitted: 2026-11-10\nreviewed: 2026-11-23\n---\n" + BODY
    )


def test_block_scalars_and_block_lists_as_values():
    text = "---\ntitle: 冬至\nstatus: |\n  pending\n\nreviewer:\n  - 甲\n  - 乙\nreview_note: >-\n  旧的\n  理由\n---\n" + BODY
    assert approve(text) == "---\ntitle: 冬至\nstatus: approved\n\nreviewer: 李红梅\nreviewed: 2026-11-23\n---\n" + BODY


def test_keys_indented_as_a_whole_get_new_keys_at_the_same_indent():
    text = "---\n  title: 冬至\n  status: pending\n---\n" + BODY
    assert approve(text) == "---\n  title: 冬至\n  status: approved\n  reviewer: 李红梅\n  reviewed: 2026-11-23\n---\n" + BODY


def test_a_note_with_line_breaks_and_control_characters_is_written_on_one_line():
    note = "第一行\n第二行 \x1b[31m红\u2028完"
    text = "---\ntitle: 冬至\nstatus: pending\n---\n" + BODY
    edited = edit_front_matter(text, {"status": "rejected", "review_note": note}, (), "a.md")
    assert edited == '---\ntitle: 冬至\nstatus: rejected\nreview_note: "第一行\\n第二行 \\e[31m红\\L完"\n---\n' + BODY
    assert parse_mapping(edited.split("---\n")[1], "a.md")[0]["review_note"] == note


@pytest.mark.parametrize(
    ("value", "rendered"),
    [("approved", "approved"), ("a, b}", "'a, b}'"), ("yes", "'yes'"), ("", "''"), ("# x", "'# x'"), (dt.date(2026, 1, 2), "2026-01-02")],
)
def test_values_are_rendered_for_block_and_flow_mappings(value, rendered):
    assert render_scalar(value) == rendered


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: 冬至\nstatus: pending\nstatus: approved\n---\n", "a.md:4: 字段 'status' 在同一层写了两次（第 3 行和第 4 行）"),
        ('---\ntitle: 冬至\n"status": pending\nstatus: pending\n---\n', "a.md:4: 字段 'status' 在同一层写了两次（第 3 行和第 4 行）"),
        ("---\ntitle: [冬至\nstatus: pending\n---\n", "a.md:3: YAML 格式错误"),
        ("---\ntitle: 冬至\nstatus: pending\n\n正文没有分隔线\n", "a.md:1: 元数据块没有结束"),
        ("title: 冬至\nstatus: pending\n", "a.md:1: 文件开头缺少元数据块"),
        ("---\n---\n正文\n", "a.md:2: 文件是空的"),
        ("---\n- title\n---\n", "a.md:2: 文件内容是列表"),
        ("---\ntitle: &t 冬至\nauthor: *t\nstatus: pending\n---\n", "a.md:2: 元数据块里用了 YAML 引用或标记"),
        ("---\ntitle: !!str 冬至\nstatus: pending\n---\n", "a.md:2: 元数据块里用了 YAML 引用或标记"),
    ],
)
def test_front_matter_that_cannot_be_edited_with_certainty_is_refused(text, message):
    with pytest.raises(SourceProblem) as refused:
        edit_front_matter(text if "正文" in text else text + BODY, APPROVE, ("review_note",), "a.md")
    assert str(refused.value.problem).startswith(message)


def test_an_entry_sharing_its_line_cannot_be_removed():
    # A block mapping nested on the key's line: the note is not alone on its line.
    text = "---\ntitle: 冬至\nstatus: rejected\nreview_note: 旧理由\n---\n" + BODY
    assert "review_note" not in approve(text)
    with pytest.raises(SourceProblem, match="不是单独一行写的"):
        approve("---\ntitle: 冬至\nstatus: rejected\n? review_note\n: 旧理由\n---\n" + BODY)
