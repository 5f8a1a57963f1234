"""The intake service: web volunteers submit, residents nominate, the office reviews.

Pages are rendered on the server (Jinja2, autoescaped) and work without JavaScript; the only
script is the proof-of-work solver of the public form, served from here. Every file goes into
the content repository through :class:`~.gitrepo.ContentRepo` (atomic write + git commit under
a lock); accounts, sessions, form tokens, limits and the audit log are in :class:`~.store.Store`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import shutil
import subprocess
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wenming.core.privacy import mask
from wenming.core.records import SLUG, Collection, RuleContext, load_collection, read_record_file
from wenming.core.schemas import CATEGORIES, Nomination, Submission, Team
from wenming.core.site_data import submission_problems
from wenming.core.submissions import SENSITIVE_WORDS_FILE, load_sensitive_words

from . import altcha
from .forms import (
    KIND_LABELS,
    Checked,
    check_nomination,
    check_submission,
    nomination_file,
    nomination_values,
    submission_file,
    submission_values,
)
from .gitrepo import PUBLIC_FORM, ContentRepo, RepositoryError, author_for
from .photos import MAX_PHOTOS, MAX_UPLOAD_BYTES, PhotoProblem, reencode_photo
from .settings import Settings
from .shared import (
    Decided,
    Decision,
    ReviewInbox,
    ReviewRefused,
    decide,
    gate_notes,
    render_contributor_markdown,
)
from .store import ROLE_NAMES, Session, Store

HERE = Path(__file__).parent
SESSION_COOKIE = "wm_session"
ANON_COOKIE = "wm_anon"
# The portal's font-size switch (theme_overrides/assets/javascripts/wenming.js) keeps the size
# under this name in localStorage; the service keeps it in a cookie of the same name, so that
# the page comes from the server at that size, with or without JavaScript.
FONT_COOKIE = "wm-font-size"
FONT_SIZES = ("0", "1", "2")  # A, A+, A++
_BACK_TO = re.compile(r"^/(?![/\\])[\x21-\x7e]*$")  # a path on this service, never //host or /\host
SITE_TIMEZONE = ZoneInfo("Asia/Shanghai")
STATUS_NAMES = {"pending": "待审", "approved": "通过", "rejected": "退回"}
NOMINATION_STATUS_NAMES = {
    "nominated": "已推荐（待文明办核实）", "reviewing": "审核中", "publicized": "公示中",
    "selected": "入选", "not_selected": "未入选", "withdrawn": "已撤回",
}  # fmt: skip
_TOKEN = re.compile(r"^[0-9a-f]{16}$")


def today() -> dt.date:
    return dt.datetime.now(SITE_TIMEZONE).date()


class PageError(Exception):
    """Stop handling a request and show a plain Chinese page with this status."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


class LimitRequestSize:
    """Refuse a request body larger than its route allows, before reading it (413 page)."""

    def __init__(self, app: ASGIApp, settings: Settings, page: Callable[[int, str, str], bytes]) -> None:
        self.app, self.settings, self.page = app, settings, page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        limits = self.settings.limits
        limit = limits.max_request_bytes if scope["path"] == "/submit" else limits.max_form_bytes
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await self._refuse(send, limit)
            return
        received = 0
        too_large = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise PageError(413, "内容太大", f"一次最多能提交 {limit // 1024 // 1024 or 1} MB，每张照片最多 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。请减少照片或压缩后再试。")
            return message

        try:
            await self.app(scope, counting_receive, send)
        except PageError:
            if not too_large:
                raise
            await self._refuse(send, limit)

    async def _refuse(self, send: Send, limit: int) -> None:
        body = self.page(413, "内容太大", f"一次最多能提交 {limit // 1024 // 1024 or 1} MB（每张照片最多 {MAX_UPLOAD_BYTES // 1024 // 1024} MB）。请减少照片或压缩后再试。")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"connection", b"close")]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})


