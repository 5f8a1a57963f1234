"""End to end: a volunteer writes a submission in the self-hosted Decap CMS (/admin/), an editor
moves it 草稿 → 审核中 → 就绪 and publishes it, and the file lands on the repository's main branch.

decap-server (MODE=git) works on a scratch clone of a fixture repository; the built /admin/ is
served on 127.0.0.1 and driven by Playwright in Debian's chromium.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tests.conftest import ARTIFACTS, CHROMIUM, REPO, base_config, run_build, write_files
from wenming.core.records import RuleContext, load_collection
from wenming.core.site_data import collections

DECAP_SERVER = REPO / "node_modules/decap-server/dist/index.js"


def missing_tools() -> str | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "npm/node is not installed (.ci/run installs them)"
    if not Path(CHROMIUM).exists():
        return "Debian chromium is not installed at /usr/bin/chromium (.ci/run installs it)"
    if not DECAP_SERVER.exists() or not (REPO / "node_modules/decap-cms/dist/decap-cms.js").exists():
        return "npm dependencies are not installed: run `npm ci` (.ci/run does)"
    return None


pytestmark = pytest.mark.skipif(
    missing_tools() is not None and not os.environ.get("CI"), reason=str(missing_tools())
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def make_repositories(root: Path) -> Path:
    """A fixture repository with a portal's folders, and the scratch clone decap-server edits."""
    fixture = root / "fixture"
    write_files(fixture, {"content/submissions/.gitkeep": "", "content/data/teams/.gitkeep": "", "README.md": "测试\n"})
    git(fixture, "init", "-q", "-b", "main")
    git(fixture, "-c", "user.name=测试", "-c", "user.email=t@example.org", "add", ".")
    git(fixture, "-c", "user.name=测试", "-c", "user.email=t@example.org", "commit", "-q", "-m", "fixture")
    scratch = root / "scratch"
    git(root, "clone", "-q", str(fixture), str(scratch))
    git(scratch, "config", "core.quotePath", "false")  # Chinese file names stay readable to the proxy
    git(scratch, "config", "user.name", "网络文明志愿者")
    git(scratch, "config", "user.email", "volunteer@example.org")
    return scratch


def build_admin(root: Path, api_port: int) -> Path:
    site_root = root / "site-src"
    write_files(site_root, {"content/index.md": "---\ntemplate: home.html\n---\n# 首页\n"})
    (site_root / "node_modules").symlink_to(REPO / "node_modules")
    config = base_config()
    config["plugins"].append(
        {
            "wenming-submissions": {
                "admin": True,
                "admin_backend": {"name": "git-gateway", "branch": "main"},
                "admin_local_backend": f"http://127.0.0.1:{api_port}/api/v1",
            }
        }
    )
    (site_root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = run_build(site_root / "mkdocs.yml")
    assert built.error is None, built.errors
    assert (built.site / "admin/decap-cms.js").is_file()
    return built.site


def wait_for_port(port: int, process: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server exited: {process.stdout.read() if process.stdout else ''}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on {port}")


@pytest.fixture
def cms(tmp_path):
    reason = missing_tools()
    if reason:
        pytest.fail(reason)  # in CI the tools must be there: a skip would hide a broken promise
    scratch = make_repositories(tmp_path)
    api_port, web_port = free_port(), free_port()
    site = build_admin(tmp_path, api_port)
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(scratch), "PORT": str(api_port), "BIND_HOST": "127.0.0.1"}
    proxy = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    server = ThreadingHTTPServer(("127.0.0.1", web_port), partial(SimpleHTTPRequestHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        wait_for_port(api_port, proxy)
        yield scratch, f"http://127.0.0.1:{web_port}/admin/"
    finally:
        server.shutdown()
        proxy.terminate()
        proxy.wait(timeout=10)


def test_volunteer_submission_goes_through_the_editorial_workflow_to_main(cms, browser):
    from playwright.sync_api import expect

    scratch, admin_url = cms
    title = "幸福里志愿者冬至包饺子送老人"
    requests: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.set_default_timeout(30_000)
    page.on("dialog", lambda dialog: dialog.accept())  # "publish now?" confirmations
    try:
        page.goto(admin_url)
        page.get_by_role("button", name="登录").click()
        page.goto(admin_url + "#/collections/submissions/new")
        page.get_by_role("textbox", name="标题", exact=True).fill(title)
        page.locator("#kind-field-2, [id^=kind-field]").first.click()
        page.get_by_text("故事（story）", exact=True).click()
        page.get_by_role("textbox", name="作者", exact=True).fill("陈思雨")
        page.get_by_label("所属志愿服务队").fill("wangluo-wenming")
        editor = page.locator("[data-slate-editor='true']").last
        editor.click()
        editor.type("冬至前夕，幸福里社区网络文明传播志愿者和居民一起包饺子，送到二十多位独居老人家中，还帮老人检查了燃气和电线。")
        page.get_by_role("button", name="保存", exact=True).click()
        expect(page.get_by_text("修改已保存")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "cms-saved-draft.png"))
        for status in ("审核中", "就绪"):
            page.get_by_role("button", name=re.compile("^状态")).click()
            page.get_by_role("menuitem", name=status).click()
            expect(page.get_by_role("button", name=re.compile(f"^状态: {status}"))).to_be_visible()
        page.get_by_role("button", name="发布", exact=True).click()
        page.get_by_role("menuitem", name="立即发布").click()
        expect(page.get_by_text("已发布").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "cms-published.png"))
    finally:
        page.screenshot(path=str(ARTIFACTS / "cms-last.png"), full_page=True)
        context.close()

    # The entry went through its own branch and was merged: it is on main now.
    assert git(scratch, "branch", "--list", "cms/*").strip() == ""
    names = git(scratch, "ls-tree", "-r", "--name-only", "main", "content/submissions/").split()
    [name] = [n for n in names if n.endswith(".md")]
    assert re.fullmatch(r"content/submissions/\d{8}-\d{6}\.md", name), name
    text = git(scratch, "show", f"main:{name}")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == title
    assert front["kind"] == "story"
    assert front["author"] == "陈思雨"
    assert front["team"] == "wangluo-wenming"
    assert front["status"] == "pending"
    assert "独居老人家中" in text.split("---\n", 2)[2]
    # …and the portal reads it as a valid pending submission, waiting for `wenming review`.
    checkout = scratch.parent / "check"
    git(scratch.parent, "clone", "-q", "-b", "main", str(scratch), str(checkout))
    collection = next(c for c in collections() if c.name == "submissions")
    loaded = load_collection(collection, checkout / "content", RuleContext(dt.date(2026, 11, 23), checkout / "content"), checkout)
    assert loaded.problems == []
    assert dict(loaded.hidden) == {"pending": 1}
    # Nothing was fetched from anywhere but this machine.
    assert requests and all(url.startswith(("http://127.0.0.1", "data:", "blob:")) for url in requests), requests
