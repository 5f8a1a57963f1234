"""An approved submission written as a news post (Markdown with blog front matter)."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .dates import chinese_date
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
    credit = f"投稿：{data.author}" + (f"（{team_name}）" if team_name else "")
    credit += f" · {KIND_NAMES[data.kind]} · 审核：{chinese_date(published)}"
    # The title is plain text: in front matter with angle brackets made full-width (themes print
    # page titles unescaped), on the heading line with Markdown's syntax characters as entities
    # (so "标题 {: onfocus=... }" stays text). The volunteer's Markdown is rendered by the trust
    # gate at the contributor level and embedded as one HTML block, which Markdown passes through.
    front = {"title": title_text(data.title), **front}
    text = (
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
        f"# {markdown_heading_text(data.title)}\n\n"
        f'<p class="wm-credit">{html.escape(credit)}</p>\n\n<!-- more -->\n\n'
        f'<div class="wm-submission">\n{render_contributor_markdown(body)}\n</div>\n'
    )
    return SubmissionPost(post_file_name(record.id), text, record.id, data.author, data.team)


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
