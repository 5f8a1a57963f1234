"""Only approved submissions reach the site, as news posts credited to their author and team."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.conftest import REPO, base_config

TEAM = "name: 幸福里网络文明传播志愿服务队\ntype: 网络文明传播\nleader: 胡斌\nmembers: 20\n"
ARTICLE = "冬至前夕，网络文明传播志愿者走进辖区独居老人家中，送去热腾腾的饺子和厚棉被，陪老人聊天拉家常，临走时还帮老人检查了燃气和电线。"


def submission(title: str, status: str, body: str = ARTICLE, extra: str = "") -> str:
    review = {"approved": "reviewer: 李红梅\nreviewed: 2026-11-12\n", "rejected": "reviewer: 李红梅\nreview_note: 与本社区无关\n"}
    return (
        f"---\ntitle: {title}\nkind: story\nauthor: 陈思雨\nteam: wangluo-wenming\nsubmitted: 2026-11-10\n"
        f"status: {status}\n{review.get(status, '')}{extra}---\n\n{body}\n"
    )


def config():
    plugins = base_config()["plugins"] + [
        "wenming-submissions",
        {"blog": {"blog_dir": "news", "categories_allowed": ["志愿者投稿"], "post_url_format": "{date}/{file}", "post_url_date_format": "yyyy/MM"}},
    ]
    return {"plugins": plugins}


def site_files(**submissions: str) -> dict[str, str]:
    files = {"content/news/index.md": "# 新闻动态\n", "content/data/teams/wangluo-wenming.yml": TEAM}
    files.update({f"content/submissions/{name}.md": text for name, text in submissions.items()})
    return files


def all_text(built) -> str:
    return "\n".join(
        (built.site / path).read_text(encoding="utf-8", errors="ignore") for path in built.outputs() if not path.endswith((".png", ".gz"))
    )


def test_approved_is_a_credited_post_and_pending_or_rejected_never_appear(make_site):
    built = make_site(
        site_files(
            ok=submission("志愿者冬至送温暖", "approved"),
            wait=submission("待审稿件标题甲乙丙", "pending", body=ARTICLE.replace("冬至", "待审正文独有词")),
            no=submission("退回稿件标题丁戊己", "rejected", body=ARTICLE.replace("冬至", "退回正文独有词")),
        ),
        strict=True,
        **config(),
    )
    assert built.error is None, built.warnings
    post = BeautifulSoup(built.read("news/2026/11/tougao-ok/index.html"), "html.parser")
    assert post.select_one("h1").get_text(strip=True) == "志愿者冬至送温暖"
    # The credit names the author and team only: no internal kind label (故事) nor review date.
    assert post.select_one(".wm-credit").get_text(strip=True) == "投稿：陈思雨（幸福里网络文明传播志愿服务队）"
    assert "志愿者投稿" in built.read("news/index.html")
    # The news list shows the credit and the article's first paragraph as the excerpt.
    excerpt = BeautifulSoup(built.read("news/index.html"), "html.parser").select_one("article.md-post--excerpt")
    assert excerpt.select_one(".wm-credit").get_text(strip=True) == "投稿：陈思雨（幸福里网络文明传播志愿服务队）"
    assert excerpt.select_one(".wm-submission p").get_text() == ARTICLE
    assert "故事" not in excerpt.get_text() and "审核" not in excerpt.get_text()
    text = all_text(built)
    for secret in ("待审稿件标题甲乙丙", "待审正文独有词", "退回稿件标题丁戊己", "退回正文独有词", "与本社区无关"):
        assert secret not in text
    assert "wenming: 投稿（submissions）：读取 3 = 发布 1 + 不公开 2（待审 pending 1，退回 rejected 1） + 有错误 0" in built.infos


def test_approved_submission_with_a_phone_number_is_withheld(make_site):
    built = make_site(site_files(bad=submission("失物招领", "approved", body=ARTICLE + "\n\n请联系13905718823。")), **config())
    assert built.error is None
    assert built.warnings == [
        "wenming: content/submissions/bad.md:14: 正文第 4 个字处有未打码的手机号 13*******23：个人信息不能发布，请删除或打码（如 138****5678）"
    ]
    assert not (built.site / "news/2026/11/tougao-bad").exists()


def test_unknown_team_is_reported(make_site):
    built = make_site(site_files(ok=submission("稿件", "approved").replace("team: wangluo-wenming", "team: wangluo")), **config())
    assert "wenming: content/submissions/ok.md:5: team 'wangluo' 不是已登记的志愿服务队 id（见 content/data/teams/）" in built.warnings


def test_script_in_an_approved_title_never_becomes_markup(make_site):
    files = site_files(ok=submission("'<script>alert(1)</script>标题'", "approved"))
    built = make_site(files, **config())
    html = built.read("news/2026/11/tougao-ok/index.html")
    assert "<script>alert(1)" not in html
    assert "<title>＜script＞alert(1)＜/script＞标题 - 测试社区文明实践网</title>" in html


def test_team_page_counts_published_submissions_per_author(make_site):
    files = site_files(
        a=submission("稿件一", "approved"),
        b=submission("稿件二", "approved"),
        c=submission("稿件三", "approved").replace("author: 陈思雨", "author: 陆婷婷"),
        d=submission("待审稿件", "pending").replace("author: 陈思雨", "author: 胡斌"),
    )
    config_ = config()
    config_["plugins"].insert(2, "wenming-volunteers")
    built = make_site(files, strict=True, **config_)
    assert built.error is None, built.warnings
    page = BeautifulSoup(built.read("volunteers/teams/wangluo-wenming/index.html"), "html.parser")
    note = page.select_one("#wm-vol-news ~ p.wm-vol-note")
    assert "".join(note.get_text().split()) == "网络文明传播成果：队员投稿发表3篇——陈思雨2篇、陆婷婷1篇。"
    titles = [link.get_text(strip=True) for link in page.select("#wm-vol-news ~ ul a")]
    assert sorted(titles) == ["稿件一", "稿件三", "稿件二"]


def with_admin(options: dict[str, object]) -> dict[str, object]:
    settings = config()
    settings["plugins"] = [{"wenming-submissions": options} if p == "wenming-submissions" else p for p in settings["plugins"]]
    return settings


def test_no_admin_page_unless_the_office_turns_it_on_with_a_real_backend(make_site, tmp_path):
    # Decap's default login (Netlify's Git Gateway) leads nowhere on a self-hosted portal: the
    # built site has no /admin/ by default, and a backend that cannot log in is refused by name.
    (tmp_path / "node_modules").symlink_to(REPO / "node_modules")
    default = make_site(site_files(), **config())
    assert not [path for path in default.outputs() if path.startswith("admin/")]
    gateway = make_site(site_files(), **with_admin({"admin": True, "admin_backend": {"name": "git-gateway", "branch": "main"}}))
    assert not [path for path in gateway.outputs() if path.startswith("admin/")]
    assert "wenming: mkdocs.yml: plugins.wenming-submissions.admin_backend：后端 'git-gateway' 在自建网站上无法登录（git-gateway 需要 Netlify）；" \
        "可用：forgejo、gitea、gitlab、github、bitbucket、azure；本次不生成 /admin/" in gateway.warnings
    forgejo = make_site(site_files(), **with_admin({"admin": True, "admin_backend": {"name": "forgejo", "repo": "shequ/wenming"}}))
    assert {"admin/index.html", "admin/config.yml", "admin/decap-cms.js"} <= set(forgejo.outputs())


def test_admin_backend_problems():
    from wenming.core.cms import admin_backend_problem

    assert admin_backend_problem({}, False) == "没有设置后端：请写 name（forgejo、gitlab、github 等）和 repo，见 README“内容管理后台”"
    assert admin_backend_problem({"name": "gitlab"}, False) == "后端 gitlab 需要 repo（例如 shequ/wenming）"
    assert admin_backend_problem({"name": "gitlab", "repo": "shequ/wenming"}, False) is None
    # decap-server on the office's own computer serves any backend name.
    assert admin_backend_problem({"name": "git-gateway"}, "http://127.0.0.1:8081/api/v1") is None
