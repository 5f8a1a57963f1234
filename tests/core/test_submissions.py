"""Checks before a submission is approved, and the in-place front-matter edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from wenming.core.front_matter import edit_front_matter
from wenming.core.source import SourceProblem
from wenming.core.submissions import gate_notes, load_sensitive_words, review_problems

BODY = "冬至前夕，网络文明传播志愿者走进辖区独居老人家中，送去热腾腾的饺子和厚棉被，陪老人聊天拉家常，临走时还帮老人检查了燃气和电线。"


def check(tmp_path: Path, body: str, title: str = "志愿者为独居老人送温暖", words: tuple[str, ...] = ()) -> list[str]:
    docs = tmp_path / "content"
    (docs / "submissions").mkdir(parents=True, exist_ok=True)
    problems = review_problems("content/submissions/a.md", title, 2, body, 9, docs / "submissions", docs, words)
    return [str(problem) for problem in problems]


def test_a_good_submission_has_no_problems(tmp_path):
    assert check(tmp_path, BODY) == []


def test_body_too_short(tmp_path):
    assert check(tmp_path, "太短了。\n") == ["content/submissions/a.md:9: 正文只有 4 个字，至少要 50 个字"]


def test_mobile_and_id_numbers_are_shown_where_they_are(tmp_path):
    body = BODY + "\n\n有需要请联系王阿姨13905718823。\n身份证330105195803121234也在这里。\n"
    assert check(tmp_path, body, title="失物招领 请联系13812345678") == [
        "content/submissions/a.md:2: 标题第 9 个字处有未打码的手机号 13*******78：个人信息不能发布，请删除或打码（如 138****5678）",
        "content/submissions/a.md:11: 正文第 10 个字处有未打码的手机号 13*******23：个人信息不能发布，请删除或打码（如 138****5678）",
        "content/submissions/a.md:12: 正文第 4 个字处有未打码的身份证号 3301**********1234：个人信息不能发布，请删除或打码（如 138****5678）",
    ]


def test_masked_numbers_are_fine(tmp_path):
    assert check(tmp_path, BODY + "联系电话138****5678，座机0571-88886001。") == []


@pytest.mark.parametrize(
    ("html", "note"),
    [
        ("<script>alert(1)</script>", "正文里的 HTML 代码（<script>）不会生效，发布后按原样显示为文字"),
        ('<IFRAME src="x"></iframe>', "正文里的 HTML 代码（<iframe>）不会生效，发布后按原样显示为文字"),
        ('<img src=x onerror=alert(1)>', "正文里的 HTML 代码（<img>）不会生效，发布后按原样显示为文字"),
        ("[点我](javascript:alert(1))", "链接或图片地址“javascript:alert(1)”不是 http(s)/mailto 链接或本站图片，发布时会被去掉"),
        # The entity is read as the ":" it stands for: the gate drops the link and says so (the note
        # names the article's first line: the decoded address is not written as such in the file).
        ("[点我](javascript&#58;alert(9))", "链接或图片地址“javascript:alert(9)”不是 http(s)/mailto 链接或本站图片，发布时会被去掉"),
    ],
)
def test_html_that_could_run_code_is_harmless_and_the_editor_is_told(tmp_path, html, note):
    # Published harmlessly by the trust gate (tests/core/test_gate.py), so not a problem that
    # blocks approval; the review tells the editor what the page will show instead.
    assert check(tmp_path, BODY + "\n" + html + "\n") == []
    assert [str(n) for n in gate_notes("content/submissions/a.md", BODY + "\n" + html + "\n", 5)] == (
        [f"content/submissions/a.md:{5 if '&#58;' in html else 6}: {note}"] if note else []
    )


def test_sensitive_words_from_the_office_list(tmp_path):
    words_file = tmp_path / "sensitive-words.txt"
    words_file.write_text("# 说明\n赌博\n\n高利贷\n赌博\n", encoding="utf-8")
    words = load_sensitive_words(words_file)
    assert words == ("赌博", "高利贷")
    assert check(tmp_path, BODY + "\n远离赌博。", words=words) == [
        "content/submissions/a.md:10: 含有敏感词“赌博”（见 data/sensitive-words.txt），请修改"
    ]


def test_images_must_exist_inside_content_and_be_small(tmp_path):
    docs = tmp_path / "content"
    (docs / "assets/submissions").mkdir(parents=True)
    (docs / "assets/submissions/ok.jpg").write_bytes(b"\xff\xd8" + b"0" * 1000)
    (docs / "assets/submissions/big.jpg").write_bytes(b"0" * (2 * 1024 * 1024 + 1))
    body = (
        BODY
        + "\n![合影](../assets/submissions/ok.jpg)\n![大图](../assets/submissions/big.jpg)"
        + "\n![没有](../assets/submissions/none.jpg)\n![外面](../../secret.jpg)\n![外链](https://example.org/a.jpg)\n"
    )
    assert check(tmp_path, body) == [
        "content/submissions/a.md:11: 图片 ../assets/submissions/big.jpg 有 2.0 MB，超过 2 MB：请压缩后再投稿",
        "content/submissions/a.md:12: 图片 ../assets/submissions/none.jpg 不存在（应在 content/assets/submissions/none.jpg）",
        "content/submissions/a.md:13: 图片 ../../secret.jpg 不在 content/ 文件夹里",
        "content/submissions/a.md:14: 图片 https://example.org/a.jpg 是外部链接：请把图片放到 content/ 下再引用（外部图片在境内可能打不开）",
    ]


SUBMISSION = (
    "---\n"
    "title: 志愿者为独居老人送温暖   # 标题\n"
    "kind: news\n"
    "author: 陈思雨\n"
    "team: wangluo-wenming\n"
    "submitted: 2026-11-10\n"
    "status: pending\n"
    "private:\n"
    "  phone: '13757120345'\n"
    "---\n"
    "\n"
    "正文第一段。  \n"
    "---\n"
    "正文里的分隔线和 status: pending 字样都不能动。\n"
)


def test_approving_changes_only_the_front_matter_lines_it_must():
    edited = edit_front_matter(SUBMISSION, {"status": "approved", "reviewer": "李红梅", "reviewed": "2026-11-23"})
    assert edited == SUBMISSION.replace("status: pending\n", "status: approved\n", 1).replace(
        "  phone: '13757120345'\n---\n", "  phone: '13757120345'\nreviewer: 李红梅\nreviewed: '2026-11-23'\n---\n", 1
    )


def test_rejecting_replaces_an_existing_multi_line_value_and_keeps_crlf():
    text = SUBMISSION.replace("status: pending\n", "status: rejected\nreview_note: |\n  旧的理由\n  第二行\n").replace("\n", "\r\n")
    edited = edit_front_matter(text, {"status": "pending"}, remove=["review_note"])
    assert edited == SUBMISSION.replace("\n", "\r\n")


def test_values_that_need_quotes_are_quoted():
    edited = edit_front_matter(SUBMISSION, {"review_note": "含有手机号: 请删除后重投"})
    assert "review_note: '含有手机号: 请删除后重投'\n---\n" in edited


def test_front_matter_must_exist():
    with pytest.raises(SourceProblem, match="文件开头缺少元数据块"):
        edit_front_matter("# 标题\n", {"status": "approved"})
