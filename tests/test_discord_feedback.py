"""Feedback on answers (👍 / 👎 that survive a restart, the "What was wrong?" form, `/postings gaps`),
the Apply button, and the "Ask Open Roles" message menu, through the local Discord stand-in."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from discord_stub import Running, running_bot
from discord_stub.server import EPHEMERAL, running_stub

from bot import render
from bot.answer_view import GONE, THANKS, THANKS_NOTE, feedback_id
from bot.exts.ask import ASK_MENU
from knowledge.feedback import Gap, Gaps, Vote
from knowledge.models import HowToApply, Posting
from knowledge.parse import parse_posting

POSTINGS = Path(__file__).resolve().parent / "data" / "feedback"
URL_POSTING = "harbor-tenant-organizer"
EMAIL_POSTING = "valley-data-coordinator"
BARE_DOMAIN_POSTING = "northshore-grants-writer"
CLOSED_POSTING = "prairie-canvass-director"
NOTE_LABEL = "What was wrong? (optional)"


@pytest.fixture
async def run(tmp_path: Path, today: dt.date) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, POSTINGS, today) as running:
        yield running


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components") or [] for c in row["components"]]


def vote_ids(message: dict[str, Any]) -> list[str]:
    return [b["custom_id"] for b in buttons(message) if str(b.get("custom_id", "")).startswith("fb:")]


def links(message: dict[str, Any]) -> list[str]:
    return [b["url"] for b in buttons(message) if b.get("style") == 5]


def answer_id(message: dict[str, Any]) -> int:
    return int(vote_ids(message)[0].rsplit(":", 1)[1])


async def ask(run: Running, question: str, **options: Any) -> dict[str, Any]:
    """Ask with /ask; the answer message as the stand-in keeps it."""
    interaction = await run.stub.slash("ask", {"question": question, **options})
    await run.stub.reply(interaction)
    original = run.stub.interactions[interaction.token].original
    assert original is not None
    return run.stub.messages[original["id"]]


async def test_an_answer_carries_vote_buttons_keyed_by_its_recorded_id(run: Running) -> None:
    """Should put 👍 and 👎 under an answer, whose custom ids name the answer recorded with its citations."""
    message = await ask(run, "What does the Data Coordinator pay?")
    number = answer_id(message)
    assert vote_ids(message) == [feedback_id(Vote.UP, number), feedback_id(Vote.DOWN, number)]
    record = await run.store.answer_record(number)
    assert record is not None and record.found and record.guild_id == run.guild_id
    assert record.question == "What does the Data Coordinator pay?" and "$58,000" in record.answer
    assert {c.posting_id for c in record.citations} == {EMAIL_POSTING}


async def test_feedback_buttons_work_after_a_restart(tmp_path: Path, today: dt.date) -> None:
    """Should take a 👎 and its note on an answer sent before the bot restarted, and keep them."""
    async with running_stub() as stub:
        async with running_bot(tmp_path, POSTINGS, today, stub=stub) as first:
            message = await ask(first, "Is there a gym membership?")
        async with running_bot(tmp_path, POSTINGS, today, stub=stub) as second:
            click = await stub.click(message, feedback_id(Vote.DOWN, answer_id(message)))
            form = (await stub.callback(click)).json
            assert form["type"] == 9 and form["data"]["title"] == "What was wrong?"
            submit = await stub.submit_modal(form["data"], {NOTE_LABEL: "It should know the benefits"},
                                             message=message)
            thanks = await stub.reply(submit)
            assert thanks["content"] == THANKS_NOTE and thanks["flags"] & EPHEMERAL
            [gap] = (await second.store.gaps(second.guild_id)).downvoted
    assert gap.question == "Is there a gym membership?" and gap.comments == ["It should know the benefits"]


async def test_a_down_vote_counts_even_when_the_form_is_dismissed(run: Running) -> None:
    """Should keep the 👎 as soon as it is pressed; the note is optional."""
    message = await ask(run, "What does the Grants Writer job pay?")
    click = await run.stub.click(message, feedback_id(Vote.DOWN, answer_id(message)))
    assert (await run.stub.callback(click)).json["type"] == 9
    gaps = await run.store.gaps(run.guild_id)
    assert [(g.question, g.count, g.comments) for g in gaps.downvoted] == [
        ("What does the Grants Writer job pay?", 1, [])]


async def test_a_thumbs_up_is_kept_and_thanked_privately(run: Running) -> None:
    """Should thank the member privately and count no gap."""
    message = await ask(run, "What does the Grants Writer job pay?")
    click = await run.stub.click(message, feedback_id(Vote.UP, answer_id(message)))
    reply = await run.stub.reply(click)
    assert reply["content"] == THANKS and reply["flags"] & EPHEMERAL
    assert (await run.store.gaps(run.guild_id)).downvoted == []


async def test_a_vote_on_an_unknown_answer_is_refused(run: Running) -> None:
    """Should say privately that the answer is not on record when a button names no recorded answer."""
    message = await ask(run, "What does the Grants Writer job pay?")
    run.stub.messages[message["id"]]["components"][0]["components"][0]["custom_id"] = "fb:up:987654"
    reply = await run.stub.reply(await run.stub.click(message, "fb:up:987654"))
    assert reply["content"] == GONE and reply["flags"] & EPHEMERAL


async def test_a_mention_is_answered_with_vote_buttons(run: Running) -> None:
    """Should record an answer given in a message and put the vote buttons under the reply."""
    question = await run.stub.say("what does the data coordinator pay?", mention_bot=True)
    reply = (await run.stub.channel_message(question["id"])).json
    record = await run.store.answer_record(answer_id(reply))
    assert record is not None and record.channel_id == int(question["channel_id"])


async def test_postings_gaps_lists_what_went_unanswered_and_what_was_voted_down(run: Running) -> None:
    """Should list, privately, the most frequent unanswered questions (counted however written) and the
    down-voted ones with their notes."""
    for question in ("Is there a gym membership?", "is there a GYM membership", "Do you sponsor visas?"):
        await ask(run, question)
    voted = await ask(run, "What does the Grants Writer job pay?")
    await run.store.record_vote(answer_id(voted), int(run.stub.member.id), Vote.DOWN, "Wrong figure")
    interaction = await run.stub.slash("postings gaps", user=run.stub.moderator)
    reply = await run.stub.reply(interaction)
    assert reply["flags"] & EPHEMERAL
    unanswered, downvoted = reply["embeds"][0]["fields"]
    lines = unanswered["value"].split("\n")
    assert lines[0].startswith("`2×` is there a GYM membership")  # the latest wording
    assert lines[1].startswith("`1×` Do you sponsor")
    assert "`1×` What does the Grants Writer job pay?" in downvoted["value"]
    assert "> Wrong figure" in downvoted["value"]


async def test_postings_gaps_says_when_there_is_nothing_to_review(run: Running) -> None:
    """Should say there is nothing in the window rather than show an empty list."""
    reply = await run.stub.reply(await run.stub.slash("postings gaps", user=run.stub.moderator))
    assert "No unanswered or down-voted questions" in reply["embeds"][0]["description"]


async def test_postings_gaps_is_open_to_the_moderator_role(run: Running) -> None:
    """Should show the gaps to a member holding MODERATOR_ROLE without Manage Server."""
    await ask(run, "Is there a gym membership?")
    reply = await run.stub.reply(await run.stub.slash("postings gaps", user=run.stub.editor))
    assert "gym membership" in reply["embeds"][0]["fields"][0]["value"]


async def test_postings_gaps_is_refused_to_members(run: Running) -> None:
    """Should refuse a member who is not a moderator, privately, showing no question."""
    await ask(run, "Is there a gym membership?")
    reply = await run.stub.reply(await run.stub.slash("postings gaps", user=run.stub.member))
    assert reply["flags"] & EPHEMERAL and "Only moderators" in reply["content"]
    assert not reply.get("embeds")


@pytest.mark.parametrize(("posting", "url"), [
    (URL_POSTING, "https://harbor.example.org/jobs/tenant-organizer"),
    (BARE_DOMAIN_POSTING, "https://www.northshore.example/careers"),
])
async def test_job_has_an_apply_button_with_the_postings_url(run: Running, posting: str, url: str) -> None:
    """Should put a link button under /job whose URL is the one the posting gives."""
    reply = await run.stub.reply(await run.stub.slash("job", {"posting": posting}))
    assert links(reply) == [url]
    assert [b["label"] for b in buttons(reply)] == ["Apply"]


async def test_a_closed_posting_has_no_apply_button(run: Running) -> None:
    """Should offer no Apply link, in /job or in an answer, for a posting whose deadline has passed."""
    reply = await run.stub.reply(await run.stub.slash("job", {"posting": CLOSED_POSTING}))
    assert links(reply) == [] and "closed" in reply["embeds"][0]["description"]
    message = await ask(run, "How do I apply to the Canvass Director job?")
    assert links(message) == [] and len(vote_ids(message)) == 2


async def test_job_shows_an_email_instead_of_a_button(run: Running) -> None:
    """Should show the posting's apply email in the card, with no link button (Discord refuses mailto:)."""
    reply = await run.stub.reply(await run.stub.slash("job", {"posting": EMAIL_POSTING}))
    assert links(reply) == []
    assert any("hiring@valleywater.example" in f["name"] for f in reply["embeds"][0]["fields"])


