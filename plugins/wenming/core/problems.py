"""A problem is one thing wrong with one source file, told so that office staff can fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong, where: ``file:line: message``.

    ``file`` is the path as the user sees it (relative to the project, e.g.
    ``content/data/events/zhongqiu.yml``); ``line`` is 1-based, or None when the
    problem concerns the whole file (e.g. its name or encoding); ``field`` is the
    dotted field path (``publicity.end``, ``records[3].hours``) or None.
    """

    file: str
    line: int | None
    message: str
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


def field_path(loc: tuple[str | int, ...]) -> str:
    """``('records', 3, 'hours')`` -> ``records[4].hours``.

    Staff count list items from 1, so the index shown is 1-based: the fourth item is ``records[4]``.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out
