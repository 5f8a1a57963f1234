"""The main paths on a phone (390 px, Debian chromium): a volunteer submits with a photo, the
office approves, the service's rebuild publishes the post credited to the volunteer and counted
for the team; a resident nominates and the record is ``nominated`` with the contact only under
``private:``. A screenshot of each screen goes to test-artifacts/intake/."""

from __future__ import annotations

import io
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import ARTIFACTS
from tests.intake.conftest import ARTICLE, OFFICE, TEAM, VOLUNTEER, Service, git, start_service
from wenming.core.images import metadata_in

SHOTS = ARTIFACTS / "intake"


@pytest.fixture
def rebuilding_service(tmp_path: Path) -> Iterator[Service]:
    running = start_service(tmp_path, "--rebuild-command", f"{sys.executable} -m mkdocs build -q")
    yield running
    running.stop()


@pytest.fixture
def phone_context(browser):
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, locale="zh-CN")  # fmt: skip
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, service: Service, account: tuple[str, str, str]) -> None:
    page.goto(f"{service.url}/login")
    page.fill("input[name=username]", account[0])
    page.fill("input[name=password]", account[2])
    page.click("button[type=submit]")


def photo_with_gps(path: Path) -> Path:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)}
    image = Image.new("RGB", (1200, 900), (240, 200, 120))
    for x in range(0, 1200, 60):
        image.paste((180, 40, 30), (x, 300, x + 30, 600))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    path.write_bytes(buffer.getvalue())
    return path


def test_volunteer_submits_office_approves_site_publishes(rebuilding_service: Service, phone_context, tmp_path: Path) -> None:
    service = rebuilding_service
    volunteer = phone_context().new_page()
    volunteer.goto(f"{service.url}/login")
    shot(volunteer, "01-login")
    sign_in(volunteer, service, VOLUNTEER)
    assert volunteer.url.endswith("/me")
    shot(volunteer, "02-my-submissions-empty")

    volunteer.click("text=写新投稿")
    volunteer.fill("input[name=title]", "志愿者教老人识别电信诈骗")
    volunteer.check("input[name=kind][value=news]")
    assert volunteer.input_value("select[name=team]") == TEAM  # the account's team is preselected
    volunteer.fill("textarea[name=body]", "")
    volunteer.click("button[value=submit]")
    assert "正文只有 0 个字，至少要 50 个字" in volunteer.inner_text("#body-errors")
    assert volunteer.input_value("input[name=title]") == "志愿者教老人识别电信诈骗"
    shot(volunteer, "03-submit-form-with-error")

    volunteer.fill("textarea[name=body]", ARTICLE + "\n\n**活动还将每月举办一次。**")
    volunteer.set_input_files("input[name=photos]", str(photo_with_gps(tmp_path / "huodong.jpg")))
    volunteer.click("button[value=preview]")
    assert volunteer.locator(".preview strong").inner_text() == "活动还将每月举办一次。"
    assert volunteer.locator(".preview img").evaluate("img => img.naturalWidth") > 0
    shot(volunteer, "04-submit-preview")
    volunteer.click("button[value=submit]")
    assert "投稿已提交，等待文明办审核" in volunteer.inner_text("main")
    record_id = volunteer.url.split("/me/")[1].split("?")[0]
    shot(volunteer, "05-submission-sent")

    text = (service.repo / f"content/submissions/{record_id}.md").read_text(encoding="utf-8")
    assert "status: pending" in text and "author: 陈思雨" in text and f"team: {TEAM}" in text
    assert f"![照片1](../assets/uploads/{record_id}/photo-1.jpg)" in text

    office = phone_context().new_page()
    sign_in(office, service, OFFICE)
    assert office.url.endswith("/office")
    assert "志愿者教老人识别电信诈骗" in office.inner_text("main")
    shot(office, "06-office-queue")
    office.click("text=志愿者教老人识别电信诈骗")
    assert office.locator(".preview img").evaluate("img => img.naturalWidth") > 0
    shot(office, "07-office-review")
    office.click("button[value=approve]")
    assert "已通过：志愿者教老人识别电信诈骗，正在重新生成网站" in office.inner_text("main")
    deadline = time.monotonic() + 180
    while "成功" not in office.inner_text("main") and time.monotonic() < deadline:
        assert "失败" not in office.inner_text("main"), office.inner_text("main")
        time.sleep(2)
        office.reload()
    if office.locator("summary").count():  # the build's output, shown when it printed anything
        office.click("summary")
    shot(office, "08-office-rebuilt")
    assert "成功" in office.inner_text("main")

    posts = list((service.repo / "site/news").rglob(f"tougao-{record_id}/index.html"))
    assert len(posts) == 1
    post = posts[0].read_text(encoding="utf-8")
    assert "投稿：陈思雨（幸福里社区网络文明传播志愿服务队）" in post
    assert "<strong>活动还将每月举办一次。</strong>" in post
    # The photo is published with the post (referenced by an approved page), without its GPS position.
    source = BeautifulSoup(post, "html.parser").select_one(".wm-submission img")["src"]
    published = (posts[0].parent / source).resolve()
    assert published.is_file() and published.is_relative_to(service.repo / "site")
    with Image.open(published) as image:
        assert metadata_in(image) == ()
    team_page = (service.repo / "site/volunteers/teams/wangluo-wenming/index.html").read_text(encoding="utf-8")
    assert "陈思雨 2 篇" in team_page  # one in the sample, one now
    authors = git(service.repo, "log", "--format=%an <%ae>", "--", f"content/submissions/{record_id}.md")
    assert authors.split("\n")[:2] == ["李红梅 <lihongmei@intake.invalid>", "陈思雨 <chensiyu@intake.invalid>"]

    volunteer.goto(f"{service.url}/me")
    assert "通过" in volunteer.inner_text(".cards")
    shot(volunteer, "09-my-submissions-approved")


