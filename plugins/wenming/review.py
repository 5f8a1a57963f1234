"""``wenming review``: editors list pending submissions and approve or reject them.

The decision itself is :func:`wenming.core.review.decide` (shared with the intake service):
ids checked, the file replaced atomically under the folder's lock, only the review keys of the
front matter changed. Everything printed that came from a file passes :func:`say`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import click

from .core.problems import Problem
from .core.records import LoadedCollection, RuleContext, load_collection
from .core.review import AlreadyDecided, Decided, Decision, Inbox, ReviewRefused, decide
from .core.site_data import resolve_build_date, submission_problems
from .core.submissions import gate_notes
from .core.terminal import for_terminal


@dataclasses.dataclass
class Listing:
    """Every submission of the inbox, loaded as the build loads them, whatever its status."""

    inbox: Inbox
    loaded: LoadedCollection[Any]

    def problems_of(self, record_id: str) -> list[Problem]:
        display = next((p.file for p in self.loaded.problems if Path(p.file).stem == record_id), None)
        found = [problem for problem in self.loaded.problems if problem.file == display]
        record = self.loaded.by_id.get(record_id)
        if record is not None:
            found += submission_problems(record, self.inbox.docs_dir, self.inbox.words)
        return found


def open_inbox(config_file: Path) -> Inbox:
    from .cli import read_portal_settings

    docs_dir, options = read_portal_settings(config_file)
    data_dir = str(options.get("data_dir") or "data").strip("/")
    submissions_dir = str(options.get("submissions_dir") or "submissions").strip("/")
    return Inbox.of(docs_dir, data_dir, submissions_dir, config_file.resolve().parent)


def list_inbox(inbox: Inbox, build_date: dt.date) -> Listing:
    # Every valid submission, whatever its status: the inbox shows pending ones too.
    collection = dataclasses.replace(inbox.collection, hidden_reason=lambda record: None)
    return Listing(inbox, load_collection(collection, inbox.docs_dir, RuleContext(build_date, inbox.docs_dir), inbox.display_root))


def say(text: str, err: bool = False) -> None:
    """Print one line: whatever came from a file (title, author, team, problems) is made inert first."""
    click.echo(for_terminal(text), err=err)


def review_date(day: str | None) -> dt.date:
    try:
        return resolve_build_date(day)
    except ValueError:
        raise click.BadParameter(f"“{for_terminal(day or '')}” 不是有效日期，应为 YYYY-MM-DD", param_hint="--date") from None


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
    listing = list_inbox(open_inbox(config_file), resolve_build_date())
    pending = [record for record in listing.loaded.records if record.data.status == "pending"]
    broken = sorted({Path(problem.file).stem for problem in listing.loaded.problems})
    if not pending and not broken:
        say("没有待审稿件。")
        return
    for record in pending:
        problems = listing.problems_of(record.id)
        team = f"（{record.data.team}）" if record.data.team else ""
        verdict = f"{len(problems)} 个问题，改正后才能通过" if problems else "可以通过"
        say(f"{record.id}  {record.data.title}  投稿：{record.data.author}{team}  {record.data.submitted}  —— {verdict}")
        for problem in problems:
            say(f"    {problem}")
        # Not problems: what the trust gate shows as text or drops when the submission is published.
        for note in gate_notes(record.source.display, record.body, record.body_line):
            say(f"    提示：{note}")
    for record_id in broken:
        say(f"{record_id}  —— 文件有错误，无法审核：")
        for problem in listing.problems_of(record_id):
            say(f"    {problem}")


def _apply(config_file: Path, record_id: str, decision: Decision) -> Decided:
    try:
        return decide(open_inbox(config_file), record_id, decision)
    except AlreadyDecided as refused:
        say(refused.message, err=True)
        raise click.ClickException(f"如确需改判，请加 --change 重新执行（稿件 {for_terminal(record_id)} 未做修改）") from None
    except ReviewRefused as refused:
        for problem in refused.problems:
            say(str(problem), err=True)
        raise click.ClickException(for_terminal(refused.message)) from None


change_option = click.option("--change", is_flag=True, help="改判：稿件已被通过或退回时，仍改为本次决定")


@review.command()
@click.argument("record_id", metavar="ID")
@click.option("--reviewer", required=True, help="审核人姓名")
@click.option("--date", "day", help="审核日期 YYYY-MM-DD，默认今天")
@change_option
@config_option
def approve(record_id: str, reviewer: str, day: str | None, change: bool, config_file: Path) -> None:
    """通过稿件 ID（有问题的稿件不能通过）。"""
    decided = _apply(config_file, record_id, Decision("approve", reviewer, review_date(day), change=change))
    if not decided.changed:
        say(f"稿件 {decided.record_id} 已经通过（审核人 {decided.reviewer}），未做修改。")
        return
    say(f"已通过：{decided.record_id}《{decided.title}》，审核人 {decided.reviewer}，{decided.reviewed}。下次生成网站时发布。")


@review.command()
@click.argument("record_id", metavar="ID")
@click.option("--reviewer", required=True, help="审核人姓名")
@click.option("--note", required=True, help="退回理由（作者会看到）")
@click.option("--date", "day", help="审核日期 YYYY-MM-DD，默认今天")
@change_option
@config_option
def reject(record_id: str, reviewer: str, note: str, day: str | None, change: bool, config_file: Path) -> None:
    """退回稿件 ID，并写明理由。"""
    decided = _apply(config_file, record_id, Decision("reject", reviewer, review_date(day), note, change=change))
    if not decided.changed:
        say(f"稿件 {decided.record_id} 已经退回（审核人 {decided.reviewer}，理由：{decided.note}），未做修改。")
        return
    say(f"已退回：{decided.record_id}，审核人 {decided.reviewer}，理由：{decided.note}")
