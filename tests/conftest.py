"""Fixtures that write a small portal to a temporary folder and run a real MkDocs build on it.

Like mkdocs-awesome-nav's tests: the site is real files, the build is MkDocs' own, and tests
assert on what a visitor would get (the files in ``site/``) and on what the log says.
"""

from __future__ import annotations

import logging
import os
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from wenming.mkdocs.preview.logged import Capture

REPO = Path(__file__).resolve().parents[1]
THEME_OVERRIDES = REPO / "theme_overrides"
SAMPLE_CONFIG = REPO / "mkdocs.yml"
BUILD_DATE = "2026-11-23"

ARTIFACTS = REPO / "test-artifacts"  # screenshots and figures a person should look at
CHROMIUM = "/usr/bin/chromium"  # Debian's; browsers cannot be downloaded here
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 (a free port) for a browser test; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def base_config(**overrides: Any) -> dict[str, Any]:
    """A minimal portal config: Material in Chinese with the portal theme and plugins."""
    config: dict[str, Any] = {
        "site_name": "测试社区文明实践网",
        "site_url": "https://wenming.test.example/",
        "docs_dir": "content",
        "theme": {"name": "material", "custom_dir": str(THEME_OVERRIDES), "language": "zh", "font": False},
        "plugins": [
            {"search": {"separator": r"[\s\u200b\u3000\-、。，．？！；]+"}},
            {
                "wenming": {
                    "build_date": BUILD_DATE,
                    "icp": "测ICP备12345678号-1",
                    "office": {"name": "测试社区文明办", "phone": "0571-8888 6001"},
                }
            },
        ],
    }
    config.update(overrides)
    return config


def with_plugin(plugins: list[Any], name: str, options: dict[str, Any] | None = None) -> list[Any]:
    """``plugins`` with plugin ``name`` right after ``wenming`` (once)."""
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins]
    if name in names:
        return plugins
    entry: Any = {name: options} if options else name
    index = names.index("wenming") + 1
    return [*plugins[:index], entry, *plugins[index:]]


@dataclass
class Built:
    root: Path
    site: Path
    log: list[logging.LogRecord]
    error: MkDocsException | None = None

    @property
    def warnings(self) -> list[str]:
        return [record.getMessage() for record in self.log if record.levelno >= logging.WARNING]

    @property
    def errors(self) -> str:
        """Everything logged at ERROR level (a plugin's error is logged, then the build aborts)."""
        return "\n".join(record.getMessage() for record in self.log if record.levelno >= logging.ERROR)

    @property
    def infos(self) -> list[str]:
        return [record.getMessage() for record in self.log if record.levelno == logging.INFO]

    def read(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def outputs(self) -> list[str]:
        return sorted(path.relative_to(self.site).as_posix() for path in self.site.rglob("*") if path.is_file())


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


def run_build(
    config_file: Path,
    strict: bool = False,
    site_dir: Path | None = None,
    adjust: Callable[[Any], None] | None = None,
) -> Built:
    """Build like ``mkdocs build`` does; a failed build is returned with its error, not raised.

    ``adjust`` may change the loaded config (e.g. pin the build date) before the build starts.
    """
    handler = Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    site_dir = site_dir or config_file.parent / "site"
    error: MkDocsException | None = None
    # MkDocs keeps plugins that have startup/shutdown hooks across builds in one process (for
    # `mkdocs serve`); each test build starts as a fresh `mkdocs build` process would.
    MkDocsConfig.plugins.plugin_cache.clear()
    try:
        config = load_config(config_file=str(config_file), strict=strict, site_dir=str(site_dir))
        if adjust:
            adjust(config)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except (Abort, MkDocsException) as raised:
            error = raised
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Built(config_file.parent, site_dir, handler.records, error)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Built]:
    """``make_site(files, strict=False, **config)``: write the files and a mkdocs.yml, then build."""

    def make(files: dict[str, str | bytes] | None = None, strict: bool = False, **config: Any) -> Built:
        files = {"content/index.md": "---\ntemplate: home.html\n---\n# 首页\n", **(files or {})}
        write_files(tmp_path, files)
        (tmp_path / "mkdocs.yml").write_text(
            yaml.safe_dump(base_config(**config), allow_unicode=True), encoding="utf-8"
        )
        return run_build(tmp_path / "mkdocs.yml", strict=strict)

    return make


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample portal in ``content/`` built once with --strict, as CI and the README do."""

    def pin_build_date(config: Any) -> None:
        config.plugins["wenming"].config.build_date = BUILD_DATE

    site_dir = tmp_path_factory.mktemp("sample") / "site"
    built = run_build(SAMPLE_CONFIG, strict=True, site_dir=site_dir, adjust=pin_build_date)
    assert built.error is None, f"sample site failed to build: {built.error}\n" + "\n".join(built.warnings)
    return built


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session (Playwright's sync API cannot be nested)."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