async def test_an_answer_about_one_posting_has_its_apply_button(run: Running) -> None:
    """Should add the posting's Apply link beside the vote buttons when the answer is about one posting."""
    message = await ask(run, "How do I apply to the Tenant Organizer role?")
    assert links(message) == ["https://harbor.example.org/jobs/tenant-organizer"]
    assert len(vote_ids(message)) == 2


async def test_an_answer_about_an_email_only_posting_shows_the_address(run: Running) -> None:
    """Should show how to apply (the email, quoted from the posting) when the answer does not say it."""
    message = await ask(run, "What does the Data Coordinator pay?")
    assert links(message) == []
    [how] = [f for f in message["embeds"][0]["fields"] if f["name"].startswith("How to apply")]
    assert "hiring@valleywater.example" in how["name"] and how["value"].startswith("> ")


async def test_an_answer_saying_the_address_does_not_repeat_it(run: Running) -> None:
    """Should not add the apply field when the answer already gives the email."""
    message = await ask(run, "How do I apply to the Data Coordinator job?")
    assert not [f for f in message["embeds"][0]["fields"] if f["name"].startswith("How to apply")]


async def test_an_answer_about_several_postings_has_no_apply_button(run: Running) -> None:
    """Should not pick one posting's Apply link for an answer about several."""
    message = await ask(run, "What do the roles pay?")
    assert links(message) == [] and len(vote_ids(message)) == 2


