"""The Nu HTML checker (npm vnu-jar, run with the system's Java) on the whole built sample: no
error and no warning from the portal's own templates and plugins.

Material's own template errors are excluded below, each by a rule that matches its message and
the markup Material writes, with the reason; the same message from the portal's markup fails.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"


@dataclass(frozen=True)
class Exclusion:
    message: str  # a regular expression the checker's message matches
    markup: str  # ... and one the quoted markup ("extract") matches
    reason: str


MATERIAL_EXCLUSIONS = (
    Exclusion(
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">',
        "material/templates/base.html: the drawer and search toggles are checkboxes with autocomplete=off, "
        "which keeps Firefox from restoring them checked on back navigation",
    ),
    Exclusion(
        r"^Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link[^"]*" for="__nav_[\d_]+" id="__nav_[\d_]+_label" tabindex="">',
        "material/templates/partials/nav-item.html: a section label gets an empty tabindex where "
        "navigation.sections makes it not focusable",
    ),
    Exclusion(
        r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
        r'<label class="md-nav__title" for="__toc">',
        "material/templates/partials/toc.html: the table of contents' title labels the navigation's toggle "
        "#__toc, which Material renders only for pages listed in the navigation (not news posts or festival pages)",
    ),
)


def excluded(message: dict[str, str]) -> bool:
    return any(
        re.search(rule.message, message.get("message", "")) and re.search(rule.markup, message.get("extract", ""))
        for rule in MATERIAL_EXCLUSIONS
    )


def nu_messages(site: Path) -> list[dict[str, str]]:
    """Every message of the Nu checker on the site's HTML pages (errors, warnings and notes)."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("the Nu HTML checker needs Java (Debian: default-jre-headless) and `npm ci` (vnu-jar); .ci/run installs both")
    run = subprocess.run(
        [java, "-Xss2m", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(run.stderr.splitlines()[0] if run.stderr.strip() else "{}")
    assert "messages" in report, f"the Nu checker did not report: {run.stderr[-500:]}"
    return report["messages"]


@pytest.fixture(scope="module")
def messages(sample_site) -> list[dict[str, str]]:
    return nu_messages(sample_site.site)


def where(message: dict[str, str], site: Path) -> str:
    page = message.get("url", "").removeprefix("file:").removeprefix(str(site) + "/")
    return f"{page}:{message.get('lastLine')}: {message.get('type')} {message.get('message')} — {message.get('extract', '').strip()[:120]}"


def test_the_portals_html_has_no_error_and_no_warning(messages, sample_site):
    own = [where(message, sample_site.site) for message in messages if not excluded(message)]
    assert own == []


def test_it_checked_every_page_and_the_exclusions_are_material_only(messages, sample_site):
    pages = {message["url"] for message in messages}
    html = list(sample_site.site.rglob("*.html"))
    # Material's drawer and search toggles are on every page, so every page was read and reported.
    assert len(pages) == len(html) > 150
    for message in messages:
        if excluded(message):
            assert "md-" in message["extract"]


def test_the_exclusions_do_not_hide_the_same_mistake_in_the_portals_markup(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>测试</title></head><body>'
        '<input type="checkbox" id="mine" autocomplete="off"><label for="nothing">x</label>'
        '<label for="mine" tabindex="">y</label><p id="a">1</p><p id="a">2</p></body></html>',
        encoding="utf-8",
    )
    found = nu_messages(tmp_path)
    assert len([message for message in found if message["type"] == "error"]) == 4
    assert not any(excluded(message) for message in found)
