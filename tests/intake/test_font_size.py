"""The portal's font-size switch (A / A+ / A++) on the intake pages: the same sizes and name as the
portal, drawn by the server from a cookie so that it works without JavaScript, in place with it;
at A++ the nomination form fits a 390 px phone and its submit button can be reached."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ARTIFACTS
from tests.intake.conftest import Service

SHOTS = ARTIFACTS / "intake"


def root_size(html: str) -> str | None:
    value = BeautifulSoup(html, "html.parser").html.get("data-wm-font")
    return value if isinstance(value, str) else None


def test_standard_size_until_the_reader_chooses_and_the_choice_is_kept_on_every_page(service: Service) -> None:
    client = service.client()
    page = client.get("/nominate")
    assert root_size(page.text) is None
    switch = BeautifulSoup(page.text, "html.parser").select_one("form.wm-fontsize")
    assert switch["action"] == "/font-size" and switch.select_one("input[name=next]")["value"] == "/nominate"
    pressed = [(button.get_text(), button["aria-pressed"]) for button in switch.select("button")]
    assert pressed == [("A", "true"), ("A+", "false"), ("A++", "false")]

    response = client.post("/font-size", data={"size": "2", "next": "/nominate"})
    assert response.status_code == 303 and response.headers["location"] == "/nominate"
    assert client.cookies.get("wm-font-size") == "2"
    for path in ("/nominate", "/login", "/no-such-page"):
        page = client.get(path)
        assert root_size(page.text) == "2", path
    switch = BeautifulSoup(client.get("/nominate").text, "html.parser").select_one("form.wm-fontsize")
    assert [button["aria-pressed"] for button in switch.select("button")] == ["false", "false", "true"]

    client.post("/font-size", data={"size": "0", "next": "/login"})
    assert root_size(client.get("/login").text) is None


@pytest.mark.parametrize(
    "back",
    ["//evil.example/", "/\\evil.example/", "https://evil.example/", "javascript:alert(1)", "/\t/evil.example", "", "nominate"],
)
def test_the_switch_only_goes_back_to_a_page_of_this_service(service: Service, back: str) -> None:
    response = service.client().post("/font-size", data={"size": "1", "next": back})
    assert response.status_code == 303 and response.headers["location"] == "/"


@pytest.mark.parametrize("size", ["3", "-1", '2"><script>alert(1)</script>', ""])
def test_a_size_that_is_not_one_of_the_three_is_ignored(service: Service, size: str) -> None:
    client = service.client()
    response = client.post("/font-size", data={"size": size, "next": "/nominate"})
    assert response.status_code == 303 and response.headers["location"] == "/nominate"
    assert "wm-font-size" not in response.headers.get("set-cookie", "")
    # a forged cookie is drawn as the standard size, never into the page
    client.cookies.set("wm-font-size", size or "x")
    page = client.get("/nominate")
    assert root_size(page.text) is None and "<script>alert" not in page.text


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")  # fmt: skip
    yield context
    context.close()


def body_size(page) -> float:
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('input[name=name]')).fontSize)"))


def fits_the_phone(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
    submit = page.locator("#nominate-form button[type=submit]")
    submit.scroll_into_view_if_needed()
    box = submit.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 44
    assert submit.is_visible()


def test_a_plus_plus_on_the_nomination_form_keeps_what_was_typed_and_fits_the_phone(service: Service, phone) -> None:
    page = phone.new_page()
    page.goto(f"{service.url}/nominate")
    standard = body_size(page)
    assert standard >= 17
    page.fill("input[name=name]", "王秀兰")
    page.get_by_role("button", name="A++").click()
    largest = body_size(page)
    assert largest >= 23 and largest > standard * 1.25
    assert page.input_value("input[name=name]") == "王秀兰", "changed in place, nothing typed is lost"
    assert page.get_by_role("button", name="A++").get_attribute("aria-pressed") == "true"
    fits_the_phone(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "20-nominate-a++.png"), full_page=True)
    page.screenshot(path=str(SHOTS / "21-nominate-a++-submit.png"))
    # the next page comes from the server already large (the cookie), with no jump
    page.goto(f"{service.url}/login")
    assert page.evaluate("() => document.documentElement.getAttribute('data-wm-font')") == "2"


def test_the_switch_works_without_javascript(service: Service, browser) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)  # fmt: skip
    try:
        page = context.new_page()
        page.goto(f"{service.url}/nominate")
        standard = body_size(page)
        page.get_by_role("button", name="A++").click()
        page.wait_for_load_state()
        assert page.url == f"{service.url}/nominate"
        assert body_size(page) > standard * 1.25
        fits_the_phone(page)
        page.screenshot(path=str(SHOTS / "22-nominate-a++-no-javascript.png"))
    finally:
        context.close()
