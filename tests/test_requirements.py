"""Requirements: minimum years of experience, languages, travel, driver's licence."""

from __future__ import annotations

import pytest
from extract_support import assert_evidence, sample

from knowledge.document import Document
from knowledge.extract.requirements import (
    find_drivers_license,
    find_languages,
    find_min_years_experience,
    find_travel,
)
from knowledge.frontmatter import read_front_matter

ALL_SAMPLES = [
    "jobs-to-move-america-california-senior-organizer",
    "local-progress-membership-organizer",
    "local-progress-organizing-director",
    "peoples-action-movement-politics-deputy-organizer",
    "pop-pasadena-organizer",
]


@pytest.mark.parametrize(("stem", "years", "line"), [
    ("local-progress-membership-organizer", 6, 28),
    ("local-progress-organizing-director", 10, 21),
    ("jobs-to-move-america-california-senior-organizer", 2, 31),
    ("pop-pasadena-organizer", 3, 82),
])
def test_sample_years(stem: str, years: int, line: int) -> None:
    """Should take each sample's main experience requirement, not a narrower or descriptive one."""
    doc = sample(stem)
    fact = find_min_years_experience(doc, [])
    assert fact is not None
    assert (fact.value, fact.start_line) == (years, line)
    assert_evidence(doc, fact)


def test_sample_without_years() -> None:
    """Should give no figure when a posting asks for no years of experience."""
    assert find_min_years_experience(sample("peoples-action-movement-politics-deputy-organizer"), []) is None


@pytest.mark.parametrize(("text", "years"), [
    ("Requirements\n- Minimum of five (5) years of professional experience", 5),
    ("- 3+ years experience in field organizing", 3),
    ("Required:\n- 2 to 4 years of campaign experience\nPreferred:\n- 7 years of management experience", 2),
    ("5+ years of experience preferred; at least 2 years of experience required.", 2),
    ("Qualifications\n- One year of experience in organizing", 1),
    ("Qualifications\n- Eight years’ experience leading campaigns", 8),
    ("Qualifications\n- 4-6 years of organizing experience\n- 2+ years supervising staff", 4),
    ("Someone who managed staff over a period of 3+ years.\nRequired\n- 8+ years of organizing", 8),
    ("Minimum 4 – 6 years’ work experience in a union.", 4),
    ("A GED and two years front desk experience are required.", 2),
    ("- A minimum of 3 yrs working with SQL and large datasets", 3),
    ("- At least 2 years of teaching or tutoring adults", 2),
    ("A degree plus one (1) year of experience in youth work; OR a diploma plus three (3) years of such "
     "experience.", 1),
    ("- at least a year of paid field experience on a campaign", 1),
    ("* Entry level welcome! If you've run social media for a club, apply.", 0),
])
def test_years_snippets(text: str, years: int) -> None:
    """Should read the minimum years from required experience wording."""
    doc = Document(text)
    fact = find_min_years_experience(doc, [])
    assert fact is not None
    assert fact.value == years
    assert_evidence(doc, fact)


@pytest.mark.parametrize("text", [
    "Founded in 2016, we have grown for over 3 years of organizing.",
    "For over 20 years of organizing, we have won.",
    "Over the past 10 years, we have won many campaigns.",
    "Applicants must be at least 18 years old.",
    "We offer a two-year fellowship.",
    "The grant runs for 3 years.",
    "After 2 years the staff member gains more experience.",
    "Vacation is 10 days, rising to 15 after at least 2 years of service.",
    "We have spent at least 5 years of funding cycles on this.",
    "Fellows commit to a year of service with our team.",
])
def test_years_not_requirements(text: str) -> None:
    """Should ignore organisation history, ages and terms."""
    assert find_min_years_experience(Document(text), []) is None


def test_sample_languages() -> None:
    """Should find both languages of a bilingual requirement, citing it."""
    doc = sample("pop-pasadena-organizer")
    facts = find_languages(doc, [])
    assert [f.value for f in facts] == ["Spanish", "English"]
    assert all(f.start_line == 84 for f in facts)
    for fact in facts:
        assert_evidence(doc, fact)


@pytest.mark.parametrize("stem", [s for s in ALL_SAMPLES if s != "pop-pasadena-organizer"])
def test_sample_without_languages(stem: str) -> None:
    """Should find no language requirement where none is stated."""
    assert find_languages(sample(stem), []) == []


