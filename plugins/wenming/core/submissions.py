"""Reviewing volunteers' submissions (投稿): the checks an editor needs before approving, and
changing a submission's status in place.

A submission is a Markdown file with front matter (see :class:`~wenming.core.schemas.Submission`).
:func:`review_problems` finds what would make it unfit to publish, each with the line it is on.
Changing its status is :mod:`.review`'s job (structurally, see :mod:`.front_matter`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .gate import contributor_gate_notes
from .privacy import find_personal_numbers, mask
from .problems import Problem

MIN_BODY_LENGTH = 50
MAX_IMAGE_BYTES = 2 * 1024 * 1024
SENSITIVE_WORDS_FILE = "sensitive-words.txt"  # in the data folder, one word or phrase per line

_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.I)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the file
    text: str


def body_lines(body: str, first_line: int) -> list[Line]:
    return [Line(first_line + index, text) for index, text in enumerate(body.splitlines())]


def load_sensitive_words(path: Path) -> tuple[str, ...]:
    """Words from the office's list: one per line, blank lines and ``#`` comments ignored."""
    if not path.is_file():
        return ()
    words = (line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines())
    return tuple(dict.fromkeys(word for word in words if word and not word.startswith("#")))


def body_length(body: str) -> int:
    """Characters of the article, not counting spaces and line breaks (how Chinese text is counted)."""
    return len("".join(body.split()))


def review_problems(
    display: str,
    title: str,
    title_line: int,
    body: str,
    body_first_line: int,
    source_dir: Path,
    docs_dir: Path,
    sensitive_words: Iterable[str] = (),
) -> list[Problem]:
    """Everything that must be fixed before a submission may be published, in line order.

    ``source_dir`` is the folder of the submission file (image paths are relative to it) and
    ``docs_dir`` the site's content folder, which images may not leave.
    """
    problems: list[Problem] = []
    length = body_length(body)
    if length < MIN_BODY_LENGTH:
        first_text = next((line.number for line in body_lines(body, body_first_line) if line.text.strip()), body_first_line)
        problems.append(Problem(display, first_text, f"正文只有 {length} 个字，至少要 {MIN_BODY_LENGTH} 个字", "body"))
    lines = [Line(title_line, title), *body_lines(body, body_first_line)]
    for line in lines:
        field = "title" if line.number == title_line else "body"
        problems.extend(_personal_data(display, line, field))
        problems.extend(_sensitive(display, line, field, sensitive_words))
    for line in lines[1:]:
        problems.extend(_images(display, line, source_dir, docs_dir))
    return sorted(problems, key=lambda problem: problem.line or 0)


def _personal_data(display: str, line: Line, field: str) -> Iterator[Problem]:
    where = "标题" if field == "title" else "正文"
    for number in find_personal_numbers(line.text):
        column = number.start + 1
        yield Problem(
            display,
            line.number,
            f"{where}第 {column} 个字处有未打码的{number.kind} {mask(number.digits)}：个人信息不能发布，请删除或打码（如 138****5678）",
            field,
        )


def _sensitive(display: str, line: Line, field: str, words: Iterable[str]) -> Iterator[Problem]:
    for word in words:
        if word in line.text:
            yield Problem(display, line.number, f"含有敏感词“{word}”（见 data/{SENSITIVE_WORDS_FILE}），请修改", field)


def gate_notes(display: str, body: str, body_first_line: int) -> list[Problem]:
    """What the trust gate will show as text or drop when this submission is published.

    Not problems: HTML and unsafe links in a volunteer's text cannot run on the site (the gate
    renders the text at the contributor level), but the editor should know the page will differ
    from what the author typed. Each note is placed on the first line that shows its cause.
    """
    notes = []
    lines = body_lines(body, body_first_line)
    for note in contributor_gate_notes(body):
        cause = note.split("“", 1)[1].split("”", 1)[0] if "“" in note else "<"
        number = next((line.number for line in lines if cause in line.text), body_first_line)
        notes.append(Problem(display, number, note, "body"))
    return notes


def _images(display: str, line: Line, source_dir: Path, docs_dir: Path) -> Iterator[Problem]:
    for match in _IMAGE.finditer(line.text):
        reference = match.group(1) or match.group(2)
        if re.match(r"^[a-z]+:|^//", reference, re.I):
            yield Problem(display, line.number, f"图片 {reference} 是外部链接：请把图片放到 content/ 下再引用（外部图片在境内可能打不开）", "body")
            continue
        path = (docs_dir / reference.lstrip("/")) if reference.startswith("/") else (source_dir / reference)
        resolved = path.resolve()
        try:
            inside = resolved.relative_to(docs_dir.resolve())
        except ValueError:
            yield Problem(display, line.number, f"图片 {reference} 不在 content/ 文件夹里", "body")
            continue
        if not resolved.is_file():
            yield Problem(display, line.number, f"图片 {reference} 不存在（应在 content/{PurePosixPath(inside)}）", "body")
        elif resolved.stat().st_size > MAX_IMAGE_BYTES:
            size = resolved.stat().st_size / 1024 / 1024
            yield Problem(display, line.number, f"图片 {reference} 有 {size:.1f} MB，超过 2 MB：请压缩后再投稿", "body")
