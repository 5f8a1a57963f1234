"""The sample portal built once per session with the events plugin added (the shared mkdocs.yml
may not list it yet), and helpers for the events build tests."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import yaml

from tests.conftest import BUILD_DATE, REPO, SAMPLE_CONFIG, THEME_OVERRIDES, Built, base_config, run_build


def with_events(plugins: list[Any], options: dict[str, Any] | None = None) -> list[Any]:
    """``plugins`` with ``wenming-events`` right after ``wenming`` (once)."""
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins]
    if "wenming-events" in names:
        return plugins
    entry: Any = {"wenming-events": options} if options else "wenming-events"
    index = names.index("wenming") + 1
    return [*plugins[:index], entry, *plugins[index:]]


def events_plugins(**options: Any) -> list[Any]:
    return with_events(base_config()["plugins"], options or None)


@pytest.fixture(scope="session")
def sample_events_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("sample-events")
    config = yaml.safe_load(SAMPLE_CONFIG.read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / config.get("docs_dir", "docs"))
    config["theme"]["custom_dir"] = str(THEME_OVERRIDES)
    config["plugins"] = with_events(config["plugins"])
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "wenming" in plugin:
            plugin["wenming"] = {**(plugin["wenming"] or {}), "build_date": BUILD_DATE}
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # Not --strict: other sections' pages in content/ may link to pages their own plugins make,
    # and those plugins are not enabled here. The events section's own warnings are checked instead.
    built = run_build(config_file, site_dir=root / "site")
    assert built.error is None, f"sample site failed to build: {built.error}\n" + "\n".join(built.warnings)
    return built


def own_warnings(built: Built) -> list[str]:
    """Warnings of the records loader and the events section (the ones --strict must never see)."""
    return [
        record.getMessage()
        for record in built.log
        if record.levelno >= logging.WARNING
        and (record.name.startswith(("mkdocs.plugins.wenming.mkdocs.events", "mkdocs.plugins.wenming.mkdocs.portal"))
             or "events/" in record.getMessage())
    ]