@pytest.mark.parametrize(("text", "languages"), [
    ("Spanish a plus.", ["Spanish"]),
    ("Fluency in Mandarin or Cantonese is required.", ["Mandarin", "Cantonese"]),
    ("Bilingual (English/Spanish) preferred", ["English", "Spanish"]),
    ("Ability to speak Vietnamese, Korean, or Tagalog strongly preferred.",
     ["Vietnamese", "Korean", "Tagalog"]),
    ("Proficiency in American Sign Language is a plus.", ["American Sign Language"]),
    ("Experience pitching English-language media outlets. Fluent Haitian Creole required.",
     ["Haitian Creole"]),
    ("• French an asset", ["French"]),
    ("Welsh language skills desirable", ["Welsh"]),
    ("Knowledge of Cree or Ojibwe would be an advantage.", ["Cree", "Ojibwe"]),
    ("Haitian Creole required.\n    French is helpful", ["Haitian Creole", "French"]),
    ("Bilingual Spanish/English; Mixteco or Triqui is a plus.", ["Spanish", "English", "Mixteco", "Triqui"]),
    ("ASL preferred; Ilocano a plus.", ["American Sign Language", "Ilocano"]),
    ("Akan (Twi) or Wolof would be useful; Lingala an asset.", ["Akan", "Twi", "Wolof", "Lingala"]),
    ("Fluent Cape Verdean Creole (Kriolu) required", ["Cape Verdean Creole"]),
    ("- Yup’ik or Iñupiaq speakers preferred", ["Yup'ik", "Inupiaq"]),
    ("Must speak English and Haitian creole", ["English", "Haitian Creole"]),
    # a bullet that only lists languages, under a heading that asks for things
    ("Desirable:\n\n- Ability to drive\n- Arabic, Pashto or Dari\n- Experience with refugees\n",
     ["Arabic", "Pashto", "Dari"]),
    ("Preferred Qualifications\n* Spanish / Portuguese\n", ["Spanish", "Portuguese"]),
    # a bilingual role whose one other language the posting names without asking for it in words
    ("Bilingual Program Manager\n\nLead our Spanish chat team and the operations team.", ["Spanish"]),
    # the work itself done in two languages
    ("You will answer calls and texts in English and Spanish.", ["English", "Spanish"]),
    ("Requirements:\n• Vietnamese\n• Two years of outreach experience\n", ["Vietnamese"]),
    ("We serve families across the borough, and our doulas " + "work with clients at every stage " * 8
     + "and preferably are bilingual (speak English, plus another language, eg Spanish, Bangla, etc).",
     ["English", "Spanish", "Bangla"]),
])
def test_language_snippets(text: str, languages: list[str]) -> None:
    """Should list the languages a role asks for, each once."""
    doc = Document(text)
    facts = find_languages(doc, [])
    assert [f.value for f in facts] == languages
    for fact in facts:
        assert_evidence(doc, fact)


@pytest.mark.parametrize("text", [
    "Experience pitching English-language media outlets.",
    "Organize Spanish-speaking communities in the valley.",
    "We publish our newsletter in French.",
    "Our clinic " + "offers screening and care to young people " * 6
    + "including Spanish speaking youth, and our peer educators " + "reach schools and parks " * 6 + ".",
    # a language menu, a list under a heading that asks nothing, people rather than a skill
    "English | Español | Français\n\nOrganizer\n",
    "Our programs:\n- Arabic, Pashto or Dari\n",
    "Requirements:\n- Experience organizing Arabic and Somali speaking communities\n",
    # what the organization offers, and the language of an application, ask nothing of the role
    "All our services are offered in both English and Spanish.",
    "Pay: $18/hour plus a bilingual stipend.\n\nWe serve Spanish-speaking families.",
    "Bilingual Organizer\n\nWe work with the Spanish and Vietnamese press.",
    "Email a resume and a cover letter (in English or Spanish).",
])
def test_language_mentions_that_are_not_requirements(text: str) -> None:
    """Should ignore language names that do not describe a skill the role needs."""
    assert find_languages(Document(text), []) == []


@pytest.mark.parametrize(("stem", "value", "line"), [
    ("local-progress-organizing-director", "up to six days a month", 11),
    ("local-progress-membership-organizer", "at least once a month", 33),
])
def test_sample_travel(stem: str, value: str, line: int) -> None:
    """Should quote how much travel a sample asks for."""
    doc = sample(stem)
    fact = find_travel(doc, [])
    assert fact is not None
    assert (fact.value, fact.start_line) == (value, line)
    assert_evidence(doc, fact)


@pytest.mark.parametrize(("text", "value"), [
    ("Travel up to 25% of the time.", "up to 25% of the time"),
    ("This role requires 10% travel.", "10%"),
    ("No travel is required for this role.", "No travel"),
    ("Occasional overnight travel within the state.", "Occasional overnight travel"),
    ("Willingness to travel.", "Willingness to travel"),
    ("Travel 2-3 times per year for convenings.", "2-3 times per year"),
    ("Must travel to the state capitol twice a month during session.", "twice a month"),
])
def test_travel_snippets(text: str, value: str) -> None:
    """Should give the stated travel amount, or the travel wording when no amount is given."""
    doc = Document(text)
    fact = find_travel(doc, [])
    assert fact is not None
    assert fact.value == value
    assert_evidence(doc, fact)


