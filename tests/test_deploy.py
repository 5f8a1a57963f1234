"""A real deployment: the built site served by Debian's nginx with the README's configuration.

The server block is taken from README.md as it stands (only the port and the folder change), so
the README cannot promise what nginx does not do: content types (.ics as a UTF-8 calendar),
gzip, cache headers, the 404 page, and that a stylesheet changed by a rebuild is fetched anew
although /assets/ may be cached for 30 days.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import REPO, THEME_OVERRIDES, base_config, run_build, write_files

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="没有 nginx（Debian: apt-get install nginx；.ci/run 会安装）")


def readme_server_block() -> str:
    """The README's ```nginx block for the static site (the one serving /var/www/wenming; the intake
    service has its own), with its one listen and root lines checked."""
    blocks = re.findall(r"```nginx\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
    sites = [block for block in blocks if "root /var/www/wenming;" in block]
    assert len(sites) == 1, f"{len(sites)} 个静态网站的 nginx 配置"
    block = sites[0]
    assert block.count("listen 80;") == 1 and block.count("root /var/www/wenming;") == 1
    return block


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def nginx_serving(root: Path, work: Path) -> Iterator[int]:
    """nginx in the foreground on 127.0.0.1 serving ``root`` with the README's server block, inside
    the http block Debian's /etc/nginx/nginx.conf has (mime.types, sendfile, default type)."""
    port = free_port()
    server = readme_server_block().replace("listen 80;", f"listen 127.0.0.1:{port};")
    server = server.replace("root /var/www/wenming;", f"root {root};")
    work.mkdir(parents=True, exist_ok=True)
    temp = " ".join(f"{kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root, nginx's workers would run as nobody, who cannot read pytest's private temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(
        f"daemon off;\n{user}\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n sendfile on;\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n"
        f" access_log off;\n {temp}\n{server}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([NGINX, "-p", str(work), "-e", str(work / "error.log"), "-c", str(work / "nginx.conf")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    raise AssertionError(f"nginx did not start: {output}") from None
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, path: str, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "wenming.example.org.cn", **({"Accept-Encoding": "gzip"} if gzip_ok else {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    joined: dict[str, str] = {}
    for key, value in response.getheaders():  # repeated headers (Cache-Control) read as one list
        joined[key.lower()] = f"{joined[key.lower()]}, {value}" if key.lower() in joined else value
    return response.status, joined, body


def test_the_sample_site_served_as_the_readme_says(sample_site, tmp_path):
    root = tmp_path / "www"
    shutil.copytree(sample_site.site, root)  # as `rsync -av --delete site/ server:/var/www/wenming/`
    with nginx_serving(root, tmp_path / "nginx") as port:
        status, headers, body = get(port, "/events/events.ics")
        assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
        assert headers["cache-control"] == "max-age=3600" and body.startswith(b"BEGIN:VCALENDAR\r\n")
        status, headers, packed = get(port, "/events/events.ics", gzip_ok=True)
        assert headers["content-encoding"] == "gzip" and gzip.decompress(packed) == body

        status, headers, page = get(port, "/events/", gzip_ok=True)
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        assert headers["content-encoding"] == "gzip" and headers["cache-control"] == "max-age=600"
        html = BeautifulSoup(gzip.decompress(page), "html.parser")
        css = html.select_one('link[href*="events.css"]')["href"]
        assert re.fullmatch(r"\.\./assets/stylesheets/events\.css\?v=[0-9a-f]{10}", css)
        status, headers, _ = get(port, "/" + css.removeprefix("../"), gzip_ok=True)
        assert status == 200 and headers["content-type"] == "text/css" and headers["content-encoding"] == "gzip"
        assert headers["cache-control"] == "max-age=2592000, public"

        for path, kind in [("/search/manifest.json", "application/json"), ("/sitemap.xml", "text/xml; charset=utf-8"),
                           ("/feed_rss_created.xml", "text/xml; charset=utf-8")]:  # fmt: skip
            status, headers, _ = get(port, path, gzip_ok=True)
            assert (status, headers["content-type"], headers.get("content-encoding")) == (200, kind, "gzip"), path
        # The search index's files are fetched with its version in the URL (?v=…): a query made
        # again on another page costs no request; the manifest, which names the version, stays short.
        status, headers, _ = get(port, "/search/terms/0.json", gzip_ok=True)
        assert (status, headers["content-type"], headers.get("content-encoding")) == (200, "application/json", "gzip")
        assert headers["cache-control"] == "max-age=2592000, public"
        assert get(port, "/search/docs/0.json")[1]["cache-control"] == "max-age=2592000, public"
        assert get(port, "/search/manifest.json")[1]["cache-control"] == "max-age=600"
        # Photos have no version in their URL: a replaced photo reaches everyone within a day.
        status, headers, _ = get(port, "/assets/goodpeople/wang-xiulan.png")
        assert (status, headers["content-type"], headers["cache-control"]) == (200, "image/png", "max-age=86400")
        status, headers, _ = get(port, "/assets/javascripts/wenming.js")
        assert headers["cache-control"] == "max-age=2592000, public"
        status, headers, _ = get(port, "/robots.txt")
        assert status == 200 and headers["content-type"] == "text/plain; charset=utf-8"

        status, headers, missing = get(port, "/no-such-page/")
        assert status == 404 and headers["content-type"] == "text/html; charset=utf-8"
        assert missing == (root / "404.html").read_bytes()
        # private record files never reach the site, so nginx has nothing to give away
        assert get(port, "/data/events/")[0] == 404


def test_a_rebuilt_stylesheet_reaches_residents_at_once(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(THEME_OVERRIDES, theme)
    write_files(tmp_path, {"content/index.md": "---\ntemplate: home.html\n---\n# 首页\n"})
    config = base_config(theme={"name": "material", "custom_dir": str(theme), "language": "zh", "font": False})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    root = tmp_path / "www"

    def build_and_fetch(port: int) -> tuple[str, bytes]:
        built = run_build(tmp_path / "mkdocs.yml", strict=True, site_dir=root)
        assert built.error is None, built.warnings
        html = BeautifulSoup(get(port, "/")[2], "html.parser")
        url = "/" + html.select_one('link[href*="wenming.css"]')["href"]
        status, headers, css = get(port, url)
        assert status == 200 and "max-age=2592000" in headers["cache-control"]
        return url, css

    root.mkdir()
    with nginx_serving(root, tmp_path / "nginx") as port:
        old_url, old_css = build_and_fetch(port)
        sheet = theme / "assets/stylesheets/wenming.css"
        sheet.write_text(sheet.read_text(encoding="utf-8") + "\n.wm-skip { outline: 2px solid; }\n", encoding="utf-8")
        new_url, new_css = build_and_fetch(port)
    # A phone holding the old stylesheet for 30 days is asked for a URL it has never fetched.
    assert new_url != old_url and new_css.endswith(b".wm-skip { outline: 2px solid; }\n") and new_css != old_css
