"""Structural front-matter edits: only the review keys' characters change, whatever the YAML looks like;
front matter that cannot be edited with certainty is refused, never "fixed"."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def test_a_flow_mapping_whose_only_entry_is_removed():
    edited = edit_front_matter("---\n{review_note: 旧}\n---\n正文\n", {"status": "approved"}, ("review_note",), "a.md")
    assert edited == "---\n{ status: approved}\n---\n正文\n"


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


# Front matter written every way a person or a tool might: the edit either refuses with a
# problem, or gives exactly the old data plus the change with the article untouched.
_KEYS = st.sampled_from(["status", '"status"', "'status'", "reviewer", '"reviewer"', "review_note", "title", "author", "kind"])
_VALUES = st.sampled_from(
    ["pending", "'pending'", '"approved"', "", "  # 注释", "冬至 # 注释", "|\n  第一行\n  第二行\n", ">-\n  折叠\n  两行\n",
     "第一行\n  续行", "[a, b]", "{a: 1}", "\n  - 甲\n  - 乙", "'引号 '' 里'", '"\\e[31m红"', "1", "null", "2026-11-10"]
)  # fmt: skip
_ENTRY = st.tuples(_KEYS, _VALUES, st.sampled_from(["", "  # 行尾注释"]), st.sampled_from(["", "# 独立注释\n", "\n"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=st.lists(_ENTRY, min_size=1, max_size=6, unique_by=lambda entry: entry[0].strip("'\"")),
    flow=st.booleans(),
    crlf=st.booleans(),
    bom=st.booleans(),
    action=st.sampled_from(["approve", "reject"]),
)
def test_any_front_matter_is_edited_exactly_or_refused(entries, flow, crlf, bom, action):
    if flow:
        inner = ", ".join(f"{key}: {value.strip() or 'x'}" for key, value, _, _ in entries if "\n" not in value)
        yaml_text = "{" + inner + "}\n"
    else:
        yaml_text = "".join(f"{before}{key}: {value}{'' if chr(10) in value else comment}\n" for key, value, comment, before in entries)
    text = ("\ufeff" if bom else "") + "---\n" + yaml_text + "---\n" + BODY
    if crlf:
        text = text.replace("\n", "\r\n")
    updates: dict[str, object] = {"status": "approved" if action == "approve" else "rejected", "reviewer": "李红梅"}
    if action == "reject":
        updates["review_note"] = "理由: 与本社区无关, {请改写}"
    try:
        edited = edit_front_matter(text, updates, ("review_note",) if action == "approve" else (), "a.md")
    except SourceProblem as refused:
        assert refused.problem.file == "a.md"
        return
    newline = "\r\n" if crlf else "\n"
    head, old_yaml = text.split("---" + newline, 1)[0], text.split("---" + newline)[1]
    new_yaml = edited.split("---" + newline)[1]
    assert edited.startswith(head + "---" + newline) and edited.endswith("---" + newline + BODY.replace("\n", newline))
    expected = dict(parse_mapping(old_yaml, "a.md")[0])
    if action == "approve":
        expected.pop("review_note", None)
    expected.update(updates)
    assert parse_mapping(new_yaml, "a.md")[0] == expected
