"""Claims about one posting, parsed from text written for these tests: the posting's own words are quoted
beside the typed value, and absence is said only after looking."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.models import EmploymentType as T
from knowledge.models import Posting
from knowledge.parse import parse_posting
from retrieval.fields import FIELDS, Claim, Context
from retrieval.request import Ask, Filters

TODAY = dt.date(2026, 11, 30)


def parsed(text: str, name: str = "posting.md") -> Posting:
    return parse_posting(name, text.encode(), today=TODAY)


def claim(text: str, ask: Ask, question: str = "", filters: Filters | None = None) -> Claim:
    posting = parsed(text)
    return FIELDS[ask].claim(posting, Context(TODAY, filters or Filters(), question))


def said(made: Claim) -> str:
    """What a reader sees: the sentence and the cited lines."""
    return " ".join([made.sentence, *(s.text for s in made.spans)])


HARBOR_CLERK = """# Records Clerk

Harbor Legal Aid is hiring a records clerk for its downtown office.

The clerk keeps case files in order and answers the front desk phone. Applicants must hold a valid notary
commission issued by the state. We require all staff to show proof of a current tetanus shot.

## Qualifications

* Two years of office experience
* Comfortable with spreadsheets
"""


@pytest.mark.parametrize(("question", "expected"), [
    ("does the records clerk need a notary commission?", "valid notary commission"),
    ("any shot requirement for the records clerk?", "tetanus shot"),
    ("what are the requirements for the records clerk", "Two years of office experience"),
])
def test_requirements_quote_the_sentences_stating_them(question: str, expected: str) -> None:
    """Should quote the body's own requirement sentences and listed lines, not only typed values."""
    made = claim(HARBOR_CLERK, Ask.REQUIREMENTS, question)
    assert made.stated and expected in said(made)


def test_requirements_lead_with_the_asked_item() -> None:
    """Should put the sentence using the question's own word first."""
    made = claim(HARBOR_CLERK, Ask.REQUIREMENTS, "is a tetanus shot required for the records clerk?")
    assert "tetanus" in made.sentence.split("”")[0]


def test_requirements_never_quote_front_matter() -> None:
    """Should not quote a front-matter line as a requirement sentence."""
    text = '+++\ntitle = "Canvass Lead"\nrequirements_note = "must be 18"\n+++\nWe knock on doors.\n'
    made = claim(text, Ask.REQUIREMENTS, "what does the canvass lead require")
    assert "must be 18" not in made.sentence


TRANSLATOR = """# Interpreter

The interpreter will translate Portuguese materials into Italian for our clinics.

## You bring

* Full professional fluency in Italian and Portuguese, written and spoken
"""


def test_languages_quote_the_fluency_line() -> None:
    """Should cite the line saying how the languages must be known, in the posting's own order."""
    made = claim(TRANSLATOR, Ask.LANGUAGES, "what languages for the interpreter")
    assert made.stated and "fluency in Italian and Portuguese" in said(made)


CLINIC_NURSE = """# Clinic Nurse

Pay: $40/hour

Compensation and perks
* A benefits package worth more than $9,500 a year
* A welcome bonus of $1,200 paid in two parts
* Not eligible for overtime

We also match 403(b) contributions.
"""


def test_benefits_quote_body_lines_with_their_figures() -> None:
    """Should quote the body's lines about benefits, figures included, beside the listed items."""
    made = claim(CLINIC_NURSE, Ask.BENEFITS, "what benefits does the clinic nurse get")
    assert made.stated
    for words in ("$9,500", "$1,200", "403(b)"):
        assert words in said(made)


def test_benefits_only_in_prose_are_found() -> None:
    """Should find benefits stated only in a sentence, never saying there are none."""
    text = "# Organizer\n\nThis role is not benefits eligible, and it is paid hourly.\n"
    made = claim(text, Ask.BENEFITS, "benefits for the organizer?")
    assert "not benefits eligible" in said(made) and "couldn't find" not in made.sentence


def test_no_benefits_is_said_after_looking() -> None:
    """Should say "I couldn't find" when no line speaks of benefits."""
    made = claim("# Organizer\n\nKnock doors in the evening.\n", Ask.BENEFITS, "benefits?")
    assert not made.stated and "couldn't find benefits" in made.sentence


