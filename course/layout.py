"""Where the course keeps everything on disk, read once from ``nbgrader_config.py``.

Why one object: nbgrader's configuration names the folders (source, release, submitted,
autograded, feedback) and the gradebook, and plain ``nbgrader`` commands follow it. If the
``course`` commands wrote folder names of their own, changing ``submitted_directory`` would make
``course import`` write to one folder while ``course grade`` reads another. So every command asks
a :class:`CourseLayout`, read from the course's config with the names and defaults of nbgrader's
own ``CourseDirectory``, and nothing else in the package spells a folder name.

The course's own outputs (grade exports, reports, ``course grade``'s record of what it graded,
the graded flavour of the release) are not nbgrader's; their folders are set in the same file as
``c.CourseLayout.exports_directory``, ``reports_directory``, ``state_directory`` and
``graded_release_directory`` (relative to the course root), with the defaults below.

The grading policy is set there too: ``c.CourseLayout.graded_answer`` says which of a learner's
checked answers to each widget exercise is graded: ``"latest"`` (the default, as the rubric says:
what they ended with) or ``"first"`` (their first checked answer, for an instructor who wants
scores to measure what was known before the practice feedback taught it). ``course grade`` hands
it to the grading kernels (``$COURSE_GRADED_ANSWER``) and to its own scoring of the answers.

Finding the course: the folder holding ``nbgrader_config.py``, searched upwards from the working
folder, the way git finds its repository; the ``course`` command is run from the repository root,
from a notebook folder, or from a test's temporary copy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CONFIG", "GRADED_ANSWERS", "SHIPPED", "BadSetting", "CourseLayout", "CourseNotFound", "UnknownAssignment",
           "find_root", "load_config"]

CONFIG = "nbgrader_config.py"

# The folders as the course's nbgrader_config.py ships them. Only for texts written before any
# course is found (the command's --help); everything that touches a folder asks CourseLayout.of.
# tests/test_layout.py checks that these match nbgrader_config.py.
SHIPPED = {
    "source": "solutions",
    "release": "notebooks",
    "submitted": "grading/submitted",
    "autograded": "grading/autograded",
    "feedback": "grading/feedback",
    "exports": "grading/exports",
    "reports": "grading/reports",
    "state": "grading/.course-grade",
    "graded_release": "grading/release-graded",
}

# nbgrader's own defaults (the traits of nbgrader.coursedir.CourseDirectory), for a setting the
# course's config leaves out. Why not ask CourseDirectory: importing nbgrader loads its Jupyter
# server extensions, 1 to 4 s that `course start` and `course workshop` need not spend to find a
# folder. tests/test_layout.py checks that these and CourseDirectory agree.
NBGRADER_DEFAULTS = {
    "source_directory": "source",
    "release_directory": "release",
    "submitted_directory": "submitted",
    "autograded_directory": "autograded",
    "feedback_directory": "feedback",
    "course_id": "",
}

# the course's own folders, when nbgrader_config.py does not set them (c.CourseLayout.<name>)
OWN_DEFAULTS = {f"{name}_directory": SHIPPED[name] for name in ("exports", "reports", "state", "graded_release")}
# which checked answer of a widget exercise is graded (c.CourseLayout.graded_answer); "latest" is the default
GRADED_ANSWERS = ("latest", "first")


class CourseNotFound(Exception):
    """No ``nbgrader_config.py`` here or in any folder above."""


class UnknownAssignment(ValueError):
    """An assignment name that is not a folder of the course's source; the message lists the valid ones."""


class BadSetting(ValueError):
    """A course setting in nbgrader_config.py that the course cannot use; one line says which and why."""


def find_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working folder) with nbgrader_config.py."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise CourseNotFound(f"no {CONFIG} in {here} or any folder above it; run this inside the course folder")


