"""Composed answers over hand-built postings: facts cited from their evidence, honesty about gaps."""

from __future__ import annotations

import pytest
from posting_factory import CLOSED, HOURLY, NO_DETAILS, POSTINGS, ROLLING, TODAY, WORDS_PAY, make_posting

from knowledge.models import Posting
from knowledge.parse import parse_posting
from retrieval.answer import NOT_FOUND, answer_question
from retrieval.index import PassageIndex
from retrieval.jobs import select
from retrieval.models import Answer
from retrieval.request import Filters, PayBound
from retrieval.understand.catalog import Catalog

INDEX = PassageIndex.build(POSTINGS)


def ask(question: str) -> Answer:
    return answer_question(question, POSTINGS, INDEX, TODAY)


def cited(answer: Answer) -> set[str]:
    return {c.posting_id for c in answer.citations}


def test_hourly_pay_annualised() -> None:
    """Should give hourly pay with its hours and the annual figure they make."""
    answer = ask("What does the canvasser job pay?")
    assert "$21/hour, 25 hours/week ≈ $27,300 a year" in answer.answer
    assert cited(answer) == {HOURLY.id}


def test_yearly_range() -> None:
    """Should give a yearly range with an en dash."""
    assert "$68,000–$74,000 a year" in ask("What is the salary for the Data Analyst?").answer


def test_monthly_pay() -> None:
    """Should give monthly pay with its annual equivalent."""
    assert "$4,000 a month (≈ $48,000 a year)" in ask("How much does the Legal Fellow pay?").answer


def test_pay_in_words_is_quoted_not_a_figure() -> None:
    """Should say pay in words states no figure, quote it, and never turn the stipend into pay."""
    answer = ask("What does the Policy Lead pay?")
    assert "does not state a pay figure" in answer.answer and "Competitive salary" in answer.answer
    assert "$75" not in answer.answer
    assert answer.citations[0].snippet.startswith("Competitive salary")


def test_citation_fields() -> None:
    """Should cite the evidence with its posting, section and line span."""
    citation = ask("What does the canvasser job pay?").citations[0]
    assert (citation.source, citation.title, citation.organization) == (
        "tide-pool-canvasser.txt", "Canvasser", "Tide Pool Action Fund")
    assert citation.start_line == citation.end_line == HOURLY.salary.start_line  # type: ignore[union-attr]
    assert "$21/hour" in citation.snippet


def test_closed_deadline() -> None:
    """Should report a passed deadline as closed, with its date."""
    answer = ask("When is the deadline for the Legal Fellow?")
    assert "closed (deadline October 1, 2025 passed)" in answer.answer
    assert "rolling" in answer.answer


def test_inferred_year() -> None:
    """Should say when a deadline's year was inferred."""
    answer = ask("When is the Policy Lead deadline?")
    assert "January 9, 2027" in answer.answer and "year inferred" in answer.answer
    assert "open, 47 days left" in answer.answer


def test_rolling_without_date() -> None:
    """Should say applications are rolling when there is no date."""
    answer = ask("When does the Data Analyst close?")
    assert "no fixed deadline" in answer.answer and "rolling" in answer.answer


def test_no_deadline() -> None:
    """Should say it could not find a deadline in a posting that states none."""
    assert "I couldn't find a deadline" in ask("What is the deadline for the Volunteer Shelver?").answer


@pytest.mark.parametrize(("question", "expected"), [
    ("How do I apply to the canvasser job?", "jobs@tidepool.example"),
    ("How do I apply to the Data Analyst role?", "https://embervalley.example/jobs"),
    ("How do I apply to the Volunteer Shelver?", "gives no address"),
])
def test_apply(question: str, expected: str) -> None:
    """Should give the email, the URL, or say the address is missing."""
    assert expected in ask(question).answer


@pytest.mark.parametrize(("question", "expected"), [
    ("How many years of experience does the Policy Lead need?", "at least 5 years of experience"),
    ("How much travel does the Policy Lead involve?", "four days a month"),
    ("What languages does the Policy Lead need?", "Spanish"),
])
def test_requirements(question: str, expected: str) -> None:
    """Should answer requirement questions from their fields."""
    answer = ask(question)
    assert expected in answer.answer and cited(answer) == {WORDS_PAY.id}


