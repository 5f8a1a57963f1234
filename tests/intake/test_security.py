"""Hostile and careless requests against the real service: each gets a clear answer, and nothing
is written that should not be."""

from __future__ import annotations

import io
import re

import httpx
from bs4 import BeautifulSoup
from PIL import Image

from tests.intake.conftest import (
    ARTICLE,
    OTHER_VOLUNTEER,
    VOLUNTEER,
    Service,
    csrf_of,
    git,
    submission_form,
    token_of,
)


def commits(service: Service) -> int:
    return int(git(service.repo, "rev-list", "--count", "HEAD").strip())


def new_form(client: httpx.Client) -> tuple[str, str]:
    page = client.get("/submit")
    assert page.status_code == 200
    return csrf_of(page.text), token_of(page.text)


def submit(client: httpx.Client, files: list[tuple[str, tuple[str, bytes, str]]] | None = None, **fields: str) -> httpx.Response:
    csrf, token = new_form(client)
    return client.post("/submit", data={"csrf": csrf, "form_token": token, **submission_form(**fields)}, files=files)


def jpeg(size: tuple[int, int] = (64, 48), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 40, 30))
    if exif is not None:
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def field_errors(page: str, name: str) -> str:
    box = BeautifulSoup(page, "html.parser").find(id=f"{name}-errors")
    return box.get_text(" ", strip=True) if box else ""


# --- CSRF and sessions ---------------------------------------------------------------------------


def test_csrf_missing_or_wrong_is_refused_and_nothing_is_written(service: Service) -> None:
    client = service.login(VOLUNTEER)
    before = commits(service)
    _, token = new_form(client)
    missing = client.post("/submit", data={"form_token": token, **submission_form()})
    wrong = client.post("/submit", data={"csrf": "x" * 32, "form_token": token, **submission_form()})
    for response in (missing, wrong):
        assert response.status_code == 403
        assert "表单已过期或不是从本站打开的" in response.text
    # The login form and the public form check it too.
    assert service.client().post("/login", data={"username": VOLUNTEER[0], "password": VOLUNTEER[2]}).status_code == 403
    assert service.client().post("/nominate", data={"name": "张三"}).status_code == 403
    assert commits(service) == before


def test_expired_session_is_asked_to_sign_in_again(service: Service) -> None:
    client = service.login(VOLUNTEER)
    csrf, token = new_form(client)
    service.store.expire_sessions_of(VOLUNTEER[0])
    response = client.post("/submit", data={"csrf": csrf, "form_token": token, **submission_form()})
    assert response.status_code == 401
    assert "登录已过期，请重新登录" in response.text
    assert client.get("/me").status_code == 401


def test_wrong_password_and_disabled_account_cannot_sign_in(service: Service) -> None:
    client = service.client()
    page = client.get("/login")
    response = client.post("/login", data={"csrf": csrf_of(page.text), "username": VOLUNTEER[0], "password": "wrong"})
    assert response.status_code == 400 and "账号或密码不对" in response.text
    signed_in = service.login(VOLUNTEER)
    service.store.set_disabled(VOLUNTEER[0], True)
    assert signed_in.get("/me").status_code == 401
    response = client.post("/login", data={"csrf": csrf_of(page.text), "username": VOLUNTEER[0], "password": VOLUNTEER[2]})
    assert response.status_code == 400


def test_session_cookie_is_httponly_and_samesite(service: Service) -> None:
    client = service.client()
    page = client.get("/login")
    response = client.post("/login", data={"csrf": csrf_of(page.text), "username": VOLUNTEER[0], "password": VOLUNTEER[2]})
    cookie = response.headers["set-cookie"]
    assert "wm_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here; --https adds it


# --- who may see what ----------------------------------------------------------------------------


def test_volunteer_cannot_see_or_change_others_submissions_or_any_nomination(service: Service) -> None:
    owner = service.login(VOLUNTEER)
    response = submit(owner, files=[("photos", ("a.jpg", jpeg(), "image/jpeg"))])
    assert response.status_code == 303
    record_id = response.headers["location"].split("/")[2].split("?")[0]
    assert owner.get(f"/me/{record_id}").status_code == 200
    assert owner.get(f"/uploads/{record_id}/photo-1.jpg").status_code == 200

    other = service.login(OTHER_VOLUNTEER)
    assert other.get(f"/me/{record_id}").status_code == 404
    assert other.get(f"/uploads/{record_id}/photo-1.jpg").status_code == 404
    assert other.get("/me/dongji-xiaofang-yanlian").status_code == 404  # a sample submission, nobody's here
    assert other.get("/me/..%2F..%2Fmkdocs").status_code == 404
    withdraw = other.post(f"/me/{record_id}/withdraw", data={"csrf": csrf_of(other.get("/me").text)})
    assert withdraw.status_code == 404
    assert (service.repo / f"content/submissions/{record_id}.md").is_file()
    for path in ("/office", "/office/submissions/" + record_id, "/office/nominations/wang-xiulan"):
        assert other.get(path).status_code == 403, path
    decide = other.post(f"/office/submissions/{record_id}/decide", data={"csrf": csrf_of(other.get("/me").text), "decision": "approve"})
    assert decide.status_code == 403
    assert "status: pending" in (service.repo / f"content/submissions/{record_id}.md").read_text(encoding="utf-8")
    # Nobody signed in: the sign-in page.
    assert service.client().get(f"/me/{record_id}").status_code == 401


