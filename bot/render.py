"""Pure builders: engine results -> Discord embeds, text and choices. No awaits, no I/O.

Every builder respects Discord's limits, trimming at a sentence or word boundary with a visible note,
and every piece of posting or user text goes through `escape` so it cannot ping anyone, inject
formatting or hide a link behind other words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import discord
from discord import app_commands

from knowledge.feedback import Gap, Gaps
from knowledge.models import Fact, HowToApply, Posting, PostingStatus, RemoteStatus, Span, SyncReport
from retrieval.fields import pay_text, remote_label
from retrieval.models import Answer, Citation, JobMatch, JobsResult

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
CHOICE_COUNT_LIMIT = 25
CHOICE_NAME_LIMIT = 100

TRIM_NOTE = " …trimmed"
JOBS_PER_PAGE = 8
COLOUR = discord.Colour.blurple()
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_MASKED_LINK = re.compile(r"\]\s*\(")
# Discord renders `<@1>`, `<@!1>`, `<@&1>` and `<#1>` as mentions whatever the id's length.
_MENTION_OPEN = re.compile(r"<(?=[@#])")


def escape(text: str) -> str:
    """Text from a posting or a user, made inert: no markdown, no mentions, no masked links."""
    text = discord.utils.escape_markdown(text)
    text = discord.utils.escape_mentions(text)
    # A masked link is "[words](url)"; a zero-width space between "]" and "(" keeps it literal.
    text = _MASKED_LINK.sub("]\u200b(", text)
    return _MENTION_OPEN.sub("<\u200b", text)


def code(text: str) -> str:
    """Inline code that cannot be closed early: backticks inside are replaced."""
    return "`" + text.replace("`", "'")[:200] + "`"


def trim(text: str, limit: int, note: str = TRIM_NOTE) -> str:
    """`text` within `limit` characters, cut at a sentence (or else word) boundary, followed by `note`."""
    if len(text) <= limit:
        return text
    room = max(limit - len(note), 0)
    head = text[:room]
    cut = max((m.end() for m in _SENTENCE_END.finditer(head)), default=0)
    if cut < room // 2:
        cut = head.rfind(" ")
    if cut < room // 2:
        cut = room
    head = head[:cut].rstrip()
    # Never leave a dangling escape backslash, which would swallow the note's first character.
    while head.endswith("\\"):
        head = head[:-1]
    return (head + note)[:limit]


def content(text: str) -> str:
    """Message content within the 2000-character limit."""
    return trim(text, CONTENT_LIMIT)


def lines_label(start: int, end: int) -> str:
    """"line 4" or "lines 4–7"."""
    return f"line {start}" if start == end else f"lines {start}–{end}"


def quote(text: str, limit: int) -> str:
    """A block quote of escaped `text` within `limit` characters."""
    body = trim(escape(" ".join(text.split())), max(limit - 2, 1))
    return f"> {body}"


class EmbedBuilder:
    """Assembles an embed while keeping it within every per-part limit and the 6000 total."""

    def __init__(self, title: str, description: str = "", *, colour: discord.Colour = COLOUR) -> None:
        self.embed = discord.Embed(title=trim(title, TITLE_LIMIT), colour=colour,
                                   description=trim(description, DESCRIPTION_LIMIT) or None)
        self.dropped = 0

    def field(self, name: str, value: str, *, inline: bool = False) -> bool:
        """Add a field if it fits (count and total); False (and counted as dropped) otherwise."""
        name = trim(name, FIELD_NAME_LIMIT) or "\u200b"
        value = trim(value, FIELD_VALUE_LIMIT) or "\u200b"
        # Keep room for a footer saying how much was left out.
        if (len(self.embed.fields) >= FIELD_COUNT_LIMIT
                or len(self.embed) + len(name) + len(value) > EMBED_TOTAL_LIMIT - 120):
            self.dropped += 1
            return False
        self.embed.add_field(name=name, value=value, inline=inline)
        return True

    def build(self, footer: str = "", *, dropped_label: str = "item") -> discord.Embed:
        """The embed, with a footer noting anything that did not fit."""
        parts = [footer] if footer else []
        if self.dropped:
            plural = "s" if self.dropped != 1 else ""
            parts.append(f"{self.dropped} more {dropped_label}{plural} not shown (trimmed)")
        if parts:
            room = min(FOOTER_LIMIT, EMBED_TOTAL_LIMIT - len(self.embed))
            self.embed.set_footer(text=trim(" · ".join(parts), max(room, 0)))
        return self.embed


def citation_field(citation: Citation) -> tuple[str, str]:
    """A citation as (name, value): "title · organization · section" and the quoted snippet + lines."""
    parts = [citation.title, citation.organization or "", citation.section]
    name = escape(" · ".join(p for p in parts if p))
    where = lines_label(citation.start_line, citation.end_line)
    suffix = f"\n{where} of {code(citation.source)}"
    return name, quote(citation.snippet, FIELD_VALUE_LIMIT - len(suffix)) + suffix


def answer_embed(answer: Answer, *, how_to_apply: HowToApply | None = None) -> discord.Embed:
    """The engine's answer: the short reply, then one field per citation (after `how_to_apply`, the
    posting's apply instruction with its text, when the reply should show it)."""
    colour = COLOUR if answer.found else discord.Colour.light_grey()
    text = answer.answer.split("\n")[0] if answer.rows else answer.answer
    builder = EmbedBuilder(escape(answer.question), escape(text), colour=colour)
    if how_to_apply is not None:
        builder.field(*apply_field(how_to_apply))
    for row in answer.rows:  # a comparison: the asked fields side by side
        cells = "\n".join(f"**{escape(label)}:** {escape(value)}" for label, value in row.cells.items())
        builder.field(escape(row.name), cells, inline=True)
    for citation in answer.citations:
        builder.field(*citation_field(citation))
    footer = "Quoted from the postings" if answer.citations else "No posting states this"
    return builder.build(footer, dropped_label="citation")


