"""The open sessions, one per browser tab: a cap on their number and an idle timeout."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from .config import Config
from .session import Session

__all__ = ["SessionManager", "TooManySessions"]


class TooManySessions(RuntimeError):
    """Raised by `SessionManager.open` when every slot is taken."""


class SessionManager:
    """Sessions by id: at most `max_sessions`, each freed after `idle_timeout` s unheard from."""

    def __init__(
        self,
        max_sessions: int = 8,
        idle_timeout: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        if max_sessions < 1:
            raise ValueError(f"max_sessions must be at least 1, got {max_sessions}")
        if not idle_timeout > 0:
            raise ValueError(f"idle_timeout must be positive, got {idle_timeout}")
        self.max_sessions, self.idle_timeout, self._clock = max_sessions, idle_timeout, clock
        self._sessions: dict[str, Session] = {}
        self._seen: dict[str, float] = {}
        self._ids = itertools.count(1)

    def __len__(self) -> int:
        return len(self._sessions)

    def __contains__(self, sid: str) -> bool:
        return sid in self._sessions

    def get(self, sid: str) -> Session:
        """The session `sid` (KeyError if it was closed or never opened)."""
        return self._sessions[sid]

    def open(self, config: Config | dict | None = None) -> tuple[str, Session]:
        """A new session and its id; TooManySessions when all slots are taken."""
        if len(self._sessions) >= self.max_sessions:
            raise TooManySessions(
                f"the playground already has {self.max_sessions} open sessions (one per tab); "
                "close a tab and reload this one"
            )
        session = Session(config)
        sid = f"s{next(self._ids)}"
        self._sessions[sid] = session
        self._seen[sid] = self._clock()
        return sid, session

    def touch(self, sid: str) -> None:
        """Note that the tab of `sid` was heard from (resets its idle clock)."""
        if sid in self._seen:
            self._seen[sid] = self._clock()

    def close(self, sid: str) -> None:
        """Free the session `sid` (no error if it is already gone)."""
        self._sessions.pop(sid, None)
        self._seen.pop(sid, None)

    def expired(self) -> list[str]:
        """Ids of the sessions not heard from for longer than the idle timeout."""
        now = self._clock()
        return [sid for sid, t in self._seen.items() if now - t > self.idle_timeout]

    def reap(self) -> list[str]:
        """Close the expired sessions and return their ids."""
        gone = self.expired()
        for sid in gone:
            self.close(sid)
        return gone