def test_travel_costs_find_airfare_and_allowances() -> None:
    """Should read "travel covered" as travel costs and find airfare and allowance lines."""
    text = ("# Field Mapper\n\n## What we offer\n\n* Return flights to the island provided\n"
            "* Daily allowance for meals and lodging\n")
    made = claim(text, Ask.BENEFITS, "is travel covered?", Filters(benefits=("travel costs",)))
    assert made.stated and "Daily allowance" in said(made) and "Return flights" in said(made)


@pytest.mark.parametrize(("body", "written"), [
    ("Kirim lamaran paling lambat 14 Oktober 2026 pukul 17.00.", "14 Oktober 2026"),
    ("Applications close on the 14th of October 2026.", "14th of October 2026"),
    ("Send your CV before Oct. 14, 2026 at noon.", "Oct. 14, 2026"),
])
def test_deadline_quotes_the_date_as_the_body_writes_it(body: str, written: str) -> None:
    """Should give the posting's own words for a deadline read from a machine date in front matter."""
    text = f"---\ntitle: Mapper\nDeadline Date: 2026-10-14 00:00:00 Z\n---\n\n{body}\n"
    made = claim(text, Ask.DEADLINE, "deadline for the mapper?")
    assert made.stated and f"(“{written}”)" in made.sentence


def test_deadline_written_in_words_is_not_repeated() -> None:
    """Should not quote the date again when the deadline's own evidence writes it in words."""
    made = claim("# Mapper\n\nApplication deadline: October 14, 2026\n", Ask.DEADLINE, "deadline?")
    assert "(“" not in made.sentence


def test_rolling_review_quotes_its_words_however_far_into_the_line() -> None:
    """Should quote the words saying applications are reviewed until filled, not the line's start."""
    text = ("# Analyst\n\nApplication deadline: December 20, 2026\n\nTo apply, send a resume and a short "
            "letter describing two projects you led to our hiring team; we will review applications on a "
            "rolling basis until the position is filled.\n")
    made = claim(text, Ask.DEADLINE, "analyst deadline")
    assert "December 20, 2026" in made.sentence
    assert "rolling basis until the position is filled" in made.sentence


COORDINATOR = """+++
title = "Program Coordinator"
location = "Remote, Oregon"
b_benefits = ["Permanently Remote", "Dental"]
+++

The coordinator supports our clinics. This position is mostly remote, with quarterly in-person retreats in
Eugene, OR. You will report to the director.
"""


def test_remote_quotes_the_body_not_front_matter_lists() -> None:
    """Should quote the body's sentence about remote work, not a front-matter benefits list."""
    made = claim(COORDINATOR, Ask.REMOTE, "is the coordinator remote?")
    assert "quarterly in-person retreats in Eugene, OR" in made.sentence
    assert "b_benefits" not in made.sentence


@pytest.mark.parametrize(("body", "words"), [
    ("This full-time role is available in either Maui, Hawaii or Juneau.", "Maui, Hawaii or Juneau"),
    ("Location: Norfolk/Tidewater region", "Norfolk/Tidewater region"),
    ("The organizer will be based out of our Tulsa field office.", "Tulsa field office"),
    ("We have three health center locations in Alaska: Anchorage, Fairbanks and Juneau.",
     "Anchorage, Fairbanks and Juneau"),
])
def test_location_quotes_the_body_naming_the_place(body: str, words: str) -> None:
    """Should quote the body's own words for the place beside the front-matter location."""
    made = claim(f'+++\ntitle = "Organizer"\nlocation = "Alaska"\n+++\n\n{body}\n', Ask.LOCATION, "where?")
    assert made.stated and words in made.sentence


def test_remote_heading_counts_as_the_body_saying_so() -> None:
    """Should quote a heading such as "Fully Remote" as the body's evidence."""
    text = '+++\ntitle = "Nurse"\nlocation = "Remote"\n+++\n\n## Fully Remote\n\nSee patients by video.\n'
    made = claim(text, Ask.REMOTE, "is the nurse remote")
    assert "Fully Remote" in made.sentence


