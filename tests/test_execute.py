"""The executor over hand-built requests: one behaviour per operation and answer rule."""

from __future__ import annotations

import datetime as dt

import pytest
from posting_factory import CLOSED, HOURLY, NO_DETAILS, POSTINGS, ROLLING, TODAY, make_posting

from knowledge.models import EmploymentType, Fact, PayPeriod, Posting, RemoteStatus
from knowledge.parse import parse_posting
from retrieval.execute import execute
from retrieval.fields import FIELDS, Context, synonyms
from retrieval.index import PassageIndex
from retrieval.jobs import Prefilter, select
from retrieval.models import Answer
from retrieval.request import (
    Ask,
    ClosingWindow,
    Filters,
    Operation,
    PayBound,
    PlaceQuery,
    PostedWindow,
    Request,
)

INDEX = PassageIndex.build(POSTINGS)


def run(postings: list[Posting] | None = None, **fields: object) -> Answer:
    pool = postings or POSTINGS
    request = Request(text=str(fields.pop("text", "question")), **fields)  # type: ignore[arg-type]
    return execute(request, request.text, pool, PassageIndex.build(pool) if postings else INDEX, TODAY)


def cited(answer: Answer) -> list[str]:
    return list(dict.fromkeys(c.posting_id for c in answer.citations))


def test_every_ask_has_a_field() -> None:
    """Should define every ask once, as a field."""
    assert set(FIELDS) == set(Ask)


def test_lookup_multi_part_answers_one_line_per_field() -> None:
    """Should answer each asked field of a named posting on its own line."""
    answer = run(targets=(HOURLY.id,), asks=(Ask.LOCATION, Ask.PAY, Ask.DEADLINE))
    lines = answer.answer.splitlines()
    assert len(lines) == 3
    assert "Eugene, Oregon" in lines[0] and "$21/hour" in lines[1] and "December 4, 2026" in lines[2]
    assert cited(answer) == [HOURLY.id]
    assert answer.request is not None and answer.request.asks[0] == Ask.LOCATION


def test_max_names_the_winner_first_then_runners_up() -> None:
    """Should name the best-paid posting first with its value and citation, then the runners-up."""
    answer = run(asks=(Ask.PAY,), operation=Operation.MAX)
    first, *rest = answer.answer.splitlines()
    assert first.startswith(f"The Data Analyst ({ROLLING.organization.value}) pays the most")  # type: ignore[union-attr]
    assert "$68,000–$74,000 a year" in first
    assert cited(answer)[0] == ROLLING.id
    assert "Runners-up:" in rest


def test_min_on_the_low_end_of_ranges() -> None:
    """Should rank "the least" on the low end of each range."""
    answer = run(asks=(Ask.PAY,), operation=Operation.MIN)
    assert answer.answer.startswith("The Canvasser")


def test_hourly_superlative_compares_hourly_figures_only() -> None:
    """Should compare only hourly figures when hourly pay is asked, never annual salaries."""
    answer = run(asks=(Ask.PAY,), operation=Operation.MAX, filters=Filters(period=PayPeriod.HOUR))
    assert answer.answer.startswith("The Canvasser") and "Runners-up" not in answer.answer


def test_a_type_left_out_is_not_ranked() -> None:
    """Should leave internships out of "the lowest hourly wage, not counting internships"."""
    intern = parse_posting("intern.txt", b"Policy Intern\nRiver Fund\n\nA paid internship: $18/hour.",
                           today=TODAY)
    advocate = parse_posting("advocate.txt", b"Hotline Advocate\nPrairie Line\n\nPay: $19.50/hour",
                             today=TODAY)
    filters = Filters(period=PayPeriod.HOUR, excluded_types=frozenset({EmploymentType.INTERNSHIP}))
    answer = run([intern, advocate], asks=(Ask.PAY,), operation=Operation.MIN, filters=filters)
    assert answer.answer.startswith("The Hotline Advocate") and cited(answer) == [advocate.id]


def test_a_tie_on_the_top_of_ranges_is_broken_on_their_low_end() -> None:
    """Should rank $49,500–$67,000 above $49,000–$67,000, not call them tied."""
    def ranged(pid: str, low: int) -> Posting:
        text = f"Organizer\nA Union\n\nSalary: ${low:,} - $67,000\n"
        return make_posting(pid, text, title="Organizer", pay={
            "text": f"${low:,} - $67,000", "min": low, "max": 67000, "period": "year", "currency": "USD",
            "annual_min": low, "annual_max": 67000})
    lower, higher = ranged("lower", 49000), ranged("higher", 49500)
    answer = run([lower, higher], asks=(Ask.PAY,), operation=Operation.MAX)
    assert answer.answer.startswith("The Organizer") and "Tied" not in answer.answer
    assert cited(answer)[0] == higher.id


