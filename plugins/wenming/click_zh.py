"""Click's own words (help headings, ``Error:``, the messages for a wrong option) in Chinese.

Click translates its messages with :func:`gettext.gettext`, bound in each of its modules as ``_``
and ``ngettext``. Installing a catalogue through gettext would need compiled ``.mo`` files and the
reader's locale; instead :func:`install` rebinds those two names in click's modules to a lookup
in :data:`MESSAGES`, and :func:`localise` names the placeholders of usage lines and option
values in Chinese. A message missing from the table stays as click wrote it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

import click

MESSAGES = {
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示这段说明并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看说明。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不用写值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 要写 {nargs} 个值。",
    "Aborted!": "已取消。",
    "unknown error": "未知错误",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已停用",
    "(dynamic)": "（动态）",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "integer": "整数",
    "float": "数字",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是 true 或 false（可写：{states}）",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，应为文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，应为文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 没有读取权限。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 没有写入权限。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不能执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Value must be an iterable.": "值应为列表。",
    "Do you want to continue?": "继续吗？",
}
PLURAL_MESSAGES = {
    "Got unexpected extra argument ({args})": "多写了参数（{args}）",
    "Did you mean {possibility}?": "是不是想写 {possibility}？",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要写一个值。",
    "{value!r} is not {choice}.": "{value!r} 不是允许的值，可选：{choice}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "Takes {nargs} values but 1 was given.": "要写 {nargs} 个值，只写了 1 个。",
    "{len_type} values are required, but {len_value} was given.": "要写 {len_type} 个值，写了 {len_value} 个。",
}
PLURAL_FORMS = {
    "Got unexpected extra arguments ({args})": "多写了参数（{args}）",
    "(Did you mean one of: {possibilities}?)": "（是不是想写其中之一：{possibilities}？）",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要写 {nargs} 个值。",
    "{value!r} is not one of {choices}.": "{value!r} 不是允许的值，可选：{choices}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "Takes {nargs} values but {len} were given.": "要写 {nargs} 个值，写了 {len} 个。",
    "{len_type} values are required, but {len_value} were given.": "要写 {len_type} 个值，写了 {len_value} 个。",
}
CLICK_MODULES = (
    "click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
    "click.types", "click.termui", "click.utils", "click.shell_completion",
)  # fmt: skip
# Value placeholders in help, by parameter type name (click shows the type name in capitals).
METAVARS = {"text": "文字", "integer": "整数", "integer range": "整数", "float": "数字", "boolean": "true/false", "file": "文件", "path": "路径", "directory": "文件夹"}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    if count == 1:
        return PLURAL_MESSAGES.get(singular, singular)
    return PLURAL_FORMS.get(plural, plural)


def install() -> None:
    """Make click speak Chinese (in this process: ``wenming`` is click's only user here)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]
    missing = click.exceptions.MissingParameter
    if not getattr(missing.format_message, "_wenming", False):
        english = missing.format_message

        def format_message(self: click.exceptions.MissingParameter) -> str:
            # "Missing option '--reviewer'." ends with click's own full stop, outside the message.
            return english(self).replace("'.", "'。", 1)

        format_message._wenming = True  # type: ignore[attr-defined]
        missing.format_message = format_message  # type: ignore[method-assign]


def localise(command: click.Command) -> None:
    """Chinese placeholders in the usage line and option list of ``command`` and its subcommands."""
    for current in _walk(command):
        current.options_metavar = "[选项]"
        if isinstance(current, click.Group):
            current.subcommand_metavar = "命令 [参数]..."
        for param in current.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                param.metavar = _metavar(param.type)


def _metavar(kind: click.ParamType[Any]) -> str | None:
    if isinstance(kind, click.Choice):
        return None  # click lists the choices themselves
    if isinstance(kind, click.Path):
        return "文件夹" if kind.dir_okay and not kind.file_okay else "文件"
    return METAVARS.get(kind.name.lower())


def _walk(command: click.Command) -> Iterable[click.Command]:
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _walk(sub)
