"""The ``wenming`` command: check records without building the site.

It reads only ``mkdocs.yml`` (for ``docs_dir`` and the ``wenming`` plugin options), not MkDocs
itself, so a check of thousands of records takes seconds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click
import yaml

from .click_zh import install, localise
from .core.crossrefs import cross_checks, reminders
from .core.news_check import BlogSettings, check_pages, check_posts
from .core.parallel import available_cpus
from .core.settings_check import settings_problems
from .core.site_data import load_site, resolve_build_date
from .core.source import SourceProblem, decode

install()  # click's own messages (Error:, the help headings…) in Chinese


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml while ignoring the ``!!python/...`` and ``!ENV`` tags it may contain."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_LenientLoader.add_multi_constructor("", _ignore_tag)  # type: ignore[no-untyped-call]


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data (tags such as ``!ENV`` read as empty)."""
    with config_file.open(encoding="utf-8-sig") as stream:
        config = yaml.load(stream, Loader=_LenientLoader) or {}
    return config if isinstance(config, dict) else {}


def read_portal_settings(config_file: Path) -> tuple[Path, dict[str, Any]]:
    """``docs_dir`` (absolute) and the options of the ``wenming`` plugin from mkdocs.yml."""
    config = read_config(config_file)
    docs_dir = config_file.parent / str(config.get("docs_dir") or "docs")
    options: dict[str, Any] = {}
    plugins = config.get("plugins") or []
    for entry in plugins if isinstance(plugins, list) else [plugins]:
        if isinstance(entry, dict) and "wenming" in entry:
            options = entry["wenming"] or {}
    if isinstance(plugins, dict):
        options = plugins.get("wenming") or {}
    return docs_dir, options


@click.group()
def main() -> None:
    """幸福里社区文明实践网工具：检查记录、生成模板文件。"""


@main.command()
@click.option(
    "-f", "--config-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default="mkdocs.yml", show_default=True, help="站点配置文件",
)
@click.option("--build-date", help="按哪一天检查（YYYY-MM-DD），默认取配置或今天")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None,
    help="同时读取文件的进程数，默认等于可用的 CPU 核数（记录很多时才会用到多个进程）",
)
def check(config_file: Path, build_date: str | None, jobs: int | None) -> None:
    """检查所有记录（不生成网站）：列出问题和每类记录的统计，有问题时返回非零。"""
    started = time.perf_counter()
    try:
        settings = settings_problems(decode(config_file.read_bytes(), config_file.name), config_file.name)
    except SourceProblem as error:
        settings = [error.problem]
    if any(problem.message.startswith("YAML 格式错误") or "编码" in problem.message for problem in settings):
        for problem in settings:
            click.echo(str(problem))
        click.echo(f"\n{config_file.name} 无法读取，改正后再检查。", err=True)
        sys.exit(1)
    docs_dir, options = read_portal_settings(config_file)
    try:
        day = resolve_build_date(build_date or options.get("build_date"))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--build-date") from None
    site = load_site(
        docs_dir,
        day,
        str(options.get("data_dir") or "data").strip("/"),
        str(options.get("submissions_dir") or "submissions").strip("/"),
        display_root=config_file.resolve().parent,
        workers=jobs or available_cpus(),
    )
    problems = settings + site.problems + cross_checks(site, docs_dir)
    accounts = list(site.accounts())
    blog = BlogSettings.from_config(read_config(config_file))
    data_dir = str(options.get("data_dir") or "data").strip("/")
    submissions_dir = str(options.get("submissions_dir") or "submissions").strip("/")
    skip = [data_dir, submissions_dir, *([blog.posts_dir] if blog else [])]
    # Files the content check refused (links, alias bombs, Markdown too slow to render) are
    # reported once, with their reason, in site.problems; the page and post checks skip them.
    left_out = [docs_dir / relative for relative in site.content.left_out]
    pages = check_pages(docs_dir, config_file.resolve().parent, skip, left_out)
    problems += pages.problems
    posts_read = pages.read
    if blog is not None:
        nominations = site["nominations"]
        nominees = {record.id for record in (*nominations.records, *nominations.withheld)}
        nominees |= {Path(path).stem for path in nominations.invalid_files}
        posts = check_posts(docs_dir, blog, config_file.resolve().parent, site["teams"].by_id, nominees, left_out)
        problems += posts.problems
        accounts.append(posts.account())
        posts_read += posts.read
    accounts.append(pages.account())
    # Grouped by file, so that everything wrong with one file is read together.
    problems.sort(key=lambda problem: problem.file)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo("")
    later = reminders(site)
    if later:
        click.echo(f"提醒（{len(later)} 条，不影响发布，可以稍后处理）：")
        for reminder in later:
            click.echo(str(reminder))
        click.echo("")
    for line in accounts:
        click.echo(line)
    elapsed = time.perf_counter() - started
    records = sum(loaded.read for loaded in site.loaded.values()) + posts_read
    if problems:
        click.echo(f"\n发现 {len(problems)} 个问题（{records} 个文件，用时 {elapsed:.2f} 秒）。改正后再发布。", err=True)
        sys.exit(1)
    click.echo(f"\n全部 {records} 个文件检查通过（用时 {elapsed:.2f} 秒）。")


@main.command()
@click.option(
    "-f", "--config-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default="mkdocs.yml", show_default=True, help="站点配置文件",
)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="预览地址（IP:端口）")
@click.option(
    "-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="预览网站写到哪个文件夹，默认是一个临时文件夹",
)
def serve(config_file: Path, dev_addr: str, site_dir: Path | None) -> None:
    """预览网站：改了记录或文章，约一两秒后页面就更新；有问题时页面底部显示提示（只在预览中）。"""
    import logging
    import tempfile
    from urllib.parse import urlsplit

    from .mkdocs.preview.builder import PreviewBuilder
    from .mkdocs.preview.server import PreviewServer

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"“{dev_addr}”不是 IP:端口，例如 127.0.0.1:8000", param_hint="--dev-addr")
    site = site_dir or Path(tempfile.mkdtemp(prefix="wenming_preview_"))
    builder = PreviewBuilder(config_file, site, collect_later=True)
    report = builder.build()
    # The start-up build's garbage (a whole site's objects, 1-1.5 s to collect at 10,000 records),
    # collected before serving: left to the first rebuild, it made the first edit wait for it.
    builder.collect_garbage()
    if report.error:
        click.echo(f"网站生成失败：{report.error}", err=True)
    click.echo(f"首次生成 {report.pages} 个页面，用时 {report.seconds:.1f} 秒（CPU {report.cpu_seconds:.1f} 秒）")
    config = read_config(config_file)
    docs_dir, _ = read_portal_settings(config_file)
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    watched = [docs_dir.resolve(), config_file.resolve()]
    if theme.get("custom_dir"):
        watched.append((config_file.parent / str(theme["custom_dir"])).resolve())
    mount_path = urlsplit(str(config.get("site_url") or "/")).path or "/"
    server = PreviewServer(
        builder, watched, config_file.resolve().parent,
        host=host, port=int(port), root=str(builder.site_dir or site), mount_path=mount_path,
    )  # fmt: skip
    try:
        server.serve()
    except KeyboardInterrupt:
        click.echo("预览已停止")
    finally:
        server.shutdown()


def _register_subcommands() -> None:
    from .intake.commands import accounts, intake
    from .new import new, schema
    from .review import review

    main.add_command(review)
    main.add_command(new)
    main.add_command(schema)
    main.add_command(intake)
    main.add_command(accounts)
    localise(main)


_register_subcommands()


if __name__ == "__main__":
    main()
