"""Checking news posts (``content/news/posts/*.md``) the way the blog build reads them, without a build.

Material's blog stops a strict build, in English and without a line, on a post whose date is not
a date, whose category is not in ``categories_allowed`` or whose author is not in the authors
file; the portal's own plugins warn about an unknown ``team`` or ``nominees`` id, and the privacy
audit fails on a personal number in the text. :func:`check_posts` finds each of these first, in
Chinese, with the file and line, from the same settings (the blog options in ``mkdocs.yml``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from .limits import NotRegularFile, read_regular_file
from .privacy import mask, personal_numbers
from .problems import Problem
from .records import SLUG, record_files
from .slips import enumeration_hint
from .source import SourceProblem, compose, decode, line_in, parse_mapping, split_front_matter

# YAML 1.1's timestamp, the only date form Material's blog takes (``2026-3-5`` is text to it).
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.\d*)?"
    r"(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$"
)
_DATE_ONLY = re.compile(r"^\d{4}-\d\d-\d\d$")
# Front-matter keys posts may carry: the blog's, MkDocs' and Material's page keys, the portal's.
KNOWN_KEYS = (
    "date", "categories", "authors", "description", "title", "draft", "pin", "links", "readtime", "slug",
    "tags", "template", "hide", "icon", "status", "subtitle", "search", "team", "nominees",
    "submission", "submission_author",
)  # fmt: skip
KEY_LABELS = {
    "date": "发布日期",
    "categories": "栏目",
    "authors": "作者",
    "description": "摘要",
    "title": "标题",
    "draft": "草稿",
    "pin": "置顶",
    "slug": "网址名",
    "readtime": "阅读时间",
    "team": "志愿服务队",
    "nominees": "相关好人",
}
DEFAULT_SEPARATOR = "<!-- more -->"


@dataclass(frozen=True)
class BlogSettings:
    """What the blog plugin is told in ``mkdocs.yml`` (only what checking posts needs)."""

    posts_dir: str = "blog/posts"  # relative to docs_dir
    authors_file: str | None = "blog/.authors.yml"  # None when authors are switched off
    categories_allowed: tuple[str, ...] = ()  # empty: any category
    categories: bool = True
    excerpt_separator: str = DEFAULT_SEPARATOR
    excerpt_required: bool = False

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> BlogSettings | None:
        """The settings of the (material/)blog plugin in a loaded ``mkdocs.yml``; None without one."""
        options = _plugin_options(config.get("plugins"), ("blog", "material/blog"))
        if options is None:
            return None
        blog = str(options.get("blog_dir") or "blog").strip("/")
        authors = options.get("authors", True) is not False
        return cls(
            posts_dir=str(options.get("post_dir") or "{blog}/posts").format(blog=blog).strip("/"),
            authors_file=str(options.get("authors_file") or "{blog}/.authors.yml").format(blog=blog) if authors else None,
            categories_allowed=tuple(str(name) for name in options.get("categories_allowed") or ()),
            categories=options.get("categories", True) is not False,
            excerpt_separator=str(options.get("post_excerpt_separator") or DEFAULT_SEPARATOR),
            excerpt_required=options.get("post_excerpt") == "required",
        )


def _plugin_options(plugins: Any, names: tuple[str, ...]) -> dict[str, Any] | None:
    """The options of the first plugin called one of ``names`` (``plugins:`` is a list or a mapping)."""
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for entry in plugins:
            if isinstance(entry, str):
                entries.append((entry, {}))
            elif isinstance(entry, dict):
                entries.extend(entry.items())
    for name, options in entries:
        if name in names:
            return dict(options) if isinstance(options, dict) else {}
    return None


@dataclass
class PostsChecked:
    problems: list[Problem] = field(default_factory=list)
    read: int = 0
    invalid: set[str] = field(default_factory=set)
    label: str = "新闻（posts）"

    def account(self) -> str:
        return f"{self.label}：读取 {self.read} = 发布 {self.read - len(self.invalid)} + 有错误 {len(self.invalid)}"


def load_authors(path: Path, display: str) -> tuple[set[str] | None, list[Problem]]:
    """Author ids in the blog's authors file; None (and a problem) when it cannot be read."""
    if not path.is_file() and not path.is_symlink():
        return None, []
    try:
        data, _ = parse_mapping(decode(read_regular_file(path), display), display)
    except SourceProblem as error:
        return None, [error.problem]
    except NotRegularFile:
        return None, []  # the content check reports the link or special file and stops the build
    authors = data.get("authors")
    if not isinstance(authors, dict):
        return None, [Problem(display, 1, "作者名单应以 authors: 开头，下面每位作者一个代号，例如 wenmingban:")]
    return {str(key) for key in authors}, []