def load_config(root: Path):
    """The course's nbgrader_config.py as a traitlets Config, with the root made absolute."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return config


@dataclass(frozen=True)
class CourseLayout:
    """Every folder of one course, and its gradebook URL, as absolute paths."""

    root: Path
    source: Path  # nbgrader's source: the instructor notebooks (solutions/ here)
    release: Path  # the learner notebooks (notebooks/ here)
    submitted: Path  # <student>/<assignment>/ as handed in
    autograded: Path  # <student>/<assignment>/ as graded
    feedback: Path  # <student>/<assignment>/<notebook>.html
    exports: Path  # the course's grade CSVs
    reports: Path  # the course's cohort reports
    state: Path  # what `course grade` has graded, per assignment
    graded_release: Path  # the graded flavour of the learner notebooks (no key material), for release_assignment
    db_url: str  # the gradebook
    course_id: str
    graded_answer: str = "latest"  # which checked answer of a widget exercise is graded: "latest" or "first"

    @classmethod
    def of(cls, root: str | os.PathLike[str] | None = None) -> CourseLayout:
        """The layout of the course at ``root`` (default: found upwards from the working folder),
        as nbgrader's ``CourseDirectory`` reads the course's nbgrader_config.py."""
        root = Path(root).resolve() if root is not None else find_root()
        config = load_config(root)
        nbgrader = {**NBGRADER_DEFAULTS, **config.get("CourseDirectory", {})}
        own = {**OWN_DEFAULTS, **config.get("CourseLayout", {})}

        def at(name: str) -> Path:
            return (root / name).resolve()

        return cls(
            root=root,
            source=at(nbgrader["source_directory"]),
            release=at(nbgrader["release_directory"]),
            submitted=at(nbgrader["submitted_directory"]),
            autograded=at(nbgrader["autograded_directory"]),
            feedback=at(nbgrader["feedback_directory"]),
            exports=at(own["exports_directory"]),
            reports=at(own["reports_directory"]),
            state=at(own["state_directory"]),
            graded_release=at(own["graded_release_directory"]),
            db_url=nbgrader.get("db_url") or f"sqlite:///{root / 'gradebook.db'}",
            course_id=str(nbgrader["course_id"]).strip(),
            graded_answer=_graded_answer(own.get("graded_answer", GRADED_ANSWERS[0]), root),
        )

    @classmethod
    def shipped(cls, root: str | os.PathLike[str]) -> CourseLayout:
        """The folders where the course ships them (:data:`SHIPPED`), without reading any config:
        for readers that must work without a readable nbgrader_config.py (the workshop's questions)."""
        root = Path(root).resolve()
        at = {name: (root / folder).resolve() for name, folder in SHIPPED.items()}
        return cls(root=root, **at, db_url="", course_id="")

    @classmethod
    def reading(cls, root: str | os.PathLike[str]) -> CourseLayout:
        """The layout of the course at ``root``, or the shipped one where it has no nbgrader_config.py:
        for code that only reads the source notebooks (a test's bare folder of solutions, say)."""
        if not (Path(root) / CONFIG).is_file():
            return cls.shipped(root)
        return cls.of(root)

    def name(self, path: Path, *, folder: bool | None = None) -> str:
        """A folder or file as the instructor knows it: relative to the course root where it is inside it.

        A folder ends with "/" (``folder=True`` says so for one that may not exist yet, as in
        "imported 0 submissions into grading/submitted/"), so a message names what is on disk."""
        path = Path(path)
        slash = "/" if (path.is_dir() if folder is None else folder) else ""
        try:
            return str(path.relative_to(self.root)) + slash
        except ValueError:
            return str(path) + slash

    def assignments(self) -> list[str]:
        """The assignments: each folder of the source that holds a notebook, sorted."""
        if not self.source.is_dir():
            return []
        return sorted(p.name for p in self.source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))

    def check_assignment(self, assignment: str) -> str:
        """The assignment name, or :class:`UnknownAssignment` in one line naming the valid ones."""
        known = self.assignments()
        if assignment not in known:
            source = self.name(self.source, folder=True)
            valid = ", ".join(known) or f"(none: {source} has no assignment folders)"
            raise UnknownAssignment(f"no assignment {assignment!r} in {source}; "
                                    f"valid assignments: {valid}")
        return assignment

    def source_notebooks(self, assignment: str) -> list[Path]:
        """The instructor notebooks of one (checked) assignment, sorted by name."""
        return sorted((self.source / self.check_assignment(assignment)).glob("*.ipynb"))

    def submission(self, student: str, assignment: str) -> Path:
        return self.submitted / student / assignment

    def graded(self, student: str, assignment: str) -> Path:
        return self.autograded / student / assignment

    def feedback_for(self, student: str, assignment: str) -> Path:
        return self.feedback / student / assignment

    def released(self, assignment: str) -> Path:
        """The learner notebooks of one assignment, as ``course build`` writes them."""
        return self.release / assignment

    def released_graded(self, assignment: str) -> Path:
        """The graded flavour of one assignment's learner notebooks, as ``course build --graded`` writes them."""
        return self.graded_release / assignment

    def state_file(self, assignment: str) -> Path:
        """``course grade``'s record of what it graded (each submission's fingerprint and result)."""
        return self.state / f"{assignment}.json"

    def gradebook_folder(self) -> Path | None:
        """The folder of a SQLite gradebook (which SQLite will not create), None for a database server."""
        return sqlite_folder(self.db_url)


def _graded_answer(value: object, root: Path) -> str:
    text = str(value).strip().lower()
    if text not in GRADED_ANSWERS:
        raise BadSetting(f"{root / CONFIG}: c.CourseLayout.graded_answer is {value!r}; it must be "
                         f"{' or '.join(repr(v) for v in GRADED_ANSWERS)} (which checked answer is graded)")
    return text


def sqlite_folder(db_url: str) -> Path | None:
    """The folder of a SQLite database URL (query such as ``?timeout=`` left out), None for any other URL."""
    if not db_url.startswith("sqlite:///"):
        return None
    return Path(db_url[len("sqlite:///"):].split("?", 1)[0]).parent
