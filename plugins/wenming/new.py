"""``wenming new KIND ID`` (a commented record file to fill in) and ``wenming schema`` (the JSON
Schema files editors use for autocompletion), both generated from the record models."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .core.manual import update_manual
from .core.records import SLUG
from .core.scaffold import json_schema_text, scaffold_yaml
from .core.site_data import collections, resolve_build_date

SCHEMA_DIR = "schemas"
EDITOR_MANUAL = "docs/editor-manual.md"


@dataclass(frozen=True)
class Kind:
    """A record kind that ``wenming new`` scaffolds: its collection, and what a new file starts with."""

    collection: str
    # Filled in at creation (``today`` stands for the build date, e.g. the nomination date).
    values: dict[str, Any] = field(default_factory=dict)
    private_keys: tuple[str, ...] = ()


KINDS = {
    "nomination": Kind(
        "nominations",
        {"nominated_on": "today", "status": "nominated", "consent": False},
        ("phone", "id_number", "address", "nominator", "nominator_phone"),
    ),
    "team": Kind("teams", private_keys=("leader_phone",)),
    "event": Kind("events", {"status": "planned"}, ("contact_phone",)),
}


def _collection(kind: str, data_dir: str = "data") -> Any:
    name = KINDS[kind].collection
    return next(collection for collection in collections(data_dir) if collection.name == name)


def schema_files(root: Path) -> dict[Path, str]:
    """``schemas/<kind>.schema.json`` -> its text, for every kind ``wenming new`` knows, and the
    编辑手册 with its field tables as the models give them."""
    files = {
        root / SCHEMA_DIR / f"{kind}.schema.json": json_schema_text(_collection(kind).model) for kind in KINDS
    }
    manual = root / EDITOR_MANUAL
    if manual.is_file():
        files[manual] = update_manual(manual.read_text(encoding="utf-8"))
    return files


@click.group("new")
def new() -> None:
    """新建一条记录：写出每个字段都带说明的 YAML 文件，按说明填写即可。"""


def _create(kind: str, record_id: str, config_file: Path) -> None:
    from .cli import read_portal_settings

    if not SLUG.match(record_id):
        raise click.BadParameter(
            f"{record_id!r} 不能用作 id：只能用小写英文字母、数字和连字符（-），且以字母或数字开头，例如 wang-xiulan",
            param_hint="ID",
        )
    docs_dir, options = read_portal_settings(config_file)
    collection = _collection(kind, str(options.get("data_dir") or "data").strip("/"))
    folder = docs_dir / collection.folder
    existing = [
        folder / f"{record_id}{suffix}"
        for suffix in collection.suffixes
        if (folder / f"{record_id}{suffix}").exists()
    ]
    if existing:
        click.echo(f"{_shown(existing[0])} 已经存在，没有改动它。换一个 id，或直接编辑这个文件。", err=True)
        sys.exit(1)
    spec = KINDS[kind]
    today = resolve_build_date(options.get("build_date"))
    values = {key: today if value == "today" else value for key, value in spec.values.items()}
    path = folder / f"{record_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold_yaml(collection.model, values, spec.private_keys), encoding="utf-8")
    click.echo(f"已新建 {_shown(path)}：按文件里的说明填写，再运行 wenming check 检查。")


def _new_command(kind: str, what: str, example: str) -> click.Command:
    @click.argument("record_id", metavar="ID")
    @click.option(
        "-f", "--config-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default="mkdocs.yml", show_default=True, help="站点配置文件",
    )  # fmt: skip
    def command(record_id: str, config_file: Path) -> None:
        _create(kind, record_id, config_file)

    command.__doc__ = f"新建一条{what}记录。\n\nID 就是文件名，也是网址的一部分：小写英文字母、数字和连字符，例如 {example}。"
    return click.command(kind)(command)


for _kind, _what, _example in (("nomination", "好人推荐", "wang-xiulan"), ("team", "志愿服务队", "xueleifeng"),
                               ("event", "活动", "2026-zhongqiu-wanhui")):  # fmt: skip
    new.add_command(_new_command(_kind, _what, _example))


@click.command("schema")
@click.option("--check", is_flag=True, help="只检查 schemas/ 下的文件是否最新，不写文件")
def schema(check: bool) -> None:
    """生成 schemas/*.schema.json（编辑器按它提示和检查记录字段）和编辑手册里的字段表，在仓库根目录运行。"""
    stale = []
    for path, text in schema_files(Path.cwd()).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            click.echo(f"已更新 {_shown(path)}")
    if check and stale:
        click.echo(
            "以下文件与记录模型不一致，请运行 wenming schema：" + "、".join(_shown(p) for p in stale),
            err=True,
        )
        sys.exit(1)
    if not stale:
        click.echo("schemas/ 下的文件和编辑手册的字段表已是最新。")


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