def test_currencies_never_compared_as_dollars() -> None:
    """Should leave pay in another currency out of a dollar ranking, and name it as not compared."""
    pounds = make_posting("uk-organiser", "Organiser\nA Party\n\nSalary £90,000 a year\n", title="Organiser",
                          pay={"text": "£90,000 a year", "min": 90000, "max": 90000, "period": "year",
                               "currency": "GBP", "annual_min": 90000, "annual_max": 90000})
    answer = run([*POSTINGS, pounds], asks=(Ask.PAY,), operation=Operation.MAX)
    assert not answer.answer.startswith("The Organiser")
    assert "Paid in another currency, so not compared (1):\n• Organiser: £90,000 a year" in answer.answer


def test_deadline_min_is_the_first_to_close() -> None:
    """Should name the posting closing first."""
    answer = run(asks=(Ask.DEADLINE,), operation=Operation.MIN,
                 filters=Filters(closing=ClosingWindow(open_only=True)))
    assert answer.answer.startswith("The Canvasser") and "closes first" in answer.answer


def test_compare_puts_fields_side_by_side() -> None:
    """Should give one row per posting with each asked field."""
    answer = run(targets=(HOURLY.id, ROLLING.id), asks=(Ask.PAY, Ask.REMOTE), operation=Operation.COMPARE)
    assert [r.posting_id for r in answer.rows] == [HOURLY.id, ROLLING.id]
    assert set(answer.rows[0].cells) == {"pay", "remote"}
    assert "hybrid" in answer.rows[1].cells["remote"]


def test_list_sorted_by_the_asked_field_and_cut() -> None:
    """Should sort a pay list highest first and end with how many more and a /jobs hint."""
    answer = run(asks=(Ask.PAY,), operation=Operation.LIST, limit=2)
    bullets = [line for line in answer.answer.splitlines() if line.startswith("•")]
    assert bullets[0].startswith("• Data Analyst") and len(bullets) == 2
    assert "and 1 more — try /jobs" in answer.answer


def test_count_grammar() -> None:
    """Should say "1 posting matches", never "1 posting match"."""
    answer = run(operation=Operation.COUNT, filters=Filters(remote=RemoteStatus.REMOTE))
    assert answer.answer.startswith("1 posting matches")


def test_exists_says_yes_with_the_matches() -> None:
    """Should answer "is there any…" with yes and the postings."""
    answer = run(operation=Operation.EXISTS, filters=Filters(types=frozenset({EmploymentType.FELLOWSHIP})))
    assert answer.answer.startswith("Yes") and cited(answer) == [CLOSED.id]


def test_no_open_posting_says_none_is_open() -> None:
    """Should open with "None is open" when every deadline has passed."""
    answer = execute(Request(text="Which jobs are open?", asks=(Ask.OPEN,), operation=Operation.LIST),
                     "Which jobs are open?", [CLOSED, NO_DETAILS], INDEX, TODAY)
    assert answer.answer.startswith("None is open")


def test_open_question_about_a_closed_posting_says_closed() -> None:
    """Should say a closed posting is closed when asked whether it is open."""
    answer = run(targets=(CLOSED.id,), asks=(Ask.OPEN,))
    assert answer.answer.startswith("No") and "closed" in answer.answer


def test_apply_to_a_closed_posting_says_it_is_closed() -> None:
    """Should say the posting is closed when asked how to apply to it."""
    closed = CLOSED.model_copy(update={"apply": HOURLY.apply, "text": CLOSED.text})
    answer = run([closed, HOURLY], targets=(CLOSED.id,), asks=(Ask.APPLY,))
    assert "closed" in answer.answer


@pytest.mark.parametrize(("item", "found"), [
    ("medical", "Health and dental insurance"), ("health insurance", "Health and dental insurance"),
    ("PTO", "Twenty days of paid vacation"), ("dental", "Health and dental insurance"),
])
def test_benefit_found_under_a_synonym(item: str, found: str) -> None:
    """Should find an asked benefit under its usual synonyms."""
    answer = run(targets=(CLOSED.id,), asks=(Ask.BENEFITS,), filters=Filters(benefits=(item,)))
    assert found in answer.answer and "couldn't find" not in answer.answer


