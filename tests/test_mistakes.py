"""A corpus of the mistakes office staff make, each with the exact message and line `wenming check` gives.

All files are checked in one run of the command, as staff run it; every problem of a file is
reported at once (a team missing its leader that also has a mobile number in ``contact`` gets
both). The sample's mkdocs.yml gives the blog settings (categories, authors file).
"""

from __future__ import annotations

from collections import defaultdict

from click.testing import CliRunner

from tests.conftest import REPO, write_files
from wenming.cli import main

TEAM = "name: 幸福里学雷锋志愿服务队\ntype: 学雷锋\nleader: 张建国\ncontact: 社区党群服务中心一楼\nmembers: 32\n"
EVENT = "title: 中秋邻里团圆宴\nkind: 我们的节日\nfestival: 中秋\ndate: 2026-09-25\nlocation: 幸福里小区中心广场\norganizer: 幸福里社区居委会\n"
DEEDS = "退休后她在社区开设“四点半课堂”，每周为双职工家庭的孩子免费辅导功课。" * 4
NOMINATION = f"name: 王秀兰\ngender: 女\nbirth: 1958-03\ncategory: 助人为乐\nsummary: 退休教师义务辅导社区孩子功课十年。\ndeeds: {DEEDS}\nnominated_by: 居民推荐\nnominated_on: 2026-05-10\nstatus: selected\npublicity:\n  start: 2026-06-20\n  end: 2026-06-26\nperiod: 2026-Q2\nconsent: true\n"
POST = "---\ndate: 2026-03-05\ncategories:\n  - 志愿服务\nauthors:\n  - wenmingban\ndescription: 学雷锋纪念日，社区志愿者集中服务。\n---\n\n# 学雷锋集中行动\n\n导语。\n\n<!-- more -->\n\n正文。\n"
BODY = "冬至前夕，网络文明传播志愿者走进独居老人家中，送去饺子和棉被，陪老人聊天。" * 2
SUBMISSION = "---\ntitle: 志愿者为独居老人送温暖\nkind: news\nauthor: 陈思雨\nsubmitted: 2026-11-10\nstatus: approved\nreviewer: 李红梅\n---\n\n{body}\n"
T, E, N, P, S = "data/teams/", "data/events/", "data/nominations/", "news/posts/", "submissions/"
CASES: list[tuple[str, str | bytes, list[str]]] = [
    (
        T + "xueleifeng.yml",
        TEAM,
        [],
    ),
    (
        E + "quanjiao-maohao.yml",
        "title：中秋晚会\n" + EVENT[EVENT.index("kind"):],
        [
            'data/events/quanjiao-maohao.yml:1: YAML 格式错误：“title：中秋晚会”用了中文冒号“：”；字段名后面要用英文冒号加一个空格，应写成 title: 中秋晚会',
        ],
    ),
    (
        E + "quanjiao-maohao-zhongjian.yml",
        EVENT.replace("location: ", "location："),
        [
            'data/events/quanjiao-maohao-zhongjian.yml:5: YAML 格式错误：“location：幸福里小区中心广场”用了中文冒号“：”；字段名后面要用英文冒号加一个空格，应写成 location: 幸福里小区中心广场',
        ],
    ),
    (
        T + "quanjiao-kongge.yml",
        TEAM + "\u3000\u3000schedule: 每周六上午\n",
        [
            'data/teams/quanjiao-kongge.yml:6: 字段名 schedule 前后有全角空格（中文输入法的空格“\u3000”）；缩进只能用半角空格，请删掉全角空格后重新缩进',
        ],
    ),
    (
        T + "quanjiao-kongge-qiantao.yml",
        TEAM + "station:\n\u3000\u3000location: 党群服务中心\n",
        [
            'data/teams/quanjiao-kongge-qiantao.yml:7: 字段名 location 前后有全角空格（中文输入法的空格“\u3000”）；缩进只能用半角空格，请删掉全角空格后重新缩进',
        ],
    ),
    (
        T + "tab-suojin.yml",
        TEAM + "station:\n\tlocation: 党群服务中心\n",
        [
            'data/teams/tab-suojin.yml:7: YAML 格式错误：这一行用了 Tab（制表符）；YAML 里缩进和分隔只能用空格，请把 Tab 改成空格',
        ],
    ),
    (
        T + "utf16.yml",
        TEAM.encode("utf-16"),
        [
            'data/teams/utf16.yml: 文件是 UTF-16 编码（记事本里叫“Unicode”或“Unicode big endian”），无法读取；请在编辑器里“另存为”，编码选 UTF-8，再提交',
        ],
    ),
    (
        T + "gbk.yml",
        TEAM.encode("gbk"),
        [
            'data/teams/gbk.yml:1: 文件不是 UTF-8 编码，无法读取（看起来是 GBK/ANSI 编码，常见于用记事本保存的文件）；请用编辑器“另存为 UTF-8”后再提交',
        ],
    ),
    (
        T + "kong-zifu.yml",
        TEAM.replace("members: 32", "members: 32\x00"),
        [
            'data/teams/kong-zifu.yml:5: 第 12 个字处有看不见的空字符 NUL（U+0000），常见于损坏的文件或从 Word、网页复制的文字；请删掉它（在编辑器里打开“显示不可见字符”可以看到）',
        ],
    ),
    (
        E + "zhongwen-yinhao.yml",
        EVENT + "“signup”: 电话报名\n",
        [
            'data/events/zhongwen-yinhao.yml:7: 字段名 signup 用中文引号括起来了；字段名不用引号，应写成 signup: …',
        ],
    ),
    (
        T + "dunhao-liebiao.yml",
        TEAM + "services: 扶老助残、环境保护\n",
        [
            "data/teams/dunhao-liebiao.yml:6: services（服务领域） 应为列表（每项另起一行，以“- ”开头），实际是 '扶老助残、环境保护'；几项不能用顿号或逗号连在一起写，应写成 [扶老助残, 环境保护]，或每项另起一行、以“- ”开头",
        ],
    ),
    (
        T + "que-duizhang-shouji.yml",
        TEAM.replace("leader: 张建国\n", "").replace("社区党群服务中心一楼", "张队长 13905718823"),
        [
            'data/teams/que-duizhang-shouji.yml:1: 缺少必填字段 leader（队长）：队长（公开姓名）',
            'data/teams/que-duizhang-shouji.yml:3: contact 含有手机号 13*******23：contact 会公开显示，个人手机号请移到 private: 下（例如 private: {leader_phone: ...}），contact 只写办公电话或地点；改正前网页上不显示联系方式',
        ],
    ),
    (
        T + "private-bushi-yingshe.yml",
        TEAM + 'private: "13912345678"\n',
        [
            'data/teams/private-bushi-yingshe.yml:6: private（不公开的个人信息） 应为“字段: 值”的映射，下一行缩进后逐项写（例如 phone: ...），实际是一个值 13*******78',
        ],
    ),
    (
        T + "dange-zhi.yml",
        '"name 幸福里队 leader 张建国 13905718823"\n',
        [
            'data/teams/dange-zhi.yml:1: 文件内容是一段文字（没有“字段: 值”），应为一条记录：每行一个“字段: 值”（一个文件只放一条记录）',
        ],
    ),
    (
        E + "liebiao.yml",
        "- title: 一\n- title: 二\n",
        [
            'data/events/liebiao.yml:1: 文件内容是列表（以 - 开头的若干项），应为一条记录：每行一个“字段: 值”（一个文件只放一条记录）',
        ],
    ),
    (
        E + "kong-wenjian.yml",
        "# 还没写\n",
        [
            'data/events/kong-wenjian.yml:1: 文件是空的：应写一条记录，每行一个“字段: 值”',
        ],
    ),
    (
        E + "zhiduan-pinxie.yml",
        EVENT + "locaton: 二楼\n",
        [
            "data/events/zhiduan-pinxie.yml:7: 未知字段 'locaton'，是不是想写 location（地点）？（可用字段：title, kind, festival, date, year, time, location, organizer, description, capacity, signup, status, report, private）",
        ],
    ),
    (
        E + "riqi-wuxiao.yml",
        EVENT.replace("2026-09-25", "2026-02-30").replace("festival: 中秋\n", ""),
        [
            "data/events/riqi-wuxiao.yml:3: date（日期） '2026-02-30' 不是有效日期（应为 YYYY-MM-DD，例如 2026-09-25）",
        ],
    ),
    (
        E + "riqi-zhongwen.yml",
        EVENT.replace("2026-09-25", "2026年9月25日"),
        [
            "data/events/riqi-zhongwen.yml:4: date（日期） '2026年9月25日' 不是有效日期（应为 YYYY-MM-DD，例如 2026-09-25）",
        ],
    ),
    (
        E + "riqi-xiegang.yml",
        EVENT.replace("2026-09-25", "2026/09/25"),
        [
            "data/events/riqi-xiegang.yml:4: date（日期） '2026/09/25' 不是有效日期（应为 YYYY-MM-DD，例如 2026-09-25）",
        ],
    ),
    (
        E + "shijian-zhongwen.yml",
        EVENT + "time: 晚上7点\n",
        [
            "data/events/shijian-zhongwen.yml:7: time（时间） '晚上7点' 不是有效时间（应为 HH:MM 或 HH:MM-HH:MM，例如 09:00-11:30）",
        ],
    ),
    (
        E + "leixing-cuowu.yml",
        EVENT.replace("我们的节日", "节日活动"),
        [
            "data/events/leixing-cuowu.yml:2: kind（类型） '节日活动' 不是允许的值（可选：我们的节日、道德讲堂、志愿服务、文体活动、宣讲、其他）",
        ],
    ),
    (
        E + "jieri-riqi-buyizhi.yml",
        EVENT.replace("2026-09-25", "2026-09-26"),
        [
            "data/events/jieri-riqi-buyizhi.yml:4: date '2026-09-26' 与 festival 中秋 不一致：2026年的中秋是 2026年9月25日（2026-09-25）；请改正日期，或去掉 festival（节前节后的活动不写 festival）",
        ],
    ),
    (
        T + "renshu-wenzi.yml",
        TEAM.replace("members: 32", "members: 三十二人"),
        [
            "data/teams/renshu-wenzi.yml:5: members（队员人数） '三十二人' 应为整数",
        ],
    ),
    (
        T + "shichang-chaoguo.yml",
        TEAM + "records:\n  - {date: 2026-11-15, title: 清洁日, hours: 25, volunteers: 12}\n",
        [
            "data/teams/shichang-chaoguo.yml:7: records[1].hours（服务时长） '25' 应不大于 24",
        ],
    ),
    (
        E + "chongfu-zhiduan.yml",
        EVENT + "location: 二楼会议室\n",
        [
            "data/events/chongfu-zhiduan.yml:7: 字段 'location' 在同一层写了两次（第 5 行和第 7 行），请删掉其中一个",
        ],
    ),
    (
        E + "zhi-li-you-maohao.yml",
        EVENT.replace("title: 中秋邻里团圆宴", "title: 讲座: 防范电信诈骗"),
        [
            'data/events/zhi-li-you-maohao.yml:1: YAML 格式错误：这一行的“: ”不能出现在这里（值里有“冒号加空格”时，请把整个值用引号括起来，例如 title: "时间: 周六"）',
        ],
    ),
    (
        E + "yinhao-bu-chengdui.yml",
        EVENT.replace("title: 中秋邻里团圆宴", 'title: "中秋邻里团圆宴'),
        [
            'data/events/yinhao-bu-chengdui.yml:7: YAML 格式错误：引号或括号没有成对，文件就结束了',
        ],
    ),
    (
        N + "windows-lujing.yml",
        NOMINATION + 'photo: "C:\\照片\\wang.jpg"\n',
        [
            'data/nominations/windows-lujing.yml:15: YAML 格式错误：双引号里有反斜杠 \\（例如 Windows 路径）：请改用单引号，或把 \\ 改成 /',
        ],
    ),
    (
        N + "meiyou-tongyi.yml",
        NOMINATION.replace("consent: true\n", ""),
        [
            'data/nominations/meiyou-tongyi.yml:9: 状态为 selected（入选） 的记录会公开，必须写 consent: true（本人已同意公开）',
        ],
    ),
    (
        N + "shiji-taichang.yml",
        NOMINATION.replace("退休教师义务辅导社区孩子功课十年。", "十年如一日" * 30),
        [
            'data/nominations/shiji-taichang.yml:5: summary（一句话事迹） 有 150 个字，最多 140 个字',
        ],
    ),
    (
        E + "中秋晚会.yml",
        EVENT,
        [
            "data/events/中秋晚会.yml: 文件名 '中秋晚会.yml' 不能用作 id：只能用小写英文字母、数字和连字符（-），且以字母或数字开头，例如 zhongqiu-2026.yml",
        ],
    ),
    (
        T + "zhixing-shichang.yml",
        TEAM + "records:\n  - {date: 2026-11-15, title: 清洁日, hours: 2, volunteers: 12}\nstars:\n  - {name: 张建国, hours: 1623.5}\n",
        [
            'data/teams/zhixing-shichang.yml:9: stars[1].hours（累计服务时长） 1,623.5 小时，多于本队全部服务记录合计的 24 人·小时：只算本队的记录，一个人的时长不可能更多，请核对。如果其中包括本站开始记录之前的服务，请写上成立日期 founded（第一条服务记录是 2026-11-15），队伍页面会注明累计时长含记录之前的服务，这条提醒也就不再出现',
        ],
    ),
    (
        E + "maodian-chongfu.yml",
        EVENT + "capacity: &n 30\nsignup: &n 电话\n",
        [
            'data/events/maodian-chongfu.yml:8: YAML 格式错误：同一个锚点名字 &… 用了两次',
        ],
    ),
    (
        E + "at-kaitou.yml",
        EVENT + "signup: @幸福里社区公众号\n",
        [
            'data/events/at-kaitou.yml:7: YAML 格式错误：这个字符不能写在值的开头（@、` 等开头的值请用引号括起来）',
        ],
    ),
    (
        E + "duoyu-liebiao.yml",
        EVENT + "- 重要\n",
        [
            'data/events/duoyu-liebiao.yml:7: YAML 格式错误：缩进没有对齐，或一行里多写了内容（同一层的字段要左边对齐，值写在冒号后面）',
        ],
    ),
    (
        E + "zhongqiu-wanhui.yml",
        EVENT.replace("title: 中秋邻里团圆宴", "title: 中秋赏月晚会").replace("festival: 中秋\n", ""),
        [
            "data/events/zhongqiu-wanhui.yml:1: title（活动名称） '中秋赏月晚会' 说的是中秋，date '2026-09-25' 也正是中秋，但没有写 festival: 中秋："
            "这样活动不会列在“我们的节日”和中秋页面上。请加一行 festival: 中秋（写了这一行，这条提醒就不再出现）",
        ],
    ),
    (
        E + "calendar.yml",
        EVENT,
        ["data/events/calendar.yml: 文件名 'calendar' 与活动栏目的页面地址冲突，请换一个文件名（例如 calendar-2026）"],
    ),
    (
        "events/festivals/zhongqiu.md",
        "---\ntitle：中秋\ndescription: 中秋节\n---\n\n中秋节在农历八月十五。\n",
        ["events/festivals/zhongqiu.md:2: 元数据 YAML 格式错误：“title：中秋”用了中文冒号“：”；字段名后面要用英文冒号加一个空格，应写成 title: 中秋；此页不发布"],
    ),
    (
        "goodpeople/guide.md",
        "# 推荐须知\n\n咨询电话 13905718823\n",
        ["goodpeople/guide.md:3: 有未打码的手机号 13*******23：个人信息不能发布，请删除或打码（如 138****5678）"],
    ),
    (
        P + "2026-03-lanmu.md",
        POST.replace("志愿服务", "节日活动"),
        [
            "news/posts/2026-03-lanmu.md:4: categories（栏目） 里的 '节日活动' 不在 mkdocs.yml 里 blog 的 categories_allowed 里，是不是想写 我们的节日？（可选：社区新闻、好人好事、志愿服务、我们的节日、道德讲堂、志愿者投稿）",
        ],
    ),
    (
        P + "2026-03-zuozhe.md",
        POST.replace("wenmingban", "wenmingbang"),
        [
            "news/posts/2026-03-zuozhe.md:6: authors（作者） 里的 'wenmingbang' 不在 作者名单 content/news/.authors.yml 里，是不是想写 wenmingban？（可选：shequ、wangluo、wenmingban、zhiyuan）",
        ],
    ),
    (
        P + "2026-02-riqi.md",
        POST.replace("2026-03-05", "2026-02-30"),
        [
            "news/posts/2026-02-riqi.md:2: date（发布日期） '2026-02-30' 不是有效日期：2026年2月没有30日",
        ],
    ),
    (
        P + "2026-03-riqi-yinhao.md",
        POST.replace("date: 2026-03-05", 'date: "2026-03-05"'),
        [
            "news/posts/2026-03-riqi-yinhao.md:2: date（发布日期） '2026-03-05' 加了引号就不是日期了：去掉引号，写成 date: 2026-03-05",
        ],
    ),
    (
        P + "2026-03-riqi-duan.md",
        POST.replace("2026-03-05", "2026-3-5"),
        [
            "news/posts/2026-03-riqi-duan.md:2: date（发布日期） '2026-3-5' 不是有效日期（应为 YYYY-MM-DD，例如 2026-09-25）",
        ],
    ),
    (
        P + "2026-03-meiyou-zhaiyao.md",
        POST.replace("description: 学雷锋纪念日，社区志愿者集中服务。\n", ""),
        [
            'news/posts/2026-03-meiyou-zhaiyao.md:2: 缺少 description（摘要）：写一句话摘要，首页、搜索结果和分享时都会显示',
        ],
    ),
    (
        P + "2026-03-shoujihao.md",
        POST.replace("正文。", "报名请联系王老师 13905718823。"),
        [
            'news/posts/2026-03-shoujihao.md:16: 有未打码的手机号 13*******23：个人信息不能发布，请删除或打码（如 138****5678）',
        ],
    ),
    (
        P + "2026-03-学雷锋.md",
        POST,
        [
            "news/posts/2026-03-学雷锋.md: 文件名 '2026-03-学雷锋.md' 会成为网址的一部分：只能用小写英文字母（拼音）、数字和连字符（-），例如 2026-12-dongzhi-jiaozi.md",
        ],
    ),
    (
        P + "2026-03-meiyou-more.md",
        POST.replace("<!-- more -->\n\n", ""),
        [
            'news/posts/2026-03-meiyou-more.md:9: 正文里没有 <!-- more -->：请在导语（一两句话）之后另起一行写 <!-- more -->，它上面的文字是新闻列表里显示的摘要',
        ],
    ),
    (
        P + "2026-03-lanmu-dunhao.md",
        POST.replace("categories:\n  - 志愿服务", "categories: 志愿服务、我们的节日"),
        [
            "news/posts/2026-03-lanmu-dunhao.md:3: categories（栏目） 应为列表（下一行缩进后写“- 名称”，每项一行），实际是 '志愿服务、我们的节日'；几项不能用顿号或逗号连在一起写，应写成 [志愿服务, 我们的节日]，或每项另起一行、以“- ”开头",
        ],
    ),
    (
        P + "2026-03-quanjiao-maohao.md",
        POST.replace("date: 2026-03-05", "date：2026-03-05"),
        [
            'news/posts/2026-03-quanjiao-maohao.md:2: 元数据 YAML 格式错误：“date：2026-03-05”用了中文冒号“：”；字段名后面要用英文冒号加一个空格，应写成 date: 2026-03-05；此页不发布',
        ],
    ),
    (
        P + "2026-03-duiwu.md",
        POST.replace("description:", "team: xuelei\ndescription:"),
        [
            "news/posts/2026-03-duiwu.md:7: team（志愿服务队） 里的 'xuelei' 不是志愿服务队 id（见 content/data/teams/）",
        ],
    ),
    (
        P + "2026-03-zhiduan-pinxie.md",
        POST.replace("categories:", "categorie:"),
        [
            "news/posts/2026-03-zhiduan-pinxie.md:3: 未知字段 'categorie'，是不是想写 categories（栏目）？写错的字段会被忽略",
        ],
    ),
    (
        S + "tai-duan-you-shouji.md",
        SUBMISSION.format(body="太短了。电话 13905718823"),
        [
            'submissions/tai-duan-you-shouji.md:10: 正文只有 17 个字，至少要 50 个字',
            'submissions/tai-duan-you-shouji.md:10: 正文第 8 个字处有未打码的手机号 13*******23：个人信息不能发布，请删除或打码（如 138****5678）',
        ],
    ),
    (
        S + "que-shenhe-ren.md",
        SUBMISSION.replace("reviewer: 李红梅\n", "").format(body="太短了。"),
        [
            'submissions/que-shenhe-ren.md:6: 状态为 approved 时必须写审核人 reviewer',
            'submissions/que-shenhe-ren.md:9: 正文只有 4 个字，至少要 50 个字',
        ],
    ),
    (
        S + "zhuangtai-zhongwen.md",
        SUBMISSION.replace("status: approved", "status: 通过").format(body=BODY),
        [
            "submissions/zhuangtai-zhongwen.md:6: status（状态） '通过' 不是允许的值（可选：pending、approved、rejected）",
        ],
    ),
]