def test_employment_yes() -> None:
    """Should answer yes to a type the posting states, with its hours."""
    answer = ask("Is the canvasser job part-time?")
    assert answer.answer.startswith("Yes") and "25 hours/week" in answer.answer


def test_employment_no() -> None:
    """Should answer no when the posting states another type."""
    assert ask("Is the Data Analyst job part-time?").answer.startswith("No")


def test_reports_to() -> None:
    """Should say whom the role reports to."""
    assert "the Executive Director" in ask("Who does the Policy Lead report to?").answer


def test_benefits_filtered_by_subject() -> None:
    """Should list only the postings whose benefits mention what is asked about."""
    answer = ask("Which jobs offer dental insurance?")
    assert cited(answer) == {CLOSED.id} and "Health and dental insurance" in answer.answer


RETIREMENT = make_posting(
    "tenant-organizer-ridgeway", "Tenant Organizer\nRidgeway Housing Union\n\nBenefits\n"
    "- A 401(k) plan with a match\n- Dental insurance\n- Vision insurance\n- Sick leave\n"
    "- Parental stipend\n", title="Tenant Organizer", organization="Ridgeway Housing Union",
    benefits=["A 401(k) plan with a match", "Dental insurance", "Vision insurance", "Sick leave",
              "Parental stipend"])
BENEFIT_POOL = [*POSTINGS, RETIREMENT]


@pytest.mark.parametrize(("question", "offered"), [
    ("Does the Tenant Organizer offer a 401(k) or retirement plan?", ["A 401(k) plan with a match"]),
    ("Does Ridgeway Housing Union offer a retirement plan or a 401(k)?", ["A 401(k) plan with a match"]),
    ("Does the Tenant Organizer offer dental and vision?", ["Dental insurance", "Vision insurance"]),
    ("Does the Tenant Organizer offer dental, vision and a pension?",
     ["Dental insurance", "Vision insurance", "A 401(k) plan with a match"]),
    ("Does the Tenant Organizer offer dental and pet insurance?", []),
    ("Does the Tenant Organizer offer parental leave?", []),
    ("Does the Tenant Organizer offer sick leave?", ["Sick leave"]),
])
def test_benefits_asked_for_by_item(question: str, offered: list[str]) -> None:
    """Should read "a or b" as either item and "a and b" as both, an item found under its synonyms
    (pension <-> 401(k)), and say "I couldn't find" an item only after looking."""
    catalog = Catalog(BENEFIT_POOL)
    answer = answer_question(question, BENEFIT_POOL, PassageIndex.build(BENEFIT_POOL), TODAY, catalog=catalog)
    quoted = {c.snippet for c in answer.citations} - {"Tenant Organizer", "Dental insurance"}
    assert quoted == set(offered) - {"Dental insurance"}, answer.answer
    if not offered:
        assert "I couldn't find" in answer.answer and "does not offer" not in answer.answer


@pytest.mark.parametrize("question", [
    "Which jobs offer a 401(k) or retirement plan?", "Which jobs offer dental and vision?",
    "Which jobs offer parental leave?", "Which jobs offer health insurance or a pension?",
    "Does the Tenant Organizer offer benefits?", "Which jobs offer Ridgeway dental?",
    "What benefits do the jobs offer?"])
def test_benefit_lists_agree_with_and_without_a_catalog(question: str) -> None:
    """Should list the same postings whether the catalog's saved benefit words or the claims decide."""
    index = PassageIndex.build(BENEFIT_POOL)
    plain = answer_question(question, BENEFIT_POOL, index, TODAY)
    fast = answer_question(question, BENEFIT_POOL, index, TODAY, catalog=Catalog(BENEFIT_POOL))
    assert fast.answer == plain.answer


def test_which_list_a_salary() -> None:
    """Should list the postings with pay figures and say the others state none, quoting pay in words."""
    answer = ask("Which jobs list a salary?")
    first = answer.answer.split("The others")[0]
    assert all(p.display_title in first for p in (HOURLY, CLOSED, ROLLING))
    assert "Competitive salary" in answer.answer and NO_DETAILS.display_title in answer.answer
    assert {HOURLY.id, CLOSED.id, ROLLING.id} <= cited(answer)


