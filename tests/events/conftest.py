"""The sample portal built once per session with the events plugin added (the shared mkdocs.yml
may not list it yet), and helpers for the events build tests."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.conftest import Built, base_config, with_plugin


def with_events(plugins: list[Any], options: dict[str, Any] | None = None) -> list[Any]:
    return with_plugin(plugins, "wenming-events", options)


def events_plugins(**options: Any) -> list[Any]:
    return with_events(base_config()["plugins"], options or None)


@pytest.fixture(scope="session")
def sample_events_site(sample_site: Built) -> Built:
    """The sample portal (all sections, built once per session with --strict)."""
    return sample_site

def own_warnings(built: Built) -> list[str]:
    """Warnings of the records loader and the events section (the ones --strict must never see)."""
    return [
        record.getMessage()
        for record in built.log
        if record.levelno >= logging.WARNING
        and (record.name.startswith(("mkdocs.plugins.wenming.mkdocs.events", "mkdocs.plugins.wenming.mkdocs.portal"))
             or "events/" in record.getMessage())
    ]
