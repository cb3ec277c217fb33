"""Live workshop sessions: participants' answers gathered for the room's dashboard.

A facilitator creates a session (``course workshop create``); each participant joins it with one
line at the top of a notebook (:func:`join`); from then on every answer is also published to the
session's store beside the participant's own ``responses.json``; the facilitator's dashboard and
``course workshop tally`` read the store (:func:`open_store`).

Importing this package is cheap on purpose (every learner notebook imports it to join): no pandas,
no widgets, and SQLAlchemy only once a database URL is used. The exercises never import it: a
joined kernel subscribes to their announcements of saved answers (:mod:`course.answers.events`).
"""

from .participant import join, leave
from .store import Participant, Published, SessionClosed, SessionInfo, SessionStore, open_store

__all__ = ["join", "leave", "open_store", "SessionStore", "SessionInfo", "Participant", "Published", "SessionClosed"]