@pytest.mark.parametrize(("text", "ask", "words"), [
    ('+++\ntitle = "Camp Counselor"\nsalary = "$20/hour; six weeks June 29-August 21"\n+++\n\n'
     "Over the course of six weeks, the summer internship program teaches outdoor skills.\n", Ask.DURATION,
     "June 29-August 21"),
    ("# Poll Worker\n\nPart-time, about 12-18 hours a week.\n\nEarly February to 14 March 2027.\n", Ask.HOURS,
     "to 14 March 2027"),
])
def test_term_quoted_beside_duration_and_hours(text: str, ask: Ask, words: str) -> None:
    """Should quote the posting's own words about when the role runs beside the duration or hours."""
    made = claim(text, ask, "how long / what hours")
    assert made.stated and words in made.sentence


def test_probation_is_not_the_term() -> None:
    """Should not quote a probation period as the role's term."""
    text = "# Poll Worker\n\nAbout 12 hours a week.\n\nA two-month probation period applies.\n"
    assert "probation" not in claim(text, Ask.HOURS, "hours?").sentence


def test_reporting_line_quoted_around_its_words() -> None:
    """Should quote the words around "report to", however far into a long line they are."""
    text = ("# Data Intern\n\n" + "The party is seeking a data intern to help with voter files. " * 4
            + "The intern will report to the deputy analytics manager and work with the field team.\n")
    made = claim(text, Ask.REPORTS_TO, "who does the data intern report to")
    assert "deputy analytics manager" in made.sentence


@pytest.mark.parametrize(("text", "stated"), [
    ('+++\ntitle = "Analyst"\ndegree = "Bachelor\'s degree required"\n+++\n\nWe analyse data.\n', True),
    ('+++\ntitle = "Analyst"\ndegree = "No degree required"\n+++\n\nWe analyse data.\n', False),
    ("# Analyst\n\nRequirements\n- A B.A. or B.S. in statistics\n", True),
    ("# Analyst\n\nRequirements\n- A master's in statistics\n", False),
    ("# Analyst\n\nRequirements\n- No college degree required\n", False),
])
def test_degree_named_in_the_question(text: str, stated: bool) -> None:
    """Should count a posting as asking for the degree a question names only when it asks for that one."""
    made = claim(text, Ask.DEGREE, "which jobs require a bachelor's degree?")
    assert made.stated is stated
    assert made.spans


def test_either_type_asked_is_answered_without_yes_or_no() -> None:
    """Should say which type it is for "full or part time?", and yes or no for "part time?"."""
    text = "# Researcher\n\nA part-time role, 8 hours a week.\n"
    both = Filters(types=frozenset({T.FULL_TIME, T.PART_TIME}))
    either = claim(text, Ask.TYPE, "is it full or part time?", both)
    assert either.sentence.startswith("The Researcher") and "part-time" in either.sentence
    one = claim(text, Ask.TYPE, "is it part time?", Filters(types=frozenset({T.PART_TIME})))
    assert one.sentence.startswith("Yes: the Researcher")


def test_duties_quote_the_section_saying_what_the_role_does() -> None:
    """Should quote the first items under a duties heading, not a supervisory one before it."""
    text = ("# Data Manager\n\nSupervisory Responsibilities\n- Supervises two interns\n\n"
            "What You Will Do\n- Keep the member lists clean\n- Build turnout reports\n\n"
            "About Us\nWe organize.\n")
    made = claim(text, Ask.DUTIES, "what are the duties of the data manager?")
    assert made.stated and "Keep the member lists clean" in made.sentence and "interns" not in made.sentence


def test_duties_prefer_a_responsibilities_section_to_an_about_section() -> None:
    """Should quote "Responsibilities" over an "About the Role" section before it."""
    text = ("# Data Manager\n\nAbout the Role\nWe are a growing team.\n\nResponsibilities\n"
            "- Keep the member lists clean\n")
    made = claim(text, Ask.DUTIES, "what are the duties?")
    assert "Keep the member lists clean" in made.sentence and "growing team" not in made.sentence