def check_posts(
    docs_dir: Path,
    settings: BlogSettings,
    display_root: Path,
    team_ids: Iterable[str] = (),
    nominee_ids: Iterable[str] = (),
    left_out: Iterable[Path] = (),
) -> PostsChecked:
    """Every problem of every news post under the blog's posts folder, in file and line order.

    ``left_out``: files the content check (:func:`.pages.check_content`) already refused and
    reported (a link, an alias bomb, Markdown too slow to render); they are not read again."""
    result = PostsChecked()
    authors: set[str] | None = None
    refused = set(left_out)
    if settings.authors_file and docs_dir / settings.authors_file not in refused:
        authors_path = docs_dir / settings.authors_file
        authors, problems = load_authors(authors_path, _display(authors_path, display_root))
        result.problems += problems
    teams, nominees = set(team_ids), set(nominee_ids)
    for path in record_files(docs_dir / settings.posts_dir, (".md",)):
        result.read += 1
        if path in refused:
            result.invalid.add(_display(path, display_root))
            continue
        display = _display(path, display_root)
        problems = check_post(path, display, settings, authors, teams, nominees, docs_dir, display_root)
        if problems:
            result.invalid.add(display)
            result.problems += problems
    return result


def check_post(
    path: Path,
    display: str,
    settings: BlogSettings,
    authors: set[str] | None,
    teams: set[str],
    nominees: set[str],
    docs_dir: Path,
    display_root: Path,
) -> list[Problem]:
    problems: list[Problem] = []
    if not SLUG.match(path.stem):
        problems.append(
            Problem(
                display,
                None,
                f"文件名 {path.name!r} 会成为网址的一部分：只能用小写英文字母（拼音）、数字和连字符（-），"
                "例如 2026-12-dongzhi-jiaozi.md",
                "file",
            )
        )
    try:
        text = decode(read_regular_file(path), display)
    except SourceProblem as error:
        return [*problems, error.problem]
    except NotRegularFile as error:
        return [*problems, Problem(display, None, f"{path.name} {error.message}")]
    problems += [
        Problem(display, _line_at(text, text.find(number)), f"有未打码的{kind} {mask(number)}：个人信息不能发布，请删除或打码（如 138****5678）")
        for kind, number in personal_numbers(text)
    ]
    try:
        yaml_text, body, body_line = split_front_matter(text, display)
        data, key_lines = parse_mapping(yaml_text, display, 1)
    except SourceProblem as error:
        return sorted([*problems, error.problem], key=lambda problem: problem.line or 0)
    node = compose(yaml_text, display, 1)
    assert node is not None

    def at(key: str, *rest: str | int) -> int:
        return line_in(node, (key, *rest)) + 1 if key in data else key_lines.get(key, 1)

    problems += _date_problems(data, node, at, display)
    if settings.categories:
        problems += _list_problems(data, "categories", settings.categories_allowed, at, display,
                                   "mkdocs.yml 里 blog 的 categories_allowed")  # fmt: skip
    if authors is not None and settings.authors_file:
        authors_display = _display(docs_dir / settings.authors_file, display_root)
        problems += _list_problems(data, "authors", tuple(sorted(authors)), at, display,
                                   f"作者名单 {authors_display}", required=True)  # fmt: skip
    problems += _description_problems(data, at, display)
    problems += _id_problems(data, "team", teams, at, display, "志愿服务队 id（见 content/data/teams/）")
    problems += _id_problems(data, "nominees", nominees, at, display, "好人推荐的 id（应为 data/nominations/ 下的文件名，不带 .yml）")
    for key in data:
        close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.75)
        if str(key) not in KNOWN_KEYS and close:
            problems.append(
                Problem(display, key_lines.get(str(key)), f"未知字段 {str(key)!r}，是不是想写 {_named(close[0])}？写错的字段会被忽略", str(key))
            )
    if settings.excerpt_separator not in body:
        problems.append(
            Problem(
                display,
                body_line,
                f"正文里没有 {settings.excerpt_separator}：请在导语（一两句话）之后另起一行写 {settings.excerpt_separator}，"
                "它上面的文字是新闻列表里显示的摘要",
            )
        )
    if "title" not in data and not re.search(r"^# \S", body, re.M):
        problems.append(Problem(display, body_line, "没有标题：请在元数据块之后写一行“# 标题”"))
    return sorted(problems, key=lambda problem: problem.line or 0)


def check_pages(docs_dir: Path, display_root: Path, skip: Iterable[str], left_out: Iterable[Path] = ()) -> PostsChecked:
    """Other Markdown pages staff write (festival pages, 推荐须知, the home page): their front
    matter must be YAML (MkDocs would silently show a broken one as text) and their text must
    not carry an unmasked personal number. ``skip``: folders under ``docs_dir`` checked elsewhere;
    ``left_out``: files the content check already refused and reported."""
    result = PostsChecked(label="页面（pages）")
    skipped = tuple((docs_dir / folder).resolve() for folder in skip)
    refused = set(left_out)
    for path in record_files(docs_dir, (".md",)):
        if any(path.resolve().is_relative_to(folder) for folder in skipped):
            continue
        result.read += 1
        if path in refused:
            result.invalid.add(_display(path, display_root))
            continue
        display = _display(path, display_root)
        try:
            text = decode(read_regular_file(path), display)
            problems = [
                Problem(display, _line_at(text, text.find(number)),
                        f"有未打码的{kind} {mask(number)}：个人信息不能发布，请删除或打码（如 138****5678）")
                for kind, number in personal_numbers(text)
            ]  # fmt: skip
            if text.startswith("---"):
                parse_mapping(split_front_matter(text, display)[0], display, 1)
        except SourceProblem as error:
            problems = [error.problem]
        except NotRegularFile as error:
            problems = [Problem(display, None, f"{path.name} {error.message}")]
        if problems:
            result.invalid.add(display)
            result.problems += sorted(problems, key=lambda problem: problem.line or 0)
    return result