def test_absence_is_claimed_only_after_searching_the_whole_text() -> None:
    """Should find a benefit stated outside the benefits list, and say "I couldn't find" otherwise."""
    text = "Organizer\nRiver Union\n\n---\nperks: 401(k) match\n---\n\nWe organize.\n"
    posting = make_posting("river-organizer", text, title="Organizer")
    found = run([posting, HOURLY], targets=(posting.id,), asks=(Ask.BENEFITS,),
                filters=Filters(benefits=("retirement",)))
    assert "401(k) match" in found.answer and found.citations[0].start_line == 5
    missing = run([posting, HOURLY], targets=(posting.id,), asks=(Ask.BENEFITS,),
                  filters=Filters(benefits=("dental",)))
    assert "I couldn't find dental" in missing.answer and "does not offer" not in missing.answer


def test_requirement_found_in_text_when_no_field_holds_it() -> None:
    """Should quote the line naming a requirement no extracted field holds."""
    text = "Canvasser\nDoor Project\n\nMust have a valid driver's license and a car.\n"
    posting = make_posting("door-canvasser", text, title="Canvasser")
    answer = run([posting, HOURLY], targets=(posting.id,), asks=(Ask.LICENCE,))
    assert "driver's license" in answer.answer and answer.citations[0].start_line == 4


def test_synonyms_cover_the_usual_names() -> None:
    """Should map retirement to 401(k), 403(b) and pension, and PTO to vacation."""
    assert {"401(k)", "403(b)", "pension"} <= set(synonyms("retirement"))
    assert {"vacation", "paid leave"} <= set(synonyms("PTO"))
    assert "health insurance" in synonyms("medical")


def test_pay_filter_keeps_units_apart() -> None:
    """Should compare "$20/hour or more" with hourly pay only, never with annual salaries."""
    hourly = select(POSTINGS, Filters(pay=PayBound(amount=20, period=PayPeriod.HOUR)), TODAY)
    assert [p.id for p, _ in hourly.matches] == [HOURLY.id]
    annual = select(POSTINGS, Filters(pay=PayBound(amount=40_000, period=PayPeriod.YEAR)), TODAY)
    assert HOURLY.id not in {p.id for p, _ in annual.matches}  # 25 hours/week make $27,300 a year
    assert {ROLLING.id, CLOSED.id} <= {p.id for p, _ in annual.matches}


def test_place_filter_reads_state_codes() -> None:
    """Should find a posting in a state by its code ("Savannah, GA"), not a remote role elsewhere."""
    there = PlaceQuery(text="Georgia", state="Georgia")
    ids = {p.id for p, _ in select(POSTINGS, Filters(places=(there,)), TODAY).matches}
    assert ids == {CLOSED.id}


def test_place_list_mentions_remote_roles_open_there() -> None:
    """Should list the postings located in a place and say how many remote roles open anywhere could
    also be done from there."""
    georgia = PlaceQuery(text="Georgia", state="Georgia")
    answer = run(operation=Operation.LIST, filters=Filters(places=(georgia,)))
    assert cited(answer) == [CLOSED.id] and "1 remote role open to anywhere in the U.S." in answer.answer


def test_closing_in_a_month() -> None:
    """Should keep postings closing within a month's window."""
    window = ClosingWindow(after=dt.date(2026, 12, 1), before=dt.date(2026, 12, 31))
    ids = [p.id for p, _ in select(POSTINGS, Filters(closing=window), TODAY).matches]
    assert ids == [HOURLY.id]


def test_posted_window_keeps_postings_posted_within_it() -> None:
    """Should keep the postings whose posting date falls in the window, citing that date, and leave out
    those stating none."""
    def posted(posting: Posting, day: dt.date) -> Posting:
        line = posting.text.split("\n")[0]
        return posting.model_copy(update={"posted_date": Fact[dt.date](value=day, text=line, start_line=1,
                                                                        end_line=1)})
    pool = [posted(HOURLY, TODAY - dt.timedelta(days=3)), posted(CLOSED, TODAY - dt.timedelta(days=40)),
            ROLLING]
    window = PostedWindow(after=TODAY - dt.timedelta(days=7), before=TODAY)
    assert [p.id for p, _ in select(pool, Filters(posted=window), TODAY).matches] == [HOURLY.id]
    answer = run(pool, operation=Operation.LIST, asks=(Ask.POSTED,), filters=Filters(posted=window))
    assert cited(answer) == [HOURLY.id]
    long_ago = Filters(posted=PostedWindow(before=dt.date(2001, 1, 1)))
    nothing = run(pool, operation=Operation.LIST, filters=long_ago)
    assert "posted on or before January 1, 2001" in nothing.answer