@pytest.mark.parametrize(("text", "ask", "opening", "quoted"), [
    # no list of duties: the sentence saying what the role will do
    ("# Field Manager\n\nRiver Votes is hiring. The Field Manager will lead our canvass in two counties.\n",
     Ask.DUTIES, "I couldn't find a list of duties", "will lead our canvass"),
    # no word on remote work: where the body puts the work
    ('+++\ntitle = "Staff Attorney"\nlocation = "Montana"\n+++\n\nThe attorney advances equity. '
     "Based in Montana, the attorney works with partners statewide.\n",
     Ask.REMOTE, "I couldn't find whether", "Based in Montana"),
])
def test_an_unstated_field_quotes_the_nearest_statement(text: str, ask: Ask, opening: str,
                                                       quoted: str) -> None:
    """Should say what it couldn't find, quoting what the posting says nearest to it."""
    made = claim(text, ask, "what about it?")
    assert not made.stated and made.sentence.startswith(opening)
    assert quoted in made.sentence


def test_details_quote_where_the_posting_points() -> None:
    """Should quote the line pointing to a fuller description, and say when there is none."""
    text = ("# Canvass Lead\n\nRiver Tenants Union is hiring.\n\nThe full job description is on our "
            "website: https://river.example/jobs\n")
    made = claim(text, Ask.DETAILS, "where are the details?")
    assert made.stated and "river.example/jobs" in said(made)
    none = claim("# Canvass Lead\n\nRiver Tenants Union is hiring.\n", Ask.DETAILS, "where are the details?")
    assert not none.stated and none.sentence.startswith("I couldn't find")


def test_benefit_item_cites_the_body_line_beside_the_list() -> None:
    """Should cite the body's line for an asked item as well as a front-matter list naming it."""
    text = '+++\ntitle = "Assistant"\nb_benefits = ["Union-Eligible"]\n+++\n\nUnion Position: Yes\n'
    made = claim(text, Ask.BENEFITS, "is it a union position", Filters(benefits=("union",)))
    assert made.stated and "Union Position: Yes" in said(made)


def test_benefit_item_quotes_the_body_detail_beside_a_board_tag() -> None:
    """Should quote, beside a board's "Retirement" tag, the body's sentence saying what the plan is, with
    the figure after its name ("does it match 401k?")."""
    text = ('+++\ntitle = "Organizer"\nb_benefits = ["Retirement", "Dental"]\n+++\n\nWe offer full medical, '
            "dental and vision coverage and life insurance. River Action provides a 401k benefit that offers "
            "a dollar-for-dollar match of up to 4% of an employee's contribution.\n")
    made = claim(text, Ask.BENEFITS, "does river action match 401k", Filters(benefits=("retirement",)))
    assert made.stated and "match of up to 4%" in made.phrase


def test_insurance_in_duties_is_no_benefit() -> None:
    """Should not take a duty about patients' insurance for a benefit."""
    text = "# Billing Clerk\n\nVerify patients' insurance and post payments daily.\n"
    made = claim(text, Ask.BENEFITS, "benefits for the billing clerk?")
    assert not made.stated and "couldn't find benefits" in made.sentence


def test_an_application_date_is_not_the_term() -> None:
    """Should not quote the application window as when the role runs."""
    text = "# Poll Worker\n\nAbout 12 hours a week.\n\nApplications accepted until 14 March 2027.\n"
    assert "Applications accepted" not in claim(text, Ask.HOURS, "hours?").sentence


def test_experience_without_years_is_quoted_not_denied() -> None:
    """Should quote a sentence asking for experience even when it gives no number of years."""
    text = "# Front Desk Associate\n\nPrevious experience in a medical office is preferred.\n"
    made = claim(text, Ask.EXPERIENCE, "does the front desk associate need experience")
    assert made.stated and "Previous experience in a medical office" in made.sentence


def test_no_experience_needed_is_said_in_the_postings_words() -> None:
    """Should say no experience is needed, quoting how the posting says so."""
    text = "# Survivor Advocate\n\n- No experience necessary – we provide 40 hours of training\n"
    made = claim(text, Ask.EXPERIENCE, "do i need experience for the survivor advocate job")
    assert made.stated and "needs no prior experience" in made.sentence
    assert "No experience necessary – we provide 40 hours of training" in made.sentence


