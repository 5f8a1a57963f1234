"""The sample portal's 身边好人 section, built once: the sample nominations make every page kind."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.conftest import REPO


def soup(built, path: str) -> BeautifulSoup:
    return BeautifulSoup(built.read(path), "html.parser")


def test_sample_nominations_cover_the_issue():
    files = sorted((REPO / "content/data/nominations").glob("*.yml"))
    assert len(files) >= 30
    text = {path.stem: path.read_text(encoding="utf-8") for path in files}
    for category in ("助人为乐", "见义勇为", "诚实守信", "敬业奉献", "孝老爱亲"):
        assert sum(f"category: {category}" in body for body in text.values()) >= 3, category
    assert "group: true" in text["xingfuli-xunluodui"]
    assert "guardian_consent: true" in text["lin-yutong"]
    photos = [stem for stem, body in text.items() if "\nphoto:" in body]
    assert sorted(photos) == ["fang-huimin", "ma-jun", "wang-xiulan"]
    for stem in photos:
        photo = REPO / "content/assets/goodpeople" / f"{stem}.png"
        assert photo.read_bytes().startswith(b"\x89PNG")
        assert photo.stat().st_size < 30_000


def test_sample_section_pages(sample_goodpeople):
    built = sample_goodpeople
    outputs = set(built.outputs())
    for period in ("2026-Q2", "2026-Q3", "2026-10"):
        assert f"goodpeople/rolls/{period}/index.html" in outputs
    for slug in ("zhuren-weile", "jianyi-yongwei", "chengshi-shouxin", "jingye-fengxian", "xiaolao-aiqin"):
        assert f"goodpeople/category/{slug}/index.html" in outputs
    assert "goodpeople/guide/index.html" in outputs
    index = soup(built, "goodpeople/index.html")
    assert index.select_one("#wm-gp-current").get_text() == "2026年10月身边好人榜"
    box = index.select_one(".wm-gp-publicity").get_text()
    for name in ("钟国平", "卢志强", "潘丽娜", "谢春燕"):
        assert name in box
    assert "2026年第三季度身边好人榜" in index.select_one(".wm-gp-archive").get_text()
    q3 = soup(built, "goodpeople/rolls/2026-Q3/index.html")
    assert "本期入选 7 人（组）" in q3.select_one(".wm-gp-meta").get_text()


def test_sample_profiles_news_photos_and_the_minor(sample_goodpeople):
    built = sample_goodpeople
    wang = soup(built, "goodpeople/people/wang-xiulan/index.html")
    assert wang.select_one(".wm-gp-profile__photo img")["src"].endswith("assets/goodpeople/wang-xiulan.png")
    titles = [a.get_text() for a in wang.select(".wm-gp-news a")]
    assert titles == ["身边好人王秀兰：六年坚守“四点半课堂”", "2025年度幸福里社区“身边好人”评选揭晓"]
    ma = soup(built, "goodpeople/people/ma-jun/index.html")
    assert "快递小哥拾金不昧 钱包物归原主" in [a.get_text() for a in ma.select(".wm-gp-news a")]
    lin = soup(built, "goodpeople/people/lin-yutong/index.html")
    assert lin.select_one("h1").get_text() == "林语桐"  # guardian consent: full name
    assert lin.select_one(".wm-gp-profile__photo img") is None
    home = soup(built, "index.html").select_one(".wm-gp-home")
    assert home is not None and len(home.select(".wm-gp-card")) == 6
    assert home.select_one('img[src="assets/goodpeople/fang-huimin.png"]') is not None
    notice = soup(built, "goodpeople/notice/2026-11/index.html")
    assert len(notice.select("tbody tr")) == 4
    assert "0571-8888 6001" in notice.select_one(".wm-gp-notice__contact").get_text()