@pytest.mark.parametrize("question", ["Which jobs don't list a salary?", "jobs where the pay isn't stated",
                                      "any roles without a salary listed?"])
def test_which_do_not_list_a_salary(question: str) -> None:
    """Should list only the postings stating no pay figure, quoting pay in words, never those with one."""
    answer = ask(question)
    listed = [line for line in answer.answer.splitlines() if line.startswith("•")]
    assert len(listed) == 2 and answer.answer.startswith("2 postings match")
    assert any(WORDS_PAY.display_title in line and "Competitive salary" in line for line in listed)
    assert any(NO_DETAILS.display_title in line for line in listed)
    assert cited(answer) == {WORDS_PAY.id, NO_DETAILS.id}


@pytest.mark.parametrize("question", ["any analyst jobs?", "show me data analyst roles",
                                      "who's hiring analysts?"])
def test_jobs_named_by_their_title(question: str) -> None:
    """Should answer with the postings whose titles name the role asked for, not passages about it."""
    answer = ask(question)
    assert answer.found and "Data Analyst (Ember Valley Voter League)" in answer.answer
    assert cited(answer) == {ROLLING.id}


def test_a_word_no_title_holds_is_searched_for() -> None:
    """Should answer from passages when a word names no posting ("which jobs involve shelving books?")."""
    assert "titled" not in ask("which jobs involve voter registration drives?").answer


def test_how_many_postings() -> None:
    """Should count every posting loaded and those past their deadline."""
    closed = sum(1 for p in POSTINGS if p.status(TODAY).value == "closed")
    assert ask("how many postings are there?").answer == (
        f"{len(POSTINGS)} postings are loaded; {closed} of them have passed their deadline.")


def test_bare_amount_filters_pay() -> None:
    """Should read "over 60k" (no currency sign) as a pay floor, like "over $60k"."""
    assert ask("which jobs pay over 60k?").answer == ask("which jobs pay over $60k?").answer


def test_which_remote() -> None:
    """Should name the remote postings and show how the others stand."""
    answer = ask("Which roles are remote?")
    lines = answer.answer.splitlines()
    assert [line for line in lines if line.startswith("•")] == [
        "• Policy Lead (Quarry Hill Housing Alliance): remote; location: Remote, U.S."]
    assert "Canvasser (Tide Pool Action Fund) (onsite)" in answer.answer


def test_filtered_list() -> None:
    """Should apply pay and remote filters together and say which postings state no pay."""
    answer = ask("any hybrid jobs paying over $60k?")
    assert cited(answer) == {ROLLING.id}


def test_closed_marked_in_lists() -> None:
    """Should mark closed postings in list answers."""
    line = next(x for x in ask("Which jobs list a salary?").answer.splitlines() if "Legal Fellow" in x)
    assert line.endswith("[closed]")


def test_closing_before_month() -> None:
    """Should list open postings closing before a month, soonest first."""
    answer = ask("What closes before February?")
    bullets = [line for line in answer.answer.splitlines() if line.startswith("•")]
    assert [b.split(":")[0] for b in bullets] == ["• Canvasser (Tide Pool Action Fund)",
                                                  "• Policy Lead (Quarry Hill Housing Alliance)"]


def test_free_question_cites_passages() -> None:
    """Should answer a free question from the best passage, citing it."""
    answer = ask("Which role uses SQL dashboards?")
    assert answer.found and answer.citations[0].posting_id == ROLLING.id
    assert "SQL" in answer.citations[0].snippet


@pytest.mark.parametrize("question", ["What is the capital of France?", "What is the dress code?",
                                      "Do you like pizza?"])
def test_not_found(question: str) -> None:
    """Should say the postings don't cover an unrelated question, with no citations."""
    answer = ask(question)
    assert (answer.answer, answer.citations, answer.found) == (NOT_FOUND, [], False)