# --- limits -------------------------------------------------------------------------------------


def test_oversize_requests_are_refused_before_reading(service: Service) -> None:
    client = service.login(VOLUNTEER)
    csrf, token = new_form(client)
    huge = b"0" * (27 * 1024 * 1024)
    response = client.post("/submit", data={"csrf": csrf, "form_token": token, **submission_form()},
                           files=[("photos", ("big.jpg", huge, "image/jpeg"))])  # fmt: skip
    assert response.status_code == 413 and "内容太大" in response.text
    public = service.client()
    page = public.get("/nominate")
    response = public.post("/nominate", data={"csrf": csrf_of(page.text), "deeds": "好" * 70_000})
    assert response.status_code == 413


def test_too_many_photos_non_images_and_bombs_get_a_message_next_to_the_field(service: Service) -> None:
    client = service.login(VOLUNTEER)
    before = commits(service)
    four = [("photos", (f"{n}.jpg", jpeg(), "image/jpeg")) for n in range(4)]
    response = submit(client, files=four, title="四张照片")
    assert response.status_code == 400
    assert "选了 4 张照片，最多 3 张" in field_errors(response.text, "photos")
    assert 'value="四张照片"' in response.text  # the rest of the input is kept

    text_file = [("photos", ("photo.jpg", b"#!/bin/sh\nrm -rf /\n", "image/jpeg"))]
    response = submit(client, files=text_file)
    assert response.status_code == 400
    assert "第 1 张照片（photo.jpg）不是能打开的照片" in field_errors(response.text, "photos")

    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    response = submit(client, files=[("photos", ("a.gif", gif.getvalue(), "image/gif"))])
    assert "是 GIF 格式：只收 JPG、PNG 或 WebP 照片" in field_errors(response.text, "photos")

    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, "PNG")  # 400 megapixels in a few dozen KB
    response = submit(client, files=[("photos", ("bomb.png", bomb.getvalue(), "image/png"))])
    assert response.status_code == 400
    assert "太大了" in field_errors(response.text, "photos") or "不是能打开的照片" in field_errors(response.text, "photos")

    broken = jpeg()[:200]
    response = submit(client, files=[("photos", ("cut.jpg", broken, "image/jpeg"))])
    assert response.status_code == 400 and field_errors(response.text, "photos")
    assert commits(service) == before


def test_photo_metadata_is_dropped(service: Service) -> None:
    exif = Image.Exif()
    exif[0x013B] = "13912345678"  # Artist: a phone number
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)}  # GPS position
    client = service.login(VOLUNTEER)
    response = submit(client, files=[("photos", ("gps.jpg", jpeg((800, 600), exif.tobytes()), "image/jpeg"))])
    assert response.status_code == 303
    record_id = response.headers["location"].split("/")[2].split("?")[0]
    stored = (service.repo / f"content/assets/uploads/{record_id}/photo-1.jpg").read_bytes()
    assert b"13912345678" not in stored and b"Exif" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_field_messages_come_from_the_build_models_and_input_is_kept(service: Service) -> None:
    client = service.login(VOLUNTEER)
    response = submit(client, title="", body="太短了。", kind="essay")
    assert response.status_code == 400
    # The build's messages (wenming.core.messages), with the form's label for the file's key.
    assert field_errors(response.text, "title") == "标题 不能为空"
    assert "类型 'essay' 不是允许的值（可选：news、story）" in field_errors(response.text, "kind")
    assert "正文只有 4 个字，至少要 50 个字" in field_errors(response.text, "body")
    assert "太短了。</textarea>" in response.text

    response = submit(client, body=ARTICLE + "联系人电话13912345678。")
    assert "未打码的手机号 13*******78" in field_errors(response.text, "body")  # never echoed in full
    assert "13912345678" not in field_errors(response.text, "body")
    response = submit(client, team="no-such-team")
    assert "请从列表中选择所属志愿服务队" in field_errors(response.text, "team")


# --- hostile text in the preview -----------------------------------------------------------------

HOSTILE_TITLES = ['<script>alert(1)</script>社区新闻', '"><img src=x onerror=alert(1)>标题', "社区冬日送温暖 {: autofocus onfocus=alert(1) }"]
HOSTILE_BODIES = [
    "<script>alert(document.domain)</script>",
    "[点我](javascript:alert(9))",
    "[点我](javascript&#58;alert(9))",
    "![照片](x.png){: onload=alert(2) }",
    "[参考][r]\n\n[r]: javascript:alert(3)",
    '<img src=x onerror="alert(4)">',
    "段落 {: style=\"position:fixed;inset:0\" onclick=alert(5) }",
]


def assert_harmless(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script", src=False) or all(s.get("src") for s in soup.find_all("script")), html
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag, name)
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert not re.match(r"\s*(javascript|data|vbscript):", text, re.I), (tag, name, value)
            assert name != "style", tag
        assert not tag.has_attr("autofocus"), tag


def test_hostile_text_is_never_rendered_as_markup_in_the_preview(service: Service) -> None:
    client = service.login(VOLUNTEER)
    for title in HOSTILE_TITLES:
        for body in HOSTILE_BODIES:
            response = submit(client, title=title, body=ARTICLE + "\n\n" + body, action="preview")
            preview = BeautifulSoup(response.text, "html.parser").find("section", class_="preview")
            assert preview is not None, (title, body, response.text[:500])
            assert_harmless(str(preview))
            assert preview.find("h1").get_text() == title  # shown as text, exactly as typed
