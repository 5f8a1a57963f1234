"""The address of the intake service's 我推荐身边好人 form, from the ``intake_url`` option.

The service runs at its own address (it depends on the deployment), so the static site only
links to it when the office says where it is. The value is checked here because it ends up in
an ``href`` on public pages: only an http(s) address with a host is accepted.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from wenming.core.privacy import mask

NOMINATE_PATH = "/nominate"
_UNSAFE = set(" \t\r\n\"'<>`\\{}|^")


def nominate_url(intake_url: str) -> str:
    """``<intake_url>/nominate``; ValueError (in Chinese, naming the option) for anything else."""
    # An address with a user name or password in it is shown masked (it is a login).
    shown = mask(intake_url) if "@" in intake_url else intake_url
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    problem = (
        f"intake_url 应为投稿服务的网址（以 https:// 开头，只写到服务的根地址），"
        f"例如 https://tougao.example.org.cn/；现在是“{shown}”"
    )
    if any(char in _UNSAFE for char in intake_url):
        raise ValueError(problem)
    parts = urlsplit(intake_url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(problem)
    if parts.username is not None or parts.password is not None:
        raise ValueError(problem)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + NOMINATE_PATH, "", ""))
