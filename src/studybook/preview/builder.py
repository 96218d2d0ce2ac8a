"""The preview's builds: one at a time, once more for saves made during one, and the state
the page shows (building, the problems, the pages of the last good build)."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..jobs import Stopped, Workers
from ..output import locked
from ..pipeline import BuildRequest, Document, plan_build, write
from ..resources import EDITIONS
from .pages import DrawPages, PageImage, prune


@dataclass(frozen=True)
class Edition:
    """One edition's PDFs (paths under the preview folder) and the pictures of its pages."""

    edition: str
    label: str
    pdf: str
    booklet: str | None
    pages: tuple[PageImage, ...]


@dataclass(frozen=True)
class StudyPages:
    """A study's editions, side by side."""

    title: str
    editions: tuple[Edition, ...]


@dataclass(frozen=True)
class Pages:
    """What the last good build made, and when; `build` tells builds apart."""

    build: int
    studies: tuple[StudyPages, ...]
    finished: str
    seconds: float
    note: str | None = None

    @property
    def files(self) -> set[str]:
        """Every PDF the page links to, as paths under the preview folder."""
        editions = [e for study in self.studies for e in study.editions]
        return {e.pdf for e in editions} | {e.booklet for e in editions if e.booklet}

    @property
    def pictures(self) -> set[str]:
        """The names of every page picture shown."""
        return {p.name for study in self.studies for e in study.editions for p in e.pages}


@dataclass(frozen=True)
class State:
    """What the preview page shows; `version` counts the changes."""

    building: bool = True
    problems: tuple[Problem, ...] = ()
    pages: Pages | None = None
    version: int = 0


STOPPING = 2.0  # seconds a build ended from outside waits to see if the preview is stopping


class Builder:
    """Builds the preview of `path` into `folder` whenever asked, one build at a time.

    A request during a build makes exactly one more build after it, so the last save is
    always shown. A failed build keeps the last good PDFs and pictures.
    """

    def __init__(
        self, path: Path, settings: dict[str, object], folder: Path, workers: Workers
    ) -> None:
        self.request = BuildRequest(path, list(EDITIONS), folder / "pdf", settings)
        self.pictures = folder / "pages"
        self.pictures.mkdir(parents=True, exist_ok=True)
        self._workers = workers
        self._state = State()
        self._changed = threading.Condition()
        self._wanted = True
        self._stopped = False

    @property
    def state(self) -> State:
        with self._changed:
            return self._state

    def want(self) -> None:
        """Ask for a build: at once when idle, else once more after the running one."""
        with self._changed:
            self._wanted = True
            self._changed.notify_all()

    def stop(self) -> None:
        """Stop the running build and end `run`, and release everyone waiting in `wait`."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
        self._workers.stop()

    def wait(self, seen: int, timeout: float) -> State | None:
        """The state once it is newer than version `seen`, or the same after `timeout`
        seconds; None once the preview stops."""
        with self._changed:
            self._changed.wait_for(lambda: self._stopped or self._state.version > seen, timeout)
            return None if self._stopped else self._state

    def run(self, report: Callable[[str], None]) -> None:
        """Build whenever asked, until stopped; `report` gets what each build did."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._wanted or self._stopped)
                if self._stopped:
                    return
                self._wanted = False
            self._publish(building=True)
            self._publish(building=False, **self._build(report))

    def _build(self, report: Callable[[str], None]) -> dict[str, object]:
        """Build and draw the pages; what changed in the state."""
        started = time.perf_counter()
        try:
            with locked(self.request.base, lambda: None):  # the folder is this preview's own
                key = self.request.cache_key()
                if self.state.pages is not None and self.request.unchanged(key) is not None:
                    return {"problems": ()}  # the pages shown are still the study's
                pages = self._make(key, started)
        except Stopped as stopped:
            with self._changed:  # ended from outside: most often, the whole preview is
                if self._changed.wait_for(lambda: self._stopped, STOPPING):
                    return {}
            report("\n".join(map(str, stopped.problems)))
            return {"problems": tuple(stopped.problems)}
        except ProblemsFound as found:
            count = f"{len(found.problems)} problem(s) found, shown in the preview"
            report("\n".join([*map(str, found.problems), count]))
            return {"problems": tuple(found.problems)}
        except Exception as error:  # a bug: keep serving, show it, log where it happened
            traceback.print_exc()
            message = f"the build failed: {error!r}"
            hint = "this is a bug in studybook; the terminal shows where it happened"
            return {"problems": (Problem("studybook", message=message, hint=hint),)}
        report(f"preview built in {pages.seconds:.2f} s")
        return {"problems": (), "pages": pages}

    def _make(self, key: str, started: float) -> Pages:
        """Write the previewed PDFs (all or none) and draw their pages."""
        plan = plan_build(self.request, self._workers)
        shown = previewed(plan.documents)
        for _ in write(self.request, key, replace(plan, documents=shown), self._workers):
            pass
        drawn = self._workers.map(DrawPages(doc.target, self.pictures) for doc in shown)
        pictures = {job.pdf: images for job, images in drawn}
        studies: dict[Path, StudyPages] = {}
        for doc in shown:
            edition = Edition(
                edition=doc.edition,
                label=EDITIONS[doc.edition],
                pdf=self._under(doc.target),
                booklet=self._under(doc.outputs[1]) if len(doc.outputs) > 1 else None,
                pages=pictures[doc.target],
            )
            study = studies.get(doc.loaded.path, StudyPages(doc.loaded.study.title, ()))
            studies[doc.loaded.path] = replace(study, editions=(*study.editions, edition))
        pages = Pages(
            build=self.state.version,
            studies=tuple(studies.values()),
            finished=time.strftime("%H:%M:%S"),
            seconds=time.perf_counter() - started,
            note=_batch_note(plan.documents, shown),
        )
        last = self.state.pages
        prune(self.pictures, pages.pictures | (last.pictures if last else set()))
        return pages

    def _under(self, path: Path) -> str:
        return path.relative_to(self.request.base).as_posix()

    def _publish(self, **changes: object) -> None:
        with self._changed:
            self._state = replace(self._state, **changes, version=self._state.version + 1)
            self._changed.notify_all()


def previewed(documents: list[Document]) -> list[Document]:
    """The documents the preview shows: the editions, for the first church of a batch."""
    first = documents[0].options if documents else None
    return [doc for doc in documents if doc.session is None and doc.options is first]


def _batch_note(documents: list[Document], shown: list[Document]) -> str | None:
    churches = list(dict.fromkeys(id(doc.options) for doc in documents))
    if len(churches) < 2:
        return None
    name = shown[0].options.customisation.church or "the first set"
    return f"Showing {name}, the first of {len(churches)} sets in the batch."
