"""Load a collection: every record file of a folder -> public records + problems + an account.

A file is either published, hidden with a reason (e.g. a nomination still under review), or
invalid with at least one problem naming file, line and field. Nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import Node

from .messages import describe
from .privacy import (
    PersonalNumber,
    SecretRegistry,
    find_personal_numbers,
    mask,
    personal_numbers,
    scalar_leaves,
)
from .problems import Problem, field_path
from .source import SourceProblem, SourceRef, compose, decode, line_in, parse_mapping, split_front_matter

M = TypeVar("M", bound=BaseModel)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Violation:
    """A rule broken by a valid-looking record: which field, and what is wrong with it."""

    loc: tuple[str | int, ...]
    message: str
    # Where to point when the field itself is missing from the file (e.g. the status that
    # requires it), so the line shown is one the reader can act on.
    near: tuple[str | int, ...] | None = None


@dataclass(frozen=True)
class RuleContext:
    """What rules may need beyond the record itself."""

    build_date: dt.date
    docs_dir: Path


@dataclass(frozen=True)
class Record(Generic[M]):
    """A published record: its id (the file stem), its public fields and where it came from.

    Attribute access falls through to the public fields, so templates write ``event.title``.
    """

    id: str
    data: M
    source: SourceRef
    body: str = ""  # the Markdown after the front matter, for Markdown records
    body_line: int = 0  # the line of the file where ``body`` starts
    key_lines: Mapping[str, int] = field(default_factory=dict)  # line of each top-level field

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.data, name)


def _no_rules(record: Any, body: str, context: RuleContext) -> Iterable[Violation]:
    return ()


def _always_public(record: Any) -> str | None:
    return None


@dataclass(frozen=True)
class Collection(Generic[M]):
    """How to read one kind of record.

    ``hidden_reason`` returns why a valid record is not published (None: published);
    ``rules`` yields the cross-field rules a single record breaks.
    """

    name: str
    title: str
    folder: str  # relative to docs_dir
    model: type[M]
    markdown: bool = False  # Markdown with front matter instead of a YAML file
    rules: Callable[[M, str, RuleContext], Iterable[Violation]] = _no_rules
    hidden_reason: Callable[[M], str | None] = _always_public
    # Public fields whose personal numbers a section handles itself (a team's contact is left
    # off the page with a warning; a submission's title is checked at review).
    numbers_handled_elsewhere: tuple[str, ...] = ()

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (".md",) if self.markdown else (".yml", ".yaml")


@dataclass
class LoadedCollection(Generic[M]):
    collection: Collection[M]
    records: list[Record[M]] = field(default_factory=list)
    hidden: Counter[str] = field(default_factory=Counter)
    # Valid records that are not published, in their public form: a section may need to know
    # they exist (an id named elsewhere, a photo file that must then stay unpublished).
    withheld: list[Record[M]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    invalid_files: set[str] = field(default_factory=set)
    secrets: SecretRegistry = field(default_factory=SecretRegistry)
    read: int = 0

    @property
    def by_id(self) -> dict[str, Record[M]]:
        return {record.id: record for record in self.records}

    def report(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.problems.append(problem)
            self.invalid_files.add(problem.file)

    def account(self) -> str:
        """``read N = published P + hidden H (by reason) + invalid I`` for the build log."""
        hidden = sum(self.hidden.values())
        reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(self.hidden.items()))
        return (
            f"{self.collection.title}（{self.collection.name}）: read {self.read} = "
            f"published {len(self.records)} + hidden {hidden}"
            + (f" ({reasons})" if reasons else "")
            + f" + invalid {len(self.invalid_files)}"
        )


def record_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Record files in ``folder`` and its subfolders, in a stable order; dotfiles and dot-folders
    (editors' backups, .git) are ignored."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        found.extend(
            Path(current, name)
            for name in sorted(files)
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in suffixes
        )
    return found


@dataclass(frozen=True)
class FileReading:
    """A record file read on its own, before its schema is checked.

    This is the part of loading that needs nothing but the file (most of its cost: decoding,
    YAML, the personal-number scan), so it may run in a worker process; every field pickles.
    ``data`` is None when the file cannot be read as a record, and ``problem`` says why.
    """

    display: str
    data: dict[str, Any] | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    yaml_text: str = ""  # kept to compose the node tree if a problem needs a nested field's line
    line_offset: int = 0
    body: str = ""
    body_line: int = 0
    numbers: tuple[tuple[str, str], ...] = ()  # (kind, number) of unmasked personal numbers anywhere
    problem: Problem | None = None


def read_record_file(path: Path, display: str, markdown: bool) -> FileReading:
    try:
        text = decode(path.read_bytes(), display)
    except SourceProblem as error:
        return FileReading(display, problem=error.problem)
    except OSError as error:
        return FileReading(display, problem=Problem(display, None, f"无法读取文件：{error.strerror}"))
    # Personal numbers anywhere in the file are audited, whatever field they are in, and even
    # when the file is broken.
    numbers = tuple(personal_numbers(text))
    try:
        body, line_offset, body_line = "", 0, 0
        yaml_text = text
        if markdown:
            yaml_text, body, body_line = split_front_matter(text, display)
            line_offset = 1
        data, key_lines = parse_mapping(yaml_text, display, line_offset)
    except SourceProblem as error:
        return FileReading(display, numbers=numbers, problem=error.problem)
    return FileReading(display, data, key_lines, yaml_text, line_offset, body, body_line, numbers)


# Reads the files of one collection, in order: (paths, their display names, Markdown or not).
FileReader = Callable[[list[Path], list[str], bool], Iterable[FileReading]]


def read_in_process(paths: list[Path], displays: list[str], markdown: bool) -> Iterable[FileReading]:
    return map(read_record_file, paths, displays, repeat(markdown))


def load_collection(
    collection: Collection[M],
    docs_dir: Path,
    context: RuleContext,
    display_root: Path | None = None,
    read_files: FileReader = read_in_process,
) -> LoadedCollection[M]:
    """Read, validate and sort every record of ``collection`` under ``docs_dir``.

    ``display_root`` is the directory file names in messages are relative to (the project root,
    so messages say ``content/data/events/x.yml``); it defaults to the parent of ``docs_dir``.
    ``read_files`` may read the files in other processes (see :mod:`.parallel`).
    """
    root = display_root or docs_dir.parent
    loaded: LoadedCollection[M] = LoadedCollection(collection)
    seen_ids: dict[str, str] = {}
    paths = record_files(docs_dir / collection.folder, collection.suffixes)
    displays = [_display(path, root) for path in paths]
    for path, display, reading in zip(paths, displays, read_files(paths, displays, collection.markdown), strict=True):
        loaded.read += 1
        record_id = path.stem
        problems: list[Problem] = []
        if not SLUG.match(record_id):
            problems.append(
                Problem(
                    display,
                    None,
                    f"文件名 {path.name!r} 不能用作 id：只能用小写英文字母、数字和连字符（-），"
                    "且以字母或数字开头，例如 zhongqiu-2026" + path.suffix,
                    "id",
                )
            )
        elif record_id in seen_ids:
            problems.append(
                Problem(
                    display,
                    None,
                    f"id {record_id!r} 重复：{seen_ids[record_id]} 已经用了这个 id，同一类记录的文件名不能相同",
                    "id",
                )
            )
        else:
            seen_ids[record_id] = display
        result = _check_one(collection, path, reading, context, loaded.secrets)
        if isinstance(result, list):
            problems.extend(result)
        if problems:
            loaded.report(problems)
            continue
        assert isinstance(result, Record)
        reason = collection.hidden_reason(result.data)
        if reason:
            loaded.hidden[reason] += 1
            loaded.withheld.append(result)
        else:
            loaded.records.append(result)
    loaded.records.sort(key=lambda record: record.id)
    return loaded


def _check_one(
    collection: Collection[M], path: Path, reading: FileReading, context: RuleContext, secrets: SecretRegistry
) -> Record[M] | list[Problem]:
    display, data, line_offset = reading.display, reading.data, reading.line_offset
    if data is None:
        assert reading.problem is not None
        secrets.add_numbers(reading.numbers, display)
        return [reading.problem]

    problems: list[Problem] = []
    private = data.pop("private", None)
    if isinstance(private, dict):
        secrets.add_private(private, display)
    elif private is not None:
        problems.append(
            Problem(display, reading.key_lines.get("private"),
                    f"private 应为“字段: 值”的映射（例如 phone: ...），实际是 {private!r}", "private")
        )
        secrets.add(str(private), f"{display} (private)")
    # Private values go first so the audit names the field they came from.
    secrets.add_numbers(reading.numbers, display)

    tree: list[Node] = []

    def locate(loc: tuple[str | int, ...]) -> int:
        # The node tree gives the line of any nested field; it is composed only for a problem.
        if not tree:
            node = compose(reading.yaml_text, display, line_offset)
            assert node is not None  # the same text was parsed as a mapping
            tree.append(node)
        return line_in(tree[0], loc) + line_offset

    try:
        model = collection.model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            problems.append(Problem(display, locate(loc), describe(detail, collection.model), field_path(loc) or None))
        return sorted(problems, key=lambda problem: problem.line or 0)

    for violation in collection.rules(model, reading.body, context):
        missing = violation.loc and violation.loc[0] not in data
        line = locate(violation.near if violation.near and missing else violation.loc)
        problems.append(Problem(display, line, violation.message, field_path(violation.loc) or None))
    # A record published as it is: no mobile or ID number in any public field, in any spelling.
    if collection.hidden_reason(model) is None:
        for loc, number in public_personal_numbers(data, collection.numbers_handled_elsewhere):
            where = field_path(loc)
            message = (f"{where} 含有{number.kind} {mask(number.digits)}：这个字段会公开发布，"
                       "个人手机号、身份证号请移到 private: 下（例如 private: {phone: ...}）")  # fmt: skip
            problems.append(Problem(display, locate(loc), message, where))
    # A short private name that is also a public value (a leader's published name) is public.
    secrets.add_public(text for _, text in scalar_leaves(data))
    if problems:
        return sorted(problems, key=lambda problem: problem.line or 0)
    source = SourceRef(path, display, line_offset)
    return Record(path.stem, model, source, reading.body, reading.body_line, reading.key_lines)


def public_personal_numbers(data: Mapping[str, Any], skip: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], PersonalNumber]]:
    """(field location, number) of each mobile or ID number in a record's public fields."""
    for loc, text in scalar_leaves(data):
        if loc and loc[0] in skip:
            continue
        for number in find_personal_numbers(text):
            yield loc, number


def check_record_file(collection: Collection[M], path: Path, display: str, context: RuleContext) -> Record[M] | list[Problem]:
    """One file of ``collection`` read and checked on its own (the record, or its problems), as
    :func:`load_collection` checks each file; for a tool that changes one record at a time."""
    return _check_one(collection, path, read_record_file(path, display, collection.markdown), context, SecretRegistry())


def _display(path: Path, root: Path) -> str:
    """The path as staff see it in messages: relative to the project, with forward slashes."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    relative = text[len(prefix) :] if text.startswith(prefix) else os.path.relpath(text, root)
    return relative.replace(os.sep, "/")


def iter_problems(collections: Iterable[LoadedCollection[Any]]) -> Iterator[Problem]:
    for loaded in collections:
        yield from loaded.problems