async def test_the_message_menu_answers_the_selected_message(run: Running) -> None:
    """Should answer the question in someone's message, publicly like /ask, with vote buttons."""
    question = await run.stub.say("Which roles are remote?", user=run.stub.editor)
    interaction = await run.stub.context_menu(ASK_MENU, question)
    assert (await run.stub.callback(interaction)).json["type"] == 5
    reply = await run.stub.reply(interaction)
    assert not reply.get("flags", 0) & EPHEMERAL
    embed = reply["embeds"][0]
    assert embed["title"] == "Which roles are remote?" and "Data Coordinator" in embed["description"]
    assert len(vote_ids(reply)) == 2
    record = await run.store.answer_record(answer_id(reply))
    assert record is not None and record.user_id == int(run.stub.member.id)


async def test_the_message_menu_refuses_a_message_without_text(run: Running) -> None:
    """Should say privately that there is nothing to ask when the message has no text."""
    question = await run.stub.say("   ")
    reply = await run.stub.reply(await run.stub.context_menu(ASK_MENU, question))
    assert reply["flags"] & EPHEMERAL and "no text" in reply["content"]


@pytest.fixture(scope="module")
def posting() -> Posting:
    return parse_posting("p.txt", (POSTINGS / f"{URL_POSTING}.txt").read_bytes(), today=dt.date(2026, 11, 23))


@pytest.mark.parametrize(("url", "email", "expected"), [
    ("https://jobs.example.org/apply?id=7", None, "https://jobs.example.org/apply?id=7"),
    ("HTTP://Example.org/Jobs", None, "HTTP://Example.org/Jobs"),
    ("www.example.org/careers", None, "https://www.example.org/careers"),
    ("example.org/jobs", None, "https://example.org/jobs"),
    ("https://example.org/" + "a" * 600, None, None),  # over the 512-character limit
    ("https://localhost/jobs", None, None),  # not a public host name
    (None, "jobs@example.org", None),  # mailto: is refused by Discord
])
def test_apply_url_is_one_a_link_button_accepts(posting: Posting, url: str | None, email: str | None,
                                                expected: str | None) -> None:
    """Should give an http(s) URL within Discord's limit, adding https:// to a bare address, or None."""
    how = HowToApply(text="Apply", start_line=1, end_line=1, url=url, email=email)
    assert render.apply_url(posting.model_copy(update={"apply": how})) == expected


async def test_the_message_menu_shares_the_question_cooldown(tmp_path: Path, today: dt.date) -> None:
    """Should refuse, privately, a menu question within the member's cooldown after /ask."""
    async with running_bot(tmp_path, POSTINGS, today, question_cooldown_seconds=60.0) as run:
        await ask(run, "Which roles are remote?")
        question = await run.stub.say("What does the Grants Writer job pay?", user=run.stub.editor)
        reply = await run.stub.reply(await run.stub.context_menu(ASK_MENU, question))
        assert reply["flags"] & EPHEMERAL and "Slow down" in reply["content"]


def test_gaps_show_members_text_inert() -> None:
    """Should escape questions and notes, so a gap can neither ping nor format."""
    when = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    gaps = Gaps(days=30, unanswered=[Gap(question="@everyone is there **pay**?", count=2, last=when)],
                downvoted=[Gap(question="<@123> pay?", count=1, last=when, comments=["[x](https://e.example)"])])
    embed = render.gaps_embed(gaps).to_dict()
    text = " ".join(f["value"] for f in embed["fields"])
    assert "@everyone" not in text and "**pay**" not in text and "<@123>" not in text
    assert "](https" not in text
