"""What MkDocs and its plugins log during a step of a preview build."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class Capture(logging.Handler):
    """Collects what is logged (by MkDocs and its plugins) while it is installed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured(level: int = logging.WARNING) -> Iterator[Capture]:
    """What the ``mkdocs`` loggers (MkDocs', and every plugin's) log at ``level`` or above while it is open."""
    handler = Capture()
    handler.setLevel(level)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
