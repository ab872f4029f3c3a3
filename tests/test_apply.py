"""How to apply: email, URL, portal, and instructions missing their address."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_support import assert_evidence, sample

from knowledge.document import Document
from knowledge.extract.apply import find_apply
from knowledge.parse import parse_posting


@pytest.mark.parametrize(("stem", "line", "email", "portal", "missing"), [
    ("pop-pasadena-organizer", 96, "recruiting@poppasadena.org", None, False),
    ("local-progress-organizing-director", 40, None, "JazzHR", False),
    ("peoples-action-movement-politics-deputy-organizer", 3, None, None, True),
    ("local-progress-membership-organizer", 44, None, None, False),
])
def test_sample_apply(stem: str, line: int, email: str | None, portal: str | None, missing: bool) -> None:
    """Should pick each sample's application instruction and the channel it names, inventing none."""
    doc = sample(stem)
    found = find_apply(doc, [])
    assert found is not None
    got = (found.start_line, found.email, found.portal, found.address_missing)
    assert got == (line, email, portal, missing)
    assert found.url is None
    assert_evidence(doc, found)


def test_sample_contact_line_is_not_the_application() -> None:
    """Should not cite a questions/contact line as the way to apply."""
    found = find_apply(sample("pop-pasadena-organizer"), [])
    assert found is not None
    assert "contact" not in found.text


def test_sample_missing_address_keeps_instruction() -> None:
    """Should keep the instruction text when its email address is missing."""
    found = find_apply(sample("peoples-action-movement-politics-deputy-organizer"), [])
    assert found is not None
    assert found.text.startswith("If you are interested, please email your resume to with the subject")


def test_sample_without_instruction() -> None:
    """Should find nothing when a posting never says how to apply."""
    assert find_apply(sample("jobs-to-move-america-california-senior-organizer"), []) is None


def test_a_mailing_lists_own_address_is_never_where_to_apply() -> None:
    """Should take the sender's address, not the list footer's unsubscribe address."""
    doc = Document("To apply, email tasha@example.org with DFD in the subject line.\n\n--\n"
                   "To unsubscribe from this group and stop receiving emails from it, send an email to "
                   "jobs+unsubscribe@googlegroups.com.\n")
    found = find_apply(doc, [])
    assert found is not None and found.email == "tasha@example.org"


def test_a_digest_header_is_never_where_to_apply() -> None:
    """Should skip a list digest's header ("visit … or send a message to …-request@") for the post's own
    instruction further down."""
    doc = Document("Send submissions to river-action@lists.example.org\n\nTo subscribe or unsubscribe "
                   "via the web, visit\n\thttps://lists.example.org/listinfo/river-action\nor, via email, "
                   "send a message with subject or body 'help' to\n\triver-action-request@lists.example.org"
                   "\n\nToday's Topics: Fellowship opening\n\nTo apply: email a resume to "
                   "fellowship@river.example.\n")
    found = find_apply(doc, [])
    assert found is not None and (found.email, found.url) == ("fellowship@river.example", None)


@pytest.mark.parametrize(("text", "email", "url", "portal"), [
    ("To apply, send a resume and cover letter to jobs@example.org.", "jobs@example.org", None, None),
    ("Apply at https://example.org/careers/organizer.", None, "https://example.org/careers/organizer", None),
    ("Application link: <http://apply.example.org/jobs/12>", None, "http://apply.example.org/jobs/12", None),
    ("Interested candidates should apply via Workable.", None, None, "Workable"),
    ("Please apply on our careers page.", None, None, "careers page"),
    ("Apply on Idealist by Friday.", None, None, "Idealist"),
    ("How to Apply\nSubmit your resume and cover letter to hiring@example.org.\n"
     "Questions? Contact info@example.org.", "hiring@example.org", None, None),
    ("For questions, contact info@example.org.\n\nTo apply, email your CV to\njobs@example.org.",
     "jobs@example.org", None, None),
    ("TO APPLY\nFill out the application at https://example.org/jobs/coordinator by Friday.", None,
     "https://example.org/jobs/coordinator", None),
    ("Apply through our Greenhouse portal at https://boards.example.io/org.", None,
     "https://boards.example.io/org", "Greenhouse"),
    ("Proposals (a letter and two samples) should be emailed to Lucía Ferreyra at lf@example.org.",
     "lf@example.org", None, None),
    # under "How to apply", an address on its own line is the instruction
    ("HOW TO APPLY\nApply by: 7/26/24\nOnline at: https://voters.example.org/canvass\n"
     "Questions: Jo Pitts, Canvass Manager, jo@voters.example.org", None, "https://voters.example.org/canvass",
     None),
])
def test_apply_channels(text: str, email: str | None, url: str | None, portal: str | None) -> None:
    """Should read the email, URL or portal of the application instruction."""
    doc = Document(text)
    found = find_apply(doc, [])
    assert found is not None
    assert (found.email, found.url, found.portal, found.address_missing) == (email, url, portal, False)
    assert_evidence(doc, found)


@pytest.mark.parametrize("text", [
    "Email your resume to with the subject line Organizer.",
    "Please send your application to: \n\nWe look forward to hearing from you.",
    "To apply, email your resume to [email\u00a0protected] with \"Data Manager\" in the subject line.",
])
def test_missing_address(text: str) -> None:
    """Should flag an instruction whose address is missing, without inventing one."""
    doc = Document(text)
    found = find_apply(doc, [])
    assert found is not None
    assert found.address_missing
    assert (found.email, found.url) == (None, None)
    assert_evidence(doc, found)


def test_click_here_keeps_text_without_url() -> None:
    """Should keep a "click here" instruction and leave its (lost) link empty."""
    found = find_apply(Document("To apply, click here."), [])
    assert found is not None
    assert (found.text, found.url, found.email) == ("To apply, click here.", None, None)


@pytest.mark.parametrize("text", [
    "For questions about the role, contact Jo at jo@example.org or (555) 123-4567.",
    "We are an equal opportunity employer and encourage women to apply.",
    "To learn more, visit our website: www.example.org.",
])
def test_no_application_instruction(text: str) -> None:
    """Should find nothing in contact lines, encouragement or plain links."""
    assert find_apply(Document(text), []) is None


@pytest.mark.parametrize(("text", "email"), [
    ("Applications close November 30. Email a cover letter, resume and\n"
     "three references to jobs@example.org. Interviews will\ntake place in December.\n", "jobs@example.org"),
    ("To Apply\nPosition open until filled. Send your resume and cover letter to\n"
     "Jane Doe at hiring@example.org.\n", "hiring@example.org"),
])
def test_a_hard_wrapped_instruction_keeps_its_address(text: str, email: str) -> None:
    """Should read an instruction wrapped over lines (mailing lists, PDF pastes) as one sentence."""
    doc = Document(text)
    found = find_apply(doc, [])
    assert found is not None and found.email == email
    assert_evidence(doc, found)


def test_a_front_matter_link_naming_several_pages_applies_at_the_first() -> None:
    """Should take the first of several links a board's link field holds, cited at its exact text."""
    text = ('+++\ntitle = "Youth Program Coordinator"\n'
            'link = "https://jobs.example.org/view?id=77; https://www.example.org/programs#youth"\n+++\n'
            "Coordinate the after-school youth program.\n")
    posting = parse_posting("youth.md", text.encode(), today=dt.date(2026, 1, 1))
    assert posting.apply is not None
    assert (posting.apply.url, posting.apply.text) == ("https://jobs.example.org/view?id=77",
                                                       "https://jobs.example.org/view?id=77")
    assert posting.apply.text in posting.text.split("\n")[posting.apply.start_line - 1]
