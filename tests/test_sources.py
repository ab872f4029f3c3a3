"""Postings as boards publish them: front matter, schema.org JSON-LD, HTML links, and what is read."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from evidence import evidence_problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.frontmatter import KEYS
from knowledge.htmltext import html_to_text, read_html
from knowledge.models import EmploymentType, PayPeriod, Posting, RemoteStatus
from knowledge.parse import parse_posting
from knowledge.structure import FRONT_MATTER_HEADING

TODAY = dt.date(2026, 11, 23)


def parse(name: str, text: str) -> Posting:
    posting = parse_posting(name, text.encode("utf-8"), today=TODAY)
    assert evidence_problems(posting) == []
    return posting


def page(job_posting: object, body: str = "<p>Read all about it.</p>") -> str:
    """An HTML page carrying `job_posting` as its JSON-LD."""
    return (f'<html><head><script type="application/ld+json">{json.dumps(job_posting)}</script></head>'
            f"<body>{body}</body></html>")


# --- front matter ---------------------------------------------------------------------------------

TOML = """+++
job_title = "Tenant Organizer"
employer = "Eastside Renters Alliance"
application_url = "https://eastside.example/jobs/organizer"
posted = "March 3, 2026"
degrees = "-"
b_benefits = ["Transit pass", "No benefits listed"]
shift_notes = "Some evenings"
+++
title = "not a title"

## Responsibilities

- Knock doors in the Eastside
"""


def test_toml_front_matter_fills_identity_apply_and_posted_date() -> None:
    """Should read title, organization, apply link and posting date from TOML aliases, citing each value."""
    posting = parse("p.md", TOML)
    assert posting.title is not None and posting.title.value == "Tenant Organizer"
    assert posting.organization is not None and posting.organization.value == "Eastside Renters Alliance"
    assert posting.apply is not None and posting.apply.url == "https://eastside.example/jobs/organizer"
    assert posting.posted_date is not None and posting.posted_date.value == dt.date(2026, 3, 3)
    assert posting.degree is None  # "-" means not stated
    assert [b.value for b in posting.benefits] == ["Transit pass"]
    assert [(f.label, f.value) for f in posting.facts] == [("shift_notes", "Some evenings")]


def test_front_matter_is_its_own_section_with_a_passage_per_entry() -> None:
    """Should cite front-matter entries under their own heading and keep the body's structure after it."""
    posting = parse("p.md", TOML)
    assert [s.heading for s in posting.sections][:1] == [FRONT_MATTER_HEADING]
    assert "Responsibilities" in [s.heading for s in posting.sections]
    entries = [p.text for p in posting.passages if p.section == FRONT_MATTER_HEADING]
    assert 'job_title = "Tenant Organizer"' in entries
    assert any("Knock doors" in p.text for p in posting.passages if p.section == "Responsibilities")


def test_yaml_link_holding_an_email_gives_the_email() -> None:
    """Should take the email written inside a front-matter link that is not a URL."""
    text = ("---\ntitle: Field Canvasser\nlink: \"Not posted online; email jobs@canvass.example\"\n---\n"
            "Knock doors with us this summer.\n")
    posting = parse("p.md", text)
    assert posting.apply is not None
    assert (posting.apply.email, posting.apply.url) == ("jobs@canvass.example", None)


def test_body_apply_instruction_wins_over_the_front_matter_link() -> None:
    """Should prefer the body's own application address to the board's link."""
    text = ("+++\ntitle = \"Organizer\"\nlink = \"https://board.example/listing/9\"\n+++\n"
            "To apply, send your resume to hiring@union.example.\n")
    posting = parse("p.md", text)
    assert posting.apply is not None
    assert (posting.apply.email, posting.apply.url) == ("hiring@union.example", None)


def test_broken_front_matter_is_read_as_text() -> None:
    """Should keep a posting whose front matter does not parse, reading it as body text."""
    posting = parse("p.md", "+++\ntitle = \"Unclosed\n+++\n# Data Organizer\n\nWe organize data.\n")
    assert posting.title is not None and posting.title.value == "Data Organizer"


def test_a_key_line_of_front_matter_that_does_not_parse_is_no_title() -> None:
    """Should not take 'application_deadline = "Organizer"' for a title when the block is read as text (a bare
    non-ASCII key is not TOML)."""
    posting = parse("p.md", '+++\napplication_deadline = "Organizer"\nrémunération = "-"\n+++\n'
                            "## What you will do\n\n- Build the volunteer program\n")
    assert posting.title is None or "=" not in posting.title.text


