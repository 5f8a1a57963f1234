"""Fixtures of the 身边好人 tests: nomination files written from a few fields, and small sites."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.conftest import BUILD_DATE, Built

DEEDS = (
    "她退休后在社区党群服务中心开办“四点半课堂”，每个工作日下午为双职工家庭的孩子辅导功课，六年来从未收过一分钱。"
    "她还动员老同事一起参加，带孩子们参加垃圾分类宣传、给独居老人送贺卡，居民们都叫她“孩子们的王奶奶”。"
)
OFFICE = {"name": "测试社区文明办", "phone": "0571-8888 6001", "address": "测试社区党群服务中心一楼"}


def nomination(**fields: Any) -> str:
    """A valid selected nomination, changed by ``fields`` (``None`` removes a field)."""
    data: dict[str, Any] = {
        "name": "王秀兰",
        "gender": "女",
        "birth": "1958-03",
        "ethnicity": "汉族",
        "political_status": "中共党员",
        "community": "幸福里社区",
        "role": "退休教师",
        "category": "助人为乐",
        "summary": "退休教师六年如一日义务开办“四点半课堂”。",
        "deeds": DEEDS,
        "nominated_by": "幸福里社区党委",
        "nominated_on": "2026-05-08",
        "status": "selected",
        "publicity": {"start": "2026-06-22", "end": "2026-06-28"},
        "period": "2026-Q2",
        "endorsements": 368,
        "consent": True,
    }
    data.update(fields)
    return yaml.safe_dump(
        {k: v for k, v in data.items() if v is not None}, allow_unicode=True, sort_keys=False
    )


def plugins(portal: dict[str, Any] | None = None, **options: Any) -> list[Any]:
    """The plugins of a test site: search, the portal (pinned date, office, ``portal`` options)
    and this section (``options``)."""
    return [
        {"search": {"separator": r"[\s\u200b\u3000\-、。，．？！；]+"}},
        {"wenming": {"build_date": BUILD_DATE, "icp": "测ICP备12345678号-1", "office": OFFICE, **(portal or {})}},
        {"wenming-goodpeople": options} if options else "wenming-goodpeople",
    ]


@pytest.fixture(scope="session")
def sample_goodpeople(sample_site: Built) -> Built:
    """The sample portal (all sections, built once per session with --strict)."""
    return sample_site

