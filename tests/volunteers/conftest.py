"""Helpers for the volunteers build tests, and the sample portal built once per session with the
volunteers plugin added (the shared mkdocs.yml may not list it yet)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.conftest import Built, base_config, with_plugin

LOGGER = "mkdocs.plugins.wenming.mkdocs.volunteers"


def with_volunteers(plugins: list[Any], options: dict[str, Any] | None = None) -> list[Any]:
    return with_plugin(plugins, "wenming-volunteers", options)


def volunteer_plugins(*extra: Any, **options: Any) -> list[Any]:
    return with_volunteers(base_config()["plugins"], options or None) + list(extra)


def soup(built: Built, path: str) -> BeautifulSoup:
    return BeautifulSoup(built.read(path), "html.parser")


def own_warnings(built: Built) -> list[str]:
    return [
        record.getMessage()
        for record in built.log
        if record.levelno >= logging.WARNING and record.name.startswith(LOGGER)
    ]


@pytest.fixture(scope="session")
def sample_volunteers_site(sample_site: Built) -> Built:
    """The sample portal (all sections, built once per session with --strict)."""
    return sample_site

