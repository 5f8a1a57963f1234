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


def test_escape_sequences_and_bidi_controls_in_a_file_never_reach_the_terminal(tmp_path):
    # The title tries to erase its own line and draw a fake verdict; the author reverses text.
    hostile = submission("冬至\\e[2K\\r好文章  投稿：陈思雨  2026-11-10  —— 可以通过\\e[8m", "pending", body="太短。")
    hostile = hostile.replace("title: 冬至\\e[2K\\r好文章  投稿：陈思雨  2026-11-10  —— 可以通过\\e[8m", 'title: "冬至\\e[2K\\r好文章  投稿：陈思雨  2026-11-10  —— 可以通过\\e[8m"')
    hostile = hostile.replace("author: 陈思雨", 'author: "陈\\u202e雨思\\u2066"').replace("team: wangluo-wenming", 'team: "x\\e]0;t\\a"')
    root = inbox(tmp_path, hostile=hostile)
    result = run(root, "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "hostile  冬至\ufffd 好文章  投稿：陈思雨  2026-11-10  —— 可以通过\ufffd  投稿：陈\ufffd雨思\ufffd（x\ufffd）  2026-11-10  —— 1 个问题，改正后才能通过",
        "    content/submissions/hostile.md:10: 正文只有 3 个字，至少要 50 个字",
    ]
    # A broken file's name and problems are printed through the same function.
    write_files(root, {"content/submissions/evil\x1b[2K.md": "---\ntitle: x\n"})
    lines = run(root, "list").output.splitlines()
    assert lines[2:4] == [
        "evil\ufffd  —— 文件有错误，无法审核：",
        "    content/submissions/evil\ufffd.md: 文件名 'evil\\x1b[2K.md' 不能用作 id：只能用小写英文字母、数字和连字符（-），且以字母或数字开头，例如 zhongqiu-2026.md",
    ]


def test_hostile_ids_give_a_message_never_a_traceback_and_touch_nothing(tmp_path):
    post = "---\ndate: 2026-11-01\n---\n\n# 社区通知\n"
    root = inbox(tmp_path, good=submission("冬至送温暖", "pending"))
    write_files(root, {"content/news/posts/tongzhi.md": post})
    for record_id in ("../news/posts/tongzhi", "*", "?ood", "[g]ood", str(root / "content/submissions/good"), "", "GOOD"):
        for args in (["approve", record_id, "--reviewer", "李红梅"], ["reject", record_id, "--reviewer", "李红梅", "--note", "理由"]):
            result = run(root, *args)
            assert result.exit_code == 1, result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert result.output.startswith(("Error: 稿件 id “", "Error: 稿件 id 不能为空")), result.output
    assert (root / "content/news/posts/tongzhi.md").read_text(encoding="utf-8") == post
    assert (root / "content/submissions/good.md").read_text(encoding="utf-8") == submission("冬至送温暖", "pending")


def test_a_bad_date_is_a_message(tmp_path):
    root = inbox(tmp_path, good=submission("冬至送温暖", "pending"))
    result = run(root, "approve", "good", "--reviewer", "李红梅", "--date", "2026-13-01")
    assert result.exit_code == 2
    assert result.output.endswith("Error: Invalid value for --date: “2026-13-01” 不是有效日期，应为 YYYY-MM-DD\n")


def test_changing_a_decision_needs_change(tmp_path):
    root = inbox(tmp_path, ad=submission("广告", "pending"))
    assert run(root, "approve", "ad", "--reviewer", "李红梅", "--date", "2026-11-23").exit_code == 0
    same = run(root, "approve", "ad", "--reviewer", "王芳")
    assert (same.exit_code, same.output) == (0, "稿件 ad 已经通过（审核人 李红梅），未做修改。\n")
    refused = run(root, "reject", "ad", "--reviewer", "郑文涛", "--note", "广告")
    assert refused.exit_code == 1
    assert refused.output.endswith("如确需改为退回，请明确要求改判\nError: 如确需改判，请加 --change 重新执行（稿件 ad 未做修改）\n")
    changed = run(root, "reject", "ad", "--reviewer", "郑文涛", "--note", "广告", "--date", "2026-11-24", "--change")
    assert (changed.exit_code, changed.output) == (0, "已退回：ad，审核人 郑文涛，理由：广告\n")
    assert "status: rejected\nreviewer: 郑文涛\nreviewed: 2026-11-24\n" in (root / "content/submissions/ad.md").read_text(encoding="utf-8")
