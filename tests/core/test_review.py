"""``decide``: the one function that records an editor's decision. Hostile ids and files first."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import stat

import pytest

from tests.conftest import write_files
from tests.submissions.test_publish import submission
from wenming.core import atomic_write
from wenming.core.review import AlreadyDecided, Decision, Inbox, ReviewRefused, decide

DAY = dt.date(2026, 11, 23)
NEWS_POST = "---\ndate: 2026-11-01\n---\n\n# 社区通知\n\n本周六上午停水。\n"


@pytest.fixture
def site(tmp_path):
    write_files(
        tmp_path,
        {
            "content/submissions/good.md": submission("冬至送温暖", "pending"),
            "content/news/posts/tongzhi.md": NEWS_POST,
            "content/data/sensitive-words.txt": "赌博\n",
        },
    )
    return tmp_path


def inbox_of(root) -> Inbox:
    return Inbox.of(root / "content", "data", "submissions", root)


def approve(root, record_id: str, reviewer: str = "李红梅", change: bool = False):
    return decide(inbox_of(root), record_id, Decision("approve", reviewer, DAY, change=change))


def reject(root, record_id: str, note: str = "内容与本社区无关", reviewer: str = "郑文涛", change: bool = False):
    return decide(inbox_of(root), record_id, Decision("reject", reviewer, DAY, note, change=change))


def contents(root) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file() and not path.is_symlink()}


BAD_ID = "稿件 id “{}” 不合规：id 就是文件名（不含 .md），只能用小写英文字母、数字和连字符（-），且以字母或数字开头，例如 dongzhi-songwennuan；不能写路径或通配符"


@pytest.mark.parametrize(
    "record_id",
    ["../news/posts/tongzhi", "../../content/news/posts/tongzhi", "*", "?ood", "[g]ood", "g*", "**/good", "/etc/passwd",
     "Good", "good.md", "good\n", " good", "-good", "good/", "ｇｏｏｄ", "good\x00"],
)  # fmt: skip
def test_ids_that_are_not_ids_are_refused_and_nothing_changes(site, record_id):
    before = contents(site)
    for attempt in (approve, reject):
        with pytest.raises(ReviewRefused) as refused:
            attempt(site, record_id)
        assert refused.value.message == BAD_ID.format(record_id)
    assert contents(site) == before


def test_an_empty_id_is_refused(site):
    with pytest.raises(ReviewRefused, match="^稿件 id 不能为空$"):
        reject(site, "")


def test_a_symlink_in_the_submissions_folder_is_not_followed(site):
    (site / "content/submissions/evil.md").symlink_to(site / "content/news/posts/tongzhi.md")
    before = contents(site)
    with pytest.raises(ReviewRefused) as refused:
        reject(site, "evil")
    target = site / "content/news/posts/tongzhi.md"
    assert refused.value.message == f"content/submissions/evil.md 是符号链接（指向 {target}），审核命令只修改投稿文件夹里的普通文件，未做修改"
    assert contents(site) == before


def test_a_hard_link_to_a_news_post_is_refused(site):
    os.link(site / "content/news/posts/tongzhi.md", site / "content/submissions/evil.md")
    before = contents(site)
    with pytest.raises(ReviewRefused) as refused:
        reject(site, "evil")
    assert refused.value.message == (
        "content/submissions/evil.md 是硬链接（同一个文件共有 2 个名字，可能在投稿文件夹之外），未做修改：请把它复制成一个普通文件再审核"
    )
    assert contents(site) == before


def test_a_fifo_is_refused_without_waiting(site):
    os.mkfifo(site / "content/submissions/pipe.md")
    with pytest.raises(ReviewRefused, match="^content/submissions/pipe.md 不是普通文件，无法审核$"):
        reject(site, "pipe")


def test_a_submission_in_a_subfolder_is_found_and_a_repeated_id_is_refused(site):
    write_files(site, {"content/submissions/2026/winter.md": submission("冬季", "pending")})
    assert reject(site, "winter").display == "content/submissions/2026/winter.md"
    write_files(site, {"content/submissions/2026/good.md": submission("重名", "pending")})
    with pytest.raises(ReviewRefused) as refused:
        approve(site, "good")
    assert refused.value.message == "id good 重复：content/submissions/good.md、content/submissions/2026/good.md 都叫这个名字，请先给其中一个改名"


def test_a_submissions_folder_that_is_a_symlink_still_works_but_not_files_leaving_it(tmp_path):
    write_files(tmp_path, {"elsewhere/good.md": submission("冬至送温暖", "pending"), "content/data/.keep": ""})
    (tmp_path / "content/submissions").symlink_to(tmp_path / "elsewhere")
    assert approve(tmp_path, "good").changed


def test_permissions_are_kept_and_no_temporary_file_is_left(site):
    path = site / "content/submissions/good.md"
    path.chmod(0o640)
    approve(site, "good")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["good.md"]


def test_a_decision_already_made_by_someone_else_is_not_overturned_silently(site):
    first = approve(site, "good", reviewer="李红梅")
    assert (first.changed, first.status, first.previous) == (True, "approved", {"status": "pending"})
    approved = (site / "content/submissions/good.md").read_bytes()
    # The same decision again: nothing to do, and the caller is told who made it.
    again = approve(site, "good", reviewer="王芳")
    assert (again.changed, again.reviewer, again.reviewed) == (False, "李红梅", "2026-11-23")
    with pytest.raises(AlreadyDecided) as refused:
        reject(site, "good")
    assert refused.value.message == (
        "稿件 good 已被 李红梅（2026-11-23）通过；你要求的“退回”未执行，文件未做修改（可能有人在你查看之后刚审核过它）。如确需改为退回，请明确要求改判"
    )
    assert (site / "content/submissions/good.md").read_bytes() == approved
    changed = reject(site, "good", change=True)
    assert (changed.changed, changed.previous) == (True, {"status": "approved", "reviewer": "李红梅", "reviewed": "2026-11-23"})
    with pytest.raises(AlreadyDecided, match="已被 郑文涛（2026-11-23）退回，理由：内容与本社区无关；你要求的“通过”未执行"):
        approve(site, "good")


def test_reviewer_and_note_must_be_plain_text(site):
    before = contents(site)
    for reviewer in ("", "  ", "李\x1b[8m红梅", "李\u202e梅", "李\n梅", "a" * 41, "李\udcff"):
        with pytest.raises(ReviewRefused, match="^审核人"):
            reject(site, "good", reviewer=reviewer)
    for note in ("", "理由\x1b[2K", "理由\u2066", "x" * 1001, "理由\udcff"):
        with pytest.raises(ReviewRefused, match="^退回理由"):
            reject(site, "good", note=note)
    assert contents(site) == before
    reject(site, "good", note="第一行\n第二行")
    assert 'review_note: "第一行\\n第二行"\n' in (site / "content/submissions/good.md").read_text(encoding="utf-8")


def test_a_held_lock_gives_a_message_not_a_hang(site, monkeypatch):
    monkeypatch.setattr(atomic_write, "LOCK_WAIT_SECONDS", 0.2)
    holder = os.open(site / "content/submissions", os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(ReviewRefused, match="^投稿文件夹 content/submissions 正被另一个审核操作占用，请稍后再试；content/submissions/good.md 未做修改$"):
            approve(site, "good")
    finally:
        os.close(holder)
    assert approve(site, "good").changed


def test_a_file_that_is_not_utf8_or_has_broken_front_matter_is_refused_as_it_is(site):
    path = site / "content/submissions/good.md"
    path.write_bytes(submission("冬至送温暖", "pending").encode("gbk"))
    with pytest.raises(ReviewRefused) as refused:
        reject(site, "good")
    assert refused.value.message == "content/submissions/good.md 的元数据块无法安全修改，未做修改"
    assert str(refused.value.problems[0]).startswith("content/submissions/good.md:2: 文件不是 UTF-8 编码")
    assert path.read_bytes() == submission("冬至送温暖", "pending").encode("gbk")


def test_approving_is_refused_with_the_problems_of_the_file_as_it_is(site):
    write_files(site, {"content/submissions/bad.md": submission("远离赌博", "pending", body="太短。")})
    with pytest.raises(ReviewRefused) as refused:
        approve(site, "bad")
    assert refused.value.message == "稿件 bad 有 2 个问题，不能通过。请作者改正后再审。"
    assert [str(problem) for problem in refused.value.problems] == [
        "content/submissions/bad.md:2: 含有敏感词“赌博”（见 data/sensitive-words.txt），请修改",
        "content/submissions/bad.md:10: 正文只有 3 个字，至少要 50 个字",
    ]
