"""An editor's decision on a volunteer's submission (通过 / 退回), made safely.

:func:`decide` is the one function that changes a submission's review fields: ``wenming review
approve/reject`` calls it, and so will the intake service's review page. It

- finds the file from an id that must follow the spec's id rule (``^[a-z0-9][a-z0-9-]*$``), so no
  path (``../news/posts/x``) or wildcard (``*``) can name another file, and refuses a symlink or
  anything but a regular file inside the submissions folder;
- holds the submissions folder's lock from reading the file to replacing it, and replaces it
  atomically (see :mod:`.atomic_write`), so two decisions never interleave and no reader sees a
  partial file;
- re-reads the status under the lock. A decision is made on a pending submission; when someone
  decided in the meantime, the same decision is a no-op and the opposite one is refused (naming
  who decided, when) unless the editor explicitly asks to change it. Last-writer-wins would
  silently overturn a colleague's decision, with both editors told "done";
- changes only the front matter's review keys, structurally (see :mod:`.front_matter`);
- approves only a submission without problems (schema, rules and the review checks).

Every refusal is a :class:`ReviewRefused` with a Chinese message naming the file; nothing is
written then.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .atomic_write import LockTimeout, folder_lock, write_atomically
from .front_matter import BOM, apply_edit, read_front_matter
from .problems import Problem
from .records import SLUG, Collection, Record, RuleContext, check_record_file, record_files
from .site_data import collections, submission_problems
from .source import SourceProblem, decode
from .submissions import SENSITIVE_WORDS_FILE, load_sensitive_words
from .terminal import is_plain

Action = Literal["approve", "reject"]
STATUS_OF: dict[str, str] = {"approve": "approved", "reject": "rejected"}
WORD_OF: dict[str, str] = {"approved": "通过", "rejected": "退回", "pending": "待审"}
MAX_REVIEWER_LENGTH = 40
MAX_NOTE_LENGTH = 1000


class ReviewRefused(Exception):
    """Why a decision was not applied; the file is unchanged. ``problems`` lists what to fix, if any."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class AlreadyDecided(ReviewRefused):
    """Someone decided differently before this decision got the lock."""

    def __init__(self, message: str, status: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Inbox:
    """The submissions folder and what checking a submission needs."""

    docs_dir: Path
    folder: Path
    display_root: Path  # file names in messages are relative to it (the project folder)
    collection: Collection[Any]
    words: tuple[str, ...] = ()

    @classmethod
    def of(cls, docs_dir: Path, data_dir: str, submissions_dir: str, display_root: Path) -> Inbox:
        collection = next(c for c in collections(data_dir, submissions_dir) if c.name == "submissions")
        words = load_sensitive_words(docs_dir / data_dir / SENSITIVE_WORDS_FILE)
        return cls(docs_dir, docs_dir / submissions_dir, display_root, collection, words)

    def display(self, path: Path) -> str:
        return os.path.relpath(path, self.display_root).replace(os.sep, "/")


@dataclass(frozen=True)
class Decision:
    action: Action
    reviewer: str
    day: dt.date
    note: str = ""
    change: bool = False  # the editor knowingly overturns a decision already made


@dataclass(frozen=True)
class Decided:
    """The outcome: ``changed`` is False when the submission already had this decision."""

    record_id: str
    display: str
    title: str
    changed: bool
    status: str
    reviewer: str
    reviewed: str
    note: str = ""
    previous: dict[str, Any] = field(default_factory=dict)


def decide(inbox: Inbox, record_id: str, decision: Decision) -> Decided:
    """Apply ``decision`` to submission ``record_id``, or raise :class:`ReviewRefused`."""
    reviewer, note = _checked_input(decision)
    display = inbox.display(inbox.folder / f"{record_id}.md")
    try:
        path = find_submission(inbox, record_id)
        display = inbox.display(path)
        with folder_lock(inbox.folder):
            return _decide_locked(inbox, record_id, path, display, decision, reviewer, note)
    except LockTimeout:
        raise ReviewRefused(f"投稿文件夹 {inbox.display(inbox.folder)} 正被另一个审核操作占用，请稍后再试；{display} 未做修改") from None
    except OSError as error:
        raise ReviewRefused(f"无法修改 {display}（{error.strerror}），文件未做修改") from None


def _decide_locked(
    inbox: Inbox, record_id: str, path: Path, display: str, decision: Decision, reviewer: str, note: str
) -> Decided:
    raw, mode = read_regular_file(path, display)
    try:
        text = decode(raw, display)
        front = read_front_matter(text, display)
    except SourceProblem as error:
        raise ReviewRefused(f"{display} 的元数据块无法安全修改，未做修改", [error.problem]) from None
    data = front.data
    title = str(data.get("title") or "")
    target = STATUS_OF[decision.action]
    current = str(data.get("status") or "")
    if current in ("approved", "rejected") and not decision.change:
        who = f"{data.get('reviewer') or '（未写审核人）'}（{data.get('reviewed') or '未写日期'}）"
        if current == target:
            return Decided(record_id, display, title, False, current, str(data.get("reviewer") or ""),
                           str(data.get("reviewed") or ""), str(data.get("review_note") or ""))  # fmt: skip
        reason = f"，理由：{data.get('review_note')}" if current == "rejected" and data.get("review_note") else ""
        raise AlreadyDecided(
            f"稿件 {record_id} 已被 {who}{WORD_OF[current]}{reason}；"
            f"你要求的“{WORD_OF[target]}”未执行，文件未做修改（可能有人在你查看之后刚审核过它）。"
            f"如确需改为{WORD_OF[target]}，请明确要求改判",
            current,
        )
    if decision.action == "approve":
        problems = _unfit(inbox, path, display, decision.day)
        if problems:
            raise ReviewRefused(f"稿件 {record_id} 有 {len(problems)} 个问题，不能通过。请作者改正后再审。", problems)
    updates: dict[str, object] = {"status": target, "reviewer": reviewer, "reviewed": decision.day}
    if decision.action == "reject":
        updates["review_note"] = note
    try:
        edited = apply_edit(front, updates, ["review_note"] if decision.action == "approve" else [])
    except SourceProblem as error:
        raise ReviewRefused(f"{display} 的元数据块无法安全修改，未做修改", [error.problem]) from None
    has_bom = raw.startswith(BOM.encode("utf-8"))
    write_atomically(path, (BOM.encode("utf-8") if has_bom else b"") + edited.encode("utf-8"), mode)
    previous: dict[str, Any] = {key: data.get(key) for key in ("status", "reviewer", "reviewed", "review_note") if key in data}
    return Decided(record_id, display, title, True, target, reviewer, decision.day.isoformat(), note, previous)


def _checked_input(decision: Decision) -> tuple[str, str]:
    """The reviewer's name and note as they will be written: plain text of bounded length."""
    reviewer, note = decision.reviewer.strip(), decision.note.strip()
    if decision.action not in STATUS_OF:
        raise ReviewRefused(f"未知的审核决定 {decision.action!r}：应为 approve（通过）或 reject（退回）")
    if not reviewer:
        raise ReviewRefused("审核人不能为空")
    if len(reviewer) > MAX_REVIEWER_LENGTH or not _writable(reviewer) or not is_plain(reviewer):
        raise ReviewRefused(f"审核人应为不超过 {MAX_REVIEWER_LENGTH} 个字的姓名，不能含有换行、控制字符或方向控制符")
    if decision.action == "reject" and not note:
        raise ReviewRefused("退回理由不能为空")
    if len(note) > MAX_NOTE_LENGTH or not _writable(note) or not is_plain(note, allow_line_breaks=True):
        raise ReviewRefused(f"退回理由应不超过 {MAX_NOTE_LENGTH} 个字，不能含有控制字符或方向控制符")
    return reviewer, note


def _writable(text: str) -> bool:
    """A terminal in another encoding can hand over bytes that are not text (lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def find_submission(inbox: Inbox, record_id: str) -> Path:
    """The regular file ``<id>.md`` in the submissions folder (or a subfolder), or :class:`ReviewRefused`."""
    if not record_id:
        raise ReviewRefused("稿件 id 不能为空")
    if not SLUG.fullmatch(record_id):
        raise ReviewRefused(
            f"稿件 id “{record_id}” 不合规：id 就是文件名（不含 .md），只能用小写英文字母、数字和连字符（-），"
            "且以字母或数字开头，例如 dongzhi-songwennuan；不能写路径或通配符"
        )
    folder = inbox.folder
    if not folder.is_dir():
        raise ReviewRefused(f"找不到稿件 {record_id}：投稿文件夹 {inbox.display(folder)} 不存在")
    matches = [path for path in record_files(folder, (".md",)) if path.stem == record_id]
    if not matches:
        raise ReviewRefused(f"找不到稿件 {record_id}（应为 {inbox.display(folder / f'{record_id}.md')}）")
    if len(matches) > 1:
        names = "、".join(inbox.display(path) for path in matches)
        raise ReviewRefused(f"id {record_id} 重复：{names} 都叫这个名字，请先给其中一个改名")
    path = matches[0]
    display = inbox.display(path)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise ReviewRefused(f"{display} 是符号链接（指向 {os.readlink(path)}），审核命令只修改投稿文件夹里的普通文件，未做修改")
    if not stat.S_ISREG(info.st_mode):
        raise ReviewRefused(f"{display} 不是普通文件，无法审核")
    try:
        path.resolve(strict=True).relative_to(folder.resolve(strict=True))
    except (ValueError, OSError):
        raise ReviewRefused(f"{display} 实际不在投稿文件夹 {inbox.display(folder)} 里，未做修改") from None
    return path


def read_regular_file(path: Path, display: str) -> tuple[bytes, int]:
    """The bytes and permission bits of ``path``, opened without following a symlink or waiting on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise ReviewRefused(f"无法读取 {display}（{error.strerror}），未做修改") from None
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ReviewRefused(f"{display} 不是普通文件，无法审核")
        if info.st_nlink > 1:
            # The same file under another name (a hard link), maybe outside the folder: the
            # decision would belong to both, so neither is changed.
            raise ReviewRefused(
                f"{display} 是硬链接（同一个文件共有 {info.st_nlink} 个名字，可能在投稿文件夹之外），未做修改：请把它复制成一个普通文件再审核"
            )
        return stream.read(), stat.S_IMODE(info.st_mode)


def _unfit(inbox: Inbox, path: Path, display: str, day: dt.date) -> list[Problem]:
    """What must be fixed before the submission may be published, as it is on disk now."""
    context = RuleContext(day, inbox.docs_dir)
    checked = check_record_file(inbox.collection, path, display, context)
    if isinstance(checked, list):
        return checked
    record: Record[Any] = checked
    return submission_problems(record, inbox.docs_dir, inbox.words)