def test_a_role_named_in_full_matches_titles_abbreviating_it() -> None:
    """Should list a "Telehealth RN" among the nurse jobs."""
    rn = make_posting("telehealth-rn", "Telehealth RN\nHealth Org\n\nSee patients online.\n",
                      title="Telehealth RN")
    ids = [p.id for p, _ in select([*POSTINGS, rn], Filters(names=("nurses",)), TODAY).matches]
    assert ids == [rn.id]


@pytest.mark.parametrize("place", [PlaceQuery(text="US", country="US", remote_ok=False),
                                   PlaceQuery(text="IL", state="Illinois", country="US", remote_ok=False)])
def test_prefilter_keeps_postings_in_a_place_their_location_does_not_name(place: PlaceQuery) -> None:
    """Should find, with the prefilter too, a posting in "Chicago" when the US or Illinois is asked."""
    chicago = parse_posting("analyst.txt", b"Research Analyst\n\nLocation: Chicago\n\nA hybrid role.\n",
                            today=TODAY)
    pool = [*POSTINGS, chicago]
    filters = Filters(places=(place,))
    assert [p.id for p, _ in select(pool, filters, TODAY, prefilter=Prefilter(pool)).matches] == [chicago.id]


def test_a_second_language_asked_without_naming_it_is_listed() -> None:
    """Should list a "Bilingual" role among those speaking of languages, quoting where it says so."""
    bilingual = make_posting("bilingual-organizer", "Bilingual Organizer\nHealth Org\n\nKnock doors.\n",
                             title="Bilingual Organizer")
    answer = run([*POSTINGS, bilingual], asks=(Ask.LANGUAGES,), operation=Operation.LIST)
    assert bilingual.id in cited(answer) and "Bilingual Organizer" in answer.answer


def test_a_broad_word_is_no_benefit_outside_a_line_about_benefits() -> None:
    """Should not take "reproductive health care" in the work for health insurance."""
    work = make_posting("fund-policy", "Policy Manager\nA Fund\n\nWe expand reproductive health care.\n",
                        title="Policy Manager")
    insurance = Filters(benefits=("health insurance",))
    answer = run([work], targets=(work.id,), asks=(Ask.BENEFITS,), filters=insurance)
    assert answer.answer.startswith("I couldn't find health insurance")


def test_a_free_answer_quotes_a_long_passage_around_the_asked_words() -> None:
    """Should quote the part of a long passage holding the question's words, not only its start."""
    long = "We build congregations and chapters across the state. " * 6
    text = f"Outreach Worker\n\n{long}The ideal candidate has a strong theological background.\n"
    posting = parse_posting("outreach.txt", text.encode(), today=TODAY)
    others = [parse_posting(f"canvasser-{k}.txt", f"Canvasser {k}\n\nKnock doors in ward {k}.\n".encode(),
                            today=TODAY) for k in range(5)]
    answer = run([posting, *others], text="theological background?", targets=(posting.id,))
    assert "theological background" in answer.answer


def test_benefits_quote_a_long_line_around_the_benefit() -> None:
    """Should quote a long paragraph's benefit ("a monthly wellness stipend") when asked for perks."""
    long = "Help maintain our website and update pages as campaigns need. " * 5
    text = f"Web Developer\n\n{long}Contractors also receive a monthly wellness stipend.\n"
    posting = parse_posting("web.txt", text.encode(), today=TODAY)
    answer = run([posting], targets=(posting.id,), asks=(Ask.BENEFITS,))
    assert "wellness stipend" in answer.answer


def test_a_benefit_named_in_the_plural() -> None:
    """Should find "bonus" in a posting listing "periodic bonuses"."""
    bonuses = make_posting("bonus-org", "Organizer\nHealth Org\n\nBenefits\nperiodic bonuses\n",
                           title="Organizer", benefits=["periodic bonuses"])
    answer = run([bonuses], targets=(bonuses.id,), asks=(Ask.BENEFITS,), filters=Filters(benefits=("bonus",)))
    assert "periodic bonuses" in answer.answer and "couldn't" not in answer.answer


