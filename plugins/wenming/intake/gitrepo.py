"""Writing into the content repository: each change is a set of files written atomically and
one git commit, made under a lock that every writer of the repository takes.

A person is told "saved" only after the commit returned. If the service dies in between, the
files are complete (written to a temporary name, synced, then renamed) and :meth:`recover`
commits them at the next start, so nothing a person saw confirmed is ever lost, and nothing
half-written is ever left.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVICE_NAME = "投稿服务"
SERVICE_EMAIL = "intake@localhost"
LOCK_NAME = "wenming-write.lock"  # in .git/: shared with `wenming review` and other writers
GIT_TIMEOUT = 60


class RepositoryError(Exception):
    """Git refused or failed; the message is for the log, people get a plain page."""


@dataclass(frozen=True)
class Author:
    name: str
    email: str


def author_for(username: str, display_name: str) -> Author:
    return Author(display_name, f"{username}@intake.invalid")


PUBLIC_FORM = Author("居民推荐表单", "public-form@intake.invalid")


class ContentRepo:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        git_dir = self._git("rev-parse", "--absolute-git-dir").strip()
        self.git_dir = Path(git_dir)
        self._thread_lock = threading.Lock()

    def _git(self, *args: str, author: Author | None = None, check: bool = True) -> str:
        env = {
            **os.environ,
            "GIT_COMMITTER_NAME": SERVICE_NAME,
            "GIT_COMMITTER_EMAIL": SERVICE_EMAIL,
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C.UTF-8",
        }
        if author:
            env["GIT_AUTHOR_NAME"], env["GIT_AUTHOR_EMAIL"] = author.name, author.email
        try:
            done = subprocess.run(
                ["git", "-c", "core.quotePath=false", "-c", "commit.gpgsign=false", *args],
                cwd=self.root, env=env, capture_output=True, text=True, timeout=GIT_TIMEOUT,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as error:
            raise RepositoryError(f"git {args[0]}: {error}") from None
        if check and done.returncode != 0:
            raise RepositoryError(f"git {args[0]} 失败（{done.returncode}）：{done.stderr.strip()[-500:]}")
        return done.stdout

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One writer at a time: threads of this process, and other processes (flock on .git/)."""
        with self._thread_lock:
            try:
                handle = open(self.git_dir / LOCK_NAME, "a")  # noqa: SIM115 - held for the block
            except OSError as error:
                raise RepositoryError(f"无法打开写入锁 {self.git_dir / LOCK_NAME}: {error}") from None
            with handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def path(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise RepositoryError(f"路径 {relative!r} 不在仓库里")
        return path

    def exists_committed(self, relative: str) -> bool:
        return bool(self._git("ls-files", "--", relative).strip())

    def commit_files(self, files: Mapping[str, bytes], message: str, author: Author) -> None:
        """Write ``files`` (repository-relative path -> bytes) and commit exactly them.

        The caller holds :meth:`locked`. On a git failure the written files are removed again
        (they were new) so the working tree is as before and the person may try again.
        """
        written: list[Path] = []
        try:
            for relative, content in files.items():
                path = self.path(relative)
                if path.exists():
                    raise RepositoryError(f"{relative} 已经存在")
                write_atomic(path, content)
                written.append(path)
            paths = list(files)
            self._git("add", "--", *paths)
            self._git("commit", "-q", "--no-verify", "-m", message, "--", *paths, author=author)
        except BaseException as error:
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
            # Unstage what was added (ignore errors: the index may be what failed).
            self._git("reset", "-q", "--", *files, check=False)
            if isinstance(error, OSError):  # disk full, read-only file system
                raise RepositoryError(f"写入失败：{error}") from None
            raise

    def commit_change(self, files: Mapping[str, bytes | None], message: str, author: Author) -> None:
        """Replace (bytes) or delete (None) tracked files and commit exactly them; the caller holds the lock.

        On failure the files are put back as they were in the last commit.
        """
        paths = list(files)
        try:
            for relative, content in files.items():
                path = self.path(relative)
                if content is None:
                    self._git("rm", "-q", "-r", "--", relative)
                else:
                    write_atomic(path, content)
                    self._git("add", "--", relative)
            self._git("commit", "-q", "--no-verify", "-m", message, "--", *paths, author=author)
        except BaseException as error:
            self._git("reset", "-q", "--", *paths, check=False)
            self._git("checkout", "-q", "HEAD", "--", *paths, check=False)
            if isinstance(error, OSError):
                raise RepositoryError(f"写入失败：{error}") from None
            raise

    def recover(self, folders: list[str], keep: Callable[[str], bool]) -> list[str]:
        """Commit complete files a killed service left uncommitted in ``folders``; remove temp files
        and the uncommitted files ``keep`` refuses (a photo whose submission was never written).

        Returns the paths committed. Runs at start-up, before any request is served.
        """
        recovered: list[str] = []
        with self.locked():
            for folder in folders:
                base = self.root / folder
                if not base.is_dir():
                    continue
                for temp in base.rglob(".*.tmp-*"):
                    temp.unlink(missing_ok=True)
            listed = self._git("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *folders)
            for entry in filter(None, listed.split("\0")):
                status, relative = entry[:2], entry[3:]
                if status not in ("??", "A "):
                    continue
                if keep(relative):
                    recovered.append(relative)
                else:
                    self._git("rm", "-q", "--cached", "--ignore-unmatch", "--", relative, check=False)
                    (self.root / relative).unlink(missing_ok=True)
            if recovered:
                self._git("add", "--", *recovered)
                self._git("commit", "-q", "--no-verify", "-m", "投稿服务：提交上次中断时已写好的文件", "--", *recovered,
                          author=Author(SERVICE_NAME, SERVICE_EMAIL))  # fmt: skip
        return recovered

    def head_files(self, folder: str) -> set[str]:
        return set(filter(None, self._git("ls-files", "-z", "--", folder).split("\0")))


def write_atomic(path: Path, content: bytes) -> None:
    """Temp file in the same folder, fsync, rename, fsync the folder: readers see the old file
    or the new one, never part of one, and a crash leaves at most a dot-named temp file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        with open(temp, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