KEY_LINE = re.compile(r"[\w ]+[ \t]*[=:][ \t]*[\"'\[]")
aliases = st.sampled_from(sorted({alias for names in KEYS.values() for alias in names} | {"misc_note"}))
values = st.one_of(st.sampled_from(["-", "", "N/A", "TBD", "Organizer", "$20/hour", "2026-01-05",
                                    "https://x.example/a", "a@b.example"]),
                   st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=30))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.dictionaries(aliases, values, max_size=8), fence=st.sampled_from(["+++", "---"]))
def test_front_matter_never_hides_the_body(entries: dict[str, str], fence: str) -> None:
    """Should keep every body line as a passage, never take a title from a front-matter line, and cite
    only exact text, whatever the front matter holds."""
    if fence == "+++":
        block = "\n".join(f"{key} = {json.dumps(value)}" for key, value in entries.items())
    else:
        block = "\n".join(f"{key}: {json.dumps(value)}" for key, value in entries.items())
    body = "## What you will do\n\n- Build the volunteer program from the ground up\n"
    posting = parse("p.md", f"{fence}\n{block}\n{fence}\n{body}")
    assert any("Build the volunteer program" in p.text for p in posting.passages)
    if posting.title is not None:
        assert KEY_LINE.match(posting.title.text) is None and not posting.title.text.startswith(fence)


# --- JSON-LD --------------------------------------------------------------------------------------

BASE = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Data Analyst",
        "hiringOrganization": {"@type": "Organization", "name": "Open Ledger Project"}}


@pytest.mark.parametrize(("salary", "expected"), [
    ({"@type": "MonetaryAmount", "currency": "USD",
      "value": {"@type": "QuantitativeValue", "minValue": 60000, "maxValue": 70000, "unitText": "YEAR"}},
     (60000, 70000, PayPeriod.YEAR, "USD")),
    ({"@type": "MonetaryAmount", "currency": "GBP",
      "value": {"@type": "QuantitativeValue", "value": 25000, "unitText": "YEAR"}},
     (25000, 25000, PayPeriod.YEAR, "GBP")),
    ({"@type": "MonetaryAmount", "currency": "CAD",
      "value": {"@type": "QuantitativeValue", "value": "22.50", "unitText": "HOUR"}},
     (22.5, 22.5, PayPeriod.HOUR, "CAD")),
    ({"@type": "MonetaryAmount", "currency": "USD",
      "value": {"@type": "QuantitativeValue", "minValue": 900, "maxValue": 1100, "unitText": "WEEK"}},
     (900, 1100, PayPeriod.WEEK, "USD")),
    ({"@type": "MonetaryAmount", "currency": "EUR", "value": 3200, "unitText": "MONTH"},
     (3200, 3200, PayPeriod.MONTH, "EUR")),
    ({"@type": "MonetaryAmount", "currency": "AUD",
      "value": {"@type": "QuantitativeValue", "value": 400, "unitText": "DAY"}},
     (400, 400, None, "AUD")),
])
def test_json_ld_salary_shapes(salary: object, expected: tuple[object, ...]) -> None:
    """Should read each baseSalary shape as stated: figures, period and currency, cited in the JSON text."""
    posting = parse("p.html", page({**BASE, "baseSalary": salary}))
    assert posting.salary is not None
    got = (posting.salary.min, posting.salary.max, posting.salary.period, posting.salary.currency)
    assert got == expected


def test_json_ld_pay_cited_where_the_page_shows_it_and_on_stated_hours() -> None:
    """Should cite the visible line stating the JSON-LD's figures, and annualise hourly pay on the hours
    the page states rather than on an assumed 40."""
    salary = {"@type": "MonetaryAmount", "currency": "USD",
              "value": {"@type": "QuantitativeValue", "value": 18, "unitText": "HOUR"}}
    posting = parse("p.html", page({**BASE, "baseSalary": salary},
                                   "<p>Pay: $18/hour</p><p>Hours: 15 hours per week</p>"))
    assert posting.salary is not None
    assert (posting.salary.text, posting.salary.hours_per_week, posting.salary.annual_min) == (
        "$18/hour", 15, 18 * 15 * 52)
    unseen = parse("q.html", page({**BASE, "baseSalary": salary}, "<p>Hours: 15 hours per week</p>"))
    assert unseen.salary is not None and "HOUR" in unseen.salary.text
    assert (unseen.salary.hours_per_week, unseen.salary.hours_assumed) == (15, False)


