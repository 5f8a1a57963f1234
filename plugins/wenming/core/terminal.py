"""Text from files, made safe to print on a staff member's terminal.

A title or an author name is written by a contributor. Printed as it is, an escape sequence in it
could move the cursor, clear the line and draw a fake verdict (``—— 可以通过``) over the real one;
a bidi override could reverse what the reviewer reads; a line break could start a line that looks
like the command's own. :func:`for_terminal` is the one place such text passes through.
"""

from __future__ import annotations

import re

# Whole escape sequences, so their parameters ("[31m") do not stay behind as text: CSI (ESC [ or
# the one-byte C1 form), OSC / DCS / SOS / PM / APC strings up to their terminator, and the short
# two-character escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x1b][\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Anything that would end or break the line becomes a space: one record, one line.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\t\v\f\x1c-\x1e\x85\u2028\u2029]")
# Other C0/C1 control characters, DEL, and the marks that reorder text (bidi embeddings,
# overrides and isolates; LRM, RLM, ALM) are shown as one visible replacement character, so
# the reviewer sees that something was there.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def for_terminal(text: str) -> str:
    """``text`` on one line, without escape sequences, control characters or bidi controls."""
    text = _ESCAPE_SEQUENCE.sub(REPLACEMENT, text)
    text = _LINE_BREAK.sub(" ", text)
    return _INVISIBLE.sub(REPLACEMENT, text)


def is_plain(text: str, allow_line_breaks: bool = False) -> bool:
    """Whether ``text`` prints as itself: what a reviewer types (name, note) must be plain."""
    lines = text.splitlines() if allow_line_breaks else [text]
    return all(for_terminal(line) == line for line in lines)