def run_check(tmp_path, files: dict[str, str | bytes]) -> tuple[int, dict[str, list[str]], str]:
    write_files(
        tmp_path,
        {
            "mkdocs.yml": (REPO / "mkdocs.yml").read_text(encoding="utf-8"),
            "content/news/.authors.yml": (REPO / "content/news/.authors.yml").read_text(encoding="utf-8"),
            **{f"content/{path}": text for path, text in files.items()},
        },
    )
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml"), "--build-date", "2026-11-23"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    problems: dict[str, list[str]] = defaultdict(list)
    for line in result.output.split("\n\n")[0].splitlines():
        if line.startswith("content/"):
            problems[line.split(":", 1)[0].removeprefix("content/")].append(line.removeprefix("content/"))
    return result.exit_code, dict(problems), result.output


def test_the_corpus_has_at_least_forty_mistakes():
    assert sum(1 for _, _, expected in CASES if expected) >= 40


def test_every_mistake_gets_its_exact_messages_in_one_run(tmp_path):
    code, problems, output = run_check(tmp_path, {path: text for path, text, _ in CASES})
    assert code == 1
    for path, _, expected in CASES:
        assert problems.get(path, []) == expected, path
    assert set(problems) <= {path for path, _, _ in CASES}
    assert f"发现 {sum(len(expected) for _, _, expected in CASES)} 个问题" in output


def test_no_message_echoes_a_personal_number_that_is_not_in_a_submission_body(tmp_path):
    _, problems, _ = run_check(tmp_path, {path: text for path, text, _ in CASES if not path.startswith("submissions/")})
    for lines in problems.values():
        for line in lines:
            assert "13905718823" not in line and "13912345678" not in line, line


def test_each_mistake_alone_is_reported_the_same(tmp_path):
    # Files are checked on their own: a mistake's message does not depend on the others
    # (a sample of kinds: syntax, encoding, schema, rule, post, submission).
    for path, text, expected in CASES[1::6]:
        folder = tmp_path / path.replace("/", "_")
        code, problems, _ = run_check(folder, {T + "xueleifeng.yml": TEAM, path: text})
        assert problems.get(path, []) == expected, path
        assert code == (1 if expected else 0)
