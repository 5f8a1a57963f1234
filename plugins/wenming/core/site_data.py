"""The portal's collections and loading all of them at once (used by the plugins and the CLI)."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .pages import ContentCheck, check_content, page_problem
from .parallel import ParallelReader
from .privacy import SecretRegistry
from .problems import Problem
from .records import (
    Collection,
    FileReading,
    LoadedCollection,
    Record,
    RememberedReadings,
    RuleContext,
    Violation,
    load_collection,
)
from .rules import (
    NOMINATION_STATUS_NAMES,
    SUBMISSION_STATUS_NAMES,
    event_rules,
    nomination_hidden,
    nomination_rules,
    star_hours_warnings,
    submission_hidden,
    submission_rules,
    team_rules,
    team_warnings,
)
from .schemas import Event, Nomination, Submission, Team
from .source import SourceRef
from .submissions import SENSITIVE_WORDS_FILE, load_sensitive_words, review_problems

SITE_TIMEZONE = ZoneInfo("Asia/Shanghai")


def collections(data_dir: str = "data", submissions_dir: str = "submissions") -> tuple[Collection[Any], ...]:
    """The record collections, with their folders relative to the docs dir."""
    return (
        Collection("nominations", "好人推荐", f"{data_dir}/nominations", Nomination,
                   rules=nomination_rules, hidden_reason=nomination_hidden, reason_names=NOMINATION_STATUS_NAMES),
        Collection("teams", "志愿服务队", f"{data_dir}/teams", Team, rules=team_rules,
                   invalid_file_checks=invalid_team_checks, numbers_handled_elsewhere=("contact",)),
        Collection("events", "活动", f"{data_dir}/events", Event, rules=event_rules),
        Collection("submissions", "投稿", submissions_dir, Submission, markdown=True,
                   rules=submission_rules, hidden_reason=submission_hidden, reason_names=SUBMISSION_STATUS_NAMES,
                   invalid_file_checks=invalid_submission_checks, numbers_handled_elsewhere=("title",),
                   checks_read_files=True),
    )  # fmt: skip


def invalid_team_checks(data: Mapping[str, Any], reading: FileReading, path: Path, context: RuleContext) -> list[Problem]:
    """The warnings of a valid team (a mobile number in ``contact``…) for a team file that is
    invalid for another reason, from the fields that are there, so the file's problems come at once."""
    partial = Team.model_construct(**{key: value for key, value in data.items() if key in Team.model_fields})
    source = SourceRef(path, reading.display, reading.line_offset)
    problems: list[Problem] = []
    for warnings in (team_warnings, star_hours_warnings):
        found: list[Violation] = []
        try:
            found.extend(warnings(partial))
        except (AttributeError, TypeError, ValueError):  # a field these warnings read is itself wrong
            continue
        problems += [source.problem(violation.loc, violation.message, str(violation.loc[0])) for violation in found]
    return problems


def invalid_submission_checks(
    data: Mapping[str, Any], reading: FileReading, path: Path, context: RuleContext
) -> list[Problem]:
    """The review of an approved submission's article, even when its front matter is wrong too."""
    if data.get("status") != "approved":
        return []
    title = data.get("title")
    return review_problems(
        reading.display,
        title if isinstance(title, str) else "",
        reading.key_lines.get("title", 2),
        reading.body,
        reading.body_line,
        path.parent,
        context.docs_dir,
        context.sensitive_words,
    )


@dataclass
class SiteData:
    build_date: dt.date
    loaded: dict[str, LoadedCollection[Any]] = field(default_factory=dict)
    # Symlinks, special files and unrenderable pages elsewhere in the content folder.
    content: ContentCheck = field(default_factory=ContentCheck)

    def __getitem__(self, name: str) -> LoadedCollection[Any]:
        return self.loaded[name]

    @property
    def problems(self) -> list[Problem]:
        return [problem for loaded in self.loaded.values() for problem in loaded.problems] + self.content.problems

    @property
    def secrets(self) -> SecretRegistry:
        registry = SecretRegistry()
        for loaded in self.loaded.values():
            registry.update(loaded.secrets)
        return registry

    def accounts(self) -> Iterator[str]:
        for loaded in self.loaded.values():
            yield loaded.account()


def resolve_build_date(configured: dt.date | str | None = None, environ: dict[str, str] | None = None) -> dt.date:
    """The day the site is built "as of": config first, then ``SOURCE_DATE_EPOCH``, then today in China.

    Upcoming/past splits and 公示 boxes depend on it, so fixing it makes builds reproducible.
    """
    environ = dict(os.environ) if environ is None else environ
    if isinstance(configured, dt.date):
        return configured
    if configured:
        try:
            return dt.date.fromisoformat(str(configured).strip())
        except ValueError:
            raise ValueError(f"build_date '{configured}' 不是有效日期（应为 YYYY-MM-DD）") from None
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), SITE_TIMEZONE).date()
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH '{epoch}' 不是整数秒数") from None
    return dt.datetime.now(SITE_TIMEZONE).date()


def load_site(
    docs_dir: Path,
    build_date: dt.date,
    data_dir: str = "data",
    submissions_dir: str = "submissions",
    display_root: Path | None = None,
    workers: int = 1,
    remembered: RememberedReadings | None = None,
) -> SiteData:
    """Load every collection. ``workers`` > 1 reads large collections' files in that many
    processes (for ``wenming check``; the build reads in its own process, which may run threads).
    ``remembered`` keeps files as read between loads (the preview server's)."""
    words = load_sensitive_words(docs_dir / data_dir / SENSITIVE_WORDS_FILE)
    context = RuleContext(build_date=build_date, docs_dir=docs_dir, sensitive_words=words)
    site = SiteData(build_date)
    # Loading makes hundreds of thousands of small objects that all stay alive: the cyclic
    # garbage collector would walk them again and again for nothing, so it waits until the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with ParallelReader(workers) as parallel_reader:
            read_files = remembered.start_load(parallel_reader) if remembered is not None else parallel_reader
            check = remembered.record_checker() if remembered is not None else None
            for collection in collections(data_dir, submissions_dir):
                site.loaded[collection.name] = load_collection(collection, docs_dir, context, display_root, read_files, check)
    finally:
        if collecting:
            gc.enable()
    check_page = remembered.file_check(page_problem) if remembered is not None else page_problem
    site.content = check_content(docs_dir, display_root or docs_dir.parent, (f"{data_dir}/", f"{submissions_dir}/"), check_page)
    reported = {problem.file for loaded in site.loaded.values() for problem in loaded.problems}
    site.content.problems = [problem for problem in site.content.problems if problem.file not in reported]
    withhold_unfit_submissions(site["submissions"], docs_dir, words)
    return site


def submission_problems(record: Record[Any], docs_dir: Path, words: tuple[str, ...]) -> list[Problem]:
    """What an editor must fix before ``record`` (a submission) may be published."""
    return review_problems(
        record.source.display,
        record.data.title,
        record.key_lines.get("title", 2),
        record.body,
        record.body_line,
        record.source.path.parent,
        docs_dir,
        words,
    )


def withhold_unfit_submissions(loaded: LoadedCollection[Any], docs_dir: Path, words: tuple[str, ...]) -> None:
    """An approved submission that fails review (a phone number slipped in, a missing image…) is
    reported and not published: approval is a person's judgement, the checks are the floor."""
    fit = []
    for record in loaded.records:
        problems = submission_problems(record, docs_dir, words)
        if problems:
            loaded.report(problems)
        else:
            fit.append(record)
    loaded.records = fit
