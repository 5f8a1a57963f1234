"""``wenming intake`` (start the service) and ``wenming accounts`` (manage its accounts)."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import click

from .settings import Limits
from .store import ROLE_NAMES, ROLES, Store

repo_option = click.option(
    "--repo", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".", show_default=True,
    help="内容仓库（mkdocs.yml 所在的 git 仓库）",
)  # fmt: skip
state_option = click.option(
    "--state-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="账号、登录和日志数据库所在的文件夹，默认 <仓库>/.intake",
)  # fmt: skip
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


def _store(repo: Path, state_dir: Path | None) -> Store:
    return Store((state_dir or repo / ".intake") / "intake.sqlite3")


@click.command()
@repo_option
@state_option
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（放在 nginx 后面时保持 127.0.0.1）")
@click.option("--port", default=8100, show_default=True, type=int, help="端口")
@click.option("--https/--no-https", "secure_cookies", default=False,
              help="网站通过 HTTPS 访问时打开：登录 Cookie 只在 HTTPS 下发送")  # fmt: skip
@click.option("--rebuild-command", default="", help="审核后重新生成网站的命令，例如 \"mkdocs build --strict\"（在仓库里运行）")
@click.option("--session-hours", default=8.0, show_default=True, type=float, help="登录多久后失效（小时）")
@click.option("--nominations-per-hour", default=Limits.nominations_per_address, show_default=True, type=int,
              help="同一地址每小时最多提交几条推荐")  # fmt: skip
@click.option("--nominations-without-pow-per-hour", default=Limits.nominations_without_pow, show_default=True, type=int,
              help="没有完成防刷屏计算（浏览器关了 JavaScript）的推荐，全站每小时最多几条")  # fmt: skip
@click.option("--logins-per-10-minutes", default=Limits.logins_per_address, show_default=True, type=int,
              help="同一地址 10 分钟内最多尝试登录几次")  # fmt: skip
def intake(repo: Path, state_dir: Path | None, host: str, port: int, secure_cookies: bool, rebuild_command: str,
           session_hours: float, nominations_per_hour: int, nominations_without_pow_per_hour: int,
           logins_per_10_minutes: int) -> None:  # fmt: skip
    """启动投稿服务：志愿者投稿、居民推荐身边好人、文明办在浏览器里审核。"""
    import uvicorn

    from .app import build_app
    from .gitrepo import RepositoryError
    from .settings import settings_for

    if not (repo / "mkdocs.yml").is_file():
        raise click.ClickException(f"{repo} 里没有 mkdocs.yml：--repo 应指向网站的内容仓库")
    limits = Limits(nominations_per_address=nominations_per_hour, nominations_without_pow=nominations_without_pow_per_hour,
                    logins_per_address=logins_per_10_minutes)  # fmt: skip
    settings = settings_for(repo, state_dir, secure_cookies=secure_cookies, session_seconds=session_hours * 3600,
                            rebuild_command=tuple(shlex.split(rebuild_command)), limits=limits)  # fmt: skip
    try:
        app = build_app(settings)
    except RepositoryError as error:
        raise click.ClickException(f"内容仓库不能使用：{error}") from None
    if not any(account.role == "office" and not account.disabled for account in app.state.intake.store.accounts()):
        click.echo("提示：还没有文明办账号。先运行 wenming accounts add <账号> --name <姓名> --role office", err=True)
    click.echo(f"投稿服务：http://{host}:{port}/  （内容仓库 {settings.repo}）")
    uvicorn.run(app, host=host, port=port, proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                log_level="warning", access_log=False)  # fmt: skip


@click.group()
def accounts() -> None:
    """管理投稿服务的账号（志愿者 volunteer / 文明办 office）。"""


@accounts.command("add")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="公开署名（投稿显示“投稿：姓名”）")
@click.option("--role", type=click.Choice(ROLES), default="volunteer", show_default=True, help="角色")
@click.option("--team", default=None, help="默认所属志愿服务队的 id（可不填）")
@click.option("--password-stdin", is_flag=True, help="从标准输入读密码（脚本用）；不加则提示输入两次")
@repo_option
@state_option
def add(username: str, display_name: str, role: str, team: str | None, password_stdin: bool, repo: Path,
        state_dir: Path | None) -> None:  # fmt: skip
    """新建账号 USERNAME（小写英文字母、数字、点、连字符）。"""
    if not _USERNAME.match(username):
        raise click.ClickException(f"账号 {username!r} 不能用：只能用 2–32 个小写英文字母、数字、点、下划线和连字符，以字母或数字开头")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再输入一次")
    if len(password) < 10:
        raise click.ClickException("密码至少 10 位")
    try:
        _store(repo, state_dir).add_account(username, display_name.strip(), role, password, team)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"已新建账号 {username}（{display_name}，{ROLE_NAMES[role]}）")


@accounts.command("disable")
@click.argument("username")
@repo_option
@state_option
def disable(username: str, repo: Path, state_dir: Path | None) -> None:
    """停用账号 USERNAME（立即退出登录，之后不能再登录）。"""
    try:
        _store(repo, state_dir).set_disabled(username, True)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"已停用账号 {username}")


@accounts.command("list")
@repo_option
@state_option
def list_accounts(repo: Path, state_dir: Path | None) -> None:
    """列出所有账号。"""
    found = _store(repo, state_dir).accounts()
    if not found:
        click.echo("还没有账号。")
    for account in found:
        state = "（已停用）" if account.disabled else ""
        team = f"  队伍 {account.team}" if account.team else ""
        click.echo(f"{account.username}  {account.display_name}  {ROLE_NAMES[account.role]}{team}{state}")
