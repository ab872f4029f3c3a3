"""Any question is safe: arbitrary questions and option values through the engine and the Discord renderers.

Whatever a member types — empty, 10,000 characters, punctuation, SQL or FTS syntax, regex
metacharacters, zero-width and right-to-left characters, markdown, mentions — the engine returns a
valid answer (or a clear "nothing found") without raising, and every payload the bot would build from
it stays within Discord's limits and contains no live mention.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import discord
import pytest
from discord import app_commands
from discord_stub.postings import posting_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import render
from bot.errors import UnknownPosting
from bot.exts._questions import question_in
from bot.exts.jobs import describe_filters
from knowledge.models import EmploymentType, Posting, PostingStatus, RemoteStatus
from knowledge.store import Store
from retrieval.engine import Engine
from retrieval.jobs import job_filters
from retrieval.models import Answer, JobsResult
from retrieval.request import Filters

T = TypeVar("T")
TODAY = dt.date(2026, 11, 23)
TESTS_DIR = Path(__file__).resolve().parent
BOT_ID = 1_300_000_000_000_000_042
KINDS = {"pay", "deadline", "remote", "apply", "requirements", "benefits", "employment", "reports_to",
         "list", "free", "none"}
# Live mentions as Discord parses them (ids of any length); an escaped one has a zero-width space inside.
MENTION = re.compile(r"@everyone|@here|<@[!&]?\d+>|<#\d+>")

HOSTILE = [
    "", " ", "?", "?!.,;:…—–-()[]{}<>«»\"'`~", "....", "¿¡", "'; DROP TABLE postings; --",
    "\" OR 1=1 --", "SELECT * FROM passages WHERE 1", "title:organizer OR pay NEAR/3 remote*",
    "NOT AND OR NEAR", "\"unterminated phrase", "pay^2 remote*", "(.*)+[\\d", "^$|\\", "[a-z]{2,}?(?<=x)",
    "\\", "%s %d {0} {}", "\u200b", "\u200b\u200c\u200d\ufeff\u2060", "\u202e\u2067\u2066\u200f",
    "\u202ewhich roles are remote?\u202c", "ما هو الراتب؟", "שכר?", "給料はいくら？", "zа́лгo̶ t̸e̷x̵t",
    "**bold** __under__ *it* ~~gone~~ ||spoiler||", "`code` ```block```", "> quote\n>>> rest",
    "# Heading\n- item\n1. item", "[apply here](https://evil.example/phish)", "@everyone", "@here",
    "<@&123>", "<@123>", "<@!123>", "<#123>", "<@&123456789012345678>", "<@123456789012345678>",
    "@everyone which roles are remote?", "what does <@&123> pay?", "\x00\x01\x7f", "\t\r\n\u2028\u2029",
    "what does it pay", "which roles are remote?", "how do I apply", "deadline", "benefits?",
    "organizer", "Spanish", "$60,000", "part-time", "who does it report to",
]
LONG = [
    "x" * 10_000, ("which roles are remote? " * 500)[:10_000], ("@everyone <@&123> " * 600)[:10_000],
    ("*_`~|>[](){}\\" * 800)[:10_000], ("\u200b\u202e" * 5_000), ("organizer pay deadline " * 500)[:10_000],
]

fragments = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
questions = st.one_of(
    st.text(max_size=300),
    st.sampled_from(HOSTILE),
    st.sampled_from(LONG),
    st.lists(fragments, max_size=8).map(" ".join),
)


def option_text(max_size: int) -> st.SearchStrategy[str]:
    """A string option as Discord could deliver it (the engine must also cope with an empty one)."""
    return st.one_of(st.text(max_size=max_size), st.sampled_from([h[:max_size] for h in HOSTILE]),
                     st.lists(fragments, max_size=6).map(" ".join).map(lambda s: s[:max_size]))


filters = st.builds(
    job_filters,
    query=st.none() | option_text(200),
    remote=st.none() | st.sampled_from(RemoteStatus),
    min_salary=st.none() | st.integers(0, 10_000_000).map(float),
    location=st.none() | option_text(100),
    type=st.none() | st.sampled_from(EmploymentType),
    closing_before=st.none() | st.integers(0, 3650).map(lambda days: TODAY + dt.timedelta(days=days)),
    include_closed=st.booleans(),
)
PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


class Served:
    """An engine over a fixed corpus, driven from synchronous hypothesis tests through one event loop."""

    def __init__(self, engine: Engine, runner: asyncio.Runner) -> None:
        self.engine = engine
        self._runner = runner

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self._runner.run(coroutine)

    @property
    def by_id(self) -> dict[str, Posting]:
        return {p.id: p for p in self.engine.postings()}


def hostile_postings(directory: Path) -> None:
    """Postings whose own text carries mentions, markdown, links and bidi characters."""
    extras = [
        ("Outreach Lead @everyone", "Ping <@&123> Collective",
         "Read this @here <@123> <@!77> <#5> and apply at [our form](https://evil.example/x) **now**."),
        ("Organizer ||secret|| `code`", "Bidi \u202eevil\u202c Union",
         "Zero\u200bwidth\u200d text, ما هو الراتب, > quoted, # heading, ~~struck~~ and \\ backslashes."),
        ("Canvasser " + "Very Long Title " * 30, "Long Name Org " * 20, "Words go on. " * 400),
    ]
    for i, (title, organization, extra) in enumerate(extras):
        text = posting_text(title, organization, place="Remote" if i % 2 else "Macon, GA",
                            pay=f"${50_000 + i * 1_000:,}", deadline=TODAY + dt.timedelta(days=10 * i - 5),
                            extra=extra)
        (directory / f"hostile-{i}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One engine per module over the bundled postings, the varied test postings and hostile ones."""
    root = tmp_path_factory.mktemp("questions")
    directory = root / "postings"
    directory.mkdir()
    for source in (TESTS_DIR.parent / "knowledge" / "postings", TESTS_DIR / "data" / "postings"):
        for path in source.iterdir():
            if path.is_file() and path.suffix != ".pdf":  # PDFs are slow to parse and add nothing here
                shutil.copy(path, directory / path.name)
    hostile_postings(directory)

    async def start() -> Engine:
        store = await Store.open(root / "open-roles.db")
        engine = Engine(store, today=lambda: TODAY)
        await engine.reload(directory)
        await store.close()  # queries only read the in-memory snapshot
        return engine

    with asyncio.Runner() as runner:
        engine = runner.run(start())
        assert len(engine.postings()) > 20
        yield Served(engine, runner)


