"""``wenming review``: editors list pending submissions and approve or reject them.

Approving or rejecting rewrites only the submission's front-matter lines it must (status,
reviewer, review date, note), so the volunteer's article stays byte for byte as written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import click

from .core.problems import Problem
from .core.records import LoadedCollection, Record, RuleContext, load_collection
from .core.site_data import collections, resolve_build_date, submission_problems
from .core.submissions import SENSITIVE_WORDS_FILE, edit_front_matter, gate_notes, load_sensitive_words


@dataclasses.dataclass
class Inbox:
    docs_dir: Path
    folder: Path
    loaded: LoadedCollection[Any]
    words: tuple[str, ...]

    def problems_of(self, record_id: str) -> list[Problem]:
        display = next((p.file for p in self.loaded.problems if Path(p.file).stem == record_id), None)
        found = [problem for problem in self.loaded.problems if problem.file == display]
        record = self.loaded.by_id.get(record_id)
        if record is not None:
            found += submission_problems(record, self.docs_dir, self.words)
        return found


def open_inbox(config_file: Path, build_date: dt.date) -> Inbox:
    from .cli import read_portal_settings

    docs_dir, options = read_portal_settings(config_file)
    data_dir = str(options.get("data_dir") or "data").strip("/")
    submissions_dir = str(options.get("submissions_dir") or "submissions").strip("/")
    collection = next(c for c in collections(data_dir, submissions_dir) if c.name == "submissions")
    # Every valid submission, whatever its status: the inbox shows pending ones too.
    collection = dataclasses.replace(collection, hidden_reason=lambda record: None)
    loaded = load_collection(collection, docs_dir, RuleContext(build_date, docs_dir), config_file.resolve().parent)
    words = load_sensitive_words(docs_dir / data_dir / SENSITIVE_WORDS_FILE)
    return Inbox(docs_dir, docs_dir / submissions_dir, loaded, words)


config_option = click.option(
    "-f", "--config-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default="mkdocs.yml", show_default=True, help="站点配置文件",
)  # fmt: skip


@click.group()
def review() -> None:
    """审核志愿者投稿：列出待审稿件，通过或退回。"""


@review.command("list")
@config_option
def list_pending(config_file: Path) -> None:
    """列出待审（pending）稿件及其问题。"""
    inbox = open_inbox(config_file, resolve_build_date())
    pending = [record for record in inbox.loaded.records if record.data.status == "pending"]
    broken = sorted({Path(problem.file).stem for problem in inbox.loaded.problems})
    if not pending and not broken:
        click.echo("没有待审稿件。")
        return
    for record in pending:
        problems = inbox.problems_of(record.id)
        team = f"（{record.data.team}）" if record.data.team else ""
        verdict = f"{len(problems)} 个问题，改正后才能通过" if problems else "可以通过"
        click.echo(f"{record.id}  {record.data.title}  投稿：{record.data.author}{team}  {record.data.submitted}  —— {verdict}")
        for problem in problems:
            click.echo(f"    {problem}")
        # Not problems: what the trust gate shows as text or drops when the submission is published.
        for note in gate_notes(record.source.display, record.body, record.body_line):
            click.echo(f"    提示：{note}")
    for record_id in broken:
        click.echo(f"{record_id}  —— 文件有错误，无法审核：")
        for problem in inbox.problems_of(record_id):
            click.echo(f"    {problem}")


def _find(inbox: Inbox, record_id: str) -> tuple[Path, Record[Any] | None]:
    path = inbox.folder / f"{record_id}.md"
    if not path.is_file():
        matches = sorted(inbox.folder.rglob(f"{record_id}.md"))
        if not matches:
            raise click.ClickException(f"找不到稿件 {record_id}（应为 {path}）")
        path = matches[0]
    return path, inbox.loaded.by_id.get(record_id)


def _write(path: Path, updates: dict[str, Any], remove: list[str]) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    bom = path.read_bytes().startswith(b"\xef\xbb\xbf")
    edited = edit_front_matter(text, updates, remove)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + edited.encode("utf-8"))


@review.command()
@click.argument("record_id", metavar="ID")
@click.option("--reviewer", required=True, help="审核人姓名")
@click.option("--date", "day", help="审核日期 YYYY-MM-DD，默认今天")
@config_option
def approve(record_id: str, reviewer: str, day: str | None, config_file: Path) -> None:
    """通过稿件 ID（有问题的稿件不能通过）。"""
    reviewed = resolve_build_date(day)
    inbox = open_inbox(config_file, reviewed)
    path, record = _find(inbox, record_id)
    problems = inbox.problems_of(record_id)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"稿件 {record_id} 有 {len(problems)} 个问题，不能通过。请作者改正后再审。")
    assert record is not None
    if record.data.status == "approved":
        click.echo(f"稿件 {record_id} 已经通过（审核人 {record.data.reviewer}），未做修改。")
        return
    _write(path, {"status": "approved", "reviewer": reviewer.strip(), "reviewed": reviewed}, ["review_note"])
    click.echo(f"已通过：{record_id}《{record.data.title}》，审核人 {reviewer}，{reviewed}。下次生成网站时发布。")


@review.command()
@click.argument("record_id", metavar="ID")
@click.option("--reviewer", required=True, help="审核人姓名")
@click.option("--note", required=True, help="退回理由（作者会看到）")
@click.option("--date", "day", help="审核日期 YYYY-MM-DD，默认今天")
@config_option
def reject(record_id: str, reviewer: str, note: str, day: str | None, config_file: Path) -> None:
    """退回稿件 ID，并写明理由。"""
    if not note.strip():
        raise click.ClickException("退回理由不能为空")
    reviewed = resolve_build_date(day)
    inbox = open_inbox(config_file, reviewed)
    path, _ = _find(inbox, record_id)
    _write(path, {"status": "rejected", "reviewer": reviewer.strip(), "reviewed": reviewed, "review_note": note.strip()}, [])
    click.echo(f"已退回：{record_id}，审核人 {reviewer}，理由：{note.strip()}")
