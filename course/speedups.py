"""Every change the course makes to a third-party library's internals for speed, in one place.

Why together: each one reaches inside a library we do not own (jsonschema, nbgrader, comm, the
garbage collector, jupyter_client's kernel launch), so each can break when that library changes.
Kept side by side, with its reason and its measured gain, they are easy to review, and each has
an off switch: set ``COURSE_SPEEDUPS_OFF`` to a comma-separated list of names from
:data:`SPEEDUPS` (or ``all``) and the course runs without them, as plain as the libraries make it.
Scores never depend on them; the tests grade with and without.

Importing this module is cheap (the standard library only): a learner's kernel imports it.
"""

from __future__ import annotations

import os
import sys

__all__ = ["SPEEDUPS", "OFF_VARIABLE", "enabled", "skip_iri_checker", "validate_schemas_once",
           "widgets_send_nothing", "freeze_heap", "NO_FRONTEND"]

OFF_VARIABLE = "COURSE_SPEEDUPS_OFF"
NO_FRONTEND = "COURSE_NO_FRONTEND"  # set by `course grade` for the kernels it starts

SPEEDUPS = {
    "iri-checker": "course commands: jsonschema leaves out its IRI format checker (~0.8 s per command)",
    "schema-once": "grading workers: nbgrader's cell-metadata schema is checked once, not per cell (~1/6 of a "
                   "worker's CPU)",
    "silent-widgets": "grading kernels: widgets send no messages no one reads (~400 per notebook)",
    "warm-kernels": "grading: kernels are forked from a process that has done the imports",
    "frozen-heap": "warm kernels: the preloaded heap is frozen before forking (~1/5 of a kernel's time)",
}


def enabled(name: str) -> bool:
    """False when ``$COURSE_SPEEDUPS_OFF`` names this speed-up (or says ``all``)."""
    if name not in SPEEDUPS:
        raise ValueError(f"unknown speed-up {name!r}; known: {', '.join(SPEEDUPS)}")
    off = {part.strip() for part in os.environ.get(OFF_VARIABLE, "").split(",") if part.strip()}
    return not ({"all", name} & off)


def skip_iri_checker() -> None:
    """Make ``import rfc3987_syntax`` fail in this process, so jsonschema leaves out its IRI checker.

    Why: jsonschema (under nbformat, so under every command that reads a notebook) imports
    rfc3987_syntax, when it is installed, for its ``iri`` and ``iri-reference`` format checkers,
    and that import compiles some 35 Lark parsers: about 0.8 s of every ``course`` command, on
    one core while the other waits (jsonschema issue #1428; jupyter_server #1559). No notebook,
    nbgrader or course schema uses those formats. Kernels and JupyterLab are separate processes
    and are not affected."""
    if enabled("iri-checker") and "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


class _CachedSchemaValidation:
    """``jsonschema.validate`` for nbgrader's cell metadata, with each schema checked only once.

    Why: nbgrader validates every cell's metadata with ``jsonschema.validate``, which first checks
    the schema itself against the JSON Schema meta-schema, on every call: about a sixth of a
    worker's own CPU per notebook here, spent re-proving that nbgrader's bundled schema file is
    valid. The instance is validated exactly as before (same validator class, same best-match
    error); only the repeated meta-check is skipped. Used in grading workers only.
    """

    def __init__(self, jsonschema_module):
        self._jsonschema = jsonschema_module
        self._validators: dict[int, tuple[dict, object]] = {}

    def validate(self, instance, schema, *args, **kwargs):
        if args or kwargs:
            return self._jsonschema.validate(instance, schema, *args, **kwargs)
        cached = self._validators.get(id(schema))
        if cached is None or cached[0] is not schema:
            cls = self._jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            cached = self._validators[id(schema)] = (schema, cls(schema))
        error = self._jsonschema.exceptions.best_match(cached[1].iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name):
        return getattr(self._jsonschema, name)


def validate_schemas_once() -> None:
    """In a grading worker: nbgrader checks its metadata schema once (see :class:`_CachedSchemaValidation`)."""
    if not enabled("schema-once"):
        return
    import jsonschema
    from nbgrader.nbgraderformat import common

    if getattr(common, "jsonschema", None) is jsonschema:
        common.jsonschema = _CachedSchemaValidation(jsonschema)


def widgets_send_nothing() -> None:
    """In a kernel that no frontend will ever see (``COURSE_NO_FRONTEND=1``), widgets send nothing.

    Why: ``course grade`` runs each notebook in a kernel whose only client is the grader. The
    grader keeps no widget state (``Execute.store_widget_state`` is off; feedback drops widgets),
    yet every exercise's models, about 300 per notebook, would each be sent, received, parsed and
    thrown away: about a twentieth of a cohort's grading time. ``comm.create_comm`` is meant to be
    replaced (ipykernel replaces it); ``comm.DummyComm`` is what widgets get outside a kernel.
    Widgets are built and displayed exactly as before, so the graded notebook is the same."""
    if os.environ.get(NO_FRONTEND) == "1" and enabled("silent-widgets"):
        import comm

        comm.create_comm = comm.DummyComm


def freeze_heap() -> None:
    """In the warm kernels' fork server, after the imports: move the heap out of the collector's sight.

    Why: everything imported before forking lives as long as each kernel; ``gc.freeze`` (made for
    fork servers) keeps a kernel's collections from walking, and so copying page by page, the
    whole preloaded heap. A kernel grades about a fifth faster."""
    import gc

    gc.collect()
    if enabled("frozen-heap"):
        gc.freeze()
