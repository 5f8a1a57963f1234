"""The content folder as MkDocs will see it: what must be left out before MkDocs reads or copies it.

MkDocs lists the content folder following symlinks, parses every Markdown page's front matter
with PyYAML (so does Material's blog, for posts) and renders the page with Python-Markdown; then
it copies every other file to the site. Each of these trusts the file: a symlink publishes the
file it points to (``evil.png -> /etc/passwd``), a FIFO blocks the copy forever, an alias bomb in
front matter expands in whatever walks the page's metadata, and some Markdown takes minutes to
render. The checks here run first, with bounded reading (:mod:`.limits`), so that the portal can
report such a file and leave it out while the rest of the site builds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .limits import (
    NotRegularFile,
    UnsafePath,
    markdown_problem,
    read_regular_file,
    scan_content,
    yaml_problem,
)
from .problems import Problem
from .source import SourceProblem, decode
from .source import _syntax_problem as syntax_problem  # one wording for YAML syntax errors

# The suffixes MkDocs renders as pages (mkdocs.utils.markdown_extensions).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# MkDocs' own front-matter pattern (mkdocs.utils.meta.YAML_RE), which Material's blog reuses:
# what it matches is what they parse.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


@dataclass
class ContentCheck:
    """What must not reach MkDocs: each entry's path is relative to the content folder."""

    problems: list[Problem] = field(default_factory=list)
    left_out: set[str] = field(default_factory=set)  # files to remove from the site's files
    linked_dirs: list[UnsafePath] = field(default_factory=list)  # MkDocs would walk into these
    # Settings files that plugins parse in full from disk (Material's .authors.yml, .meta.yml):
    # they cannot be left out, so the build stops on them.
    unsafe_settings: list[Problem] = field(default_factory=list)


def _bounded_text(path: Path, display: str) -> str | Problem:
    """The UTF-8 text of a regular file of bounded size, or the problem that stops it being read."""
    try:
        return decode(read_regular_file(path), display)
    except NotRegularFile as error:
        return Problem(display, None, f"{path.name} {error.message}")
    except SourceProblem as error:
        return error.problem


def page_problem(path: Path, display: str) -> Problem | None:
    """Why the Markdown page at ``path`` may not be given to MkDocs, or None.

    The file must be a regular file of bounded size in UTF-8; its front matter (as MkDocs and
    Material's blog find it) must have no YAML alias, no nesting deeper than 50 and no
    overlong number; its Markdown must be within the bounds that render in well under a second.
    """
    text = _bounded_text(path, display)
    if isinstance(text, Problem):
        return text
    # MkDocs reads pages with universal newlines: its pattern sees "\n" only.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    body_line = 1
    match = FRONT_MATTER.match(text)
    if match:
        try:
            refused = yaml_problem(match.group(1), display, line_offset=1, raise_syntax_error=True)
        except yaml.MarkedYAMLError as error:
            # MkDocs would drop the metadata silently (and Material's blog stop the whole build).
            refused = syntax_problem(error, display, 1, match.group(1))
        if refused is not None:
            return Problem(refused.file, refused.line, f"元数据 {refused.message}", refused.field)
        body_line = 1 + text.count("\n", 0, match.end())
        text = text[match.end() :]
    line, message = markdown_problem(text, body_line)
    return Problem(display, line, message) if message else None


def settings_problem(path: Path, display: str) -> Problem | None:
    """An alias, deep nesting or overlong number in a settings file a plugin parses (syntax errors
    are the plugin's to report), or a file that cannot be read safely."""
    text = _bounded_text(path, display)
    if isinstance(text, Problem):
        return text
    problem = yaml_problem(text, display)
    return None if problem is None else Problem(display, problem.line, f"{problem.message}；网站无法生成", problem.field)


def check_content(
    docs_dir: Path,
    display_root: Path,
    private_dirs: tuple[str, ...],
    check_page: Callable[[Path, str], Problem | None] = page_problem,
) -> ContentCheck:
    """Every symlink and special file under ``docs_dir`` and every Markdown page that must be left
    out, as problems named relative to ``display_root``.

    ``private_dirs`` (e.g. ``("data/", "submissions/")``) hold records: their files are never
    published and their pages are not pages; a link or FIFO there is still reported (the caller
    drops what the record loader already reported).
    """
    check = ContentCheck()
    unsafe, regular = scan_content(docs_dir)
    for entry in unsafe:
        if entry.is_dir:
            check.linked_dirs.append(entry)
        check.left_out.add(entry.relative)
        name = entry.relative.rsplit("/", 1)[-1]
        # MkDocs lists the site's files following links, before any plugin can skip a folder.
        if entry.is_dir:
            outcome = "网站无法生成，请删除这个链接"
        else:
            outcome = "不读取" if entry.relative.startswith(private_dirs) else "已从网站中去掉"
        if name.startswith(".") and name.lower().endswith((".yml", ".yaml")) and not entry.relative.startswith(private_dirs):
            outcome = "网站无法生成，请删除这个链接"  # a settings file Material reads by its path
            check.unsafe_settings.append(Problem(_display(docs_dir / entry.relative, display_root), None, f"{name} {entry.reason}"))
        check.problems.append(Problem(_display(docs_dir / entry.relative, display_root), None, f"{name} {entry.reason}；{outcome}"))
    for relative in regular:
        name = relative.rsplit("/", 1)[-1]
        if name.startswith(".") and name.lower().endswith((".yml", ".yaml")) and not relative.startswith(private_dirs):
            problem = settings_problem(docs_dir / relative, _display(docs_dir / relative, display_root))
            if problem is not None:
                check.left_out.add(relative)  # reported here; the post checks do not read it again
                check.unsafe_settings.append(problem)
                check.problems.append(problem)
            continue
        # MkDocs leaves dotfiles and dot-folders out of the site; record folders hold no pages.
        if not relative.lower().endswith(MARKDOWN_SUFFIXES) or relative.startswith(private_dirs):
            continue
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        path = docs_dir / relative
        problem = check_page(path, _display(path, display_root))
        if problem is not None:
            check.left_out.add(relative)
            check.problems.append(Problem(problem.file, problem.line, f"{problem.message}；此页不发布", problem.field))
    return check


def _display(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()
