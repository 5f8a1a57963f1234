"""Two editors decide on one submission at the same moment, while the build reads it.

Before decisions were locked and written atomically, ``approve`` and ``reject`` racing on one file
both said success, the file ended with the tail of the longer version after the shorter one (cut
in the middle of a character, so ``wenming check`` called it a GBK file) in some rounds, and a
reader saw a 0-byte file while it was rewritten. Here each round starts two real processes that
race; a third process reads the file all the time.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import subprocess
import sys
from pathlib import Path

from tests.conftest import write_files
from tests.submissions.test_publish import ARTICLE
from wenming.core.atomic_write import write_atomically
from wenming.core.review import AlreadyDecided, Decision, Inbox, decide

ROUNDS = 100
DAY = dt.date(2026, 11, 23)
# CRLF, a BOM, a quoted key and a comment: the race must keep every byte it does not own.
ORIGINAL = (
    "\ufeff---\r\ntitle: 冬至送温暖\r\nkind: story\r\n\"author\": 陈思雨   # 署名\r\nsubmitted: 2026-11-10\r\n"
    "status: pending\r\n---\r\n\r\n" + (ARTICLE + "\r\n") * 3
).encode("utf-8")
DECISIONS = {
    "approve": Decision("approve", "甲审核员", DAY),
    "reject": Decision("reject", "乙审核员", DAY, "与本社区无关，请改写后再投稿"),
}


def make_inbox(root: Path) -> Inbox:
    return Inbox.of(root / "content", "data", "submissions", root)


def versions(tmp_path: Path) -> dict[str, bytes]:
    """The exact file after each decision, made one after the other on a copy."""
    result = {"original": ORIGINAL}
    for action, decision in DECISIONS.items():
        root = tmp_path / f"expected-{action}"
        write_files(root, {"content/data/.keep": ""})
        (root / "content/submissions").mkdir()
        (root / "content/submissions/good.md").write_bytes(ORIGINAL)
        decide(make_inbox(root), "good", decision)
        result[decision.action] = (root / "content/submissions/good.md").read_bytes()
    return result


def race_one(root: Path, action: str, go, results) -> None:
    go.wait()
    try:
        decided = decide(make_inbox(root), "good", DECISIONS[action])
        results.put((action, "changed" if decided.changed else "unchanged"))
    except AlreadyDecided as refused:
        results.put((action, f"refused: already {refused.status}"))
    except BaseException as error:  # reported to the test, which fails on it
        results.put((action, f"error: {error!r}"))


def keep_reading(path: Path, known: dict[str, bytes], stop, report) -> None:
    names = {content: name for name, content in known.items()}
    counts: dict[str, int] = {}
    strange: list[bytes] = []
    while not stop.is_set():
        content = path.read_bytes()
        name = names.get(content, "empty" if not content else "other")
        counts[name] = counts.get(name, 0) + 1
        if name in ("empty", "other") and len(strange) < 3:
            strange.append(content)
    report.put((counts, strange))


def test_approve_and_reject_racing_leave_one_whole_version_and_readers_never_see_less(tmp_path):
    known = versions(tmp_path)
    root = tmp_path / "site"
    write_files(root, {"content/data/.keep": ""})
    (root / "content/submissions").mkdir()
    path = root / "content/submissions/good.md"
    path.write_bytes(ORIGINAL)
    forked = multiprocessing.get_context("fork")
    stop, report = forked.Event(), forked.Queue()
    reader = forked.Process(target=keep_reading, args=(path, known, stop, report))
    reader.start()
    wrong_rounds: list[tuple[int, list[tuple[str, str]], str]] = []
    winners = {"approve": 0, "reject": 0}
    try:
        for number in range(ROUNDS):
            write_atomically(path, ORIGINAL)
            go, results = forked.Event(), forked.Queue()
            racers = [forked.Process(target=race_one, args=(root, action, go, results)) for action in ("approve", "reject")]
            for racer in racers:
                racer.start()
            go.set()
            for racer in racers:
                racer.join(timeout=60)
            outcomes = sorted(results.get(timeout=10) for _ in racers)
            winner = next((action for action, outcome in outcomes if outcome == "changed"), None)
            final = path.read_bytes()
            expected_loser = {"approve": ("reject", "refused: already approved"), "reject": ("approve", "refused: already rejected")}
            if winner is None or expected_loser[winner] not in outcomes or final != known[winner]:
                wrong_rounds.append((number, outcomes, next((n for n, c in known.items() if c == final), repr(final[-60:]))))
            else:
                winners[winner] += 1
    finally:
        stop.set()
        counts, strange = report.get(timeout=30)
        reader.join(timeout=30)
    assert wrong_rounds == []
    assert sum(winners.values()) == ROUNDS
    # The reader saw only whole versions: the original, or one decision with its own reviewer.
    assert strange == []
    assert set(counts) <= {"original", "approve", "reject"}
    assert counts.get("original", 0) > 0 and counts.get("approve", 0) + counts.get("reject", 0) > 0


def test_the_review_command_racing_itself_tells_each_editor_what_happened(tmp_path):
    """The same race through ``wenming review`` in two processes: one succeeds, the other is told why not."""
    write_files(tmp_path, {"mkdocs.yml": "site_name: 测试\ndocs_dir: content\nplugins:\n  - wenming\n", "content/data/.keep": ""})
    (tmp_path / "content/submissions").mkdir()
    path = tmp_path / "content/submissions/good.md"
    known = versions(tmp_path)
    config = str(tmp_path / "mkdocs.yml")
    command = [sys.executable, "-c", "from wenming.cli import main; main()", "review"]
    for _ in range(3):
        path.write_bytes(ORIGINAL)
        racers = {
            "approve": subprocess.Popen([*command, "approve", "good", "--reviewer", "甲审核员", "--date", "2026-11-23", "-f", config],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
            "reject": subprocess.Popen([*command, "reject", "good", "--reviewer", "乙审核员", "--note", "与本社区无关，请改写后再投稿",
                                        "--date", "2026-11-23", "-f", config], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        }  # fmt: skip
        said = {action: (racer.wait(timeout=120), *racer.communicate()) for action, racer in racers.items()}
        winner = "approve" if said["approve"][0] == 0 else "reject"
        loser = "reject" if winner == "approve" else "approve"
        assert path.read_bytes() == known[winner]
        assert said[winner][1] == {
            "approve": "已通过：good《冬至送温暖》，审核人 甲审核员，2026-11-23。下次生成网站时发布。\n",
            "reject": "已退回：good，审核人 乙审核员，理由：与本社区无关，请改写后再投稿\n",
        }[winner]
        word = {"approve": "通过", "reject": "退回"}
        reviewer = {"approve": "甲审核员", "reject": "乙审核员"}[winner]
        reason = "，理由：与本社区无关，请改写后再投稿" if winner == "reject" else ""
        assert said[loser][0] == 1
        assert said[loser][2] == (
            f"稿件 good 已被 {reviewer}（2026-11-23）{word[winner]}{reason}；你要求的“{word[loser]}”未执行，文件未做修改"
            f"（可能有人在你查看之后刚审核过它）。如确需改为{word[loser]}，请明确要求改判\n"
            "Error: 如确需改判，请加 --change 重新执行（稿件 good 未做修改）\n"
        )