def test_json_ld_in_a_graph_gives_identity_place_type_and_dates() -> None:
    """Should find a JobPosting inside @graph and map its title, organization, place, type and dates."""
    node = {**BASE, "datePosted": "2026-11-01", "validThrough": "2026-12-15",
            "employmentType": ["PART_TIME", "TEMPORARY", "VOLUNTEER", "PER_DIEM", "INTERN", "CONTRACTOR"],
            "jobLocation": {"@type": "Place", "address": {
                "@type": "PostalAddress", "addressLocality": "Tucson", "addressRegion": "AZ"}}}
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, node]}
    posting = parse("p.html", page(graph))
    assert posting.title is not None and posting.title.value == "Data Analyst"
    assert posting.organization is not None and posting.organization.value == "Open Ledger Project"
    assert posting.location is not None and posting.location.value == "Tucson, AZ"
    # the address parts, spread over the JSON, still resolve to a place (lists by place find it)
    assert [(p.city, p.state, p.country) for p in posting.places] == [("Tucson", "Arizona", "US")]
    assert posting.posted_date is not None and posting.posted_date.value == dt.date(2026, 11, 1)
    assert posting.deadline is not None and posting.deadline.date == dt.date(2026, 12, 15)
    assert [f.value for f in posting.employment_types] == [
        EmploymentType.PART_TIME, EmploymentType.TEMPORARY, EmploymentType.VOLUNTEER,
        EmploymentType.PER_DIEM, EmploymentType.INTERNSHIP, EmploymentType.CONTRACT]


def test_json_ld_telecommute_is_remote() -> None:
    """Should read jobLocationType TELECOMMUTE as remote."""
    posting = parse("p.html", page([{"@type": "Organization"}, {**BASE, "jobLocationType": "TELECOMMUTE"}]))
    assert posting.remote is not None and posting.remote.value == RemoteStatus.REMOTE


def test_visible_deadline_wins_over_json_ld() -> None:
    """Should take the deadline the page text states over a different validThrough."""
    body = "<h2>Closing date</h2><p>Applications close on 20 November 2026.</p>"
    posting = parse("p.html", page({**BASE, "datePosted": "2026-11-01", "validThrough": "2026-12-31"}, body))
    assert posting.deadline is not None and posting.deadline.date == dt.date(2026, 11, 20)


def test_stale_json_ld_deadline_is_ignored() -> None:
    """Should ignore a validThrough over a year after its datePosted (a template's leftover)."""
    posting = parse("p.html", page({**BASE, "datePosted": "2024-01-10", "validThrough": "2026-01-10"}))
    assert posting.deadline is None


def test_json_ld_question_is_not_a_title() -> None:
    """Should fall back to the page's heading when the JSON-LD title is a sentence."""
    body = "<h1>Python Developer</h1><p>Build tools for voters.</p>"
    posting = parse("p.html", page({**BASE, "title": "Are you interested in working here?"}, body))
    assert posting.title is not None and posting.title.value == "Python Developer"


def test_broken_json_ld_leaves_the_page_readable() -> None:
    """Should read a page whose JSON-LD does not parse as an ordinary page."""
    html = ('<script type="application/ld+json">{"@type": "JobPosting", </script>'
            "<h1>Field Organizer</h1><p>Join our field team.</p>")
    posting = parse("p.html", html)
    assert posting.title is not None and posting.title.value == "Field Organizer"


# --- HTML -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("html", "text"), [
    ('<p><a href="https://x.example/apply">Apply here</a></p>', "Apply here (https://x.example/apply)"),
    ('<p>Email <a href="mailto:jobs@x.example?subject=Hi">our team</a></p>',
     "Email our team (jobs@x.example)"),
    ('<p><a href="mailto:jobs@x.example">jobs@x.example</a></p>', "jobs@x.example"),
    ('<p><a href="/relative">About</a> <a href="#top">Top</a></p>', "About Top"),
    ("<nav><a href='https://x.example/'>Home</a></nav><p>Body</p><footer>(c) Org</footer>", "Body"),
    ("<nav><p>Only navigation</p></nav>", "Only navigation"),
    ("<div>{% block main %}\n## Organizer\n\nKnock doors.\n* Train volunteers\n{% endblock %}</div>",
     "## Organizer\n\nKnock doors.\n* Train volunteers"),
])
def test_html_keeps_link_targets_and_main_content(html: str, text: str) -> None:
    """Should keep link targets and mailto addresses, drop navigation and footer, and keep Markdown lines."""
    assert html_to_text(html) == text


