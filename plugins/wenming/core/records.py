"""Load a collection: every record file of a folder -> public records + problems + an account.

A file is either published, hidden with a reason (e.g. a nomination still under review), or
invalid with at least one problem naming file, line and field. Nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import repeat
from pathlib import Path
from stat import S_ISREG
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel, ValidationError
from yaml.nodes import Node

from .limits import MAX_TEXT_CHARS, NotRegularFile, markdown_problem, read_regular_file, text_problem
from .messages import describe
from .privacy import (
    PersonalNumber,
    SecretRegistry,
    find_personal_numbers,
    mask,
    may_hold_personal_number,
    personal_numbers,
    scalar_leaves,
    scalar_texts,
)
from .problems import Problem, field_path
from .source import SourceProblem, SourceRef, compose, decode, line_in, parse_mapping, split_front_matter

M = TypeVar("M", bound=BaseModel)
C = TypeVar("C")

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
    """What rules may need beyond the record itself.

    A rule that looks at another file (a nomination's photo) does it through :meth:`file_mode`,
    which notes the file in ``looked_at`` when given a list: the preview server reuses a record's
    check only while those files are as they were (RememberedReadings.record_checker).
    """

    build_date: dt.date
    docs_dir: Path
    sensitive_words: tuple[str, ...] = ()  # the office's list, for submissions
    looked_at: list[tuple[str, FileStamp | None]] | None = field(default=None, compare=False, repr=False)

    def file_mode(self, path: Path) -> int | None:
        """``path``'s mode as ``os.lstat`` gives it (a link is not followed), or None when there is
        nothing there."""
        stamp = file_stamp(path)
        if self.looked_at is not None:
            self.looked_at.append((str(path), stamp))
        return stamp[0] if stamp is not None else None


# A file as lstat sees it: mode, size, modification time, inode.
FileStamp = tuple[int, int, int, int]


def file_stamp(path: Path | str) -> FileStamp | None:
    try:
        stat = os.lstat(path)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None
    return (stat.st_mode, stat.st_size, stat.st_mtime_ns, stat.st_ino)


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


def _no_file_checks(data: Mapping[str, Any], reading: FileReading, path: Path, context: RuleContext) -> list[Problem]:
    return []


@dataclass(frozen=True)
class Collection(Generic[M]):
    """How to read one kind of record.

    ``hidden_reason`` returns why a valid record is not published (None: published);
    ``rules`` yields the cross-field rules a single record breaks. ``invalid_file_checks``
    finds, in a file already found invalid, what else is wrong that other stages would only
    tell later (a phone number in a public field, an unfit submission body), so that one run
    reports every problem of the file.
    """

    name: str
    title: str
    folder: str  # relative to docs_dir
    model: type[M]
    markdown: bool = False  # Markdown with front matter instead of a YAML file
    rules: Callable[[M, str, RuleContext], Iterable[Violation]] = _no_rules
    hidden_reason: Callable[[M], str | None] = _always_public
    reason_names: Mapping[str, str] = field(default_factory=dict)  # hidden reason -> its Chinese name
    invalid_file_checks: Callable[[Mapping[str, Any], FileReading, Path, RuleContext], list[Problem]] = _no_file_checks
    # Public fields whose personal numbers a section handles itself (a team's contact is left
    # off the page with a warning; a submission's title is checked at review).
    numbers_handled_elsewhere: tuple[str, ...] = ()
    # Checks that read files other than the record's without RuleContext.file_mode (a submission's
    # review reads its images): the preview server checks such records again on every load.
    checks_read_files: bool = False

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
        """``读取 N = 发布 P + 不公开 H（按原因）+ 有错误 I`` for the build log and ``wenming check``."""
        hidden = sum(self.hidden.values())
        names = self.collection.reason_names
        reasons = "，".join(
            f"{names[reason]} {reason} {count}" if reason in names else f"{reason} {count}"
            for reason, count in sorted(self.hidden.items())
        )
        return (
            f"{self.collection.title}（{self.collection.name}）：读取 {self.read} = "
            f"发布 {len(self.records)} + 不公开 {hidden}"
            + (f"（{reasons}）" if reasons else "")
            + f" + 有错误 {len(self.invalid_files)}"
        )


def record_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Record files in ``folder`` and its subfolders, in a stable order; dotfiles and dot-folders
    (editors' backups, .git) are ignored.

    Symlinked folders are not walked into but listed like files, so that reading them reports
    the link and its target instead of skipping their records silently.
    """
    found: list[Path] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        linked = [name for name in dirs if os.path.islink(os.path.join(current, name))]
        if linked:
            dirs[:] = [name for name in dirs if name not in linked]
            found.extend(Path(current, name) for name in linked)
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
        text = decode(read_regular_file(path), display)
    except SourceProblem as error:
        return FileReading(display, problem=error.problem)
    except NotRegularFile as error:
        return FileReading(display, problem=Problem(display, None, f"{path.name} {error.message}"))
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
        _check_texts(data, yaml_text, display, line_offset)
        if markdown:
            _check_body(body, body_line, display)
    except SourceProblem as error:
        return FileReading(display, numbers=numbers, problem=error.problem)
    return FileReading(display, data, key_lines, yaml_text, line_offset, body, body_line, numbers)


def _check_texts(data: dict[str, Any], yaml_text: str, display: str, line_offset: int) -> None:
    """Refuse a text field too long, or too costly to render as Markdown (record prose such as
    ``deeds`` and ``description`` is rendered into pages), naming the field and its line."""
    found = _first_unfit_text(data)
    if found is not None:
        loc, problem = found
        node = compose(yaml_text, display, line_offset)
        line = None if node is None else line_in(node, loc) + line_offset
        raise SourceProblem(Problem(display, line, f"{field_path(loc)} {problem}", field_path(loc)))


def _first_unfit_text(value: Any) -> tuple[tuple[str | int, ...], str] | None:
    """(where, why) of the first string in ``value`` that :func:`text_problem` refuses; the path is
    built only on the way back from a find (this runs on every field of every record)."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(item, str):
            problem = text_problem(item) if len(item) > 32 else None
            if problem:
                return (key,), problem
        elif isinstance(item, dict | list):
            found = _first_unfit_text(item)
            if found is not None:
                return (key, *found[0]), found[1]
    return None


def _check_body(body: str, body_line: int, display: str) -> None:
    """A submission's article: bounded length, and Markdown that renders in well under a second."""
    if len(body) > MAX_TEXT_CHARS:
        raise SourceProblem(
            Problem(display, body_line, f"正文有 {len(body)} 个字符，超过 {MAX_TEXT_CHARS} 个：请精简，或分成几篇投稿", "body")
        )
    line, message = markdown_problem(body, body_line)
    if message:
        raise SourceProblem(Problem(display, line, f"正文{message}", "body"))


# Reads the files of one collection, in order: (paths, their display names, Markdown or not).
FileReader = Callable[[list[Path], list[str], bool], Iterable[FileReading]]
# Checks one file's reading: (collection, path, reading, context, secrets) -> record or problems.
RecordChecker = Callable[[Any, Path, FileReading, RuleContext, SecretRegistry], Any]


def read_in_process(paths: list[Path], displays: list[str], markdown: bool) -> Iterable[FileReading]:
    return map(read_record_file, paths, displays, repeat(markdown))


K = TypeVar("K")
E = TypeVar("E")


class KeptBetweenBuilds(Generic[K, E]):
    """Entries a process that builds the site again and again (the preview server) keeps from
    one build to the next, by key. ``start`` begins a build: entries the last build did not ask
    for are let go, unless it asked for none (it failed before). ``made`` counts the entries made
    anew since ``start``, for tests and benchmarks."""

    def __init__(self) -> None:
        self._known: dict[K, E] = {}
        self._asked: dict[K, E] = {}
        self.made = 0

    def start(self) -> None:
        if self._asked:
            self._known = self._asked
        self._asked = {}
        self.made = 0

    def _remembered(self, key: K) -> E | None:
        return self._asked.get(key) or self._known.get(key)

    def _kept(self, key: K, entry: E, made: bool) -> E:
        self._asked[key] = entry
        self.made += made
        return entry


class RememberedDerivations(KeptBetweenBuilds[int, tuple[Record[Any], C]]):
    """``derive(record)`` remembered by the record object, from one build to the next, for a
    function of the record alone whose value is frozen (a 身边好人 nominee as pages show it).

    The preview server hands out the same frozen Record while its file and check are unchanged
    (RememberedReadings), so the same object gives the same value; a value is kept with its
    record, so the identity is never another record's. The values are the same objects build
    after build, which the preview digests once (``lasting``)."""

    def __init__(self, derive: Callable[[Record[Any]], C]) -> None:
        super().__init__()
        self._derive = derive

    def __call__(self, record: Record[Any]) -> C:
        known = self._remembered(id(record))
        if known is not None and known[0] is record:
            return self._kept(id(record), known, made=False)[1]
        return self._kept(id(record), (record, self._derive(record)), made=True)[1]

    def lasting(self) -> Iterator[C]:
        """The values handed out in the latest build."""
        for _record, value in self._asked.values():
            yield value


class RememberedReadings:
    """Record files as an earlier load in this process read them, for the preview server, which
    loads every record again after each edit: a regular file whose size, modification time and
    inode are unchanged is not decoded, parsed and scanned again (two thirds of loading).

    Each reading is handed out as a fresh copy, as checking a record takes the private values
    out of its data. Only the files of the latest load are kept.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[str, str, bool], tuple[tuple[int, int, int], bytes]] = {}
        self._checked: dict[tuple[str, str, str], tuple[tuple[int, int, int], Any]] = {}
        self._checked_before: dict[tuple[str, str, str], tuple[tuple[int, int, int], Any]] = {}
        self._records: dict[tuple[str, str, str], _CheckedRecord] = {}
        self._records_before: dict[tuple[str, str, str], _CheckedRecord] = {}
        self.parsed = 0  # files read afresh by the latest load
        self.records_checked = 0  # records checked afresh by the latest load

    def file_check(self, check: Callable[[Path, str], C]) -> Callable[[Path, str], C]:
        """``check`` (a function of a file's bytes and its display name only, with an immutable
        answer, such as pages.page_problem) answered from the last load for an unchanged file."""

        def checked(path: Path, display: str) -> C:
            stamp = _regular_file_stamp(path)
            key = (check.__qualname__, str(path), display)
            known = self._checked_before.get(key)
            if stamp is not None and known is not None and known[0] == stamp:
                answer: C = known[1]
            else:
                answer = check(path, display)
            if stamp is not None:
                self._checked[key] = (stamp, answer)
            return answer

        return checked

    def start_load(self, read_files: FileReader) -> FileReader:
        """``read_files`` for one load, answering from the files remembered by the last one."""
        previous, self._known, self.parsed = self._known, {}, 0
        self._checked_before, self._checked = self._checked, {}
        self._records_before, self._records, self.records_checked = self._records, {}, 0

        def read(paths: list[Path], displays: list[str], markdown: bool) -> Iterator[FileReading]:
            stamps = [_regular_file_stamp(path) for path in paths]
            keys = [(str(path), display, markdown) for path, display in zip(paths, displays, strict=True)]
            remembered = [
                known if stamp is not None and (known := previous.get(key)) is not None and known[0] == stamp else None
                for key, stamp in zip(keys, stamps, strict=True)
            ]
            unknown = [number for number, known in enumerate(remembered) if known is None]
            self.parsed += len(unknown)
            fresh = iter(read_files([paths[n] for n in unknown], [displays[n] for n in unknown], markdown))
            for key, stamp, known in zip(keys, stamps, remembered, strict=True):
                if known is None:
                    reading = next(fresh)
                    if stamp is not None:
                        self._known[key] = (stamp, pickle.dumps(reading, protocol=pickle.HIGHEST_PROTOCOL))
                    yield reading
                else:
                    self._known[key] = known  # the same entry: nothing new for the collector to walk
                    yield cast(FileReading, _RememberedReading(key[1], known[1]))

        return read

    def record_checker(self) -> RecordChecker:
        """:func:`check_record` for one load, answered from the last load for a record whose file
        was not read again (the same reading), checked in an equal context, and whose other files
        looked at (a photo) are as they were. The answer is the same Record object, so that the
        preview server can tell an unchanged record by its identity; the private values and
        numbers it registered are registered again."""
        # Whether a context of the last load equals one of this load: compared once per pair (a
        # load has one context object), not once per record. Both stay alive through the load.
        equal: dict[tuple[int, int], bool] = {}

        def same(earlier: RuleContext, context: RuleContext) -> bool:
            key = (id(earlier), id(context))
            answer = equal.get(key)
            if answer is None:
                answer = equal[key] = earlier == context
            return answer

        def check(
            collection: Collection[Any], path: Path, reading: FileReading, context: RuleContext, secrets: SecretRegistry
        ) -> Record[Any] | list[Problem]:
            key = (collection.name, str(path), reading.display)
            known = self._known.get((str(path), reading.display, collection.markdown))
            blob = known[1] if known is not None else None
            before = self._records_before.get(key)
            if (
                before is None
                or blob is None
                or before.blob is not blob  # read again: the file changed
                or collection.checks_read_files
                or not same(before.context, context)
                or any(file_stamp(name) != stamp for name, stamp in before.looked_at)
            ):
                looked_at: list[tuple[str, FileStamp | None]] = []
                registry = SecretRegistry()
                result = check_record(collection, path, reading, replace(context, looked_at=looked_at), registry)
                lasting = (result, *_models_in(result.data)) if isinstance(result, Record) else ()
                before = _CheckedRecord(blob, context, tuple(looked_at), result, registry, lasting)
                self.records_checked += 1
            if blob is not None:
                self._records[key] = before
            secrets.update(before.secrets)
            return before.result

        return check

    def lasting_records(self) -> Iterator[Any]:
        """The records of the latest load that the next one hands out again while their files
        and checks are unchanged, and their models: frozen, the same objects build after build."""
        for checked in self._records.values():
            yield from checked.lasting


def _models_in(model: BaseModel) -> Iterator[BaseModel]:
    """``model`` and the models in its fields, lists and tuples (a team's service records)."""
    yield model
    for value in model.__dict__.values():
        if isinstance(value, BaseModel):
            yield from _models_in(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, BaseModel):
                    yield from _models_in(item)


class _RememberedReading:
    """A reading as the last load kept it, unpickled (a fresh copy) only when a field other than
    its display name is read: for a record whose check is remembered too (record_checker), never."""

    __slots__ = ("_blob", "_reading", "display")

    def __init__(self, display: str, blob: bytes) -> None:
        self.display = display
        self._blob = blob
        self._reading: FileReading | None = None

    def __getattr__(self, name: str) -> Any:
        if self._reading is None:
            self._reading = pickle.loads(self._blob)
        return getattr(self._reading, name)


@dataclass(frozen=True)
class _CheckedRecord:
    blob: bytes | None  # the reading checked, as RememberedReadings keeps it
    context: RuleContext
    looked_at: tuple[tuple[str, FileStamp | None], ...]
    result: Record[Any] | list[Problem]
    secrets: SecretRegistry  # what the check registered
    lasting: tuple[Any, ...]  # the record and the models in it (lasting_records), or nothing


def _regular_file_stamp(path: Path) -> tuple[int, int, int] | None:
    stamp = file_stamp(path)
    return stamp[1:] if stamp is not None and S_ISREG(stamp[0]) else None


def load_collection(
    collection: Collection[M],
    docs_dir: Path,
    context: RuleContext,
    display_root: Path | None = None,
    read_files: FileReader = read_in_process,
    check: RecordChecker | None = None,
) -> LoadedCollection[M]:
    """Read, validate and sort every record of ``collection`` under ``docs_dir``.

    ``display_root`` is the directory file names in messages are relative to (the project root,
    so messages say ``content/data/events/x.yml``); it defaults to the parent of ``docs_dir``.
    ``read_files`` may read the files in other processes (see :mod:`.parallel`); ``check`` may
    answer for unchanged records from an earlier load (RememberedReadings.record_checker).
    """
    check = check or check_record
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
        result = check(collection, path, reading, context, loaded.secrets)
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


def check_record(
    collection: Collection[M], path: Path, reading: FileReading, context: RuleContext, secrets: SecretRegistry
) -> Record[M] | list[Problem]:
    """One record file's reading checked against its schema and rules: the record, or its problems.
    Its private values and personal numbers are registered in ``secrets``."""
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
                    f"private（不公开的个人信息） 应为“字段: 值”的映射，下一行缩进后逐项写（例如 phone: ...），"
                    f"实际是一个{'列表' if isinstance(private, list) else '值'} {mask(str(private))}", "private")
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
        problems += collection.invalid_file_checks(data, reading, path, context)
        return sorted(problems, key=lambda problem: problem.line or 0)

    for violation in collection.rules(model, reading.body, context):
        missing = violation.loc and violation.loc[0] not in data
        line = locate(violation.near if violation.near and missing else violation.loc)
        problems.append(Problem(display, line, violation.message, field_path(violation.loc) or None))
    texts = scalar_texts(data)
    # A record published as it is: no mobile or ID number in any public field, in any spelling.
    # Field by field (for the locations) only when a quick scan of all the values finds a candidate.
    if collection.hidden_reason(model) is None and may_hold_personal_number(texts):
        for loc, number in public_personal_numbers(scalar_leaves(data), collection.numbers_handled_elsewhere):
            where = field_path(loc)
            message = (f"{where} 含有{number.kind} {mask(number.digits)}：这个字段会公开发布，"
                       "个人手机号、身份证号请移到 private: 下（例如 private: {phone: ...}）")  # fmt: skip
            problems.append(Problem(display, locate(loc), message, where))
    # A short private name that is also a public value (a leader's published name) is public.
    secrets.add_public(texts)
    if problems:
        problems += collection.invalid_file_checks(data, reading, path, context)
        return sorted(problems, key=lambda problem: problem.line or 0)
    source = SourceRef(path, display, line_offset)
    return Record(path.stem, model, source, reading.body, reading.body_line, reading.key_lines)


def check_record_file(collection: Collection[M], path: Path, display: str, context: RuleContext) -> Record[M] | list[Problem]:
    """One file of ``collection`` read and checked on its own (the record, or its problems), as
    :func:`load_collection` checks each file; for a tool that changes one record at a time."""
    return check_record(collection, path, read_record_file(path, display, collection.markdown), context, SecretRegistry())


def public_personal_numbers(
    leaves: Iterable[tuple[tuple[str | int, ...], str]], skip: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], PersonalNumber]]:
    """(field location, number) of each mobile or ID number among a record's public values
    (:func:`.privacy.scalar_leaves` of its data)."""
    for loc, text in leaves:
        if loc and loc[0] in skip:
            continue
        for number in find_personal_numbers(text):
            yield loc, number


def _display(path: Path, root: Path) -> str:
    """The path as staff see it in messages: relative to the project, with forward slashes."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    relative = text[len(prefix) :] if text.startswith(prefix) else os.path.relpath(text, root)
    return relative.replace(os.sep, "/")


def iter_problems(collections: Iterable[LoadedCollection[Any]]) -> Iterator[Problem]:
    for loaded in collections:
        yield from loaded.problems