def format_deadline(posting: Posting, today: dt.date) -> str:
    """"closes 2026-12-01", "closed 2026-10-01", "open until filled" or "no deadline stated"."""
    deadline = posting.deadline
    if deadline is None:
        return "no deadline stated"
    if deadline.date is None:
        return "open until filled" if deadline.rolling else escape(trim(" ".join(deadline.text.split()), 50))
    verb = "closed" if posting.status(today) is PostingStatus.CLOSED else "closes"
    return f"{verb} {deadline.date.isoformat()}"


_REMOTE_LABEL = {RemoteStatus.REMOTE: "remote", RemoteStatus.HYBRID: "hybrid",
                 RemoteStatus.ONSITE: "on-site", RemoteStatus.UNKNOWN: "remote?"}


def job_line(posting: Posting, today: dt.date) -> str:
    """One role on one line: title, organization, pay, remote, deadline or status."""
    organization = posting.organization.value if posting.organization else "organization not stated"
    parts = [f"**{escape(trim(posting.display_title, 120))}** — {escape(trim(organization, 80))}",
             escape(pay_text(posting.salary)), _REMOTE_LABEL[posting.remote_status],
             format_deadline(posting, today)]
    return " · ".join(parts)


def jobs_pages(result: JobsResult, *, heading: str = "Open roles", per_page: int = JOBS_PER_PAGE,
               ) -> list[discord.Embed]:
    """The matching roles as pages of one-line entries (always at least one page)."""
    lines = [f"`{i}.` {job_line(m.posting, result.today)}" for i, m in enumerate(result.matches, 1)]
    note = ""
    if result.left_out_no_pay:
        titles = ", ".join(escape(t) for t in result.left_out_no_pay)
        note = trim(f"\n\nLeft out because they state no pay: {titles}", 600)
    if result.left_out_no_mode:
        titles = ", ".join(escape(t) for t in result.left_out_no_mode)
        said = "Not listed because they don't say whether they're remote or on-site"
        note += trim(f"\n\n{said}: {titles}", 600)
    hint = result.closed_hint("`include_closed: True`")
    if hint:
        note += f"\n\n{hint}"
    chunks = _paginate(lines, per_page, DESCRIPTION_LIMIT - len(note) - 10) or [[]]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        body = "\n".join(chunk) if chunk else "No role matches these filters."
        count = len(result.matches)
        footer = f"{count} role{'s' if count != 1 else ''} · page {number}/{len(chunks)}"
        footer += f" · as of {result.today.isoformat()}"
        pages.append(EmbedBuilder(heading, body + note).build(footer))
    return pages


def _paginate(lines: Sequence[str], per_page: int, max_chars: int) -> list[list[str]]:
    pages: list[list[str]] = []
    current: list[str] = []
    size = 0
    for line in lines:
        line = trim(line, max_chars)
        if current and (len(current) >= per_page or size + len(line) + 1 > max_chars):
            pages.append(current)
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        pages.append(current)
    return pages