def _named(key: str) -> str:
    label = KEY_LABELS.get(key)
    return f"{key}（{label}）" if label else key


def _date_problems(data: Mapping[str, Any], node: Node, at: Any, display: str) -> list[Problem]:
    if "date" not in data:
        return [Problem(display, 2, "缺少必填字段 date（发布日期）：写 date: YYYY-MM-DD，例如 date: 2026-12-21", "date")]
    value = data["date"]
    values = value.items() if isinstance(value, dict) else [("", value)]
    problems = []
    for key, item in values:
        where = ("date", key) if key else ("date",)
        name = f"date.{key}" if key else "date（发布日期）"
        line = at(*where)
        if _quoted(node, where):
            problems.append(Problem(display, line, f"{name} {str(item)!r} 加了引号就不是日期了：去掉引号，写成 date: {item}", "date"))
        elif not isinstance(item, str) or not _is_timestamp(item.strip()):
            problems.append(Problem(display, line, f"{name} {str(item)!r} 不是有效日期（应为 YYYY-MM-DD，例如 2026-09-25）", "date"))
        else:
            year, month, day = (int(part) for part in _TIMESTAMP.match(item.strip()).groups()[:3])  # type: ignore[union-attr]
            try:
                dt.date(year, month, day)
            except ValueError:
                problems.append(Problem(display, line, f"{name} {item!r} 不是有效日期：{year}年{month}月没有{day}日", "date"))
    if isinstance(value, dict) and "created" not in value:
        problems.append(Problem(display, at("date"), "date 写成多项时必须有 created（发布日期）", "date"))
    return problems


def _is_timestamp(text: str) -> bool:
    """Whether YAML reads ``text`` as a date: ``2026-03-05`` (two-digit month and day), or with a time."""
    match = _TIMESTAMP.match(text)
    return bool(match) and (match.group(4) is not None or bool(_DATE_ONLY.match(text)))  # type: ignore[union-attr]


def _quoted(node: Node, loc: tuple[str, ...]) -> bool:
    current: Node | None = node
    for part in loc:
        if not isinstance(current, MappingNode):
            return False
        current = next((value for key, value in current.value if key.value == part), None)
    return isinstance(current, ScalarNode) and current.style in ("'", '"')


def _list_problems(
    data: Mapping[str, Any],
    key: str,
    allowed: tuple[str, ...],
    at: Any,
    display: str,
    where: str,
    required: bool = False,
) -> list[Problem]:
    name = _named(key)
    value = data.get(key)
    if value is None:
        missing = required and key not in data
        return [Problem(display, 2, f"缺少 {name}：例如 {key}: [{allowed[0]}]", key)] if missing and allowed else []
    if not isinstance(value, list):
        shown = f"{value!r}" if isinstance(value, str) else "一个值"
        return [
            Problem(display, at(key), f"{name} 应为列表（下一行缩进后写“- 名称”，每项一行），实际是 {shown}" + enumeration_hint(value), key)
        ]
    problems = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        line = at(key, index)
        text = str(item).strip() if isinstance(item, str | int | float) else None
        if text is None or not isinstance(item, str):
            problems.append(Problem(display, line, f"{key}[{index + 1}] 应为文字，实际是 {item!r}", key))
        elif text in seen:
            problems.append(Problem(display, line, f"{key}[{index + 1}] '{text}' 写了两次", key))
        elif allowed and text not in allowed:
            close = difflib.get_close_matches(text, allowed, n=1, cutoff=0.4)
            hint = f"，是不是想写 {close[0]}？" if close else ""
            problems.append(
                Problem(display, line, f"{name} 里的 '{text}' 不在 {where} 里{hint}（可选：{'、'.join(allowed)}）", key)
            )
        if text:
            seen.add(text)
    return problems


def _description_problems(data: Mapping[str, Any], at: Any, display: str) -> list[Problem]:
    value = data.get("description")
    if "description" not in data:
        return [Problem(display, 2, "缺少 description（摘要）：写一句话摘要，首页、搜索结果和分享时都会显示", "description")]
    if not isinstance(value, str) or not value.strip():
        return [Problem(display, at("description"), "description（摘要） 应为一句话文字，不能为空", "description")]
    return []


def _id_problems(
    data: Mapping[str, Any], key: str, known: set[str], at: Any, display: str, what: str
) -> list[Problem]:
    value = data.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if key == "team" and isinstance(value, list):
        return [Problem(display, at(key), f"{_named(key)} 只写一个志愿服务队 id", key)]
    return [
        Problem(display, at(key), f"{_named(key)} 里的 '{item}' 不是{what}", key)
        for item in items
        if not isinstance(item, str) or item.strip() not in known
    ]


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, max(index, 0)) + 1


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
