"""Follow-up questions: which earlier request a question refers back to, in Discord and the console."""

from __future__ import annotations

from bot.console import Session
from bot.exts._followups import FOLLOW_UP_SECONDS, FollowUps
from retrieval.models import Answer
from retrieval.request import Ask, Request

EARLIER = Request(text="What does the canvasser pay?", targets=("tide-pool-canvasser",), asks=(Ask.PAY,))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_same_member_same_channel_within_ten_minutes() -> None:
    """Should pass the member's earlier request within ten minutes in the same channel, not after."""
    clock = Clock()
    follow = FollowUps(clock)
    follow.remember(channel=1, member=7, request=EARLIER)
    clock.now += FOLLOW_UP_SECONDS - 1
    assert follow.previous(channel=1, member=7) == EARLIER
    assert follow.previous(channel=2, member=7) is None
    assert follow.previous(channel=1, member=8) is None
    clock.now += 2
    assert follow.previous(channel=1, member=7) is None


def test_reply_to_the_answer_refers_back_whenever() -> None:
    """Should pass the request of the answer a message replies to, even after ten minutes."""
    clock = Clock()
    follow = FollowUps(clock)
    follow.remember(channel=1, member=7, request=EARLIER, message=555)
    clock.now += 10 * FOLLOW_UP_SECONDS
    assert follow.previous(channel=1, member=9, reply_to=555) == EARLIER


def test_console_session_keeps_the_last_request() -> None:
    """Should keep the console's last answered request for ten minutes."""
    clock = Clock()
    session = Session(clock)
    session.remember(Answer(question="q", answer="a", request=EARLIER))
    assert session.recent() == EARLIER
    clock.now += Session.FOLLOW_UP_SECONDS + 1
    assert session.recent() is None


def test_follow_up_question_keeps_the_earlier_posting() -> None:
    """Should answer "and when does it close?" about the posting the previous question named."""
    from posting_factory import HOURLY, POSTINGS, TODAY

    from retrieval.answer import answer_question
    from retrieval.index import PassageIndex

    index = PassageIndex.build(POSTINGS)
    first = answer_question("What does the canvasser job pay?", POSTINGS, index, TODAY)
    then = answer_question("and when does it close?", POSTINGS, index, TODAY, previous=first.request)
    assert {c.posting_id for c in then.citations} == {HOURLY.id} and "December 4, 2026" in then.answer


def test_console_compares_in_aligned_columns() -> None:
    """Should print a comparison as one aligned row per posting."""
    from bot.console import render_answer
    from retrieval.models import Row

    answer = Answer(question="compare", answer="Side by side (pay, remote):",
                    rows=[Row(posting_id="a", name="Canvasser",
                              cells={"pay": "$21/hour", "remote": "on-site"}),
                          Row(posting_id="b", name="Data Analyst",
                              cells={"pay": "$68,000", "remote": "hybrid"})])
    lines = render_answer(answer).splitlines()[1:]
    assert len({line.index("|") for line in lines}) == 1 and "Data Analyst" in lines[2]
