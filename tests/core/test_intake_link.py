"""The 我推荐身边好人 link on public pages comes from the office's ``intake_url`` option: only an
http(s) address with a host becomes a link; anything else is refused with a named message."""

from __future__ import annotations

import pytest

from wenming.core.intake_link import nominate_url


@pytest.mark.parametrize(
    ("intake_url", "expected"),
    [
        ("https://tougao.example.org.cn/", "https://tougao.example.org.cn/nominate"),
        ("https://tougao.example.org.cn", "https://tougao.example.org.cn/nominate"),
        ("https://example.org.cn/tougao/", "https://example.org.cn/tougao/nominate"),
        ("http://127.0.0.1:8100", "http://127.0.0.1:8100/nominate"),
    ],
)
def test_service_address_becomes_the_form_address(intake_url, expected):
    assert nominate_url(intake_url) == expected


@pytest.mark.parametrize(
    "intake_url",
    [
        "javascript:alert(1)",  # a script, not an address
        "data:text/html,<script>alert(1)</script>",
        "tougao.example.org.cn",  # no scheme: would be a link relative to the portal page
        "//tougao.example.org.cn/",  # scheme-relative
        "https://",  # no host
        'https://x.org/" onmouseover="alert(1)',  # breaks out of the href attribute
        "https://x.org/<script>",
        "https://x.org/?next=/admin",  # the form has its own query; a query here would be lost
        "https://x.org/#top",
        "https://user:secret@x.org/",  # a password on a public page
        "ftp://x.org/",
    ],
)
def test_anything_but_an_http_address_is_refused_naming_the_option(intake_url):
    with pytest.raises(ValueError, match=r"^intake_url 应为投稿服务的网址（以 https:// 开头") as refused:
        nominate_url(intake_url)
    assert "secret" not in str(refused.value), "a password in the address is not echoed"
