"""The rest of the volunteer and office workflow over HTTP, and ``wenming accounts``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.intake.conftest import OFFICE, VOLUNTEER, Service, csrf_of, git, submission_form, token_of
from tests.intake.test_security import jpeg
from wenming.cli import main
from wenming.intake.store import Store


def send(service: Service, client, files=None, **fields: str) -> str:
    page = client.get("/submit")
    form = {"csrf": csrf_of(page.text), "form_token": token_of(page.text), **submission_form(**fields)}
    response = client.post("/submit", data=form, files=files)
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/")[2].split("?")[0]


def test_reject_with_note_is_shown_to_the_volunteer_and_approved_cannot_be_withdrawn(service: Service) -> None:
    volunteer = service.login(VOLUNTEER)
    rejected_id = send(service, volunteer, title="需要修改的投稿")
    office = service.login(OFFICE)
    csrf = csrf_of(office.get("/office").text)
    no_note = office.post(f"/office/submissions/{rejected_id}/decide", data={"csrf": csrf, "decision": "reject"})
    assert no_note.status_code == 400 and "退回时必须写理由" in no_note.text
    office.post(f"/office/submissions/{rejected_id}/decide", data={"csrf": csrf, "decision": "reject", "note": "请补充活动时间和地点"})
    text = (service.repo / f"content/submissions/{rejected_id}.md").read_text(encoding="utf-8")
    assert "status: rejected" in text and "reviewer: 李红梅" in text and "review_note: 请补充活动时间和地点" in text
    mine = volunteer.get("/me").text
    assert "退回" in mine and "审核意见：请补充活动时间和地点" in mine
    assert git(service.repo, "log", "-1", "--format=%an %s").strip() == f"李红梅 审核：退回投稿 {rejected_id}"

    approved_id = send(service, volunteer, title="可以发布的投稿")
    office.post(f"/office/submissions/{approved_id}/decide", data={"csrf": csrf, "decision": "approve"})
    refused = volunteer.post(f"/me/{approved_id}/withdraw", data={"csrf": csrf_of(mine)})
    assert refused.status_code == 409 and "只有待审的稿件能撤回" in refused.text
    assert (service.repo / f"content/submissions/{approved_id}.md").is_file()


def test_volunteer_withdraws_a_pending_submission(service: Service) -> None:
    volunteer = service.login(VOLUNTEER)
    record_id = send(service, volunteer, files=[("photos", ("a.jpg", jpeg(), "image/jpeg"))], title="发错了的投稿")
    assert (service.repo / f"content/assets/uploads/{record_id}/photo-1.jpg").is_file()
    csrf = csrf_of(volunteer.get("/me").text)
    assert volunteer.post(f"/me/{record_id}/withdraw", data={"csrf": csrf}).status_code == 303
    assert not (service.repo / f"content/submissions/{record_id}.md").exists()
    assert not (service.repo / f"content/assets/uploads/{record_id}").exists()
    assert git(service.repo, "status", "--porcelain", "--", "content").strip() == ""
    assert f"content/submissions/{record_id}.md" not in git(service.repo, "ls-files", "content/submissions")
    assert "发错了的投稿" not in volunteer.get("/me").text
    assert git(service.repo, "log", "-1", "--format=%an %s").strip() == f"陈思雨 撤回投稿 {record_id}"


def test_accounts_command_adds_lists_and_disables(tmp_path: Path) -> None:
    runner = CliRunner()
    state = ["--repo", str(tmp_path), "--state-dir", str(tmp_path / "state")]
    added = runner.invoke(main, ["accounts", "add", "lihongmei", "--name", "李红梅", "--role", "office", "--password-stdin", *state],
                          input="a-long-password\n")  # fmt: skip
    assert added.exit_code == 0 and "已新建账号 lihongmei（李红梅，文明办工作人员）" in added.output
    short = runner.invoke(main, ["accounts", "add", "chen", "--name", "陈", "--password-stdin", *state], input="short\n")
    assert short.exit_code != 0 and "密码至少 10 位" in short.output
    bad = runner.invoke(main, ["accounts", "add", "../x", "--name", "x", "--password-stdin", *state], input="a-long-password\n")
    assert bad.exit_code != 0 and "不能用" in bad.output
    again = runner.invoke(main, ["accounts", "add", "lihongmei", "--name", "李", "--password-stdin", *state], input="a-long-password\n")
    assert again.exit_code != 0 and "账号 lihongmei 已经存在" in again.output
    assert runner.invoke(main, ["accounts", "disable", "lihongmei", *state]).exit_code == 0
    listed = runner.invoke(main, ["accounts", "list", *state])
    assert "lihongmei  李红梅  文明办工作人员（已停用）" in listed.output
    store = Store(tmp_path / "state/intake.sqlite3")
    assert store.check_password("lihongmei", "a-long-password") is None  # disabled
    assert "a-long-password" not in (tmp_path / "state/intake.sqlite3").read_bytes().decode("latin-1")


def test_two_office_staff_deciding_differently_the_second_is_told_and_nothing_changes(service: Service) -> None:
    volunteer = service.login(VOLUNTEER)
    record_id = send(service, volunteer, title="两位审核人")
    first, second = service.login(OFFICE), service.login(OFFICE)
    csrf_first, csrf_second = csrf_of(first.get("/office").text), csrf_of(second.get("/office").text)
    assert first.post(f"/office/submissions/{record_id}/decide", data={"csrf": csrf_first, "decision": "approve"}).status_code == 303
    late = second.post(f"/office/submissions/{record_id}/decide",
                       data={"csrf": csrf_second, "decision": "reject", "note": "不行"})  # fmt: skip
    assert late.status_code == 400 and "已被 李红梅" in late.text and "未执行" in late.text
    text = (service.repo / f"content/submissions/{record_id}.md").read_text(encoding="utf-8")
    assert "status: approved" in text and "review_note" not in text
