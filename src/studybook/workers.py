"""Worker processes for writing PDFs, started early so they import WeasyPrint in parallel."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from types import TracebackType
from typing import TypeVar

from .errors import Problem, ProblemsFound
from .fonts import use_only_bundled_fonts

T = TypeVar("T")
R = TypeVar("R")


def _preload() -> None:
    """Import WeasyPrint (about half a second) before the first job arrives."""
    use_only_bundled_fonts()
    import weasyprint  # noqa: F401


def _nothing() -> None:
    """A task that only makes the pool start a worker."""


class Workers:
    """Run tasks on `count` processes (default: every core), or in this process for one.

    Entering starts the processes at once: they fork from the small parent, import
    WeasyPrint, and wait, while the parent loads, validates and renders the HTML.
    """

    def __init__(self, count: int | None = None) -> None:
        self.count = count or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.count > 1:
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(self.count, mp_context=context, initializer=_preload)
            for _ in range(self.count):
                self.pool.submit(_nothing)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=error is not None)

    def map(self, task: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """Each item with its result, as they finish. Every item runs even if another fails;
        then the problems of all failures are raised together."""
        problems: list[Problem] = []
        if self.pool is None:
            for item in items:
                try:
                    yield item, task(item)
                except ProblemsFound as found:
                    problems += found.problems
        else:
            futures: dict[Future[R], T] = {self.pool.submit(task, item): item for item in items}
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result()
                except ProblemsFound as found:
                    problems += found.problems
        if problems:
            raise ProblemsFound(problems)
