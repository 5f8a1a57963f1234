"""Faults: repeated forms, floods, proof of work, a git repository that cannot be written, and
the service killed in the middle of submissions. Nothing confirmed is lost, nothing half-written stays."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.intake.conftest import (
    VOLUNTEER,
    Service,
    add_accounts,
    csrf_of,
    git,
    make_content_repo,
    start_service,
    submission_form,
    token_of,
)
from wenming.core.records import RuleContext, load_collection
from wenming.core.site_data import collections, resolve_build_date
from wenming.intake import altcha


def submission_files(repo: Path) -> set[str]:
    return {path.name for path in (repo / "content/submissions").iterdir()}


def committed(repo: Path, folder: str = "content/submissions") -> set[str]:
    return {Path(line).name for line in git(repo, "ls-files", "--", folder).split("\n") if line}


def nomination_form(**extra: str) -> dict[str, str]:
    return {
        "name": "王秀兰", "category": "孝老爱亲", "summary": "照顾瘫痪婆婆十二年如一日",
        "deeds": "王秀兰阿姨的婆婆十二年前中风瘫痪在床，" * 8, "relation": "邻居", "nominator": "刘芳",
        "nominator_phone": "13812345678", "consent": "yes", **extra,
    }  # fmt: skip


def post_nomination(client: httpx.Client, payload: str = "", **extra: str) -> httpx.Response:
    page = client.get("/nominate")
    form = {"csrf": csrf_of(page.text), "form_token": token_of(page.text), "altcha": payload, **nomination_form(**extra)}
    return client.post("/nominate", data=form)


def solved(client: httpx.Client) -> str:
    return altcha.solve(client.get("/nominate/challenge").json())


# --- repeated forms ------------------------------------------------------------------------------


def test_the_same_form_sent_again_creates_one_file(service: Service) -> None:
    client = service.login(VOLUNTEER)
    page = client.get("/submit")
    form = {"csrf": csrf_of(page.text), "form_token": token_of(page.text), **submission_form()}
    before = submission_files(service.repo)
    with ThreadPoolExecutor(6) as pool:  # a double tap, and four more from a flaky network
        responses = list(pool.map(lambda _: client.post("/submit", data=form), range(6)))
    responses.append(client.post("/submit", data=form))  # and once more, much later
    locations = {response.headers.get("location") for response in responses}
    assert [response.status_code for response in responses] == [303] * 7
    assert len(locations) == 1
    new = submission_files(service.repo) - before
    assert len(new) == 1 and new <= committed(service.repo)


def test_public_form_repeat_gives_the_same_reference(service: Service) -> None:
    client = service.client()
    page = client.get("/nominate")
    form = {"csrf": csrf_of(page.text), "form_token": token_of(page.text), "altcha": solved(client), **nomination_form()}
    first, second = client.post("/nominate", data=form), client.post("/nominate", data=form)
    assert first.status_code == second.status_code == 200
    reference = first.text.split('class="reference">')[1].split("<")[0]
    assert f'class="reference">{reference}<' in second.text
    assert len([n for n in committed(service.repo, "content/data/nominations") if n.startswith("tuijian-")]) == 1


# --- floods and proof of work ---------------------------------------------------------------------


def test_per_address_rate_limit_on_the_public_form(tmp_path: Path) -> None:
    service = start_service(tmp_path, "--nominations-per-hour", "2")
    try:
        client = service.client()
        answers = [post_nomination(client, solved(client)) for _ in range(3)]
        assert [answer.status_code for answer in answers] == [200, 200, 429]
        assert "同一网络一小时内最多提交 2 条推荐" in answers[2].text
        assert 'value="王秀兰"' in answers[2].text  # the input is kept
        assert len([n for n in committed(service.repo, "content/data/nominations") if n.startswith("tuijian-")]) == 2
    finally:
        service.stop()


def test_proof_of_work_is_required_checked_and_used_once(tmp_path: Path) -> None:
    service = start_service(tmp_path, "--nominations-without-pow-per-hour", "0")
    try:
        client = service.client()
        assert post_nomination(client).status_code == 429  # no answer (no JavaScript): over the allowance of 0
        challenge = client.get("/nominate/challenge").json()
        assert set(challenge) == {"algorithm", "challenge", "maxnumber", "salt", "signature"}
        payload = altcha.solve(challenge)
        answer = json.loads(base64.b64decode(payload))
        wrong_number = base64.b64encode(json.dumps({**answer, "number": answer["number"] + 1}).encode()).decode()
        forged = altcha.create_challenge(b"another key" * 3, 10)
        for bad in (wrong_number, altcha.solve(forged), "not base64!", base64.b64encode(b"[1,2]").decode()):
            assert post_nomination(client, bad).status_code == 429, bad
        assert post_nomination(client, payload).status_code == 200
        assert post_nomination(client, payload).status_code == 429  # a replay
    finally:
        service.stop()


def test_altcha_rejects_expired_and_tampered_challenges() -> None:
    key = b"k" * 32
    challenge = altcha.create_challenge(key, 50, lifetime_seconds=60)
    payload = altcha.solve(challenge)
    assert altcha.verify_solution(key, payload) is not None
    assert altcha.verify_solution(key, payload, now=time.time() + 120) is None
    assert altcha.verify_solution(b"x" * 32, payload) is None
    answer = json.loads(base64.b64decode(payload))
    salted = base64.b64encode(json.dumps({**answer, "salt": answer["salt"].replace("expires=", "expires=9")}).encode())
    assert altcha.verify_solution(key, salted.decode()) is None


# --- git failures -------------------------------------------------------------------------------


def test_locked_git_index_gives_an_error_page_and_the_retry_saves_once(service: Service) -> None:
    client = service.login(VOLUNTEER)
    page = client.get("/submit")
    form = {"csrf": csrf_of(page.text), "form_token": token_of(page.text), **submission_form(title="锁住的仓库")}
    before = submission_files(service.repo)
    lock = service.repo / ".git/index.lock"
    lock.write_text("")
    failed = client.post("/submit", data=form)
    assert failed.status_code == 503
    assert "稿件还没有提交成功" in failed.text and 'value="锁住的仓库"' in failed.text
    assert submission_files(service.repo) == before  # nothing half-written left behind
    lock.unlink()
    retried = client.post("/submit", data={**form, "form_token": token_of(failed.text)})
    assert retried.status_code == 303
    new = submission_files(service.repo) - before
    assert len(new) == 1 and new <= committed(service.repo)
    assert git(service.repo, "status", "--porcelain", "--", "content").strip() == ""


@pytest.fixture
def small_disk(tmp_path: Path):
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_full_disk_and_read_only_file_system_lose_nothing_confirmed(tmp_path: Path, small_disk: Path) -> None:
    repo = make_content_repo(tmp_path / "portal")
    shutil.copytree(repo, small_disk / "portal", symlinks=True)
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    add_accounts(state_dir)
    service = Service(small_disk / "portal", state_dir).start()
    try:
        client = service.login(VOLUNTEER)
        saved = client.post("/submit", data={"csrf": csrf_of(client.get("/submit").text),
                                             "form_token": token_of(client.get("/submit").text), **submission_form()})  # fmt: skip
        assert saved.status_code == 303
        confirmed = committed(service.repo)
        before = submission_files(service.repo)

        filler = small_disk / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M", "count=64"], capture_output=True)
        page = client.get("/submit")
        form = {"csrf": csrf_of(page.text), "form_token": token_of(page.text), **submission_form(title="磁盘满了")}
        full = client.post("/submit", data=form)
        assert full.status_code == 503 and "稿件还没有提交成功" in full.text
        assert submission_files(service.repo) == before
        filler.unlink()

        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
        read_only = client.post("/submit", data={**form, "form_token": token_of(full.text)})
        assert read_only.status_code == 503 and 'value="磁盘满了"' in read_only.text
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)

        retried = client.post("/submit", data={**form, "form_token": token_of(read_only.text)})
        assert retried.status_code == 303
        assert confirmed < committed(service.repo)
        assert len(submission_files(service.repo) - before) == 1
        assert git(service.repo, "fsck", "--no-progress").strip() == ""
    finally:
        service.stop()


# --- SIGKILL in the middle of submissions ---------------------------------------------------------


def test_sigkill_mid_submission_loses_nothing_confirmed_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    service = start_service(tmp_path)
    confirmed: set[str] = set()
    # Signed in once: sessions are in SQLite and outlive the process.
    clients = [service.login(VOLUNTEER) for _ in range(6)]
    try:
        for round_number in range(4):
            stop = threading.Event()
            lock = threading.Lock()

            def keep_submitting(worker: int, stop: threading.Event = stop, lock: threading.Lock = lock,
                                round_number: int = round_number) -> None:  # fmt: skip
                client = clients[worker]
                while not stop.is_set():
                    try:
                        page = client.get("/submit")
                        form = {"csrf": csrf_of(page.text), "form_token": token_of(page.text),
                                **submission_form(title=f"第{round_number}轮 第{worker}位")}  # fmt: skip
                        response = client.post("/submit", data=form)
                    except (httpx.TransportError, AssertionError):
                        return
                    if response.status_code == 303:
                        with lock:
                            confirmed.add(response.headers["location"].split("/")[2].split("?")[0] + ".md")

            threads = [threading.Thread(target=keep_submitting, args=(worker,)) for worker in range(6)]
            for thread in threads:
                thread.start()
            time.sleep(2 + 0.37 * round_number)
            service.kill()  # SIGKILL: no clean-up of any kind
            stop.set()
            for thread in threads:
                thread.join(30)
            service.start()  # recovery runs before the first request is served
            files = committed(service.repo)
            assert confirmed <= files, confirmed - files
            assert git(service.repo, "status", "--porcelain", "--untracked-files=all", "--", "content").strip() == ""
            assert not list((service.repo / "content").rglob(".*.tmp-*"))
        # Every file is a whole, valid submission.
        submissions = next(c for c in collections() if c.name == "submissions")
        loaded = load_collection(submissions, service.repo / "content", RuleContext(resolve_build_date(), service.repo / "content"))
        assert loaded.problems == []
        assert len(confirmed) >= 8, "too few submissions got through to test anything"
    finally:
        service.stop()
