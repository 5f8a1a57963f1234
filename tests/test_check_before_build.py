"""Whatever makes ``mkdocs build --strict`` fail, ``wenming check`` reports first, in Chinese.

Each case puts one mistake into a copy of the sample portal, runs the check (it must fail and
name the file and line), then the strict build (it must fail too: the case is a real one).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from tests.conftest import BUILD_DATE, REPO, run_build
from wenming.cli import main

POST = "content/news/posts/2026-03-xue-leifeng-jizhong-xingdong.md"
TEAM = "content/data/teams/xueleifeng.yml"
EVENT = "content/data/events/2026-zhongqiu-linli-tuanyuan-yan.yml"
FESTIVAL_EVENT = "content/data/events/2026-zhongqiu-shangyue-shihui.yml"

# (what, file, old text, new text, the line check must print)
CASES = [
    ("category not allowed", POST, "  - 志愿服务\n", "  - 节日活动\n",
     f"{POST}:4: categories（栏目） 里的 '节日活动' 不在 mkdocs.yml 里 blog 的 categories_allowed 里"),
    ("unknown author", POST, "  - zhiyuan\n", "  - zhiyuanzhe\n",
     f"{POST}:6: authors（作者） 里的 'zhiyuanzhe' 不在 作者名单 content/news/.authors.yml 里"),
    ("day out of range", POST, "date: 2026-03-05", "date: 2026-02-30",
     f"{POST}:2: date（发布日期） '2026-02-30' 不是有效日期：2026年2月没有30日"),
    ("quoted date", POST, "date: 2026-03-05", 'date: "2026-03-05"',
     f"{POST}:2: date（发布日期） '2026-03-05' 加了引号就不是日期了"),
    ("mobile number in a post", POST, "三月春风暖", "报名电话 13905718823。三月春风暖",
     f"{POST}:12: 有未打码的手机号 13*******23"),
    ("unknown team in a post", POST, "description:", "team: xueleifen\ndescription:",
     f"{POST}:7: team（志愿服务队） 里的 'xueleifen' 不是志愿服务队 id"),
    ("mobile number in a team's contact", TEAM, "contact: 0571-8888 6001", "contact: 张队长 13905718823",
     f"{TEAM}:5: contact 含有手机号 13*******23"),
    ("full-width colon in a record", EVENT, "kind: 我们的节日", "kind：我们的节日",
     f"{EVENT}:2: YAML 格式错误：“kind：我们的节日”用了中文冒号“：”"),
    ("unknown office setting", "mkdocs.yml", "      icp: ", "      icpp: ",
     "mkdocs.yml:49: plugins.wenming 里的未知设置 'icpp'，是不是想写 icp（ICP 备案号）？"),
    ("a festival's own day not declared", FESTIVAL_EVENT, "festival: 中秋\n", "",
     f"{FESTIVAL_EVENT}:1: title（活动名称） '中秋赏月诗会' 说的是中秋，date '2026-09-25' 也正是中秋"),
    ("star hours above the team's records", TEAM, "founded: 2012-03-05\n", "",
     f"{TEAM}:29: stars[1].hours（累计服务时长） 1,623.5 小时，多于本队全部服务记录合计的 1,552.5 人·小时"),
]  # fmt: skip


def sample_copy(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "theme_overrides").symlink_to(REPO / "theme_overrides")
    return root


@pytest.mark.parametrize(("what", "file", "old", "new", "expected"), CASES, ids=[case[0] for case in CASES])
def test_check_fails_first_on_what_fails_the_strict_build(tmp_path, what, file, old, new, expected):
    root = sample_copy(tmp_path)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    result = CliRunner().invoke(main, ["check", "-f", str(root / "mkdocs.yml"), "--build-date", BUILD_DATE])
    assert result.exit_code == 1, result.output
    assert any(line.startswith(expected) for line in result.output.splitlines()), result.output

    def pin_build_date(config):
        config.plugins["wenming"].config.build_date = BUILD_DATE

    try:
        failed = run_build(root / "mkdocs.yml", strict=True, adjust=pin_build_date).error is not None
    except Abort:  # MkDocs refuses the configuration before building
        failed = True
    assert failed, f"{what}: the strict build passed, so this case proves nothing"


def test_the_unchanged_sample_passes_both(tmp_path):
    root = sample_copy(tmp_path)
    result = CliRunner().invoke(main, ["check", "-f", str(root / "mkdocs.yml"), "--build-date", BUILD_DATE])
    assert result.exit_code == 0, result.output