def test_a_heading_that_matches_is_quoted_with_what_it_heads() -> None:
    """Should quote the bullets under a matching heading ("Eligibility"), not the heading alone."""
    text = "# Summer Legal Intern\n\nWe sue.\n\n## Eligibility\n\n- Law students who finished a year\n"
    made = claim(text, Ask.REQUIREMENTS, "who can apply to the summer legal internship")
    assert "Law students who finished a year" in made.sentence and "“Eligibility”" not in made.sentence


def test_no_experience_asked_is_said_after_looking() -> None:
    """Should say it couldn't find an experience requirement when no sentence asks for one."""
    made = claim("# Greeter\n\nWelcome visitors at the door.\n", Ask.EXPERIENCE, "experience needed?")
    assert not made.stated and "couldn't find an experience requirement" in made.sentence


def test_where_quotes_the_states_to_work_from() -> None:
    """Should answer "where" from a body listing where the role may be worked from."""
    text = "# Campaign Organizer\n\nTemporary, Full Time • Work from Oregon, Utah, Idaho\n"
    made = claim(text, Ask.LOCATION, "where is the campaign organizer")
    assert made.stated and "Work from Oregon, Utah, Idaho" in made.sentence


BOARD_CONSULTANT = """+++
title = "Grants Lead"
organization = "Riverside Tenant Network"
location = "Oregon"
a_job_type = ["Consultant","Part Time"]
aa_degrees_required = "Bachelor's degree required"
link = "https://example.org/apply/grants-lead"
+++

""" + (  # one paragraph, one line, as boards write them
    "Riverside Tenant Network (RTN) funds tenant unions across Oregon. Our staff, all of whom work remotely, "
    "meet twice a year. While this role will be based remotely in Oregon, it joins in-person retreats "
    "in Salem twice a year. This is a PT consultant role of about 15 hours a week. The role needs a "
    "Master's degree or a Bachelor's degree and three years of grant writing. Our interns include MPH "
    "students. The lead must be fluent in English and Spanish.\n\n"
    "To apply, send a resume and a cover letter through the link above.\n")


def test_a_type_asked_as_a_choice_is_answered_not_confirmed() -> None:
    """Should answer "an employee job or consulting?" with the type, not "Yes", quoting the body's own
    sentence beside a board's type tags."""
    made = claim(BOARD_CONSULTANT, Ask.TYPE, "is the grants lead an employee job or consulting?",
                 Filters(types=frozenset({T.CONTRACT})))
    assert not made.sentence.startswith(("Yes", "No"))
    assert "contract and part-time" in made.sentence
    assert "PT consultant role" in made.sentence and any("PT consultant role" in s.text for s in made.spans)


def test_remote_answer_quotes_the_roles_sentence_beside_the_cited_one() -> None:
    """Should quote another sentence of the line already cited when it too says how the role is worked."""
    made = claim(BOARD_CONSULTANT, Ask.REMOTE, "is the grants lead remote?")
    assert "based remotely in Oregon" in made.sentence


def test_languages_read_from_a_title_quote_the_body_sentence_naming_them() -> None:
    """Should quote the sentence saying how the languages are used, not the start of its paragraph."""
    text = BOARD_CONSULTANT.replace('"Grants Lead"', '"Grants Lead (English/Spanish bilingual)"')
    made = claim(text, Ask.LANGUAGES, "what languages for the grants lead?")
    assert "It says: “The lead must be fluent in English and Spanish.”" in made.sentence


def test_a_degree_the_board_does_not_name_is_looked_for_in_the_body() -> None:
    """Should quote the body's mention of the asked degree, not deny it because a board's key names
    another; and only the sentences speaking of a degree ("MPH students" is none)."""
    made = claim(BOARD_CONSULTANT, Ask.DEGREE, "do i need a masters for the grants lead?")
    assert made.stated and "Master's degree or a Bachelor's degree" in made.sentence
    assert "MPH students" not in made.sentence and "not a master" not in made.sentence


def test_apply_answer_quotes_what_to_send() -> None:
    made = claim(BOARD_CONSULTANT, Ask.APPLY, "how do i apply to the grants lead?")
    assert "https://example.org/apply/grants-lead" in made.sentence
    assert "a resume and a cover letter" in made.sentence
    assert any("cover letter" in s.text for s in made.spans)


