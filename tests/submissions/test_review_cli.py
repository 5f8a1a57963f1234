"""``wenming review``: list, approve (refused when there are problems) and reject, in place."""

from __future__ import annotations

from click.testing import CliRunner

from tests.conftest import write_files
from tests.submissions.test_publish import ARTICLE, submission
from wenming.cli import main

CONFIG = "site_name: 测试\ndocs_dir: content\nplugins:\n  - wenming\n"


def inbox(tmp_path, **submissions: str):
    files = {"mkdocs.yml": CONFIG, "content/data/sensitive-words.txt": "赌博\n"}
    files.update({f"content/submissions/{name}.md": text for name, text in submissions.items()})
    write_files(tmp_path, files)
    return tmp_path


def run(root, *args: str):
    return CliRunner().invoke(main, ["review", *args, "-f", str(root / "mkdocs.yml")])


def test_list_shows_pending_submissions_with_their_problems(tmp_path):
    root = inbox(
        tmp_path,
        good=submission("冬至送温暖", "pending"),
        bad=submission("远离赌博", "pending", body="太短。"),
        done=submission("已发布", "approved"),
    )
    result = run(root, "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "bad  远离赌博  投稿：陈思雨（wangluo-wenming）  2026-11-10  —— 2 个问题，改正后才能通过"
    assert lines[1] == "    content/submissions/bad.md:2: 含有敏感词“赌博”（见 data/sensitive-words.txt），请修改"
    assert lines[2] == "    content/submissions/bad.md:10: 正文只有 3 个字，至少要 50 个字"
    assert lines[3] == "good  冬至送温暖  投稿：陈思雨（wangluo-wenming）  2026-11-10  —— 可以通过"
    assert "已发布" not in result.output


def test_approve_edits_only_the_front_matter(tmp_path):
    original = submission("冬至送温暖", "pending").replace("---\n\n", "# 作者的注释保留\n---\n\n", 1)
    root = inbox(tmp_path, good=original)
    result = run(root, "approve", "good", "--reviewer", "李红梅", "--date", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert result.output == "已通过：good《冬至送温暖》，审核人 李红梅，2026-11-23。下次生成网站时发布。\n"
    edited = (root / "content/submissions/good.md").read_text(encoding="utf-8")
    assert edited == original.replace("status: pending\n", "status: approved\n").replace(
        "# 作者的注释保留\n---\n", "# 作者的注释保留\nreviewer: 李红梅\nreviewed: 2026-11-23\n---\n"
    )


def test_approve_is_refused_when_there_are_problems(tmp_path):
    original = submission("失物招领", "pending", body=ARTICLE + "\n请联系13905718823")
    root = inbox(tmp_path, bad=original)
    result = run(root, "approve", "bad", "--reviewer", "李红梅")
    assert result.exit_code == 1
    assert "content/submissions/bad.md:11: 正文第 4 个字处有未打码的手机号 13*******23" in result.output
    assert "稿件 bad 有 1 个问题，不能通过。请作者改正后再审。" in result.output
    assert (root / "content/submissions/bad.md").read_text(encoding="utf-8") == original


def test_reject_records_reviewer_and_note(tmp_path):
    original = submission("广告", "pending")
    root = inbox(tmp_path, ad=original)
    result = run(root, "reject", "ad", "--reviewer", "郑文涛", "--note", "内容与本社区无关", "--date", "2026-11-23")
    assert result.exit_code == 0, result.output
    edited = (root / "content/submissions/ad.md").read_text(encoding="utf-8")
    assert edited == original.replace(
        "status: pending\n", "status: rejected\n"
    ).replace("---\n\n", "reviewer: 郑文涛\nreviewed: 2026-11-23\nreview_note: 内容与本社区无关\n---\n\n", 1)
    assert "ad  广告" not in run(root, "list").output


def test_unknown_id(tmp_path):
    root = inbox(tmp_path)
    result = run(root, "approve", "nope", "--reviewer", "李红梅")
    assert result.exit_code == 1
    assert "找不到稿件 nope" in result.output


def test_list_tells_the_editor_what_the_gate_will_show_as_text(tmp_path):
    body = ARTICLE + "\n\n<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1))"
    root = inbox(tmp_path, html=submission("冬至送温暖", "pending", body=body))
    result = run(root, "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "html  冬至送温暖  投稿：陈思雨（wangluo-wenming）  2026-11-10  —— 可以通过",
        "    提示：content/submissions/html.md:12: 正文里的 HTML 代码（<img>）不会生效，发布后按原样显示为文字",
        "    提示：content/submissions/html.md:14: 链接或图片地址“javascript:alert(1)”不是 http(s)/mailto 链接或本站图片，发布时会被去掉",
    ]
