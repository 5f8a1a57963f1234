"""Write a synthetic but realistic portal with N records in total, deterministic from a seed.

    python bench/generate.py N [OUT_DIR] [--seed 7]

Proportions: 40% events, 30% nominations, 5% volunteer teams (each with service records),
25% news posts. Chinese text of realistic length comes from a small vocabulary, so pages look
and weigh like the sample's. The site uses the repository's mkdocs.yml (all portal plugins),
theme and authored pages (guides, festival texts); only the records and posts are generated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BUILD_DATE = dt.date(2026, 11, 23)

PHRASES = (
    "社区志愿者坚持多年义务服务", "为独居老人送去温暖", "邻里之间互帮互助", "传承中华优秀传统文化",
    "弘扬社会主义核心价值观", "居民们纷纷点赞", "活动现场气氛热烈", "大家表示受益匪浅",
    "让文明新风吹进千家万户", "用实际行动诠释责任与担当", "默默奉献不求回报", "带动身边更多人参与志愿服务",
    "社区党群服务中心", "新时代文明实践站", "我们的节日主题活动", "孝老爱亲的传统美德",
)  # fmt: skip
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "秀兰建国志强丽华桂芳明辉晓燕国平玉梅海涛红霞文杰春燕德明淑珍永福慧敏俊杰佳怡子涵"
CATEGORIES = ("助人为乐", "见义勇为", "诚实守信", "敬业奉献", "孝老爱亲")
TEAM_TYPES = ("学雷锋", "党员", "青年", "巾帼", "文化", "网络文明传播", "其他")
EVENT_KINDS = ("道德讲堂", "志愿服务", "文体活动", "宣讲", "其他")
NEWS_CATEGORIES = ("社区新闻", "好人好事", "志愿服务", "我们的节日", "道德讲堂")


def prose(rng: random.Random, length: int) -> str:
    out: list[str] = []
    size = 0
    while size < length:
        sentence = "，".join(rng.sample(PHRASES, 3)) + "。"
        out.append(sentence)
        size += len(sentence)
    return "".join(out)


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


def day(rng: random.Random, start: dt.date, span: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span))


def dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_site(total: int, out: Path, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    # Authored pages (home, guides, festival texts, news index and authors) as in the sample.
    shutil.copytree(
        REPO / "content", content, ignore=shutil.ignore_patterns("data", "submissions", "posts", "assets")
    )
    shutil.copytree(REPO / "content/assets", content / "assets")
    counts = {
        "events": int(total * 0.40),
        "nominations": int(total * 0.30),
        "teams": max(1, int(total * 0.05)),
    }
    counts["news"] = total - sum(counts.values())
    for folder in ("data/events", "data/nominations", "data/teams", "news/posts", "submissions"):
        (content / folder).mkdir(parents=True, exist_ok=True)

    team_ids = [f"team-{n:05d}" for n in range(counts["teams"])]
    for n, team_id in enumerate(team_ids):
        records = sorted(
            (
                {"date": day(rng, dt.date(2024, 1, 1), 1050).isoformat(), "title": prose(rng, 10)[:14],
                 "hours": rng.choice([1, 1.5, 2, 2.5, 3]), "volunteers": rng.randrange(3, 30)}
                for _ in range(rng.randrange(20, 60))
            ),
            key=lambda record: record["date"],
        )  # fmt: skip
        dump(content / f"data/teams/{team_id}.yml", {
            "name": f"幸福里第{n + 1}志愿服务队", "type": TEAM_TYPES[n % len(TEAM_TYPES)],
            "founded": day(rng, dt.date(2015, 1, 1), 3000).isoformat(), "leader": name(rng),
            "contact": "社区党群服务中心一楼", "members": rng.randrange(10, 120),
            "services": rng.sample(["扶老助残", "环境保护", "文明交通", "关爱未成年人", "文化惠民"], 2),
            "schedule": "每周六上午9:00–11:00", "description": prose(rng, 120), "records": records,
            "stars": [{"name": name(rng) + str(k), "hours": rng.choice([80, 120, 350, 700, 1200, 1600])} for k in range(3)],
            "private": {"leader_phone": f"139{rng.randrange(10**8):08d}"},
        })  # fmt: skip

    for n in range(counts["events"]):
        when = day(rng, dt.date(2024, 1, 1), 1200)
        dump(content / f"data/events/event-{n:05d}.yml", {
            "title": prose(rng, 16)[:16], "kind": rng.choice(EVENT_KINDS), "date": when.isoformat(),
            "time": "09:00-11:30", "location": "幸福里社区党群服务中心二楼多功能厅",
            "organizer": rng.choice(team_ids) if rng.random() < 0.5 else "幸福里社区居委会",
            "description": prose(rng, 160), "capacity": rng.randrange(20, 200),
            "signup": "到社区服务大厅报名", "status": "done" if when <= BUILD_DATE else "planned",
        })  # fmt: skip

    quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    for n in range(counts["nominations"]):
        period = quarters[n % len(quarters)]
        year, quarter = int(period[:4]), int(period[-1])
        publicity = dt.date(year, quarter * 3, 10)
        selected = n % 10 < 8
        record = {
            "name": name(rng), "gender": rng.choice(["男", "女"]), "birth": f"{rng.randrange(1940, 2000)}-{rng.randrange(1, 13):02d}",
            "political_status": rng.choice(["中共党员", "群众"]), "community": "幸福里社区",
            "role": rng.choice(["退休教师", "社区网格员", "快递员", "医生", "个体经营者"]),
            "category": CATEGORIES[n % 5], "summary": prose(rng, 60)[:60], "deeds": prose(rng, 400),
            "nominated_by": "居民推荐", "nominated_on": (publicity - dt.timedelta(days=30)).isoformat(),
            "status": "selected" if selected else "nominated",
            "endorsements": rng.randrange(0, 400), "consent": True,
            "private": {"phone": f"138{rng.randrange(10**8):08d}", "address": f"幸福里小区{n}幢{rng.randrange(1, 6)}单元"},
        }  # fmt: skip
        if selected:
            record["publicity"] = {
                "start": publicity.isoformat(),
                "end": (publicity + dt.timedelta(days=6)).isoformat(),
            }
            record["period"] = period
        dump(content / f"data/nominations/person-{n:05d}.yml", record)

    for n in range(counts["news"]):
        when = day(rng, dt.date(2024, 1, 1), 1050)
        body = "\n\n".join(prose(rng, 120) for _ in range(5))
        front = {"date": when, "categories": [rng.choice(NEWS_CATEGORIES)], "authors": ["wenmingban"],
                 "description": prose(rng, 50)[:50]}  # fmt: skip
        (content / f"news/posts/post-{n:05d}.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True) + f"---\n\n# {prose(rng, 20)[:20]}\n\n"
            f"{prose(rng, 80)}\n\n<!-- more -->\n\n{body}\n",
            encoding="utf-8",
        )

    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    config["theme"]["custom_dir"] = str(REPO / "theme_overrides")
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "wenming" in entry:
            entry["wenming"]["build_date"] = BUILD_DATE.isoformat()
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return counts


class _Loader(yaml.SafeLoader):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("total", type=int)
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    out = args.out or REPO / "bench" / "sites" / f"portal-{args.total}"
    counts = write_site(args.total, out, args.seed)
    print(f"{out}: " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))


if __name__ == "__main__":
    main()
