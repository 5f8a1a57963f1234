"""Writing into the content repository: each change is a set of files written atomically and
one git commit (its author the person's account), made under a lock every writer takes.

New submissions and nominations go through one committer thread that takes every change waiting
and commits them together: each still its own commit with its own author, written by one
``git fast-import`` run, then the index is updated for exactly those paths. With many people
sending at once, the cost of starting git is paid once per batch instead of once per change.

A person is told "saved" only after the commit returned. If the service dies in between, the
files are complete (written to a temporary name, synced, then renamed) and :meth:`recover`
commits them at the next start, so nothing a person saw confirmed is ever lost, and nothing
half-written is ever left.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SERVICE_NAME = "投稿服务"
SERVICE_EMAIL = "intake@localhost"
LOCK_NAME = "wenming-write.lock"  # in .git/: shared with `wenming review` and other writers
GIT_TIMEOUT = 60
_SAFE_PATH = re.compile(r"^[A-Za-z0-9._/-]+$")  # the paths the service makes (ids are slugs)


class RepositoryError(Exception):
    """Git refused or failed; the message is for the log, people get a plain page."""


@dataclass(frozen=True)
class Author:
    name: str
    email: str


def author_for(username: str, display_name: str) -> Author:
    return Author(display_name, f"{username}@intake.invalid")


PUBLIC_FORM = Author("居民推荐表单", "public-form@intake.invalid")


@dataclass
class NewFiles:
    """One change waiting for the committer: new files, their commit message and author."""

    files: dict[str, bytes]
    message: str
    author: Author
    done: threading.Event = field(default_factory=threading.Event)
    error: RepositoryError | None = None
    same: list[NewFiles] = field(default_factory=list)  # the same form sent again in one batch

    def finish(self, error: RepositoryError | None) -> None:
        for job in (self, *self.same):
            job.error = error
            job.done.set()


def _ident(text: str) -> str:
    """A name or e-mail as git's commit header can carry it (no angle brackets, no line breaks)."""
    return " ".join(text.replace("<", "").replace(">", "").split()) or "-"


