"""Sections (headings found by shape) and passages (bullets and paragraphs) of a posting's text."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from knowledge.document import Document
from knowledge.extract._prose import split_sentences
from knowledge.frontmatter import read_front_matter
from knowledge.models import Passage, Section
from knowledge.structure import FRONT_MATTER_HEADING, find_passages, find_sections

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "knowledge" / "postings").iterdir())


def headings(text: str) -> list[str]:
    return [section.heading for section in find_sections(Document(text))]


def passages(text: str, max_passages: int = 1_000) -> list[Passage]:
    doc = Document(text)
    return find_passages(doc, find_sections(doc), "p", max_passages=max_passages)


def texts(text: str) -> list[str]:
    return [passage.text for passage in passages(text)]


def quotes_its_lines(doc: Document, passage: Passage) -> bool:
    return passage.text in "\n".join(doc.lines[passage.start_line - 1:passage.end_line])


@pytest.mark.parametrize(("text", "expected"), [
    ("Intro line.\n\nRequired Qualifications:\n- Organizing\n", ["", "Required Qualifications"]),
    ("What You’ll Do ─ Essential Duties and Responsibilities:\nLead campaigns.\n",
     ["What You’ll Do ─ Essential Duties and Responsibilities"]),
    ("# Grants Writer\n\n## Responsibilities\n- Draft proposals.\n", ["Grants Writer", "Responsibilities"]),
    ("**About Us**\nWe organize renters.\n", ["About Us"]),
    ("**Responsibilities:**\n- Knock doors.\n", ["Responsibilities"]),
    ("Intro.\n\nRESPONSIBILITIES\nKnock doors and train leaders every week.\n", ["", "RESPONSIBILITIES"]),
    ("Intro.\n\nPrimary Responsibilities\nKnock doors and train leaders every week.\n",
     ["", "Primary Responsibilities"]),
    ("Intro.\n\nWhat you'll do\n\nKnock doors and train leaders every week.\n", ["", "What you'll do"]),
    ("Intro.\n\nIdeal candidates will have…\n• Patience\n", ["", "Ideal candidates will have…"]),
    ("Intro.\nThe role\nThis is a fully remote position with a small team.\n", ["", "The role"]),
    ("Position Details\n================\nFull-time.\n", ["Position Details"]),
    ("Duties: to include but not limited to...\n\n1. Outreach:\n- a. Call members\n",
     ["Duties", "Outreach"]),
])
def test_headings_are_found_by_shape(text: str, expected: list[str]) -> None:
    """Should find colon, Markdown, bold, ALL CAPS, Title Case, standalone and list-introducing headings."""
    assert headings(text) == expected


@pytest.mark.parametrize("text", [
    "Location: Remote, U.S.\nPay: $20/hr\n",
    "**Salary:** $50,000 per year\nBenefits included.\n",
    "We organize renters across the city and we train\nTenant Leaders\nin every building we can reach.\n",
    "Share:\n\nFacebook\nTwitter\nLinkedIn",
    "Home | About | Donate\nCareers\n",
    "Apply today.\n\nSend a resume.\n",
    "- First bullet\n- Second bullet\n",
    "Closing Date March 3 2027\nApply soon.\n",
    # a bullet's wrapped rest, as text pasted from a PDF or Word document shows it
    "o Health, dental and vision insurance for staff and\n  dependents\no Retirement plan\n",
    "- Build the strategic plan, including our\n  Recovery Work\n- Raise funds\n",
])
def test_labels_sentences_and_runs_of_short_lines_are_not_headings(text: str) -> None:
    """Should not take "Label: value" lines, wrapped lines, navigation, sentences or bullets as headings."""
    assert set(headings(text)) <= {"", "Share"}


@pytest.mark.parametrize(("words", "is_heading"), [(12, True), (13, False)])
def test_a_colon_line_is_a_heading_up_to_twelve_words(words: int, is_heading: bool) -> None:
    """Should take a line ending with ":" as a heading only when it has at most twelve words."""
    line = " ".join(["Skills"] * words) + ":  "
    assert headings(f"Intro.\n\n{line}\n- Organizing\n") == (["", line.strip()[:-1]] if is_heading else [""])


def test_lead_in_after_a_heading_stays_in_its_section() -> None:
    """Should keep a sentence-like "The Organizer will:" under the heading right above it."""
    text = "Primary Responsibilities\n\nThe Organizer will:\n\n• Build membership\n"
    assert headings(text) == ["Primary Responsibilities"]
    assert [p.section for p in passages(text)] == ["Primary Responsibilities"] * 2


def test_sections_span_from_heading_to_the_next_heading() -> None:
    """Should start each section at its heading line and end it on the line before the next heading."""
    text = "Field Organizer at a union\nmore intro.\n\nDuties:\n- a\n- b\n\nPay:\n$20/hr\n"
    assert find_sections(Document(text)) == [
        Section(heading="", start_line=1, end_line=3),
        Section(heading="Duties", start_line=4, end_line=7),
        Section(heading="Pay", start_line=8, end_line=10),
    ]


def test_text_without_headings_is_one_intro_section() -> None:
    """Should give a text without headings a single section with heading ""."""
    sections = find_sections(Document("We need help.\nCall us.\n"))
    assert sections == [Section(heading="", start_line=1, end_line=3)]


@pytest.mark.parametrize("body", [
    "Intro line.\n\nRequired Qualifications:\n- Organizing\n",
    "The Organizer will:\n- Build membership\n",
    "===\nPrimary Responsibilities\n\nThe Organizer will:\n\n• Build membership\n",
    "**About Us**\nWe organize renters.\n",
])
def test_front_matter_leaves_the_body_headings_as_they_are(body: str) -> None:
    """Should find after a front-matter block the headings its body has alone, shifted by the block."""
    front_text = 'title = "Organizer"\nsalary = "$20/hr"\n'
    text = f"+++\n{front_text}+++\n{body}"
    doc = Document(text)
    front = read_front_matter(text)
    sections = find_sections(doc, front)
    alone = [s for s in find_sections(Document(body)) if s.heading]
    shift = front.end_line
    assert sections[0] == Section(heading=FRONT_MATTER_HEADING, start_line=1, end_line=shift)
    assert [(s.heading, s.start_line - shift) for s in sections if s.start_line > shift and s.heading] == [
        (s.heading, s.start_line) for s in alone]


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_headings_are_on_their_lines(path: Path) -> None:
    """Should give every sample section a heading that is text of its first line, sections in order."""
    doc = Document(path.read_text(encoding="utf-8"))
    sections = find_sections(doc)
    assert len(sections) >= 5
    for section, following in itertools.pairwise(sections):
        assert section.end_line == following.start_line - 1
    assert all(s.heading in doc.lines[s.start_line - 1] for s in sections)


@pytest.mark.parametrize(("stem", "expected"), [
    ("local-progress-membership-organizer", ["Primary Responsibilities", "Required Qualifications"]),
    ("local-progress-organizing-director", ["About the position", "Salary and Benefits", "How to apply"]),
    ("jobs-to-move-america-california-senior-organizer", ["About you ─ Required Qualifications"]),
    ("peoples-action-movement-politics-deputy-organizer", ["What You’ll Do", "Ideal candidates will have…"]),
    ("pop-pasadena-organizer", ["Summary of Position", "Skills/Qualifications", "Compensation",
                                "Application Process"]),
])
def test_sample_sections_include_their_main_headings(stem: str, expected: list[str]) -> None:
    """Should find the headings a reader sees in each sample."""
    path = next(p for p in SAMPLES if p.stem == stem)
    found = headings(path.read_text(encoding="utf-8"))
    assert all(heading in found for heading in expected), found
    assert "Location" not in found


@pytest.mark.parametrize("bullet", ["• Knock doors", "- Knock doors", "* Knock doors", "1. Knock doors",
                                    "a. Knock doors", "- a. Knock doors", "(2) Knock doors", "-- Knock doors",
                                    "  ▪ Knock doors", "3) Knock doors"])
def test_each_bullet_is_a_passage(bullet: str) -> None:
    """Should make each bullet, whatever its marker, a passage of its own that keeps the marker."""
    text = f"Duties:\n{bullet}\n{bullet.replace('Knock doors', 'Train leaders')}\n"
    assert texts(text) == [bullet.strip(), bullet.strip().replace("Knock doors", "Train leaders")]


def test_paragraph_lines_form_one_passage_and_blank_lines_separate() -> None:
    """Should join consecutive wrapped lines into one passage and start a new one after a blank line."""
    text = "We organize renters\nacross the county.\n\nWe also train\nleaders.\n"
    found = passages(text)
    assert [p.text for p in found] == ["We organize renters\nacross the county.", "We also train\nleaders."]
    assert [(p.start_line, p.end_line) for p in found] == [(1, 2), (4, 5)]


def test_unwrapped_paragraph_lines_are_separate_passages() -> None:
    """Should split lines that are whole paragraphs or "Label: value" lines even without blank lines."""
    long_line = "The organizer builds power with tenants in every building across the county, " * 2 + "today."
    text = f"{long_line}\n{long_line}\nLocation: Remote\nPay: $20/hr\n"
    assert texts(text) == [long_line, long_line, "Location: Remote", "Pay: $20/hr"]


@pytest.mark.parametrize(("text", "expected"), [
    ("- Build committees in\n  every building.\n- Train leaders.\n",
     ["- Build committees in\n  every building.", "- Train leaders."]),
    ("- Build committees in\nevery building.\n- Train leaders.\n",
     ["- Build committees in\nevery building.", "- Train leaders."]),
    ("- Build committees.\nWe pay well.\n", ["- Build committees.", "We pay well."]),
    ("o Health insurance for staff and\n  dependents\no Retirement plan\n",
     ["o Health insurance for staff and\n  dependents", "o Retirement plan"]),
])
def test_wrapped_bullets_keep_their_continuation_lines(text: str, expected: list[str]) -> None:
    """Should keep an indented or lowercase continuation with its bullet, and end it at a new sentence."""
    assert texts(text) == expected


def test_headings_are_not_passages_but_name_their_passages_section() -> None:
    """Should leave heading lines out of passages and tag each passage with its section heading."""
    text = "Intro text.\n\n## Pay\n$20/hr.\n\n**Benefits**\n- Health\n"
    assert [(p.section, p.text) for p in passages(text)] == [
        ("", "Intro text."), ("Pay", "$20/hr."), ("Benefits", "- Health")]


def test_rule_lines_are_not_passages() -> None:
    """Should skip lines without letters or digits, such as "---" rules."""
    assert texts("First part.\n\n---\n\n* * *\n\nSecond part.\n") == ["First part.", "Second part."]


def test_long_paragraph_is_split_at_sentence_boundaries() -> None:
    """Should split a paragraph of more than ~80 words into sentence runs that quote the text exactly."""
    sentence = "The organizer meets with tenants every week to plan the next action together."
    text = "Intro:\n" + " ".join([sentence] * 12) + "\n"
    doc = Document(text)
    found = find_passages(doc, find_sections(doc), "p", max_passages=100)
    assert len(found) >= 2
    assert all(len(p.text.split()) <= 80 and p.text.endswith(".") for p in found)
    assert " ".join(p.text for p in found) == " ".join([sentence] * 12)
    assert all(quotes_its_lines(doc, p) for p in found)


def test_long_text_without_sentence_ends_is_still_split() -> None:
    """Should split a huge run of words without punctuation into bounded passages."""
    found = passages("word " * 5_000)
    assert len(found) > 10
    assert max(len(p.text.split()) for p in found) <= 240


def test_passages_stop_at_the_limit() -> None:
    """Should return at most `max_passages` passages, numbered from 0."""
    found = passages("".join(f"- item {n}\n" for n in range(50)), max_passages=7)
    assert [p.index for p in found] == list(range(7))
    assert found[-1].id == "p#6"


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_passages_quote_their_lines(path: Path) -> None:
    """Should give every sample passage text that is exactly the text of its stated lines."""
    doc = Document(path.read_text(encoding="utf-8"))
    found = find_passages(doc, find_sections(doc), path.stem, max_passages=1_000)
    assert len(found) >= 15
    assert all(quotes_its_lines(doc, p) and p.text == p.text.strip() for p in found)
    assert all(p.section == next(s.heading for s in find_sections(doc) if s.start_line <= p.start_line
                                 <= s.end_line) for p in found)


def test_large_inputs_are_handled() -> None:
    """Should structure 50,000 lines of headings, bullets and paragraphs in one pass."""
    block = "Responsibilities\n- Knock doors\n- Train leaders\nWe pay well and we train you.\n\n"
    doc = Document(block * 12_500)
    sections = find_sections(doc)
    assert len(sections) == 12_500
    assert len(find_passages(doc, sections, "p", max_passages=5_000)) == 5_000


@pytest.mark.parametrize(("text", "count"), [
    ("Our office is at 2200 S. Michigan Street. This is a hybrid role.", 2),
    ("Founded by John F. Kennedy. We organize.", 2),
    ("Work in the U.S. and abroad. Apply today.", 2),
])
def test_sentences_do_not_break_after_an_initial(text: str, count: int) -> None:
    """Should not end a sentence at an initial ("S. Michigan Ave.") or a dotted abbreviation."""
    assert len(list(split_sentences(text, 0, len(text)))) == count