def test_no_postings() -> None:
    """Should say nothing is loaded rather than fail."""
    empty: list[Posting] = []
    answer = answer_question("What does it pay?", empty, PassageIndex.build(empty), TODAY)
    assert not answer.found and answer.citations == []


@pytest.mark.parametrize("question", ["", "???", "x" * 10_000, "<@1> **hi**", "🙂", "\x00"])
def test_odd_questions(question: str) -> None:
    """Should answer odd input without raising, citing nothing unrelated."""
    answer = ask(question)
    assert isinstance(answer.answer, str) and answer.answer


def test_snippets_trimmed() -> None:
    """Should keep every snippet to about 300 characters."""
    long_text = "Intro\n" + " ".join(["word"] * 400) + " salary\n"
    posting = Posting(id="long", source="long.txt", format="text", content_hash="x", text=long_text)
    from posting_factory import make_posting
    posting = make_posting("long", long_text, title="Intro")
    answer = answer_question("salary word", [posting], PassageIndex.build([posting]), TODAY)
    assert all(len(c.snippet) <= 300 for c in answer.citations)


def test_sentences_short() -> None:
    """Should answer a single-posting question in at most three sentences."""
    for question in ("When is the deadline for the Legal Fellow?", "What does the canvasser job pay?"):
        text = ask(question).answer
        assert text.count(". ") + 1 <= 3


def test_hourly_rates_compare_without_weekly_hours() -> None:
    """Should rank hourly pay by the hour when some postings give no weekly hours to annualise it."""
    texts = {"rn.txt": "# Night Nurse\n\nRiver Clinic\n\nPay: $47/hour, 32 hours/week\n",
             "np.txt": "# Nurse Practitioner\n\nRiver Clinic\n\nPart-time. Pay: $65 to $75 per hour\n"}
    postings = [parse_posting(name, text.encode(), today=TODAY) for name, text in texts.items()]
    answer = answer_question("which pays more, the night nurse or the nurse practitioner?", postings,
                             PassageIndex.build(postings), TODAY)
    assert answer.answer.startswith("The Nurse Practitioner (River Clinic) pays the most: $65–$75/hour")
    assert "not ranked" not in answer.answer


def test_free_question_about_a_named_posting_answers_from_it() -> None:
    """Should answer a question naming a posting from that posting's passages, though others match too."""
    answer = ask("does the data analyst job involve canvass dashboards?")
    assert answer.found and cited(answer) == {ROLLING.id}


def test_stemmed_subject_words_are_known() -> None:
    """Should know a term the postings use though its stem stems again ("compens" -> "compen")."""
    assert INDEX.knows("compens") and not INDEX.knows("compen") and not INDEX.knows("capital")
    assert ask("what compensation does the policy lead get?").found


def test_words_no_single_title_holds_fall_back_to_passages() -> None:
    """Should search the passages when the words name postings only apart ("policy canvasser")."""
    answer = ask("any policy canvasser jobs?")
    assert answer.found and not answer.answer.startswith("No posting matches")


def test_left_out_for_pay_only_when_passing_the_other_filters() -> None:
    """Should name as left out for stating no pay only postings that pass every other filter."""

    def no_pay(*names: str) -> list[str]:
        selection = select(POSTINGS, Filters(pay=PayBound(amount=60000), names=names), TODAY)
        return [p.id for p in selection.no_pay]

    assert no_pay("shelver") == [NO_DETAILS.id]
    assert no_pay("analyst") == []


def test_question_in_a_postings_own_words_cites_it() -> None:
    """Should cite the passage of a posting the question names in its own words ("Who wrangles quokkas?")."""
    text = ("Quokka Wrangler\nZephyr Collective\n\nResponsibilities:\n"
            "- Wrangle quokkas on the zephyr islands.\n")
    postings = [*POSTINGS, parse_posting("quokka-wrangler.txt", text.encode(), today=TODAY)]
    answer = answer_question("Who wrangles quokkas?", postings, PassageIndex.build(postings), TODAY)
    assert "quokka-wrangler" in cited(answer)


