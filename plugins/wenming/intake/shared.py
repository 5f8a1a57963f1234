"""What the intake service takes from the rest of the portal, in one place.

The service has no Markdown renderer, sanitizer or review logic of its own: it uses the ones
the build and ``wenming review`` use, so a preview is what the site will show and a decision
here is the same change as one made in the terminal.
"""

from __future__ import annotations

import datetime as dt

from wenming.core.gate import render_contributor_markdown
from wenming.core.submissions import edit_front_matter, gate_notes

__all__ = ["decide", "gate_notes", "render_contributor_markdown"]


# ADAPTER, temporary: replaced by the shared review function (branch "review").
def decide(text: str, decision: str, reviewer: str, note: str, day: dt.date) -> str:
    if decision == "approve":
        return edit_front_matter(text, {"status": "approved", "reviewer": reviewer, "reviewed": day}, ["review_note"])
    return edit_front_matter(text, {"status": "rejected", "reviewer": reviewer, "reviewed": day, "review_note": note}, [])
