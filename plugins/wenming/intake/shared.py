"""What the intake service takes from the rest of the portal, in one place.

The service has no Markdown renderer, sanitizer or review logic of its own: it uses the ones
the build and ``wenming review`` use, so a preview is what the site will show and a decision
here is the same change as one made in the terminal.
"""

from __future__ import annotations

from wenming.core.gate import render_contributor_markdown
from wenming.core.review import Decided, Decision, ReviewRefused, decide
from wenming.core.review import Inbox as ReviewInbox
from wenming.core.submissions import gate_notes

__all__ = ["Decided", "Decision", "ReviewInbox", "ReviewRefused", "decide", "gate_notes", "render_contributor_markdown"]