EITHER_HOURS = """# Ultrasound Technologist

Valley Clinic seeks an ultrasound technologist. Full-Time and Part-Time hours available, Tuesday to Saturday.
"""


@pytest.mark.parametrize(("question", "types", "start"), [
    ("is the ultrasound technologist part time?", {T.PART_TIME}, "Yes: "),
    ("is the ultrasound technologist full time or part time?", {T.PART_TIME, T.FULL_TIME}, "The "),
])
def test_full_and_part_time_offered_together_answer_either(question: str, types: set[T], start: str) -> None:
    made = claim(EITHER_HOURS, Ask.TYPE, question, Filters(types=frozenset(types)))
    assert made.stated and made.sentence.startswith(start)
    assert "full-time or part-time" in made.sentence


def test_a_boards_closing_date_is_shown_with_the_bodys_own() -> None:
    """Should give the board's closing date and quote the body's, which may differ from it."""
    text = ('+++\ntitle = "Grant Writer"\nclosing_date = "February 24, 2025"\n+++\n\n'
            "Please email a proposal and budget to jobs@example.org no later than 5 PM on March 3rd, 2025."
            " "
            "Interviews follow in late November.\n")
    made = claim(text, Ask.DEADLINE, "whats the deadline for the grant writer?")
    assert "February 24, 2025" in made.sentence
    assert "no later than 5 PM on March 3rd, 2025" in made.sentence
    assert any("March 3rd" in s.text for s in made.spans)


BOARD_FIELDS = """+++
title = "Education Coordinator"
organization = "Valley Health"
location = "Oregon"
salary = "$66,000"
aa_degrees_required = "Other degree or certification required"
link = "https://example.org/jobs/education-coordinator"
+++

The coordinator runs community engagement in the Eastern Oregon region.

Advanced degree (MPH or PhD) and 4+ years of experience required.

-Salary range is $61,000 - $66,000 depending on experience.

Visit example.org/educators to learn more and submit your application by May 31.
"""


@pytest.mark.parametrize(("ask", "question", "quoted"), [
    (Ask.LOCATION, "what part of oregon is the education coordinator job", "the Eastern Oregon region"),
    (Ask.DEGREE, "what degree does the education coordinator need", "Advanced degree (MPH or PhD)"),
    (Ask.PAY, "whats the pay for the education coordinator", "Salary range is $61,000 - $66,000"),
    (Ask.APPLY, "where do i apply for the education coordinator", "Visit example.org/educators"),
])
def test_a_boards_field_is_shown_with_the_bodys_sentence(ask: Ask, question: str, quoted: str) -> None:
    """Should quote, beside a board's state-only location, vague degree, single salary or link, the body's
    sentence saying more (where in the state, which degree, the range, where to apply)."""
    made = claim(BOARD_FIELDS, ask, question)
    assert made.stated and quoted in made.sentence
    assert any(quoted in s.text for s in made.spans)


def test_a_state_only_location_quotes_the_area_the_body_names() -> None:
    text = ('+++\ntitle = "Prevention Coordinator"\nlocation = "Alaska"\n+++\n\n'
            "We prevent violence in the greater Juneau area. The coordinator runs school programs.\n")
    made = claim(text, Ask.LOCATION, "what town is the prevention coordinator job in")
    assert "greater Juneau area" in made.sentence


def test_experience_is_quoted_around_its_years_in_a_long_paragraph() -> None:
    """Should quote the words giving the years, not the start of a paragraph written on one line."""
    text = "# Managing Director of Campaigns\n\n" + " ".join((
        "Riverbend Action is looking for a director to lead its campaigns team of nine organizers and",
        "to shape our statewide strategy on housing, wages and voting rights for the next three years.",
        "We will also consider, for a senior director title, candidates with 8+ years of relevant",
        "experience, three of them managing staff.\n"))
    # as when the extractor reads the years as a more senior title's condition: the answer quotes them
    posting = parsed(text).model_copy(update={"min_years_experience": None})
    made = FIELDS[Ask.EXPERIENCE].claim(posting, Context(TODAY, Filters(), "how much experience is needed?"))
    assert "8+ years of relevant experience" in made.sentence