class Rebuilder:
    """Runs the configured site rebuild after each decision, one at a time, keeping the result."""

    def __init__(self, command: tuple[str, ...], cwd: Path, store: Store) -> None:
        self.command, self.cwd, self.store = command, cwd, store
        self._lock = threading.Lock()
        self._again = False
        self._running = False

    def request(self, actor: str) -> bool:
        if not self.command:
            return False
        with self._lock:
            if self._running:
                self._again = True
                return True
            self._running = True
        threading.Thread(target=self._run, args=(actor,), daemon=True).start()
        return True

    def _run(self, actor: str) -> None:
        while True:
            rebuild_id = self.store.start_rebuild(actor)
            try:
                done = subprocess.run(self.command, cwd=self.cwd, capture_output=True, text=True, timeout=1800)
                code, output = done.returncode, (done.stdout + done.stderr)
            except (OSError, subprocess.TimeoutExpired) as error:
                code, output = -1, f"无法运行生成命令：{error}"
            self.store.finish_rebuild(rebuild_id, code, output[-4000:])
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False


class Intake:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.state_dir / "intake.sqlite3", settings.session_seconds)
        self.repo = ContentRepo(settings.repo)
        self.key = settings.secret_key()
        self.rebuilder = Rebuilder(settings.rebuild_command, settings.repo, self.store)
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True), trim_blocks=True
        )
        self.templates.globals.update(site_name=settings.site_name, site_url=settings.site_url)
        self.templates.filters["local_time"] = local_time
        self._teams_cache: tuple[tuple[tuple[str, int], ...], dict[str, str]] | None = None

    # --- paths ---------------------------------------------------------------------------------
    def submission_path(self, record_id: str) -> str:
        return self.settings.repo_path(self.settings.submissions_dir, f"{record_id}.md")

    def nomination_path(self, record_id: str) -> str:
        return self.settings.repo_path(self.settings.data_dir, "nominations", f"{record_id}.yml")

    def upload_folder(self, record_id: str) -> str:
        return self.settings.repo_path(self.settings.uploads_dir, record_id)

    def staging(self, token: str) -> Path:
        return self.settings.state_dir / "staging" / token

    def recover(self) -> list[str]:
        """Commit what a killed service left complete but uncommitted (see ContentRepo.recover)."""
        uploads = self.settings.repo_path(self.settings.uploads_dir)

        def keep(relative: str) -> bool:
            if relative.startswith(uploads + "/"):
                record_id = relative[len(uploads) + 1 :].split("/")[0]
                return (self.settings.repo / self.submission_path(record_id)).is_file()
            return True

        folders = [self.settings.repo_path(self.settings.submissions_dir),
                   self.settings.repo_path(self.settings.data_dir, "nominations"), uploads]  # fmt: skip
        return self.repo.recover(folders, keep)

    # --- records --------------------------------------------------------------------------------
    def team_names(self) -> dict[str, str]:
        """Team id -> name, from the valid team records (re-read only when the folder changed)."""
        folder = self.settings.docs_dir / self.settings.data_dir / "teams"
        stamp = tuple(sorted((entry.name, entry.stat().st_mtime_ns) for entry in folder.iterdir())) if folder.is_dir() else ()
        if self._teams_cache is None or self._teams_cache[0] != stamp:
            collection = Collection("teams", "志愿服务队", f"{self.settings.data_dir}/teams", Team)
            loaded = load_collection(collection, self.settings.docs_dir, RuleContext(today(), self.settings.docs_dir))
            self._teams_cache = (stamp, {record.id: record.data.name for record in loaded.records})
        return self._teams_cache[1]

    def sensitive_words(self) -> tuple[str, ...]:
        return load_sensitive_words(self.settings.docs_dir / self.settings.data_dir / SENSITIVE_WORDS_FILE)

    def load(self, kind: str) -> Any:
        if kind == "submissions":
            collection: Collection[Any] = Collection(
                "submissions", "投稿", self.settings.submissions_dir, Submission, markdown=True,
                hidden_reason=lambda record: None,
            )  # fmt: skip
        else:
            collection = Collection("nominations", "好人推荐", f"{self.settings.data_dir}/nominations", Nomination,
                                    hidden_reason=lambda record: None)  # fmt: skip
        return load_collection(collection, self.settings.docs_dir, RuleContext(today(), self.settings.docs_dir),
                               self.settings.repo)  # fmt: skip

    def read_submission(self, record_id: str) -> Any:
        """The submission record (any status), or None if it does not exist or is broken."""
        path = self.settings.repo / self.submission_path(record_id)
        if not SLUG.match(record_id) or not path.is_file():
            return None
        loaded = self.load("submissions")
        return loaded.by_id.get(record_id)

    # --- pages ----------------------------------------------------------------------------------
    def page(self, request: Request | None, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        session = request.state.session if request is not None and hasattr(request.state, "session") else None
        body = self.templates.get_template(template).render(
            session=session, role_names=ROLE_NAMES, font_size=font_size_of(request),
            here=request.url.path if request is not None else "/", **context,
        )  # fmt: skip
        response = HTMLResponse(body, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        return response

    def error_body(self, status: int, title: str, message: str) -> bytes:
        return self.templates.get_template("error.html").render(title=title, message=message, status=status,
                                                                  font_size="0", here="/").encode()

    # --- sessions and CSRF ---------------------------------------------------------------------
    def session_of(self, request: Request) -> Session | None:
        token = request.cookies.get(SESSION_COOKIE)
        session = self.store.session(token) if token else None
        request.state.session = session
        return session

    def require(self, request: Request, role: str | None = None) -> Session:
        session = self.session_of(request)
        if session is None:
            expired = SESSION_COOKIE in request.cookies
            raise PageError(401, "请先登录", "登录已过期，请重新登录。" if expired else "请先登录。")
        if role == "office" and not session.account.is_office:
            raise PageError(403, "没有权限", "这个页面只有文明办工作人员能打开。")
        return session

    def anon_id(self, request: Request) -> str:
        value = request.cookies.get(ANON_COOKIE, "")
        return value if re.fullmatch(r"[A-Za-z0-9_-]{20,64}", value) else ""

    def anon_csrf(self, anon: str) -> str:
        return hmac.new(self.key, f"csrf:{anon}".encode(), hashlib.sha256).hexdigest()[:32]

    def check_csrf(self, form: FormData, expected: str) -> None:
        sent = form.get("csrf")
        if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
            raise PageError(403, "页面已过期", "表单已过期或不是从本站打开的（安全校验未通过）。请返回，刷新页面后重新提交。")

    def set_cookie(self, response: Response, name: str, value: str, max_age: int | None = None) -> None:
        response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                            secure=self.settings.secure_cookies, path="/")  # fmt: skip

    def address(self, request: Request) -> str:
        return request.client.host if request.client else "unknown"


def font_size_of(request: Request | None) -> str:
    """The reader's chosen size ("0" standard, "1" A+, "2" A++); anything else is standard."""
    value = request.cookies.get(FONT_COOKIE, "0") if request is not None else "0"
    return value if value in FONT_SIZES else "0"


async def read_form(request: Request) -> FormData:
    try:
        return await request.form(max_files=MAX_PHOTOS + 7, max_fields=50, max_part_size=256 * 1024)
    except HTTPException as error:
        raise PageError(400, "无法读取表单", "提交的内容格式不对或太多（最多 3 张照片）。请返回重新填写。") from error


def text_field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def build_app(settings: Settings) -> Starlette:
    intake = Intake(settings)
    intake.recover()
    store, repo = intake.store, intake.repo

    def handler(function: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def wrapped(request: Request) -> Response:
            try:
                return await function(request)
            except PageError as error:
                if error.status == 401:
                    anon, new = anon_for(request)
                    response = intake.page(request, "login.html", 401, message=error.message,
                                           csrf=intake.anon_csrf(anon), values={})  # fmt: skip
                    return with_anon_cookie(response, anon, new)
                return intake.page(request, "error.html", error.status, title=error.title, message=error.message)

        return wrapped

    def anon_for(request: Request) -> tuple[str, bool]:
        """The visitor's anonymous id (CSRF of the login and public forms), and whether it is new."""
        anon = intake.anon_id(request)
        return (anon, False) if anon else (secrets.token_urlsafe(24), True)

    def with_anon_cookie(response: Response, anon: str, new: bool) -> Response:
        if new:
            intake.set_cookie(response, ANON_COOKIE, anon)
        return response

    # --- login ------------------------------------------------------------------------------------
    @handler
    async def login(request: Request) -> Response:
        anon, new = anon_for(request)
        if request.method == "GET":
            if intake.session_of(request):
                return RedirectResponse("/", 303)
            page = intake.page(request, "login.html", csrf=intake.anon_csrf(anon), values={})
            return with_anon_cookie(page, anon, new)
        form = await read_form(request)
        intake.check_csrf(form, "" if new else intake.anon_csrf(anon))
        username = text_field(form, "username").strip()
        password = text_field(form, "password")
        address = intake.address(request)
        if not store.hit(f"login:{address}", settings.limits.logins_per_address, 600):
            raise PageError(429, "尝试次数太多", "登录尝试次数太多，请 10 分钟后再试。")
        account = await run_in_threadpool(store.check_password, username, password) if username else None
        if account is None:
            store.audit(username or "-", "登录失败", address=address)
            return intake.page(request, "login.html", 400, csrf=intake.anon_csrf(anon),
                               message="账号或密码不对，或账号已停用。", values={"username": username})  # fmt: skip
        token, _session = store.open_session(account.username)
        store.audit(account.username, "登录", address=address)
        response = RedirectResponse("/office" if account.is_office else "/me", 303)
        intake.set_cookie(response, SESSION_COOKIE, token)
        return response

    @handler
    async def logout(request: Request) -> Response:
        session = intake.require(request)
        form = await read_form(request)
        intake.check_csrf(form, session.csrf)
        store.close_session(request.cookies.get(SESSION_COOKIE, ""))
        response = RedirectResponse("/login", 303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @handler
    async def home(request: Request) -> Response:
        session = intake.session_of(request)
        if session is None:
            return RedirectResponse("/login", 303)
        return RedirectResponse("/office" if session.account.is_office else "/me", 303)

    # --- volunteers: 我的投稿 ---------------------------------------------------------------------
    @handler
    async def my_submissions(request: Request) -> Response:
        session = intake.require(request)
        ids = store.results_of(session.account.username, "submission")
        loaded = await run_in_threadpool(intake.load, "submissions")
        mine = [loaded.by_id[record_id] for record_id in ids if record_id in loaded.by_id]
        return intake.page(request, "mine.html", submissions=mine, status_names=STATUS_NAMES, kinds=KIND_LABELS,
                           csrf=session.csrf)  # fmt: skip

    def owned_submission(session: Session, record_id: str) -> Any:
        # Someone else's submission and one that does not exist look the same: 404.
        if not SLUG.match(record_id) or (
            not session.account.is_office and store.owner_of(record_id, "submission") != session.account.username
        ):
            raise PageError(404, "找不到稿件", "没有这篇稿件，或它不是您投的。")
        record = intake.read_submission(record_id)
        if record is None:
            raise PageError(404, "找不到稿件", "没有这篇稿件（可能已撤回）。")
        return record

    def preview_html(body: str, record_id: str) -> str:
        # Photos in a stored submission are referenced as ../assets/uploads/<id>/…: shown here
        # from /uploads/, which checks who may see them.
        prefix = f"../{settings.uploads_dir}/{record_id}/"
        return render_contributor_markdown(body.replace(f"]({prefix}", f"](/uploads/{record_id}/"))

    @handler
    async def my_submission(request: Request) -> Response:
        session = intake.require(request)
        record = owned_submission(session, request.path_params["id"])
        return intake.page(request, "submission.html", record=record, preview=preview_html(record.body, record.id),
                           status_names=STATUS_NAMES, kinds=KIND_LABELS, teams=intake.team_names(),
                           csrf=session.csrf, sent=request.query_params.get("sent") == "1")  # fmt: skip

    @handler
    async def withdraw(request: Request) -> Response:
        session = intake.require(request)
        form = await read_form(request)
        intake.check_csrf(form, session.csrf)
        record = owned_submission(session, request.path_params["id"])
        if store.owner_of(record.id, "submission") != session.account.username:
            raise PageError(404, "找不到稿件", "没有这篇稿件，或它不是您投的。")
        if record.data.status != "pending":
            raise PageError(409, "不能撤回", "只有待审的稿件能撤回；已经审核的稿件请联系文明办。")
        changes: dict[str, bytes | None] = {intake.submission_path(record.id): None}
        if (settings.repo / intake.upload_folder(record.id)).is_dir():
            changes[intake.upload_folder(record.id)] = None
        author = author_for(session.account.username, session.account.display_name)

        def remove() -> None:
            with repo.locked():
                repo.commit_change(changes, f"撤回投稿 {record.id}", author)

        try:
            await run_in_threadpool(remove)
        except RepositoryError as error:
            store.audit(session.account.username, "撤回失败", record.id, str(error))
            raise PageError(503, "暂时无法撤回", "保存时出了问题，稿件没有变化。请稍后再试，或联系文明办。") from None
        store.audit(session.account.username, "撤回投稿", record.id, address=intake.address(request))
        return RedirectResponse("/me", 303)

    # --- volunteers: new submission -------------------------------------------------------------
    def submission_form(request: Request, session: Session, token: str, checked: Checked | None, status: int = 200,
                        preview: str | None = None, staged: list[str] | None = None, message: str | None = None) -> Response:  # fmt: skip
        return intake.page(request, "submit.html", status, csrf=session.csrf, token=token,
                           values=checked.values if checked else {"kind": "news", "team": session.account.team or ""},
                           errors=checked.errors if checked else {}, teams=intake.team_names(), kinds=KIND_LABELS,
                           preview=preview, staged=staged or [], message=message, max_photos=MAX_PHOTOS)  # fmt: skip

    def staged_photos(token: str) -> list[str]:
        folder = intake.staging(token)
        return sorted(path.name for path in folder.glob("photo-*.jpg")) if folder.is_dir() else []

    async def take_photos(form: FormData, token: str, checked: Checked) -> None:
        uploads = [item for item in form.getlist("photos") if isinstance(item, UploadFile) and item.filename]
        if not uploads:
            return
        if len(uploads) > MAX_PHOTOS:
            checked.add("photos", f"选了 {len(uploads)} 张照片，最多 {MAX_PHOTOS} 张")
            return
        photos = []
        for number, upload in enumerate(uploads, 1):
            raw = await upload.read(MAX_UPLOAD_BYTES + 1)
            try:
                photos.append(await run_in_threadpool(reencode_photo, raw, f"第 {number} 张照片（{upload.filename[:40]}）"))
            except PhotoProblem as problem:
                checked.add("photos", str(problem))
        if checked.errors.get("photos"):
            return
        folder = intake.staging(token)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for number, photo in enumerate(photos, 1):
            (folder / f"photo-{number}.jpg").write_bytes(photo.data)

    @handler
    async def submit(request: Request) -> Response:
        session = intake.require(request)
        username = session.account.username
        if request.method == "GET":
            return submission_form(request, session, store.new_form_token(username, "submission"), None)
        form = await read_form(request)
        intake.check_csrf(form, session.csrf)
        token = text_field(form, "form_token")
        known, result = store.form_token(token, username, "submission") if _TOKEN.match(token) else (False, None)
        values = submission_values(form)
        if not known:
            checked = Checked(values)
            return submission_form(request, session, store.new_form_token(username, "submission"), checked, 400,
                                   message="这张表单已过期，内容已保留，请再点一次提交。")  # fmt: skip
        if result and await run_in_threadpool(repo.exists_committed, intake.submission_path(result)):
            # The same form sent again (a double tap, a retry after a lost answer): already saved.
            return RedirectResponse(f"/me/{result}?sent=1", 303)
        checked = await run_in_threadpool(
            check_submission, values, session.account.display_name, intake.team_names(), settings.docs_dir,
            settings.submissions_dir, intake.sensitive_words(),
        )  # fmt: skip
        await take_photos(form, token, checked)
        if form.get("drop_photos") == "yes" and not checked.errors.get("photos"):
            shutil.rmtree(intake.staging(token), ignore_errors=True)
        staged = staged_photos(token)
        action = text_field(form, "action")
        if action != "submit" or not checked.ok:
            preview = None
            if values["body"]:
                photos = "".join(f"\n\n![照片{n}](/staging/{token}/{name})" for n, name in enumerate(staged, 1))
                preview = render_contributor_markdown(values["body"] + photos)
            return submission_form(request, session, token, checked, 200 if checked.ok else 400, preview, staged)
        record_id = result or f"{today():%Y%m%d}-{token[:10]}"
        store.finish_form_token(token, record_id)  # claimed before writing: a retry reuses the id
        photo_files = {f"{intake.upload_folder(record_id)}/{name}": (intake.staging(token) / name).read_bytes() for name in staged}
        refs = [f"../{settings.uploads_dir}/{record_id}/{name}" for name in staged]
        text = submission_file(values, session.account.display_name, today(), refs)
        author = author_for(username, session.account.display_name)

        def save() -> None:
            # The Markdown file goes last: a photo folder without it is an unfinished submission.
            files = {**photo_files, intake.submission_path(record_id): text}
            repo.add_files(files, f"投稿：{values['title'][:40]}（{record_id}）", author)

        try:
            await run_in_threadpool(save)
        except RepositoryError as error:
            store.audit(username, "投稿保存失败", record_id, str(error)[:500])
            return submission_form(request, session, token, checked, 503, staged=staged,
                                   message="保存时出了问题（服务器的内容仓库暂时不能写入），稿件还没有提交成功。"
                                           "您填写的内容都还在，请稍后再点一次提交；一直不行请联系文明办。")  # fmt: skip
        shutil.rmtree(intake.staging(token), ignore_errors=True)
        store.audit(username, "投稿", record_id, address=intake.address(request))
        return RedirectResponse(f"/me/{record_id}?sent=1", 303)

    @handler
    async def staged_photo(request: Request) -> Response:
        session = intake.require(request)
        token, name = request.path_params["token"], request.path_params["name"]
        known, _ = store.form_token(token, session.account.username, "submission") if _TOKEN.match(token) else (False, None)
        path = intake.staging(token) / name
        if not known or not re.fullmatch(r"photo-\d\.jpg", name) or not path.is_file():
            raise PageError(404, "找不到照片", "没有这张照片。")
        return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private, no-store"})

    @handler
    async def uploaded_photo(request: Request) -> Response:
        session = intake.require(request)
        record_id, name = request.path_params["id"], request.path_params["name"]
        allowed = session.account.is_office or store.owner_of(record_id, "submission") == session.account.username
        path = settings.repo / intake.upload_folder(record_id) / name
        if not allowed or not SLUG.match(record_id) or not re.fullmatch(r"photo-\d\.jpg", name) or not path.is_file():
            raise PageError(404, "找不到照片", "没有这张照片。")
        return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private, no-store"})

    # --- office -----------------------------------------------------------------------------------
    @handler
    async def office(request: Request) -> Response:
        session = intake.require(request, "office")
        submissions = await run_in_threadpool(intake.load, "submissions")
        nominations = await run_in_threadpool(intake.load, "nominations")
        pending = [record for record in submissions.records if record.data.status == "pending"]
        pending.sort(key=lambda record: (record.data.submitted, record.id), reverse=True)
        new = [record for record in nominations.records if record.data.status == "nominated"]
        new.sort(key=lambda record: (record.data.nominated_on, record.id), reverse=True)
        return intake.page(request, "office.html", pending=pending, nominations=new, kinds=KIND_LABELS,
                           broken=submissions.problems + nominations.problems, csrf=session.csrf,
                           rebuild=store.last_rebuild(), rebuild_configured=bool(settings.rebuild_command),
                           teams=intake.team_names(), message=request.query_params.get("done"))  # fmt: skip

    @handler
    async def office_submission(request: Request) -> Response:
        session = intake.require(request, "office")
        record = owned_submission(session, request.path_params["id"])
        problems = submission_problems(record, settings.docs_dir, intake.sensitive_words())
        notes = gate_notes(record.source.display, record.body, record.body_line)
        return intake.page(request, "review.html", record=record, preview=preview_html(record.body, record.id),
                           problems=problems, notes=notes, status_names=STATUS_NAMES, kinds=KIND_LABELS,
                           teams=intake.team_names(), csrf=session.csrf, errors={}, note="")  # fmt: skip

    @handler
    async def office_decide(request: Request) -> Response:
        session = intake.require(request, "office")
        form = await read_form(request)
        intake.check_csrf(form, session.csrf)
        record = owned_submission(session, request.path_params["id"])
        decision = text_field(form, "decision")
        note = text_field(form, "note").strip()
        problems = submission_problems(record, settings.docs_dir, intake.sensitive_words())

        def refused(errors: dict[str, list[str]], shown: list[Any]) -> Response:
            return intake.page(request, "review.html", 400, record=record, preview=preview_html(record.body, record.id),
                               problems=shown, notes=[], status_names=STATUS_NAMES, kinds=KIND_LABELS,
                               teams=intake.team_names(), csrf=session.csrf, errors=errors, note=note)  # fmt: skip

        if decision not in ("approve", "reject"):
            return refused({"decision": ["请选择通过或退回"]}, problems)
        if decision == "reject" and not note:
            return refused({"note": ["退回时必须写理由（作者会看到）"]}, problems)
        relative = intake.submission_path(record.id)
        reviewer = session.account.display_name
        author = author_for(session.account.username, reviewer)
        inbox = ReviewInbox.of(settings.docs_dir, settings.data_dir, settings.submissions_dir, settings.repo)

        def apply() -> Decided:
            # The shared decision (the same change `wenming review` makes, under its lock),
            # then one commit by the reviewer; both inside the repository's write lock.
            with repo.locked():
                decided = decide(inbox, record.id, Decision(decision, reviewer, today(), note))  # type: ignore[arg-type]
                if decided.changed:
                    verb = "通过" if decision == "approve" else "退回"
                    repo.commit_written([relative], f"审核：{verb}投稿 {record.id}", author)
                return decided

        try:
            decided = await run_in_threadpool(apply)
        except ReviewRefused as error:
            return refused({"decision": [error.message]}, error.problems or problems)
        except RepositoryError as error:
            store.audit(session.account.username, "审核保存失败", record.id, str(error)[:500])
            raise PageError(503, "暂时无法保存", "审核结果没有保存（服务器的内容仓库暂时不能写入），稿件保持原状。请稍后再试。") from None
        store.audit(session.account.username, "通过" if decision == "approve" else "退回", record.id, note or None,
                    intake.address(request))  # fmt: skip
        rebuilding = intake.rebuilder.request(session.account.username) if decided.changed else False
        done = ("已通过" if decision == "approve" else "已退回") + f"：{record.data.title}" + ("，正在重新生成网站" if rebuilding else "")
        return RedirectResponse(f"/office?done={done}", 303)

    @handler
    async def office_rebuild(request: Request) -> Response:
        session = intake.require(request, "office")
        form = await read_form(request)
        intake.check_csrf(form, session.csrf)
        if not intake.rebuilder.request(session.account.username):
            raise PageError(400, "没有配置生成命令", "启动服务时没有设置 --rebuild-command，无法在这里重新生成网站。")
        store.audit(session.account.username, "重新生成网站")
        return RedirectResponse("/office?done=已开始重新生成网站", 303)

    @handler
    async def office_nomination(request: Request) -> Response:
        session = intake.require(request, "office")
        record_id = request.path_params["id"]
        path = settings.repo / intake.nomination_path(record_id)
        if not SLUG.match(record_id) or not path.is_file():
            raise PageError(404, "找不到推荐", "没有这条推荐。")
        reading = await run_in_threadpool(read_record_file, path, intake.nomination_path(record_id), False)
        if reading.data is None:
            raise PageError(500, "文件有错误", str(reading.problem))
        data = dict(reading.data)
        private = data.pop("private", None) or {}
        store.audit(session.account.username, "查看推荐人联系方式", record_id, address=intake.address(request))
        return intake.page(request, "nomination.html", record_id=record_id, data=data, private=private,
                           deeds=render_contributor_markdown(str(data.get("deeds", ""))),
                           status_names=NOMINATION_STATUS_NAMES)  # fmt: skip

    # --- residents: 我推荐身边好人 ----------------------------------------------------------------
    def nomination_form(request: Request, anon: str, token: str, checked: Checked | None, status: int = 200,
                        message: str | None = None) -> Response:  # fmt: skip
        return intake.page(request, "nominate.html", status, csrf=intake.anon_csrf(anon), token=token,
                           values=checked.values if checked else {}, errors=checked.errors if checked else {},
                           categories=CATEGORIES, message=message)  # fmt: skip

    @handler
    async def nominate(request: Request) -> Response:
        anon, new = anon_for(request)
        owner = f"public:{anon}"
        if request.method == "GET":
            page = nomination_form(request, anon, store.new_form_token(owner, "nomination"), None)
            return with_anon_cookie(page, anon, new)
        form = await read_form(request)
        intake.check_csrf(form, "" if new else intake.anon_csrf(anon))
        token = text_field(form, "form_token")
        known, result = store.form_token(token, owner, "nomination") if _TOKEN.match(token) else (False, None)
        values = nomination_values(form)
        if not known:
            return nomination_form(request, anon, store.new_form_token(owner, "nomination"), Checked(values), 400,
                                   "这张表单已过期，内容已保留，请再点一次提交。")  # fmt: skip
        if result and await run_in_threadpool(repo.exists_committed, intake.nomination_path(result)):
            return intake.page(request, "nominated.html", reference=result)
        day = today()
        checked = check_nomination(values, day)
        if not checked.ok:
            return nomination_form(request, anon, token, checked, 400)
        address = intake.address(request)
        solution = altcha.verify_solution(intake.key, text_field(form, "altcha"))
        if solution is not None and not store.use_challenge(solution.signature, solution.expires):
            solution = None
        if solution is None and not store.hit("nominate:no-pow", settings.limits.nominations_without_pow, 3600):
            return nomination_form(request, anon, token, checked, 429,
                                   "现在提交的人太多，请稍后再试，或打开浏览器的 JavaScript 后再提交；也可以直接打电话给文明办推荐。")  # fmt: skip
        if not store.hit(f"nominate:{address}", settings.limits.nominations_per_address, 3600):
            return nomination_form(request, anon, token, checked, 429,
                                   f"同一网络一小时内最多提交 {settings.limits.nominations_per_address} 条推荐，请稍后再试；也可以直接打电话给文明办推荐。")  # fmt: skip
        record_id = result or f"tuijian-{day:%Y%m%d}-{token[:6]}"
        store.finish_form_token(token, record_id)
        content = nomination_file(values, day)

        def save() -> None:
            repo.add_files({intake.nomination_path(record_id): content}, f"居民推荐：{record_id}", PUBLIC_FORM)

        try:
            await run_in_threadpool(save)
        except RepositoryError as error:
            store.audit("public", "推荐保存失败", record_id, str(error)[:500], address)
            return nomination_form(request, anon, token, checked, 503,
                                   "保存时出了问题，推荐还没有提交成功。您填写的内容都还在，请稍后再点一次提交。")  # fmt: skip
        store.audit("public", "居民推荐", record_id, f"推荐人 {mask(values['nominator'])}", address)
        return intake.page(request, "nominated.html", reference=record_id)

    # The A / A+ / A++ buttons post here when the page has no JavaScript (with it, fontsize.js
    # changes the size in place and writes the same cookie). Back to the page it came from.
    @handler
    async def font_size(request: Request) -> Response:
        form = await read_form(request)
        size, back = text_field(form, "size"), text_field(form, "next")
        response = RedirectResponse(back if _BACK_TO.match(back) else "/", 303)
        if size in FONT_SIZES:
            # Not HttpOnly: fontsize.js writes the same cookie when it changes the size in place.
            response.set_cookie(FONT_COOKIE, size, max_age=365 * 24 * 3600, samesite="lax",
                                secure=settings.secure_cookies, path="/")  # fmt: skip
        return response

    async def challenge(request: Request) -> Response:
        data = altcha.create_challenge(intake.key, settings.limits.pow_maxnumber)
        return JSONResponse(data, headers={"Cache-Control": "no-store"})

    async def health(request: Request) -> Response:
        return Response("ok", media_type="text/plain")

    routes = [
        Route("/", home),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/me", my_submissions),
        Route("/me/{id}", my_submission),
        Route("/me/{id}/withdraw", withdraw, methods=["POST"]),
        Route("/submit", submit, methods=["GET", "POST"]),
        Route("/staging/{token}/{name}", staged_photo),
        Route("/uploads/{id}/{name}", uploaded_photo),
        Route("/office", office),
        Route("/office/submissions/{id}", office_submission),
        Route("/office/submissions/{id}/decide", office_decide, methods=["POST"]),
        Route("/office/nominations/{id}", office_nomination),
        Route("/office/rebuild", office_rebuild, methods=["POST"]),
        Route("/nominate", nominate, methods=["GET", "POST"]),
        Route("/nominate/challenge", challenge),
        Route("/font-size", font_size, methods=["POST"]),
        Route("/healthz", health),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 404)
        title = "找不到页面" if code == 404 else "请求不对"
        message = "没有这个页面。" if code == 404 else "这个地址不接受这种请求。"
        return intake.page(request, "error.html", code, title=title, message=message)

    async def server_error(request: Request, exc: Exception) -> Response:
        return intake.page(request, "error.html", 500, title="出错了", message="服务器出了问题，您的操作可能没有完成。请稍后再试，或联系文明办。")

    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, 500: server_error})
    app.state.intake = intake
    app.add_middleware(SecurityHeaders)
    app.add_middleware(LimitRequestSize, settings=settings, page=intake.error_body)
    return app


class SecurityHeaders:
    """Headers that keep the pages from being framed or loading anything from elsewhere."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
                     b"script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]  # fmt: skip
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def local_time(timestamp: float | None) -> str:
    if not timestamp:
        return ""
    return dt.datetime.fromtimestamp(timestamp, SITE_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S")