@pytest.mark.parametrize("text", [
    "We reimburse travel expenses.",
    "Our travel policy is in the handbook.",
])
def test_travel_not_stated(text: str) -> None:
    """Should give no travel requirement for travel that is not asked of the candidate."""
    assert find_travel(Document(text), []) is None


def test_sample_drivers_license() -> None:
    """Should see a sample's driver's licence requirement."""
    doc = sample("pop-pasadena-organizer")
    fact = find_drivers_license(doc, [])
    assert fact is not None
    assert (fact.value, fact.start_line) == (True, 83)
    assert_evidence(doc, fact)


@pytest.mark.parametrize(("text", "needed"), [
    ("A driver’s licence is required.", True),
    ("Must have a valid driving license.", True),
    ("Valid drivers license and reliable car preferred.", True),
    ("A driver's license is not required.", False),
])
def test_drivers_license_snippets(text: str, needed: bool) -> None:
    """Should read whether a driver's licence is asked for, in any spelling."""
    doc = Document(text)
    fact = find_drivers_license(doc, [])
    assert fact is not None
    assert fact.value is needed
    assert_evidence(doc, fact)


@pytest.mark.parametrize("text", ["Reliable transportation is a plus.", "We license our materials openly."])
def test_drivers_license_not_stated(text: str) -> None:
    """Should give no answer when no driver's licence is mentioned."""
    assert find_drivers_license(Document(text), []) is None


# --- years: maxima, pay tiers, none needed, alternatives ----------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("No experience required; training provided.", 0),
    ("No prior policy experience required – we value lived experience as expertise.", 0),
    ("We're looking for 3+ years of communications experience at a nonprofit.", 3),
    ("Qualifications: 5+ years writing successful grant proposals; Spanish a plus.", 5),
    ("- A year or more of communications experience (internships count)", 1),
    # a run-on paragraph: money elsewhere in it sets no pay tier
    ("We moved $410,000 in aid last year, so our books outgrew the spreadsheet, and we need someone to "
     "reconcile our accounts every week, prepare monthly reports for our steering committee, help our "
     "outside CPA with the annual 990, keep our insurance and state filings up to date, and keep the "
     "office running; you should have at least three years of bookkeeping experience and be comfortable "
     "with QuickBooks; the job is 24 hours a week at $24/hour.", 3),
    ("No prior organizing experience is necessary: we train you.", 0),
    ("You do not need any previous organizing experience.", 0),
    ("Must have experience working specifically in Webflow (minimum of 2 years).", 2),
    ("We want 0-2 years of organizing experience.", 0),
    ("At least five years, at a manager level or higher, working in a city government.", 5),
    ("A minimum of four years’ experience leading an organization or a minimum of five years’ experience "
     "in senior leadership.", 4),
    ("Requirements: five years of experience in organizing.", 5),
    ("6 or more years of union organizing experience, including at least two years supervising organizers.",
     6),
])
def test_years_rules(text: str, expected: int) -> None:
    """Should read the smallest years asked for by general rules."""
    doc = Document(text)
    years = find_min_years_experience(doc, [])
    assert years is not None and years.value == expected
    assert_evidence(doc, years)


@pytest.mark.parametrize("text", [
    "This entry-level position is open to staff with less than one (1) year of paid organizing experience.",
    "APC II: $45.04 - $60.53 /hour for NPs with at least one year of prior experience.",
    "Big news: after two years of running on volunteer power, we can pay someone to lead our work!",
    "Pay is $50,000 a year or more depending on experience.",
])
def test_years_that_ask_nothing(text: str) -> None:
    """Should not read a maximum or a pay tier's condition as a minimum requirement."""
    assert find_min_years_experience(Document(text), []) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Lancar berbahasa Indonesia dan mampu bekerja dengan Bahasa Inggris.", ["Indonesian", "English"]),
    ("Se busca organizador que hable Español con fluidez; fluent English required.", ["Spanish", "English"]),
    ("Bilingual candidates encouraged to apply.", []),
    ("Fluency in Spanish, Vietnamese or Tagalog is a plus.", ["Spanish", "Vietnamese", "Tagalog"]),
])
def test_language_rules(text: str, expected: list[str]) -> None:
    """Should name languages in English, however the posting names them, and none for bare "bilingual"."""
    assert [f.value for f in find_languages(Document(text), [])] == expected


def test_translator_title_names_its_language() -> None:
    """Should read the language a translator role works in from its front-matter title."""
    text = '+++\ntitle = "Russian Translator and Project Manager"\n+++\nWe need help with outreach.\n'
    doc = Document(text)
    languages = find_languages(doc, [], body_start=read_front_matter(text).body_start)
    assert [f.value for f in languages] == ["Russian"]
    assert_evidence(doc, languages[0])
