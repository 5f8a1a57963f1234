"""Compiled templates kept on disk between builds (Jinja's bytecode cache), made safe for MkDocs.

Compiling the theme's templates is a fixed cost of every build: about 0.2 s for Material's own
and as much again for the portal's, a noticeable share of a small site's build and of every
`mkdocs serve` rebuild. Jinja can keep the compiled code on disk and reuse it while the source
is unchanged (its bucket checks a checksum of the source, and its header the Jinja and Python
versions).

One thing Jinja's cache does not check: compiled code also depends on the environment it was
compiled in. Whether a filter or test takes the context (``@pass_context``) is decided at compile
time, and so are the syntax options and extensions. Plugins add filters in ``on_env``, so a
cached template compiled with another set of plugins could call a filter the wrong way. The key
here therefore includes a fingerprint of all of that, taken as each template is loaded (after
every plugin's ``on_env``; a few dozen names to hash, nothing next to a compile).

A cache that cannot be read or written never fails the build: the template is compiled as usual.
"""

from __future__ import annotations

from hashlib import sha1
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)


def environment_fingerprint(environment: Environment) -> str:
    """A digest of everything in ``environment`` that the compiled code of a template depends on."""

    def callables(mapping: dict[str, Any]) -> list[str]:
        # The name and how it is called: jinja_pass_arg is what @pass_context & co. set.
        return sorted(f"{name}:{getattr(function, 'jinja_pass_arg', '')}" for name, function in mapping.items())

    autoescape = environment.autoescape
    parts: list[object] = [
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks,
        environment.newline_sequence, environment.keep_trailing_newline,
        environment.optimized, environment.is_async,
        getattr(environment.finalize, "jinja_pass_arg", "") if environment.finalize else None,
        autoescape if isinstance(autoescape, bool) else f"{autoescape.__module__}.{autoescape.__qualname__}",
        sorted(environment.extensions),
        getattr(environment, "newstyle_gettext", None),
        callables(environment.filters),
        callables(environment.tests),
    ]  # fmt: skip
    return sha1(repr(parts).encode("utf-8")).hexdigest()


class TemplateBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, keyed by template, source file and environment fingerprint."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory), pattern="%s.jinja")
        self._directory = directory
        self._usable = True

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = self.get_cache_key(f"{environment_fingerprint(environment)}|{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        if self._usable:
            self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError as error:  # unreadable: compile as if there were no cache
            self._give_up(error)
            bucket.reset()
        except Exception:  # a damaged file (cut short, say): compile, and the dump replaces it
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self._usable:
            return
        try:
            self._directory.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError as error:
            self._give_up(error)

    def _give_up(self, error: OSError) -> None:
        # Once per build: a read-only checkout should not print a line per template.
        if self._usable:
            log.info(f"模板缓存 {self._directory} 不可用（{error}），本次照常编译模板")
        self._usable = False
