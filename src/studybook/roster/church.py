"""One church's PDFs: the unit of work a roster hands to an engine, here or on a cluster.

It is planned on this computer (its documents, each carrying only the verses the study
cites) and runs wherever the engine puts it, with that machine's workers. There it may
read a copy of the project and write in a scratch folder: the plan is moved there, and what
it says about files (problems, warnings) is moved back to this computer's names.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..jobs import Workers
from ..output import library_versions, staged
from ..pipeline import Document, Plan
from ..project import shown


@dataclass(frozen=True)
class Made:
    """What a church's build wrote: each file (relative to its folder) with its printing
    instructions, and what WeasyPrint warned about."""

    files: list[tuple[str, str | None]]
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0  # on the clock, wherever it ran


@dataclass(frozen=True)
class ChurchBuild:
    """Write a church's PDFs to their staged names under its folder, `out`."""

    name: str
    plan: Plan
    out: Path
    not_shipped: tuple[Path, ...]
    versions: dict[str, str] = field(default_factory=library_versions)
    shown_as: tuple[str, str] = ("", "")  # the project and `out` as this computer shows them

    @property
    def project(self) -> Path:
        return self.plan.project

    def run(self, workers: Workers, project: Path, out: Path) -> tuple[Made, list[str]]:
        """Write the PDFs, reading `project` and writing under `out` (this church's own
        folders, or a copy and a scratch folder on a cluster's worker)."""
        moved = (project, out) != (self.project, self.out)
        if moved and library_versions() != self.versions:
            message = "this worker has other versions of studybook or its libraries"
            hint = "install the same versions on every machine: " + ", ".join(
                f"{name} {version}" for name, version in sorted(self.versions.items())
            )
            raise ProblemsFound([Problem(self.name, message=message, hint=hint)])
        plan = self._moved(project, out) if moved else self.plan
        start = time.monotonic()
        try:
            done = [written for _, written in workers.map(plan.jobs())]
        except ProblemsFound as found:
            raise ProblemsFound(self._home(p, project, out) for p in found.problems) from None
        files = [(str(path.relative_to(out)), note) for w in done for path, note in w.files]
        warnings = [self._home(p, project, out) for w in done for p in w.warnings]
        written = [str(staged(out / name).relative_to(out)) for name, _ in files]
        return Made(files, warnings, time.monotonic() - start), written

    def _moved(self, project: Path, out: Path) -> Plan:
        """The plan, reading `project` and writing under `out`."""
        return Plan(
            [self._moved_document(d, project, out) for d in self.plan.documents], [], project
        )

    def _moved_document(self, doc: Document, project: Path, out: Path) -> Document:
        names = doc.options.customisation
        if names.logo is not None:
            names = replace(names, logo=project / names.logo.relative_to(self.project))
        options = replace(doc.options, customisation=names)
        return replace(doc, options=options, out_dir=out / doc.out_dir.relative_to(self.out))

    def _home(self, problem: Problem, project: Path, out: Path) -> Problem:
        """A problem from a moved build, naming this computer's files."""
        there = [(str(out), self.shown_as[1]), (str(project), self.shown_as[0])]
        there += [(shown(out), self.shown_as[1]), (shown(project), self.shown_as[0])]

        def home(text: str) -> str:
            for theirs, ours in there:
                if theirs not in (".", ours):
                    text = text.replace(theirs, ours)
            return text

        return replace(problem, file=home(problem.file), message=home(problem.message))