def evidence(span: Span, limit: int = FIELD_VALUE_LIMIT) -> str:
    """The quoted source text of a value and its line span."""
    where = f"\n{lines_label(span.start_line, span.end_line)}"
    return quote(span.text, limit - len(where)) + where


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(getattr(value, "value", value))


_SINGLE_FIELDS: tuple[tuple[str, str], ...] = (
    ("organization", "Organization"), ("location", "Location"), ("remote", "Remote"),
    ("start_date", "Start date"), ("hours_per_week", "Hours per week"),
    ("min_years_experience", "Years of experience"), ("travel", "Travel"),
    ("drivers_license", "Driver's license"), ("reports_to", "Reports to"),
)
_LIST_FIELDS: tuple[tuple[str, str], ...] = (
    ("employment_types", "Employment type"), ("employment_either", "Either of"), ("languages", "Languages"),
    ("benefits", "Benefits"),
)


def posting_card(posting: Posting, today: dt.date) -> discord.Embed:
    """One posting: every extracted field, each with the text it came from."""
    status = posting.status(today)
    description = f"Status: **{status.value}** (as of {today.isoformat()}) · source {code(posting.source)}"
    builder = EmbedBuilder(escape(posting.display_title), description)
    if posting.title is not None:
        builder.field("Title", evidence(posting.title))
    for name, label in _SINGLE_FIELDS:
        fact: Fact[Any] | None = getattr(posting, name)
        if fact is not None:
            builder.field(f"{label}: {escape(_value_text(fact.value))}", evidence(fact))
    if posting.salary is not None:
        builder.field(f"Pay: {escape(pay_text(posting.salary))}", evidence(posting.salary))
    if posting.deadline is not None:
        builder.field(f"Deadline: {format_deadline(posting, today)}", evidence(posting.deadline))
    if posting.apply is not None:
        builder.field(*apply_field(posting.apply))
    for name, label in _LIST_FIELDS:
        facts: list[Fact[Any]] = getattr(posting, name)
        if facts:
            values = ", ".join(escape(_value_text(f.value)) for f in facts)
            body = "\n".join(evidence(f, 300) for f in facts)
            builder.field(f"{label}: {values}", body)
    return builder.build(f"Posting id: {posting.id}", dropped_label="field")


def apply_field(apply: HowToApply, limit: int = FIELD_VALUE_LIMIT) -> tuple[str, str]:
    """How to apply as (name, value): the address, then the text that gives it."""
    how = apply.email or apply.url or apply.portal or "address not stated"
    return f"How to apply: {escape(how)}", evidence(apply, limit)


def salary_embed(postings: Iterable[Posting]) -> discord.Embed:
    """What each posting pays, with the line it is stated on."""
    builder = EmbedBuilder("Pay")
    for posting in postings:
        name = f"{posting.display_title} · {_organization(posting)}"
        value = (f"{escape(pay_text(posting.salary))}\n{evidence(posting.salary, 700)}"
                 if posting.salary else "Pay is not stated in this posting.")
        builder.field(escape(name), value)
    return builder.build("Figures as stated in each posting", dropped_label="posting")


def deadlines_embed(matches: Sequence[JobMatch], today: dt.date, days: int | None) -> discord.Embed:
    """Deadlines, soonest first, with their evidence."""
    within = f" in the next {days} days" if days is not None else ""
    def key(match: JobMatch) -> tuple[int, dt.date]:
        deadline = match.posting.deadline
        date = deadline.date if deadline and deadline.date else dt.date.max
        return (0 if date != dt.date.max else 1, date)
    ordered = sorted(matches, key=key)
    builder = EmbedBuilder(f"Deadlines{within}",
                           "" if ordered else f"No open role has a deadline{within}.")
    for match in ordered:
        posting = match.posting
        name = f"{posting.display_title} · {_organization(posting)}"
        value = format_deadline(posting, today)
        if posting.deadline is not None:
            value += "\n" + evidence(posting.deadline, 700)
        builder.field(escape(name), value)
    return builder.build(f"As of {today.isoformat()}", dropped_label="posting")