def embed_problems(embed: discord.Embed) -> list[str]:
    """Every Discord limit `embed` breaks, and every live mention in its text (bot.render's constants)."""
    data: dict[str, Any] = dict(embed.to_dict())
    problems = []
    parts = [("title", data.get("title"), render.TITLE_LIMIT),
             ("description", data.get("description"), render.DESCRIPTION_LIMIT),
             ("footer", (data.get("footer") or {}).get("text"), render.FOOTER_LIMIT)]
    fields = data.get("fields") or []
    if len(fields) > render.FIELD_COUNT_LIMIT:
        problems.append(f"{len(fields)} fields")
    for i, field in enumerate(fields):
        parts += [(f"field {i} name", field["name"], render.FIELD_NAME_LIMIT),
                  (f"field {i} value", field["value"], render.FIELD_VALUE_LIMIT)]
        if not field["name"].strip() or not field["value"].strip():
            problems.append(f"field {i} is blank")
    for name, text, limit in parts:
        if text is not None and len(text) > limit:
            problems.append(f"{name}: {len(text)} > {limit}")
    if len(embed) > render.EMBED_TOTAL_LIMIT:
        problems.append(f"total {len(embed)} > {render.EMBED_TOTAL_LIMIT}")
    problems += text_problems(" ".join(str(text) for _, text, _ in parts if text))
    return problems


def text_problems(text: str) -> list[str]:
    """Live mentions in text a member would see."""
    return [f"live mention {m.group()!r}" for m in MENTION.finditer(text)]


