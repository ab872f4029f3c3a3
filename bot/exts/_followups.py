"""Which earlier request a question follows up: a reply to the bot's answer, or the same member's last
question in the same channel within ten minutes. Pure: no Discord objects."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from retrieval.request import Request

__all__ = ["FOLLOW_UP_SECONDS", "FollowUps"]

FOLLOW_UP_SECONDS = 600.0
MAX_REMEMBERED = 2000
"""Requests kept per table; the oldest are forgotten first."""


class FollowUps:
    """The requests of recent answers, by (channel, member) and by the id of the answer's message."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._by_member: OrderedDict[tuple[int, int], tuple[float, Request]] = OrderedDict()
        self._by_message: OrderedDict[int, Request] = OrderedDict()

    def previous(self, channel: int, member: int, reply_to: int | None = None) -> Request | None:
        """The request a question follows up: the answer it replies to, else the member's recent one."""
        if reply_to is not None and reply_to in self._by_message:
            return self._by_message[reply_to]
        found = self._by_member.get((channel, member))
        if found is None or self.clock() - found[0] > FOLLOW_UP_SECONDS:
            return None
        return found[1]

    def remember(self, channel: int, member: int, request: Request | None,
                 message: int | None = None) -> None:
        """Keep the request just answered for the member's next question (and replies to `message`)."""
        if request is None:
            return
        self._by_member[(channel, member)] = (self.clock(), request)
        self._by_member.move_to_end((channel, member))
        if message is not None:
            self._by_message[message] = request
        for table in (self._by_member, self._by_message):
            while len(table) > MAX_REMEMBERED:
                table.popitem(last=False)