class ContentRepo:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        git_dir = self._git("rev-parse", "--absolute-git-dir").strip()
        self.git_dir = Path(git_dir)
        self._thread_lock = threading.Lock()
        self._waiting: list[NewFiles] = []
        self._wake = threading.Condition()
        self._committer: threading.Thread | None = None
        self.batches = 0

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

    def add_files(self, files: Mapping[str, bytes], message: str, author: Author) -> None:
        """Write new ``files`` and commit them as one commit by ``author``; returns once committed.

        A change whose files are already committed (the same form sent twice) succeeds without
        writing anything. Raises :class:`RepositoryError` if git or the disk failed; then nothing
        of the change is left in the working tree.
        """
        job = NewFiles(dict(files), message, author)
        with self._wake:
            if self._committer is None or not self._committer.is_alive():
                self._committer = threading.Thread(target=self._commit_forever, name="git-committer", daemon=True)
                self._committer.start()
            self._waiting.append(job)
            self._wake.notify()
        job.done.wait()
        if job.error is not None:
            raise job.error

    def _commit_forever(self) -> None:
        while True:
            with self._wake:
                while not self._waiting:
                    self._wake.wait()
                batch, self._waiting = self._waiting, []
            try:
                self._commit_batch(batch)
            except BaseException as error:  # never leave a person waiting
                failure = error if isinstance(error, RepositoryError) else RepositoryError(repr(error))
                for job in batch:
                    if not job.done.is_set():
                        job.finish(failure)

    def _commit_batch(self, batch: list[NewFiles]) -> None:
        with self.locked():
            # A file of the service's exists only once committed: a failed change is removed
            # again and a killed service's files are committed at start-up (recover).
            todo: list[NewFiles] = []
            owner: dict[str, NewFiles] = {}
            for job in batch:
                first = next((owner[relative] for relative in job.files if relative in owner), None)
                if first is not None:
                    first.same.append(job)
                elif any((self.root / relative).exists() for relative in job.files):
                    job.finish(None)
                else:
                    owner.update(dict.fromkeys(job.files, job))
                    todo.append(job)
            if not todo:
                return
            new_paths = [relative for job in todo for relative in job.files]
            written: list[Path] = []
            try:
                for job in todo:
                    for relative, content in job.files.items():
                        path = self.path(relative)
                        write_atomic(path, content, sync_parent=False)
                        written.append(path)
                # Each folder once for the whole batch (not once per file), before the commit.
                for folder in dict.fromkeys(path.parent for path in written):
                    sync_folder(folder)
                self._fast_import(todo)
                self._git("update-index", "--add", "--", *new_paths)
            except (RepositoryError, OSError) as error:
                for path in written:
                    with contextlib.suppress(OSError):
                        path.unlink(missing_ok=True)
                self._git("reset", "-q", "--", *new_paths, check=False)
                failure = error if isinstance(error, RepositoryError) else RepositoryError(f"写入失败：{error}")
                for job in todo:
                    job.finish(failure)
                return
            for job in todo:
                job.finish(None)
            self.batches += 1
            if self.batches % 50 == 0:
                # fast-import writes a small pack per batch: let git pack them together now and then.
                self._git("gc", "--auto", "--quiet", check=False)

    def _fast_import(self, jobs: list[NewFiles]) -> None:
        """One commit per job on the checked-out branch, each with its author, in one git run."""
        # The checked-out branch and its tip (none yet in a new repository), in one git run.
        named = self._git("rev-parse", "HEAD", "--symbolic-full-name", "HEAD", check=False).split()
        if len(named) == 2 and re.fullmatch(r"[0-9a-f]{40,64}", named[0]):
            head, ref = named
        else:  # a repository without commits yet
            head, ref = "", self._git("symbolic-ref", "-q", "HEAD", check=False).strip()
        if not ref.startswith("refs/heads/"):
            raise RepositoryError("仓库没有检出分支（HEAD 是游离状态），无法提交")
        offset = time.strftime("%z") or "+0000"
        now = int(time.time())
        stream = bytearray()
        for index, job in enumerate(jobs):
            message = job.message.encode("utf-8")
            stream += f"commit {ref}\n".encode()
            stream += f"author {_ident(job.author.name)} <{_ident(job.author.email)}> {now} {offset}\n".encode()
            stream += f"committer {SERVICE_NAME} <{SERVICE_EMAIL}> {now} {offset}\n".encode()
            stream += f"data {len(message)}\n".encode() + message + b"\n"
            if index == 0 and head:
                stream += f"from {head}\n".encode()
            for relative, content in job.files.items():
                if not _SAFE_PATH.match(relative):
                    raise RepositoryError(f"路径 {relative!r} 含有不能提交的字符")
                stream += f"M 100644 inline {relative}\ndata {len(content)}\n".encode() + content + b"\n"
            stream += b"\n"
        stream += b"done\n"
        try:
            # unpackLimit=0: keep the batch's pack as it is. By default git unpacks a pack of fewer
            # than 100 objects into loose files in a second process (`git unpack-objects`), which
            # was 85 of the 105 ms a batch of 16 took (bench/intake_load.py); the packs are
            # gathered by the `gc --auto` above. Packs are fsynced by git's default core.fsync.
            done = subprocess.run(["git", "-c", "fastimport.unpackLimit=0", "fast-import", "--quiet", "--done"],
                                  cwd=self.root, input=bytes(stream), capture_output=True, timeout=GIT_TIMEOUT)  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as error:
            raise RepositoryError(f"git fast-import: {error}") from None
        if done.returncode != 0:
            raise RepositoryError(f"git fast-import 失败（{done.returncode}）：{done.stderr.decode(errors='replace').strip()[-500:]}")

    def commit_written(self, paths: list[str], message: str, author: Author) -> None:
        """Commit tracked files another function has just replaced; the caller holds the lock.

        If git fails, the files are put back as they were in the last commit, so what the
        person is told ("not saved") is what the repository holds.
        """
        try:
            self._git("add", "--", *paths)
            self._git("commit", "-q", "--no-verify", "-m", message, "--", *paths, author=author)
        except RepositoryError:
            self._git("reset", "-q", "--", *paths, check=False)
            self._git("checkout", "-q", "HEAD", "--", *paths, check=False)
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
            # A killed service's git child (fast-import, update-index) goes on to its end and
            # holds the index lock meanwhile: wait for it rather than fail to start.
            deadline = time.monotonic() + 20
            while (self.git_dir / "index.lock").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
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
            # A file whose commit was made but whose index update was not (killed in between)
            # is in HEAD already: after the add there is nothing left to commit for it.
            staged = self._git("diff", "--cached", "--name-only", "-z", "--", *recovered).split("\0") if recovered else []
            if any(staged):
                self._git("commit", "-q", "--no-verify", "-m", "投稿服务：提交上次中断时已写好的文件", "--", *recovered,
                          author=Author(SERVICE_NAME, SERVICE_EMAIL))  # fmt: skip
        return recovered

    def head_files(self, folder: str) -> set[str]:
        return set(filter(None, self._git("ls-files", "-z", "--", folder).split("\0")))


def write_atomic(path: Path, content: bytes, *, sync_parent: bool = True) -> None:
    """Temp file in the same folder, fsync, rename, fsync the folder: readers see the old file
    or the new one, never part of one, and a crash leaves at most a dot-named temp file.
    ``sync_parent=False``: the caller syncs the folder itself (once for many files)."""
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
    if sync_parent:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make the renames into ``folder`` durable."""
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