def answer_problems(answer: Answer, by_id: dict[str, Posting]) -> list[str]:
    """What makes `answer` invalid: no text, an unknown kind, or a citation not pointing at real text."""
    problems = []
    Answer.model_validate(answer.model_dump())
    if not answer.answer.strip():
        problems.append("empty answer")
    if answer.kind not in KINDS:
        problems.append(f"unknown kind {answer.kind}")
    for citation in answer.citations:
        posting = by_id.get(citation.posting_id)
        if posting is None:
            problems.append(f"cites unknown posting {citation.posting_id}")
            continue
        if not 1 <= citation.start_line <= citation.end_line <= len(posting.lines):
            problems.append(f"lines {citation.start_line}-{citation.end_line} outside {posting.id}")
            continue
        cited = "\n".join(posting.lines[citation.start_line - 1:citation.end_line])
        words = re.findall(r"\w+", citation.snippet)
        if citation.snippet.endswith("…"):
            words = words[:-1]  # a snippet cut inside a word
        if not citation.snippet.strip() or not set(words) <= set(re.findall(r"\w+", cited)):
            problems.append(f"snippet {citation.snippet[:40]!r} is not in {posting.id} lines cited")
    return problems


@PROPERTY
@given(question=questions)
def test_any_question_gets_a_valid_answer_within_discord_limits(served: Served, question: str) -> None:
    """Should answer any question (or say nothing was found) with real citations, rendered without a ping."""
    answer = served.run(served.engine.ask(question))
    assert answer_problems(answer, served.by_id) == []
    assert embed_problems(render.answer_embed(answer)) == []


@PROPERTY
@given(text=questions)
def test_any_message_addressed_to_the_bot_is_answered_safely(served: Served, text: str) -> None:
    """Should turn any mention message into a bounded question whose answer renders within the limits."""
    question = question_in(f"<@{BOT_ID}> {text}", BOT_ID, mentioned=True, direct=False, ask_channel=False)
    assert question is not None and len(question) <= 500
    if question:
        answer = served.run(served.engine.ask(question))
        assert answer_problems(answer, served.by_id) == []
        assert embed_problems(render.answer_embed(answer)) == []


@PROPERTY
@given(wanted=filters)
def test_any_job_filters_list_matching_roles_within_discord_limits(served: Served,
                                                                   wanted: Filters) -> None:
    """Should list only postings that pass the filters, as pages within the limits, or say none match."""
    result = served.run(served.engine.jobs(wanted))
    assert isinstance(result, JobsResult) and result.today == TODAY
    ids = [m.posting.id for m in result.matches]
    assert len(ids) == len(set(ids)) and set(ids) <= set(served.by_id)
    for match in result.matches:
        posting = match.posting
        assert wanted.remote is None or posting.remote_status == wanted.remote
        assert not wanted.types or wanted.types & {f.value for f in posting.employment_types}
        assert wanted.include_closed or posting.status(TODAY) is not PostingStatus.CLOSED
    pages = render.jobs_pages(result, heading=render.escape(describe_filters(wanted)))
    assert pages
    assert [problem for page in pages for problem in embed_problems(page)] == []
    if not result.matches:
        assert pages[0].description and pages[0].description.startswith("No role matches")


@PROPERTY
@given(typed=option_text(200))
def test_any_posting_name_autocompletes_or_is_refused_safely(served: Served, typed: str) -> None:
    """Should offer at most 25 valid choices for any text, and show a found posting or a ping-free refusal."""
    found = served.engine.search_postings(typed[:100], limit=25)
    assert len(found) <= render.CHOICE_COUNT_LIMIT and {p.id for p in found} <= set(served.by_id)
    choices: list[app_commands.Choice[str]] = render.posting_choices(found)
    for choice in choices:
        assert 1 <= len(choice.name) <= render.CHOICE_NAME_LIMIT and len(choice.value) <= 100
        assert choice.value in served.by_id
    posting = served.engine.find_posting(typed)
    if posting is None:
        message = str(UnknownPosting(typed))
        assert len(message) <= render.CONTENT_LIMIT and text_problems(message) == []
    else:
        assert embed_problems(render.posting_card(posting, TODAY)) == []


@pytest.mark.parametrize("text", [*HOSTILE, *LONG])
def test_escape_leaves_no_live_mention(text: str) -> None:
    """Should leave no mention Discord would render in any hostile text, even after trimming."""
    assert text_problems(render.escape(text)) == []
    assert text_problems(render.trim(render.escape(text), 100)) == []