def remote_embed(remote: JobsResult, hybrid: JobsResult) -> discord.Embed:
    """Remote and hybrid roles, each with the text that says so."""
    builder = EmbedBuilder("Remote and hybrid roles",
                           "" if remote.matches or hybrid.matches else "No role says it is remote or hybrid.")
    for label, result in (("remote", remote), ("hybrid", hybrid)):
        for match in result.matches:
            posting = match.posting
            name = f"{posting.display_title} · {_organization(posting)} ({label})"
            value = evidence(posting.remote, 700) if posting.remote else label
            builder.field(escape(name), value)
    return builder.build(f"As of {remote.today.isoformat()}", dropped_label="role")


def _organization(posting: Posting) -> str:
    return posting.organization.value if posting.organization else "organization not stated"


def sync_report_embed(report: SyncReport, *, title: str) -> discord.Embed:
    """Added / updated / removed / unchanged, skipped files with the reason, and fields not found."""
    counts = (f"added {len(report.added)} · updated {len(report.updated)} · removed {len(report.removed)}"
              f" · unchanged {len(report.unchanged)} · skipped {len(report.skipped)}")
    if not (report.changed or report.skipped):
        counts += "\nNothing changed."
    builder = EmbedBuilder(title, counts)
    for label, ids in (("Added", report.added), ("Updated", report.updated), ("Removed", report.removed)):
        if ids:
            builder.field(label, ", ".join(code(i) for i in ids))
    if report.skipped:
        lines = [f"{code(s.source)} — {escape(s.reason)}" for s in report.skipped]
        builder.field("Skipped", "\n".join(lines))
    if report.missing_fields:
        lines = [f"{code(pid)}: {', '.join(fields)}" for pid, fields in sorted(report.missing_fields.items())]
        builder.field("Fields not found", "\n".join(lines))
    return builder.build(dropped_label="section")


def status_embed(postings: Sequence[Posting], today: dt.date, *, last_load: str | None,
                 audit: Sequence[str]) -> discord.Embed:
    """How many postings are served, how many are open, the last load and the latest moderator actions."""
    open_count = sum(1 for p in postings if p.status(today) is not PostingStatus.CLOSED)
    summary = f"{len(postings)} postings served, {open_count} not closed (as of {today.isoformat()})."
    builder = EmbedBuilder("Postings status", summary)
    builder.field("Last load", escape(last_load) if last_load else "none recorded")
    builder.field("Recent moderator actions", "\n".join(escape(a) for a in audit) or "none")
    return builder.build()


GAP_NOTE_CHARS = 150


def gaps_embed(gaps: Gaps) -> discord.Embed:
    """The questions nobody could answer and those voted down, most frequent first, with members' notes."""
    window = f"the last {gaps.days} days"
    empty = not (gaps.unanswered or gaps.downvoted)
    builder = EmbedBuilder(f"Questions to look at — {window}",
                           f"No unanswered or down-voted questions in {window}." if empty else
                           "Consider adding postings, or details to postings, that answer these.")
    sections = (("Unanswered (“I couldn't find”)", gaps.unanswered), ("Voted down 👎", gaps.downvoted))
    for label, found in sections:
        if found:
            builder.field(label, "\n".join(_gap_lines(gap) for gap in found))
    return builder.build("Counted by question, ignoring case and punctuation")


def _gap_lines(gap: Gap) -> str:
    head = f"`{gap.count}×` {escape(trim(gap.question, 200))} · last {gap.last:%Y-%m-%d}"
    return "\n".join([head, *(quote(note, GAP_NOTE_CHARS) for note in gap.comments)])


HELP_TEXT = (
    "I answer questions about the open roles, quoting the postings (section and lines) for every answer.\n\n"
    "**Ask**\n"
    "`/ask question:Which roles are remote?` — add `private:True` to see the answer alone\n"
    "Mention me with a question, or send me a DM: `@Open Roles how do I apply?`\n\n"
    "**Browse**\n"
    "`/jobs` — every role, one line each; filters: `query`, `remote`, `min_salary`, `location`, `type`,"
    " `closing_within_days`, `include_closed`\n"
    "`/job posting:` — one posting with every detail and where it is stated\n"
    "`/salary`, `/deadlines days:14`, `/remote` — the quick ones\n\n"
    "**Keep up**\n"
    "`/alerts add` — a DM when a new posting matches `/jobs` filters; `/alerts list`, `/alerts remove`\n"
    "`/remind posting: days_before:3` — a DM before a deadline; `/reminders` lists or cancels them\n\n"
    "**Moderators** (Manage Server or the moderator role)\n"
    "`/postings reload`, `/postings add file:`, `/postings remove posting:`, `/postings status`,"
    " `/postings announce channel:`, `/postings gaps`\n\n"
    "Rate an answer with 👍 or 👎; right-click a message → Apps → **Ask Open Roles** to ask what it asks"
)


