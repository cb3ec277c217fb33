"""Live workshop sessions: participants' answers gathered for the room's dashboard.

A facilitator creates a session (``course workshop create``); each participant joins it with one
line at the top of a notebook (:func:`join`); from then on every answer is also published to the
session's store beside the participant's own ``responses.json``; the facilitator's dashboard and
``course workshop tally`` read the store.
"""
