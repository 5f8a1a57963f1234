"""Reading record files in worker processes, for checks of large sites.

Reading a file (decoding, YAML, the personal-number scan) is most of the cost of ``wenming
check`` and needs nothing but the file, so on a site of thousands of records the workers read
while the main process checks schemas and rules, in file order: the result is the same as
reading in one process, messages and their order included.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from types import TracebackType

from .records import FileReading, read_in_process, read_record_file

# Below this many files in a collection, starting workers costs more than they save; once they
# are running, a collection of a few dozen files is worth sending them (a team's file with its
# service records takes longer to read than several events).
PARALLEL_FROM_FILES = 1000
ONCE_STARTED_FROM_FILES = 50


def available_cpus() -> int:
    """CPUs this process may run on (a container's limit, not the host's count, where known)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows have no affinity call
        return os.cpu_count() or 1


class ParallelReader:
    """A :data:`~.records.FileReader` that hands large collections to ``workers`` processes.

    The pool is started on the first collection of ``parallel_from`` files or more; from then on
    every collection of ``ONCE_STARTED_FROM_FILES`` or more goes to it too, smaller ones are read
    here. The pool is shut down on leaving the ``with`` block.
    """

    def __init__(self, workers: int, parallel_from: int = PARALLEL_FROM_FILES) -> None:
        self.workers = workers
        self.parallel_from = parallel_from
        self._pool: ProcessPoolExecutor | None = None

    def __call__(self, paths: list[Path], displays: list[str], markdown: bool) -> Iterable[FileReading]:
        enough = ONCE_STARTED_FROM_FILES if self._pool is not None else self.parallel_from
        if self.workers < 2 or len(paths) < enough:
            return read_in_process(paths, displays, markdown)
        if self._pool is None:
            try:
                self._pool = ProcessPoolExecutor(self.workers)
            except (OSError, NotImplementedError):
                # Some containers allow no process semaphores (no /dev/shm): read here instead.
                self.workers = 1
                return read_in_process(paths, displays, markdown)
        # Chunks small enough that the main process starts checking soon after the workers start,
        # large enough that sending them costs little.
        chunk = max(16, min(128, len(paths) // (self.workers * 4)))
        return self._pool.map(read_record_file, paths, displays, repeat(markdown), chunksize=chunk)

    def __enter__(self) -> ParallelReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