def test_rolling_window() -> None:
    """Should keep postings open until filled."""
    ids = [p.id for p, _ in select(POSTINGS, Filters(closing=ClosingWindow(rolling=True)), TODAY).matches]
    assert ids == [CLOSED.id, ROLLING.id]


def test_prefilter_agrees_with_plain_selection() -> None:
    """Should select the same postings with and without the prefilter."""
    prefilter = Prefilter(POSTINGS)
    for filters in (Filters(places=(PlaceQuery(text="Georgia", state="Georgia"),)),
                    Filters(benefits=("PTO",)), Filters(benefits=("dental", "medical")),
                    Filters(places=(PlaceQuery(text="GA", remote_ok=False),)),

                    Filters(closing=ClosingWindow(rolling=True)),
                    Filters(types=frozenset({EmploymentType.PART_TIME}))):
        assert select(POSTINGS, filters, TODAY, prefilter=prefilter) == select(POSTINGS, filters, TODAY)


def test_claims_use_a_context() -> None:
    """Should say whether a named type is the posting's type."""
    part_time = Filters(types=frozenset({EmploymentType.PART_TIME}))
    claim = FIELDS[Ask.TYPE].claim(HOURLY, Context(TODAY, part_time))
    assert claim.stated and claim.sentence.startswith("Yes")


TWIN_A = make_posting("twin-a", "Outreach Worker\nOrganizer Fund\nApply by March 3, 2026.\nPay: $40,000\n",
                      title="Outreach Worker", organization="Organizer Fund",
                      deadline={"text": "Apply by March 3, 2026.", "date": dt.date(2026, 3, 3)},
                      pay={"text": "Pay: $40,000", "min": 40000, "max": 40000, "period": PayPeriod.YEAR})
TWIN_B = make_posting("twin-b", "Bilingual Outreach Worker\nOrganizer Fund\nApply by March 3, 2026.\n"
                      "Pay: $40,000\nFluent in Korean and English.\n",
                      title="Bilingual Outreach Worker", organization="Organizer Fund",
                      deadline={"text": "Apply by March 3, 2026.", "date": dt.date(2026, 3, 3)},
                      pay={"text": "Pay: $40,000", "min": 40000, "max": 40000, "period": PayPeriod.YEAR},
                      languages=[("Korean", "Fluent in Korean and English."),
                                 ("English", "Fluent in Korean and English.")])


def test_superlative_cites_the_postings_tied_with_the_winner() -> None:
    """Should cite every posting tied for first, not only the one named first."""
    answer = run([TWIN_A, TWIN_B, *POSTINGS], targets=(TWIN_A.id, TWIN_B.id), asks=(Ask.DEADLINE,),
                 operation=Operation.MIN)
    assert "Tied with" in answer.answer and {TWIN_A.id, TWIN_B.id} <= set(cited(answer))


def test_compare_asking_no_field_adds_the_fields_that_differ() -> None:
    """Should add to the usual fields those the compared postings state differently (a language)."""
    answer = run([TWIN_A, TWIN_B, *POSTINGS], targets=(TWIN_A.id, TWIN_B.id), operation=Operation.COMPARE)
    assert "languages" in answer.rows[1].cells and "Korean" in answer.rows[1].cells["languages"]
    assert "type" not in answer.rows[0].cells  # neither states one: nothing differs


@pytest.mark.parametrize("asks", [(), (Ask.LOCATION, Ask.REMOTE)])
def test_on_site_roles_name_those_not_saying_how_they_are_worked(asks: tuple[Ask, ...]) -> None:
    """Should list the on-site role in a place, and name and cite apart the one there that does not say
    whether it is remote ("dc jobs that are NOT remote"), never counting it as on-site."""
    onsite = parse_posting("a.txt", b"Clinic Assistant\n\nLocation: Dayton, Ohio\n\nAn in-person role.\n",
                           today=TODAY)
    unsaid = parse_posting("b.txt", b"Staff Attorney\n\nLocation: Akron, Ohio\n\nRepresent tenants.\n",
                           today=TODAY)
    filters = Filters(remote=RemoteStatus.ONSITE, places=(PlaceQuery(text="Ohio", state="Ohio"),))
    answer = run([onsite, unsaid], operation=Operation.LIST, asks=asks, filters=filters)
    assert answer.answer.startswith("1 posting matches")
    assert "don't say whether they're remote or on-site: Staff Attorney" in answer.answer
    assert cited(answer) == [onsite.id, unsaid.id]