def test_requirements_are_read_in_the_postings_own_words() -> None:
    """Should quote who may apply ("are open to …") and a requirement stated with "shall" in other words
    than the question's ("vaccine" finds "immunizations"), citing the posting named and no other."""
    grant_text = ("Bright Futures Research Grant\nHarbor Science Fund\n\nThese grants are open to "
                  "early-career scholars who completed a doctorate in the past five years.\n")
    nurse_text = ("Clinic Nurse\nRiverside Health\n\nAll clinical staff shall provide records of measles and "
                  "hepatitis B immunizations at hire.\nPlease apply by sending a resume.\n")
    grant = parse_posting("bright-futures-grant.txt", grant_text.encode(), today=TODAY)
    nurse = parse_posting("riverside-clinic-nurse.txt", nurse_text.encode(), today=TODAY)
    postings = [grant, nurse]
    index = PassageIndex.build(postings)
    who = answer_question("who can apply for the bright futures grant?", postings, index, TODAY)
    assert "open to early-career scholars" in who.answer
    assert {c.posting_id for c in who.citations} == {grant.id}
    shots = answer_question("riverside clinic nurse - any vaccine reqs?", postings, index, TODAY)
    assert "immunizations" in shots.answer
    assert {c.posting_id for c in shots.citations} == {nurse.id}


def test_a_named_posting_is_answered_from_its_own_text_only() -> None:
    """Should answer about the posting named from its own passages, and say so when they do not tell,
    never with another posting's words; a passed priority deadline beside rolling review is said both."""
    coo_text = ("Chief Operating Officer\nLakeside Clinic\n\nThe COO aligns clinical operations with the "
                "strategic plan in partnership with the Medical Director.\n"
                "Applications are reviewed on a rolling basis, with a priority deadline of March 3, 2024.\n")
    other_text = ("Outreach Coordinator\nRiver Valley Alliance\n\nWorks with volunteers on weekend events.\n")
    coo = parse_posting("lakeside-coo.txt", coo_text.encode(), today=TODAY)
    other = parse_posting("river-valley-outreach.txt", other_text.encode(), today=TODAY)
    postings = [coo, other]
    index = PassageIndex.build(postings)
    works = answer_question("lakeside clinic COO works with who?", postings, index, TODAY)
    assert works.answer == "I couldn't find that in the Chief Operating Officer (Lakeside Clinic) posting."
    assert {c.posting_id for c in works.citations} == {coo.id}
    still = answer_question("is the lakeside clinic COO job still open?", postings, index, TODAY)
    assert still.answer.startswith("No:") and "rolling basis" in still.answer


def test_remote_and_experience_answers_quote_what_the_body_says_of_them() -> None:
    """Should quote, for "can I live anywhere?", where a remote role may be done from as well as that it is
    remote, and, for experience, a posting saying no previous skills are needed."""
    text = ("Data Fellow\nOpen Ledger Project\n\nLocation: Remote\nThis fellowship is fully remote. It can "
            "be based anywhere in the United States, with a preference for the Mountain West.\n"
            "No previous coding or design skills are required; we train every fellow.\n")
    fellow = parse_posting("open-ledger-data-fellow.txt", text.encode(), today=TODAY)
    index = PassageIndex.build([fellow])
    where = answer_question("open ledger data fellow - can i live anywhere?", [fellow], index, TODAY)
    assert "Mountain West" in where.answer
    skills = answer_question("do i need coding experience for the open ledger data fellow?", [fellow], index,
                             TODAY)
    assert "No previous coding or design skills are required" in skills.answer


def test_a_board_saying_no_benefits_is_quoted() -> None:
    """Should answer a benefits question with the board's own "no benefits listed", not a bare "I couldn't
    find"."""
    text = ('+++\ntitle = "Program Director"\norganization = "Cedar Youth Works"\n'
            'b_benefits = ["no benefits listed"]\n+++\nLead our after-school programs.\n')
    posting = parse_posting("cedar-program-director.md", text.encode(), today=TODAY)
    answer = answer_question("does the cedar youth works program director come with benefits?", [posting],
                             PassageIndex.build([posting]), TODAY)
    assert "lists no benefits" in answer.answer and "“no benefits listed”" in answer.answer
