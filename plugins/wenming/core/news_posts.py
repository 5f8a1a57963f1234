"""An approved submission written as a news post (Markdown with blog front matter)."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from .gate import markdown_heading_text, render_contributor_markdown, title_text
from .records import Record

_IMAGE_REF = re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)")
_SUMMARY_LENGTH = 80
KIND_NAMES = {"news": "新闻", "story": "故事"}


@dataclass(frozen=True)
class SubmissionPost:
    file_name: str
    text: str
    record_id: str
    author: str
    team: str | None


def post_from_submission(
    record: Record[Any], team_name: str | None, category: str, docs_dir: Path, posts_dir: str
) -> SubmissionPost:
    """The blog post for an approved ``record``; image paths are re-aimed from the submission's
    folder to the posts folder, so the same picture shows in the post."""
    data = record.data
    published = data.reviewed or data.submitted
    body = _retarget_images(record.body, record.source.path.parent, docs_dir, docs_dir / posts_dir)
    summary = " ".join(re.sub(r"[#>*_`\[\]()!<-]", " ", body).split())
    summary = summary[:_SUMMARY_LENGTH] + ("…" if len(summary) > _SUMMARY_LENGTH else "")
    front: dict[str, Any] = {
        "date": published,
        "categories": [category],
        "description": summary,
        "submission": record.id,
        "submission_author": data.author,
    }
    if data.team:
        front["team"] = data.team
    # Residents see who wrote it; the kind (新闻/故事) and the review date are the office's.
    credit = f"投稿：{data.author}" + (f"（{team_name}）" if team_name else "")
    # The title is plain text: in front matter with angle brackets made full-width (themes print
    # page titles unescaped), on the heading line with Markdown's syntax characters as entities
    # (so "标题 {: onfocus=... }" stays text). The volunteer's Markdown is rendered by the trust
    # gate at the contributor level and embedded as HTML blocks, which Markdown passes through;
    # the news list shows the credit and the first paragraph (the blog cuts at <!-- more -->).
    front = {"title": title_text(data.title), **front}
    excerpt, rest = split_excerpt(render_contributor_markdown(body))
    text = (
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
        f"# {markdown_heading_text(data.title)}\n\n"
        f'<p class="wm-credit">{html.escape(credit)}</p>\n\n'
        f'<div class="wm-submission">\n{excerpt}\n</div>\n\n<!-- more -->\n'
        + (f'\n<div class="wm-submission">\n{rest}\n</div>\n' if rest else "")
    )
    return SubmissionPost(post_file_name(record.id), text, record.id, data.author, data.team)


class _TopLevelBlocks(HTMLParser):
    """Where each top-level element of an HTML fragment ends (offsets), and which tag it is."""

    _VOID = frozenset({"br", "hr", "img", "input", "wbr", "col", "area", "base", "link", "meta", "source"})

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ends: list[tuple[str, int]] = []
        self._depth = 0
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", fragment)]
        self._top: str | None = None
        self.feed(fragment)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth == 0:
            self._top = tag
        if tag in self._VOID:
            if self._depth == 0:
                self.ends.append((tag, self._offset() + len(self.get_starttag_text() or "")))
            return
        self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        self._depth -= 1
        if self._depth == 0 and self._top is not None:
            self.ends.append((self._top, self._offset() + len(f"</{tag}>")))


def split_excerpt(fragment: str) -> tuple[str, str]:
    """A rendered article split after its first top-level paragraph (or, with no paragraph,
    its first block): what the news list shows, and the rest (may be empty). The HTML is the
    trust gate's output, so tags are balanced and written as the serializer writes them."""
    blocks = _TopLevelBlocks(fragment).ends
    if not blocks:
        return fragment.strip(), ""
    cut = next((end for tag, end in blocks if tag == "p"), blocks[0][1])
    return fragment[:cut].strip(), fragment[cut:].strip()


def post_file_name(submission_id: str) -> str:
    """The news post file an approved submission becomes (its URL ends in tougao-<id>/)."""
    return f"tougao-{submission_id}.md"


def _retarget_images(body: str, source_dir: Path, docs_dir: Path, post_dir: Path) -> str:
    def retarget(match: re.Match[str]) -> str:
        reference = match.group(2)
        if re.match(r"^[a-z]+:|^//|^#", reference, re.I):
            return match.group(0)
        target = docs_dir / reference.lstrip("/") if reference.startswith("/") else source_dir / reference
        return match.group(1) + Path(os.path.relpath(target.resolve(), post_dir.resolve())).as_posix()

    return _IMAGE_REF.sub(retarget, body)