def test_html_json_ld_blocks_are_kept_aside() -> None:
    """Should hand back JSON-LD blocks without putting them in the page text."""
    found = read_html('<script type="application/ld+json">{"a": 1}</script><p>Text</p>')
    assert (found.text, found.json_ld) == ("Text", ('{"a": 1}',))


def test_apply_anchor_becomes_the_apply_url() -> None:
    """Should record an "Apply" button's target as the apply URL."""
    html = ("<h1>Organizer</h1><h2>How to apply</h2><p>Please fill in the form.</p>"
            '<a href="https://apply.example/j/1" class="button">Apply</a>')
    posting = parse("p.html", html)
    assert posting.apply is not None and posting.apply.url == "https://apply.example/j/1"


# --- titles, organizations and the posting date in the body ------------------------------------------

@pytest.mark.parametrize(("text", "title", "organization"), [
    ("Source: https://board.example/2019/field-organizer.html\n\n"
     "A close city council race is seeking a Field Organizer. Write to jobs@votegreen.example.\n"
     "Votegreen runs volunteer canvasses.\n", "Field Organizer", "Votegreen"),
    ("THE ROLE\nThe Campaign Manager is responsible for the plan. The Lakeside Greens is a party.\n",
     "Campaign Manager", None),
    ("# Data Apprentices\n\nThe [Prairie News Network (PNN)](http://pnn.example), a network of newsrooms, "
     "is looking for two apprentices.\n", "Data Apprentices", "Prairie News Network (PNN)"),
    ("Organizer\n\nAbout the organization:\n\nValley Nurses United is the union of caregivers.\n",
     "Organizer", "Valley Nurses United"),
    ("Outreach Lead\n\nThe Harbor Youth Council (HYC) is hiring an Outreach Lead for the summer.\n",
     "Outreach Lead", "Harbor Youth Council"),
    ("Canvass Lead\n\nJoin the Cedar Valley Tenants Union as our next canvass lead.\n",
     "Canvass Lead", "Cedar Valley Tenants Union"),
    ("Canvass Lead\n\nJoin our team as a canvass lead.\n", "Canvass Lead", None),
    ("Precinct Captain\n\nWalk precincts all summer.\nRivera for Council is an equal opportunity employer.\n"
     "Source: https://lists.example/walkers is a list we run.\n", "Precinct Captain", "Rivera for Council"),
    ("Precinct Captain\n\nWalk precincts all summer. We are an equal opportunity employer.\n",
     "Precinct Captain", None),
    ("Precinct Captain\n\nWalk precincts.\nListwire is a mailing list. See https://listwire.example/jobs\n",
     "Precinct Captain", None),
])
def test_body_titles_and_organizations(text: str, title: str, organization: str | None) -> None:
    """Should find the role and employer from the body's own wording, never from a URL slug."""
    posting = parse("p.txt", text)
    assert posting.title is not None and posting.title.value == title
    assert (posting.organization.value if posting.organization else None) == organization


def test_a_bullet_is_never_a_title() -> None:
    """Should not take a bullet line for the title."""
    posting = parse("p.txt", "- Develop relationships with community leaders\n- Recruit volunteers\n")
    assert posting.title is None


def test_posted_on_in_the_body_is_the_posting_date() -> None:
    """Should read "Posted on <date>" as the posting's date, and only with a year."""
    posting = parse("p.txt", "Organizer\nPosted on March 2, 2026\n\nWe need you.\n")
    assert posting.posted_date is not None and posting.posted_date.value == dt.date(2026, 3, 2)
    assert parse("p.txt", "Organizer\nPosted on March 2\n\nWe need you.\n").posted_date is None


def test_truncated_email_is_kept_as_written() -> None:
    """Should keep an address a capture cut off after its domain's dot, as written."""
    posting = parse("p.txt", "Organizer\n\nSubmit your resume to organizing.team@gmail.\n")
    assert posting.apply is not None and posting.apply.email == "organizing.team@gmail."


@pytest.mark.parametrize(("text", "url", "instruction"), [
    ("Canvasser\n\nApply at growvoters.example/get-hired. We encourage everyone to apply.\n",
     "growvoters.example/get-hired", "Apply at growvoters.example/get-hired."),
    ('Field Organizer\n\nComment "Interested" to receive the application link\n', None,
     'Comment "Interested" to receive the application link'),
])
def test_apply_instructions_without_a_full_url(text: str, url: str | None, instruction: str) -> None:
    """Should read "apply at <address without scheme>" and a "comment <keyword>" instruction."""
    posting = parse("p.txt", text)
    assert posting.apply is not None
    assert (posting.apply.url, posting.apply.text) == (url, instruction)
