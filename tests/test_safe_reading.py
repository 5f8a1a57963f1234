"""Hostile files cannot stall or crash `wenming check` or the build, and no host file is published.

Each case is a file a contributor could commit (an alias bomb, a 5,000-digit number, 50,000 "[",
a FIFO, a symlink to /etc/passwd or /dev/zero…). Every command runs in a subprocess under a
memory limit (RLIMIT_AS 500 MB) and a timeout, as CI would run it; before these bounds, the alias
bomb grew past 9 GB, the FIFO hung forever, the brackets took minutes and the numbers and
/dev/zero ended in tracebacks. Now each is one named Chinese message (file, line, field), never a
traceback; `wenming check` lists them all and exits 1; a plain build leaves them out and builds
everything else; `--strict` fails.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import THEME_OVERRIDES, write_files

BIN = Path(sys.executable).parent
MEMORY_LIMIT = 500 * 1024 * 1024
CHECK_SECONDS = 5.0  # CPU seconds of `wenming check` (about 1 s, most of it imports)
BUILD_SECONDS = 30.0  # CPU seconds of a build of the small site (about 4 s)
TEAM = "name: 幸福里学雷锋志愿服务队\ntype: 学雷锋\nleader: 张建国\nmembers: 32\n"
SUBMISSION_HEAD = (
    "---\ntitle: 社区冬日送温暖\nkind: news\nauthor: 陈思雨\nsubmitted: 2026-11-20\n"
    "status: approved\nreviewer: 王主任\nreviewed: 2026-11-21\n"
)
SUBMISSION = SUBMISSION_HEAD + "---\n" + "社区志愿者为独居老人送去棉被和米面油，老人们连声道谢。" * 4 + "\n"
POST = "---\ndate: 2026-11-01\ncategories:\n  - 社区新闻\ndescription: 社区举办邻里节。\n---\n# 好新闻\n\n社区举办邻里节。\n\n<!-- more -->\n\n邻里节有游园和义诊。\n"
# Nine levels of nine aliases: 1 KB that expands to 387 million items in whatever walks it.
BOMB_LEVELS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
BOMB = "l0: &l0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + BOMB_LEVELS
MAPPING_BOMB = "m0: &m0 {a: 哈, b: 哈, c: 哈, d: 哈, e: 哈, f: 哈, g: 哈, h: 哈, i: 哈}\n" + "".join(
    f"m{i}: &m{i} {{{', '.join(f'{key}: *m{i - 1}' for key in 'abcdefghi')}}}\n" for i in range(1, 10)
)
BIG = "7" * 5000
# A real 1×1 PNG: the build publishes only images that open as images.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float  # wall time, including a busy machine's waits
    cpu_seconds: float  # what the command itself used (the bound: a stall is minutes of CPU)


def run_limited(command: list[str], cwd: Path, timeout: float) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, env=env, preexec_fn=_limits, capture_output=True, text=True, timeout=timeout
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(result.returncode, result.stdout, result.stderr, time.perf_counter() - started, cpu)


def fifo(relative: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)

    return make


def symlink(relative: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)

    return make


@dataclass
class Case:
    id: str
    files: dict[str, str | bytes]
    # The lines `wenming check` prints (the build warns the same, after "wenming: "); "{...}" stands
    # for the wording of YAML syntax errors, which source.py owns.
    expected: list[str]
    make: Callable[[Path], None] | None = None


NESTED = "\n".join(f"{'  ' * depth}- 第{depth}层" for depth in range(400)) + "\n"

CASES = [
    Case(
        "alias-bomb-record",
        {"content/data/teams/bomb.yml": TEAM + BOMB},
        ["content/data/teams/bomb.yml:6: l1[1] 不能使用 YAML 引用 *l0（以及 & 锚点）：请把内容直接写出来"],
    ),
    Case(
        "alias-bomb-in-a-mapping",
        {"content/data/teams/bomb.yml": TEAM + "services:\n  - 扶老助残\n" + MAPPING_BOMB},
        ["content/data/teams/bomb.yml:8: m1.a 不能使用 YAML 引用 *m0（以及 & 锚点）：请把内容直接写出来"],
    ),
    Case(
        "alias-bomb-submission-front-matter",
        {"content/submissions/bomb.md": SUBMISSION.replace("status: approved\n", "status: approved\n" + BOMB)},
        ["content/submissions/bomb.md:8: l1[1] 不能使用 YAML 引用 *l0（以及 & 锚点）：请把内容直接写出来"],
    ),
    Case(
        "alias-bomb-news-post-front-matter",
        {"content/news/posts/bomb.md": POST.replace("date: 2026-11-01\n", "date: 2026-11-01\n" + BOMB)},
        ["content/news/posts/bomb.md:4: 元数据 l1[1] 不能使用 YAML 引用 *l0（以及 & 锚点）：请把内容直接写出来；此页不发布"],
    ),
    Case(
        "alias-bomb-festival-page",
        {"content/events/festivals/zhongqiu.md": "---\n" + BOMB + "---\n# 中秋\n\n赏月。\n"},
        ["content/events/festivals/zhongqiu.md:3: 元数据 l1[1] 不能使用 YAML 引用 *l0（以及 & 锚点）：请把内容直接写出来；此页不发布"],
    ),
    Case(
        "nesting-60-deep-flow-style",
        {"content/data/teams/deep.yml": TEAM + "services: " + "[" * 60 + "]" * 60 + "\n"},
        ["content/data/teams/deep.yml:5: services[1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1] 内容嵌套超过 50 层：请检查括号和缩进"],
    ),
    Case(
        "nesting-10000-deep-in-front-matter",
        {"content/news/posts/deep.md": POST.replace("date: 2026-11-01\n", "date: 2026-11-01\ntags: " + "[" * 10000 + "]" * 10000 + "\n")},
        # libyaml's scanner stops at 1,000 levels before the events reach 50: its syntax message
        # (worded in source.py) is given, and the page is left out instead of breaking the build.
        ["content/news/posts/deep.md:3: 元数据 {...}；此页不发布"],
    ),
    Case(
        "nesting-10000-deep-record",
        {"content/data/teams/deep.yml": TEAM + "services: " + "[" * 10000 + "]" * 10000 + "\n"},
        ["content/data/teams/deep.yml:5: {...}"],
    ),
    Case(
        "huge-single-line-record",
        {"content/data/teams/huge.yml": TEAM + "description: " + "长" * 700_000 + "\n"},
        ["content/data/teams/huge.yml: huge.yml 文件超过 1024 KB：一条记录或一篇文章不会这么大，请检查是否粘贴了多余内容"],
    ),
    Case(
        "long-text-field",
        {"content/data/teams/long.yml": TEAM + "description: " + "长" * 20_001 + "\n"},
        ["content/data/teams/long.yml:5: description 有 20001 个字符，超过 20000 个：请精简，或分成几篇"],
    ),
    Case(
        "5000-digit-integer-members",
        {"content/data/teams/big.yml": TEAM.replace("members: 32", f"members: {BIG}")},
        ["content/data/teams/big.yml:4: members 77777777777777777777… 数字有 5000 位，超过 15 位：请检查是否多打了数字（如要写编号等文字，请加引号）"],
    ),
    Case(
        "5000-digit-integer-nested-records-item",
        {
            "content/data/teams/big.yml": TEAM
            + "records:\n  - date: 2026-01-01\n    title: 服务\n    hours: 2\n    volunteers: 3\n"
            + f"  - date: 2026-01-02\n    title: 服务\n    hours: 2\n    volunteers: {BIG}\n"
        },
        ["content/data/teams/big.yml:13: records[2].volunteers 77777777777777777777… 数字有 5000 位，超过 15 位：请检查是否多打了数字（如要写编号等文字，请加引号）"],
    ),
    Case(
        "5000-digit-integer-news-post-front-matter",
        {"content/news/posts/big.md": POST.replace("date: 2026-11-01\n", f"date: 2026-11-01\nreaders: {BIG}\n")},
        ["content/news/posts/big.md:3: 元数据 readers 77777777777777777777… 数字有 5000 位，超过 15 位：请检查是否多打了数字（如要写编号等文字，请加引号）；此页不发布"],
    ),
    Case(
        "5000-digit-integer-submission-front-matter",
        {"content/submissions/big.md": SUBMISSION.replace("title: 社区冬日送温暖", f"title: {BIG}")},
        ["content/submissions/big.md:2: title 77777777777777777777… 数字有 5000 位，超过 15 位：请检查是否多打了数字（如要写编号等文字，请加引号）"],
    ),
    Case(
        "infinite-and-nan-hours",
        {
            "content/data/teams/inf.yml": TEAM
            + "stars:\n  - name: 李明\n    hours: inf\n  - name: 王芳\n    hours: .nan\n  - name: 赵强\n    hours: 1e999999\n"
        },
        [
            "content/data/teams/inf.yml:7: stars[1].hours（累计服务时长） 'inf' 应为普通的数字（不能是 inf 或 nan）",
            "content/data/teams/inf.yml:9: stars[2].hours（累计服务时长） '.nan' 应为数字",
            "content/data/teams/inf.yml:11: stars[3].hours（累计服务时长） '1e999999' 应为普通的数字（不能是 inf 或 nan）",
        ],
    ),
    Case(
        "float-overflow",
        {"content/data/teams/inf.yml": TEAM + "stars:\n  - name: 李明\n    hours: 1.0e999999\n"},
        ["content/data/teams/inf.yml:7: stars[1].hours 1.0e999999 数字太大，超出可以计算的范围：请检查是否多打了数字"],
    ),
    Case(
        "50000-brackets-submission",
        {"content/submissions/brackets.md": SUBMISSION + "[" * 50_000 + "\n"},
        ["content/submissions/brackets.md:10: 正文有 50110 个字符，超过 20000 个：请精简，或分成几篇投稿"],
    ),
    Case(
        "15000-brackets-submission",
        {"content/submissions/brackets.md": SUBMISSION + "\n" + "[" * 15_000 + "\n"},
        ["content/submissions/brackets.md:12: 正文没有配对的方括号 [ ]、圆括号 ( ) 或尖括号 < > 太多，生成网页会非常慢（到这一段为止）：请删掉多余的符号，或把长段落分开"],
    ),
    Case(
        "brackets-in-record-prose",
        {"content/data/teams/brackets.yml": TEAM + "description: '" + "[" * 15_000 + "'\n"},
        ["content/data/teams/brackets.yml:5: description 没有配对的方括号 [ ]、圆括号 ( ) 或尖括号 < > 太多，生成网页会非常慢（到这一段为止）：请删掉多余的符号，或把长段落分开"],
    ),
    Case(
        "brackets-news-post",
        {"content/news/posts/brackets.md": POST + "\n" + "[![" * 5000 + "\n"},
        ["content/news/posts/brackets.md:15: 没有配对的方括号 [ ]、圆括号 ( ) 或尖括号 < > 太多，生成网页会非常慢（到这一段为止）：请删掉多余的符号，或把长段落分开；此页不发布"],
    ),
    Case(
        "list-nested-400-deep-news-post",
        {"content/news/posts/nested.md": POST + "\n" + NESTED},
        ["content/news/posts/nested.md:66: 这一行开头的空格超过 100 个（列表或缩进嵌套太深）：请减少缩进；此页不发布"],
    ),
    Case(
        "fifo-record",
        {},
        ["content/data/teams/fifo.yml: fifo.yml 是管道（FIFO），不是普通文件：网站只读取普通文件，请删除它"],
        fifo("content/data/teams/fifo.yml"),
    ),
    Case(
        "fifo-asset",
        {},
        ["content/assets/pipe.jpg: pipe.jpg 是管道（FIFO），不是普通文件：网站只读取普通文件，请删除它；已从网站中去掉"],
        fifo("content/assets/pipe.jpg"),
    ),
    Case(
        "fifo-sensitive-words-list",
        {},
        ["content/data/sensitive-words.txt: sensitive-words.txt 是管道（FIFO），不是普通文件：网站只读取普通文件，请删除它；不读取"],
        fifo("content/data/sensitive-words.txt"),
    ),
    Case(
        "passwd-symlink-beside-records",
        {},
        ["content/data/notes.txt: notes.txt 是指向 '/etc/passwd' 的符号链接：网站只读取普通文件，请把链接换成文件本身；不读取"],
        symlink("content/data/notes.txt", "/etc/passwd"),
    ),
    Case(
        "dev-zero-symlink-record",
        {},
        ["content/data/teams/zero.yml: zero.yml 是指向 '/dev/zero' 的符号链接：网站只读取普通文件，请把链接换成文件本身"],
        symlink("content/data/teams/zero.yml", "/dev/zero"),
    ),
    Case(
        "dangling-symlink-record",
        {},
        ["content/data/teams/gone.yml: gone.yml 是指向 'nowhere.yml' 的符号链接：网站只读取普通文件，请把链接换成文件本身"],
        symlink("content/data/teams/gone.yml", "nowhere.yml"),
    ),
    Case(
        "symlinked-record",
        {},
        ["content/data/teams/copy.yml: copy.yml 是指向 'good.yml' 的符号链接：网站只读取普通文件，请把链接换成文件本身"],
        symlink("content/data/teams/copy.yml", "good.yml"),
    ),
    Case(
        "passwd-symlink-photo",
        {
            "content/data/nominations/wang.yml": (
                "name: 王秀兰\ncategory: 助人为乐\nsummary: 照顾邻居。\ndeeds: " + "她多年如一日照顾独居的邻居老人，买菜做饭、陪伴聊天。" * 5
                + "\nphoto: assets/goodpeople/evil.png\nnominated_by: 居民推荐\nnominated_on: 2026-10-10\n"
                "status: publicized\npublicity:\n  start: 2026-11-20\n  end: 2026-11-27\nconsent: true\n"
            )
        },
        [
            "content/data/nominations/wang.yml:5: photo 'assets/goodpeople/evil.png' 是指向 '/etc/passwd' 的符号链接：网站只读取普通文件，请把链接换成文件本身",
            "content/assets/goodpeople/evil.png: evil.png 是指向 '/etc/passwd' 的符号链接：网站只读取普通文件，请把链接换成文件本身；已从网站中去掉",
        ],
        symlink("content/assets/goodpeople/evil.png", "/etc/passwd"),
    ),
    Case(
        "symlink-into-git",
        {".git/config": "[remote \"origin\"]\n\turl = https://token@example.org/secret.git\n"},
        ["content/assets/config.txt: config.txt 是指向 '../../.git/config' 的符号链接：网站只读取普通文件，请把链接换成文件本身；已从网站中去掉"],
        symlink("content/assets/config.txt", "../../.git/config"),
    ),
]


def write_site(root: Path, case: Case | None = None, cases: list[Case] | None = None) -> None:
    files: dict[str, str | bytes] = {
        "content/index.md": "---\ntemplate: home.html\n---\n# 首页\n",
        "content/news/index.md": "# 新闻\n",
        "content/news/posts/good.md": POST,
        "content/data/teams/good.yml": TEAM,
        "content/submissions/good.md": SUBMISSION,
        "content/assets/goodpeople/ok.png": TINY_PNG,
    }
    chosen = cases if cases is not None else [case] if case else []
    for each in chosen:
        files.update(each.files)
    write_files(root, files)
    for each in chosen:
        if each.make:
            each.make(root)
    config = {
        "site_name": "测试社区文明实践网",
        "site_url": "https://wenming.test.example/",
        "docs_dir": "content",
        "theme": {"name": "material", "custom_dir": str(THEME_OVERRIDES), "language": "zh", "font": False},
        "plugins": [
            {"wenming": {"build_date": "2026-11-23", "privacy_audit": True}},
            "wenming-goodpeople",
            "wenming-events",
            "wenming-volunteers",
            "wenming-submissions",
            {"blog": {"blog_dir": "news", "categories_allowed": ["社区新闻", "志愿者投稿"]}},
        ],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def same_lines(found: list[str], expected: list[str]) -> bool:
    def matches(line: str, pattern: str) -> bool:
        if "{...}" not in pattern:
            return line == pattern
        head, tail = pattern.split("{...}")
        return line.startswith(head) and line.endswith(tail) and len(line) > len(head) + len(tail)

    return len(found) == len(expected) and all(map(matches, sorted(found), sorted(expected)))


def check(root: Path) -> Run:
    return run_limited([str(BIN / "wenming"), "check", "--jobs", "1"], root, timeout=60)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_wenming_check_names_each_hostile_file_fast_without_a_traceback(tmp_path, case):
    write_site(tmp_path, case)
    run = check(tmp_path)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    problems = [line for line in run.stdout.splitlines() if line.startswith("content/")]
    assert same_lines(problems, case.expected), problems
    assert run.returncode == 1
    assert run.cpu_seconds < CHECK_SECONDS


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """Every case in one site (file names do not clash), with the good files beside them."""
    root = tmp_path_factory.mktemp("hostile")
    owner: dict[str, str] = {}
    for case in CASES:  # one case per file name: the later one wins, and its lines are expected
        owner.update({name: case.id for name in case.files})
        if case.make:
            owner[case.id] = case.id
    chosen = [case for case in CASES if case.id in owner.values()]
    write_site(root, cases=chosen)
    return root, chosen


def _warnings(stderr: str) -> list[str]:
    return [line.split("wenming: ", 1)[1] for line in stderr.splitlines() if line.startswith("WARNING -  wenming: content/")]


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_the_build_leaves_every_hostile_file_out_and_builds_the_rest(hostile_site, strict):
    root, cases = hostile_site
    site = root / ("site-strict" if strict else "site")
    command = [str(BIN / "mkdocs"), "build", "--site-dir", str(site)] + (["--strict"] if strict else [])
    run = run_limited(command, root, timeout=120)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.cpu_seconds < BUILD_SECONDS
    expected = [line for case in cases for line in case.expected]
    assert same_lines(_warnings(run.stderr), expected), _warnings(run.stderr)
    if strict:
        assert run.returncode == 1
        assert f"Aborted with {len(expected)} warnings in strict mode!" in run.stdout
        return
    assert run.returncode == 0, run.stderr[-3000:]
    published = sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file() or path.is_symlink())
    # The good records and pages are built…
    assert "volunteers/teams/good/index.html" in published
    assert "news/2026/11/21/社区冬日送温暖/index.html" in published  # the approved submission
    assert "news/2026/11/01/好新闻/index.html" in published  # the staff post
    # …and nothing hostile reaches the site: no link, no FIFO, no host file, no refused page.
    assert not [path for path in published if (site / path).is_symlink() or not (site / path).is_file()]
    for name in ("assets/goodpeople/evil.png", "assets/pipe.jpg", "assets/config.txt"):
        assert name not in published
    posts = [path for path in published if path.startswith("news/20")]
    assert posts == ["news/2026/11/01/好新闻/index.html", "news/2026/11/21/社区冬日送温暖/index.html"]
    assert "events/festivals/zhongqiu/index.html" in published  # generated in place of the refused page
    text = "\n".join((site / path).read_text(encoding="utf-8", errors="replace") for path in published)
    assert "root:x:0:0" not in text and "token@example.org" not in text


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda root: (root / "content/news/.authors.yml").write_text("authors:\n" + BOMB.replace("\n", "\n  ").replace("l0:", "  l0:", 1)),
            "content/news/.authors.yml:3: authors.l1[1] 不能使用 YAML 引用 *l0（以及 & 锚点）：请把内容直接写出来；网站无法生成",
        ),
        (
            symlink("content/news/.authors.yml", "/etc/passwd"),
            "content/news/.authors.yml: .authors.yml 是指向 '/etc/passwd' 的符号链接：网站只读取普通文件，请把链接换成文件本身；网站无法生成，请删除这个链接",
        ),
    ],
    ids=["alias-bomb", "passwd-symlink"],
)
def test_a_settings_file_material_reads_itself_stops_the_build(tmp_path, strict, make, expected):
    # Material's blog reads .authors.yml whole from disk (following links): it cannot be left out.
    write_site(tmp_path, Case("authors", {}, [], make))
    run = run_limited([str(BIN / "mkdocs"), "build"] + (["--strict"] if strict else []), tmp_path, timeout=60)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 1 and run.cpu_seconds < CHECK_SECONDS
    assert "设置文件无法安全读取：" + expected.rsplit("；", 1)[0] in run.stderr.replace("\n", "")
    checked = check(tmp_path)
    assert [line for line in checked.stdout.splitlines() if line.startswith("content/")] == [expected]
    assert checked.returncode == 1


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
@pytest.mark.parametrize(
    ("link", "target"),
    [("content/assets/host", "/etc"), ("content/news/loop", "."), ("content/data/teams/more", "/usr")],
    ids=["outside-content", "loop", "records-folder"],
)
def test_a_symlinked_folder_stops_the_build_before_mkdocs_walks_into_it(tmp_path, strict, link, target):
    # MkDocs lists the site's files following links, before any plugin runs: a link to / or a
    # loop would have it walk the disk (or two loops, 2^40 paths). The portal stops first.
    write_site(tmp_path, Case("linked-folder", {}, [], symlink(link, target)))
    command = [str(BIN / "mkdocs"), "build"] + (["--strict"] if strict else [])
    run = run_limited(command, tmp_path, timeout=60)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.cpu_seconds < CHECK_SECONDS  # stopped in on_config, before the pages
    assert run.returncode == 1
    assert f"内容文件夹里有指向文件夹的符号链接：{link}。网站不能包含符号链接，请删除后再生成" in run.stderr
    assert not (tmp_path / "site").exists()
    name = link.rsplit("/", 1)[1]
    checked = check(tmp_path)
    lines = [line for line in checked.stdout.splitlines() if line.startswith("content/")]
    suffix = "请把链接换成文件本身" if "/data/" in link else "请把链接换成文件本身；网站无法生成，请删除这个链接"
    assert lines == [f"{link}: {name} 是指向 {target!r} 的符号链接：网站只读取普通文件，{suffix}"]
    assert checked.returncode == 1 and checked.cpu_seconds < CHECK_SECONDS


def test_wenming_check_lists_every_hostile_file_of_a_site_at_once(hostile_site):
    root, cases = hostile_site
    run = check(root)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    expected = [line for case in cases for line in case.expected]
    assert same_lines([line for line in run.stdout.splitlines() if line.startswith("content/")], expected)
    assert run.returncode == 1 and run.cpu_seconds < CHECK_SECONDS
    assert "志愿服务队（teams）：读取" in run.stdout and "发布 1 + 不公开 0" in run.stdout  # good.yml
