"""The highlighted client's briefing, built in a thread before Enter asks for it.

Building a briefing (its queries and the news ranking) was about a third of the time
from Enter to the briefing painted. A user rests on a row for longer than that before
pressing Enter, so once the home cursor has rested on a row the app builds that
client's briefing in a thread, and the open finds it ready, or waits for the build
already under way rather than starting a second one beside it.

A briefing built ahead is used only while nothing was committed since it was asked for
(the UI connection's PRAGMA data_version, which any other connection's commit changes)
and today is the same day: otherwise the open builds it anew, as it always did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from prepdeck.briefing import Briefing

Request = TypeVar("Request")


@dataclass(eq=False)
class BuildAhead(Generic[Request]):
    """One briefing asked for ahead: built (done), and an open waiting for it, if any."""

    client_id: int
    version: int  # the UI connection's data_version when asked
    today: date
    briefing: Briefing | None = None
    done: bool = False
    opening: Request | None = None

    def fresh(self, client_id: int, version: int, today: date) -> bool:
        return (self.client_id, self.version, self.today) == (client_id, version, today)


class BriefingPrefetch(Generic[Request]):
    """At most one briefing ahead: the newest highlighted client's."""

    def __init__(self) -> None:
        self.current: BuildAhead[Request] | None = None

    def want(self, client_id: int, version: int, today: date) -> BuildAhead[Request] | None:
        """The build to start for this client, or None: it is built or under way already,
        or an open waits on the current one (which must not be overtaken)."""
        job = self.current
        if job is not None and (job.opening is not None or job.fresh(client_id, version, today)):
            return None
        self.current = BuildAhead(client_id, version, today)
        return self.current

    def is_current(self, job: BuildAhead[Request]) -> bool:
        return job is self.current

    def wait(self, request: Request, client_id: int, version: int, today: date) -> bool:
        """Hold an open request until its briefing, under way, is built (True)."""
        job = self.current
        if job is None or job.done or not job.fresh(client_id, version, today):
            return False
        job.opening = request
        return True

    def finished(self, job: BuildAhead[Request], briefing: Briefing | None) -> Request | None:
        """Keep a build's result (None: it failed); the open request waiting for it."""
        job.briefing, job.done = briefing, True
        opening, job.opening = job.opening, None
        return opening

    def ready(self, client_id: int, version: int, today: date) -> Briefing | None:
        """The briefing built ahead for this client, while still true to the database."""
        job = self.current
        if job is None or not job.done or not job.fresh(client_id, version, today):
            return None
        return job.briefing

    def forget(self) -> None:
        """Something changed: nothing built ahead is used (an open waiting still opens)."""
        if self.current is not None:
            self.current.version = -1