def help_embed() -> discord.Embed:
    """What the bot can do, with examples."""
    return EmbedBuilder("Open Roles — help", HELP_TEXT).build()


def choice_label(posting: Posting) -> str:
    """An autocomplete label: "title · organization", within 100 characters."""
    label = posting.display_title
    if posting.organization:
        label += f" · {posting.organization.value}"
    return trim(" ".join(label.split()), CHOICE_NAME_LIMIT, "…")


def posting_choices(postings: Iterable[Posting]) -> list[app_commands.Choice[str]]:
    """At most 25 autocomplete choices (label ≤ 100 characters, value = posting id)."""
    choices = []
    for posting in postings:
        if len(posting.id) > CHOICE_NAME_LIMIT:
            continue  # the value would be rejected; such ids cannot be chosen from a list anyway
        choices.append(app_commands.Choice(name=choice_label(posting), value=posting.id))
        if len(choices) == CHOICE_COUNT_LIMIT:
            break
    return choices


# ----- announcements, alerts and deadline reminders ----------------------------------------------

SUMMARY_LINES = 15
"""Postings listed by name in a summary of many new postings (the rest are counted)."""


LINK_URL_LIMIT = 512
"""The longest URL Discord accepts in a link button (whose scheme must be http or https here)."""
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+(?::\d+)?")


def apply_url(posting: Posting) -> str | None:
    """The posting's application URL as a link button can carry it ("https://" added to a bare
    "www.example.org/jobs"), or None when it gives none Discord would accept (an email is no link)."""
    url = posting.apply.url if posting.apply is not None else None
    if not url:
        return None
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    if not _HOST.fullmatch(urlsplit(url).netloc) or len(url) > LINK_URL_LIMIT or re.search(r"[\s<>\"]", url):
        return None
    return url


def new_posting_embed(posting: Posting, today: dt.date, *, heading: str = "New posting") -> discord.Embed:
    """One new posting: title, organization, pay, deadline and remote status, as the posting states them."""
    builder = EmbedBuilder(escape(trim(posting.display_title, 200)),
                           f"{heading} · {escape(trim(_organization(posting), 200))}")
    builder.field("Pay", escape(pay_text(posting.salary)), inline=True)
    builder.field("Deadline", format_deadline(posting, today), inline=True)
    builder.field("Remote", remote_label(posting.remote_status), inline=True)
    if posting.location is not None:
        builder.field("Location", escape(trim(posting.location.value, 200)), inline=True)
    if posting.apply is not None and posting.apply.email and apply_url(posting) is None:
        builder.field("Apply by email", escape(posting.apply.email), inline=True)
    return builder.build(f"/job {trim(posting.id, 150)} shows every detail, with the text it comes from")


def new_postings_summary(postings: Sequence[Posting], today: dt.date, *, title: str) -> discord.Embed:
    """Many new postings in one message: the first `SUMMARY_LINES` by name, the rest counted."""
    lines = [f"• {job_line(p, today)}" for p in postings[:SUMMARY_LINES]]
    chunk = (_paginate(lines, SUMMARY_LINES, DESCRIPTION_LIMIT - 200) or [[]])[0]
    more = len(postings) - len(chunk)
    body = "\n".join(chunk) + (f"\n…and {more} more." if more else "")
    return EmbedBuilder(title, body).build("Use /jobs to browse them all, /job for one posting's details")


def listing_embed(title: str, lines: Sequence[str], *, empty: str, footer: str = "") -> discord.Embed:
    """A member's own list (alerts, reminders): one already-escaped line each, or `empty`."""
    if not lines:
        return EmbedBuilder(title, empty).build()
    body = "\n".join((_paginate(lines, len(lines), DESCRIPTION_LIMIT - 100) or [[]])[0])
    return EmbedBuilder(title, body).build(footer)


def reminder_embed(posting: Posting, today: dt.date) -> discord.Embed:
    """A deadline reminder: the posting, its deadline and how many days are left."""
    deadline = posting.deadline.date if posting.deadline is not None else None
    days = (deadline - today).days if deadline is not None else 0
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    return new_posting_embed(posting, today, heading=f"Deadline reminder: applications close {when}")
