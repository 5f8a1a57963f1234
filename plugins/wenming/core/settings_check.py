"""The office's own settings in ``mkdocs.yml`` (the ``wenming`` plugin's options), checked like a record.

MkDocs refuses a wrong option type (``phone: 057188886001`` is a number, not text) or an unknown
option name with an English message and no line, and ``--strict`` stops on it. Each is named
here first, in Chinese, with its line.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem
from .slips import syntax_problem

OFFICE_OPTIONS = {
    "name": "文明办名称",
    "address": "地址",
    "phone": "电话",
    "email": "电子邮箱",
    "hours": "办公时间",
}
TEXT = ("tag:yaml.org,2002:str",)
# option -> (its Chinese name, the YAML tags it may have): the wenming plugin's config, in words.
PORTAL_OPTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "enabled": ("启用", ("tag:yaml.org,2002:bool",)),
    "data_dir": ("记录文件夹", TEXT),
    "submissions_dir": ("投稿文件夹", TEXT),
    "build_date": ("固定的“今天”", ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")),
    "office": ("文明办信息", ("tag:yaml.org,2002:map",)),
    "icp": ("ICP 备案号", TEXT),
    "icp_link": ("ICP 备案链接", TEXT),
    "police_beian": ("公安联网备案号", TEXT),
    "intake_url": ("投稿服务地址", TEXT),
    "home_news_count": ("首页新闻条数", ("tag:yaml.org,2002:int",)),
    "fast_excerpts": ("快速摘要", ("tag:yaml.org,2002:bool",)),
    "template_cache": ("模板缓存", ("tag:yaml.org,2002:bool",)),
    "cache_dir": ("缓存文件夹", TEXT),
    "privacy_audit": ("隐私检查", ("tag:yaml.org,2002:bool",)),
    "uploads_dir": ("投稿上传文件夹", TEXT),
    "staff_html": ("工作人员文字里的 HTML（clean 清理 / trusted 信任）", TEXT),
}
_KIND_NAMES = {
    "tag:yaml.org,2002:str": "文字",
    "tag:yaml.org,2002:int": "整数",
    "tag:yaml.org,2002:float": "数字",
    "tag:yaml.org,2002:bool": "true 或 false",
    "tag:yaml.org,2002:map": "“名称: 值”的映射",
    "tag:yaml.org,2002:seq": "列表",
    "tag:yaml.org,2002:timestamp": "日期",
    "tag:yaml.org,2002:null": "空",
}


def settings_problems(text: str, display: str) -> list[Problem]:
    """Problems of the ``wenming`` plugin's options in the text of ``mkdocs.yml``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        return [syntax_problem(err, display, 0, text)]
    except yaml.YAMLError:
        return [Problem(display, None, "YAML 格式错误：无法读取")]
    options = _plugin_options(root)
    if options is None or not isinstance(options, MappingNode):
        return []
    problems = _check_mapping(options, PORTAL_OPTIONS, "plugins.wenming", display)
    for key, value in options.value:
        if key.value == "office" and isinstance(value, MappingNode):
            office = {name: (label, TEXT) for name, label in OFFICE_OPTIONS.items()}
            problems += _check_mapping(value, office, "plugins.wenming.office", display)
    return sorted(problems, key=lambda problem: problem.line or 0)


def _plugin_options(root: Node | None) -> Node | None:
    if not isinstance(root, MappingNode):
        return None
    plugins = next((value for key, value in root.value if key.value == "plugins"), None)
    entries: list[tuple[Node, Node]] = []
    if isinstance(plugins, SequenceNode):
        for item in plugins.value:
            if isinstance(item, MappingNode):
                entries += item.value
    elif isinstance(plugins, MappingNode):
        entries = list(plugins.value)
    return next((value for key, value in entries if isinstance(key, ScalarNode) and key.value == "wenming"), None)


def _check_mapping(node: MappingNode, known: Mapping[str, tuple[str, tuple[str, ...]]], where: str, display: str) -> list[Problem]:
    problems = []
    for key, value in node.value:
        name = str(key.value)
        line = key.start_mark.line + 1
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            hint = f"，是不是想写 {close[0]}（{known[close[0]][0]}）？" if close else ""
            problems.append(
                Problem(display, line, f"{where} 里的未知设置 {name!r}{hint}（可用：{', '.join(known)}）", f"{where}.{name}")
            )
            continue
        label, tags = known[name]
        if value.tag == "tag:yaml.org,2002:null" or _tag(value) in tags:
            continue
        expected = "或".join(dict.fromkeys(_KIND_NAMES.get(tag, tag) for tag in tags))
        found = _KIND_NAMES.get(_tag(value), "其他")
        hint = "（写成文字：加引号，例如 \"0571-8888 6001\"）" if "tag:yaml.org,2002:str" in tags and found in ("整数", "数字") else ""
        problems.append(
            Problem(display, line, f"{where}.{name}（{label}） 应为{expected}，实际是{found} {_shown(value)}{hint}", f"{where}.{name}")
        )
    return problems


def _tag(node: Node) -> str:
    """The tag PyYAML's safe loader would give (compose resolves plain scalars the same way)."""
    return str(node.tag)


def _shown(node: Node) -> str:
    if isinstance(node, ScalarNode):
        text = str(node.value)
        return repr(text if len(text) <= 30 else text[:27] + "…")
    return ""