def test_resident_nominates_with_proof_of_work_and_office_sees_the_contact(service: Service, phone_context) -> None:
    resident = phone_context().new_page()
    resident.goto(f"{service.url}/nominate")
    shot(resident, "10-nominate-form")
    resident.fill("input[name=name]", "王秀兰")
    resident.click("button[type=submit]")
    resident.wait_for_selector("#category-errors")
    assert resident.input_value("input[name=name]") == "王秀兰"
    shot(resident, "11-nominate-errors")

    resident.check("input[name=category][value=孝老爱亲]")
    resident.fill("input[name=community]", "幸福里社区")
    resident.fill("input[name=summary]", "照顾瘫痪婆婆十二年如一日")
    resident.fill("textarea[name=deeds]", "王秀兰阿姨的婆婆十二年前中风瘫痪在床，" * 8)
    resident.fill("input[name=relation]", "对门邻居")
    resident.fill("input[name=nominator]", "刘芳")
    resident.fill("input[name=nominator_phone]", "13812345678")
    resident.check("input[name=consent]")
    resident.click("button[type=submit]")
    resident.wait_for_selector(".reference", timeout=60_000)
    reference = resident.inner_text(".reference")
    shot(resident, "12-nominate-thanks")

    path = service.repo / f"content/data/nominations/{reference}.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record["status"] == "nominated" and record["nominated_by"] == "居民推荐"
    assert record["private"]["nominator"] == "刘芳" and record["private"]["nominator_phone"] == "13812345678"
    public = {key: value for key, value in record.items() if key != "private"}
    assert "13812345678" not in str(public) and "刘芳" not in str(public)
    # The proof of work was done in the page (altcha.js): its solved challenge was recorded.
    with sqlite3.connect(service.state_dir / "intake.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM used_challenges").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM rate_hits WHERE bucket = 'nominate:no-pow'").fetchone()[0] == 0
    entries = [entry for entry in service.store.audit_entries() if entry[2] == "居民推荐"]
    assert entries and "13812345678" not in str(entries)

    office = phone_context().new_page()
    sign_in(office, service, OFFICE)
    office.click(f"a[href=\"/office/nominations/{reference}\"]")
    assert "13812345678" in office.inner_text(".private")
    shot(office, "13-office-nomination")

    volunteer = phone_context().new_page()
    sign_in(volunteer, service, VOLUNTEER)
    response = volunteer.goto(f"{service.url}/office/nominations/{reference}")
    assert response.status == 403
    assert "13812345678" not in volunteer.content()
    shot(volunteer, "14-volunteer-forbidden")
