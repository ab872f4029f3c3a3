"""Filters judged on what a posting's body says: the place of work (a list of states to work from, a
line that is only a place, pay in a country's own currency) and where a pay range starts."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.models import EmploymentType, Posting, RemoteStatus
from knowledge.parse import parse_posting
from retrieval.jobs import Prefilter, place_evidence, place_passes, select
from retrieval.request import EmployerKind, Filters, PayBound, PlaceQuery

TODAY = dt.date(2026, 11, 30)


def parsed(name: str, text: str) -> Posting:
    return parse_posting(name, text.encode(), today=TODAY)


STATES_LIST = parsed("field-organizer.txt", "Field Organizer\n\nTemporary, full time. Work from Georgia, "
                                            "Kansas, Montana or New Mexico.\n\nPay: $4,200 per month\n")
PLACE_LINE = parsed("union-rep.txt", "Union Representative\n\nMadison, WI, USA\n\nWe organize nurses.\n")
NEWSROOM = parsed("news-fellow.txt", "Data Fellow\n\nThis fellowship is based in our Denver newsroom. "
                                     "Telecommuting is not an option.\n")
STERLING = parsed("organiser.txt", "Campaign Organiser\n\nSalary: £23,000 per annum\n\nHelp win the seat.\n")
ELSEWHERE = parsed("clinic.txt", "Clinic Assistant\n\nWe admire the work of clinics in Kansas and Montana.\n")
ALL = [STATES_LIST, PLACE_LINE, NEWSROOM, STERLING, ELSEWHERE]


@pytest.mark.parametrize(("place", "posting"), [
    (PlaceQuery(text="New Mexico", state="New Mexico", country="US"), STATES_LIST),
    (PlaceQuery(text="Wisconsin", state="Wisconsin", country="US"), PLACE_LINE),
    (PlaceQuery(text="Denver", city="Denver", state="Colorado", country="US"), NEWSROOM),
    (PlaceQuery(text="UK", country="GB"), STERLING),
])
def test_body_puts_the_role_in_the_place(place: PlaceQuery, posting: Posting) -> None:
    """Should pass a posting whose body says the work is in the place, citing what it says."""
    assert place_passes(posting, place)
    assert place_evidence(posting, place)


def test_a_country_code_is_not_a_state_code() -> None:
    """Should not put a posting in California ("Stockton, CA") when the question asks for Canada."""
    stockton = parsed("organizer.txt", "Field Organizer\n\nLocation: Stockton, CA\n\nKnock doors.\n")
    winnipeg = parsed("tenant.txt", "Tenant Organizer\n\nLocation: Winnipeg, MB\n\nOrganize tenants.\n")
    canada = PlaceQuery(text="canada", country="CA")
    assert place_passes(stockton, canada) is None
    assert place_passes(winnipeg, canada) == "located in Winnipeg, Canada"  # not "CA", read as California
    chosen = [p.id for p, _ in select([stockton, winnipeg], Filters(places=(canada,)), TODAY,
                                      prefilter=Prefilter([stockton, winnipeg])).matches]
    assert chosen == [winnipeg.id]


def test_places_are_alternatives() -> None:
    """Should list the postings in any of the places asked ("in Canada or NZ"), each citing its own."""
    winnipeg = parsed("tenant.txt", "Tenant Organizer\n\nLocation: Winnipeg, MB\n\nOrganize tenants.\n")
    auckland = parsed("union.txt", "Union Organiser\n\nLocation: Auckland, New Zealand\n\nOrganise.\n")
    stockton = parsed("organizer.txt", "Field Organizer\n\nLocation: Stockton, CA\n\nKnock doors.\n")
    pool = [winnipeg, auckland, stockton]
    filters = Filters(places=(PlaceQuery(text="canada", country="CA"), PlaceQuery(text="nz", country="NZ")))
    for prefilter in (None, Prefilter(pool)):
        matches = select(pool, filters, TODAY, prefilter=prefilter).matches
        assert [p.id for p, _ in matches] == [winnipeg.id, auckland.id]


def test_postings_not_saying_how_they_are_worked_are_named_apart_from_on_site_ones() -> None:
    """Should pass only the on-site posting in Ohio when on-site work is asked for, set apart the one not
    saying whether it is remote, and drop the remote one, with or without the prefilter."""
    onsite = parsed("a.txt", "Clinic Assistant\n\nLocation: Dayton, Ohio\n\nThis is an in-person role.\n")
    unsaid = parsed("b.txt", "Staff Attorney\n\nLocation: Akron, Ohio\n\nRepresent tenants.\n")
    remote = parsed("c.txt", "Data Analyst\n\nLocation: Toledo, Ohio\n\nThis is a fully remote role.\n")
    pool = [onsite, unsaid, remote]
    ohio = PlaceQuery(text="Ohio", state="Ohio", country="US")
    filters = Filters(remote=RemoteStatus.ONSITE, places=(ohio,))
    for prefilter in (None, Prefilter(pool)):
        selection = select(pool, filters, TODAY, prefilter=prefilter)
        assert [p.id for p in selection.passed] == [onsite.id]
        assert [p.id for p in selection.no_mode] == [unsaid.id]
    remote_only = select(pool, Filters(remote=RemoteStatus.REMOTE), TODAY, prefilter=Prefilter(pool))
    assert ([p.id for p in remote_only.passed], remote_only.no_mode) == ([remote.id], [])


def test_not_remote_passes_on_site_and_hybrid_roles() -> None:
    """Should answer "jobs that aren't remote" with the on-site and the hybrid roles, set apart the one not
    saying, and drop the remote one, with or without the prefilter."""
    onsite = parsed("a.txt", "Clinic Assistant\n\nLocation: Dayton, Ohio\n\nThis is an in-person role.\n")
    hybrid = parsed("d.txt", "Organizer\n\nLocation: Columbus, Ohio\n\nThis is a hybrid role.\n")
    unsaid = parsed("b.txt", "Staff Attorney\n\nLocation: Akron, Ohio\n\nRepresent tenants.\n")
    remote = parsed("c.txt", "Data Analyst\n\nLocation: Toledo, Ohio\n\nThis is a fully remote role.\n")
    pool = [onsite, hybrid, unsaid, remote]
    for prefilter in (None, Prefilter(pool)):
        selection = select(pool, Filters(not_remote=True), TODAY, prefilter=prefilter)
        assert [p.id for p in selection.passed] == [onsite.id, hybrid.id]
        assert [p.id for p in selection.no_mode] == [unsaid.id]


def test_a_type_left_out_is_left_out_with_the_prefilter_too() -> None:
    """Should drop a part-time consultant from "part-time roles that aren't consulting gigs", with the
    prefilter as without it (it used to decide the types alone)."""
    assistant = parsed("a.txt", "Program Assistant\n\nThis is a part-time position, 20 hours a week.\n")
    consultant = parsed("b.txt", "Grant Consultant\n\nA part-time independent contractor role.\n")
    pool = [assistant, consultant]
    filters = Filters(types=frozenset({EmploymentType.PART_TIME}),
                      excluded_types=frozenset({EmploymentType.CONTRACT}))
    for prefilter in (None, Prefilter(pool)):
        assert [p.id for p in select(pool, filters, TODAY, prefilter=prefilter).passed] == [assistant.id]


def test_languages_are_alternatives() -> None:
    """Should list the postings asking for any of the languages asked ("hmong or somali?")."""
    hmong = parsed("a.txt", "Outreach Worker\n\nFluency in Hmong required.\n")
    somali = parsed("b.txt", "Family Advocate\n\nBilingual English/Somali required.\n")
    french = parsed("c.txt", "Counsellor\n\nFluent French required.\n")
    pool = [hmong, somali, french]
    for prefilter in (None, Prefilter(pool)):
        selection = select(pool, Filters(languages=("Hmong", "Somali")), TODAY, prefilter=prefilter)
        assert [p.id for p in selection.passed] == [hmong.id, somali.id]
        assert selection.reasons(somali) == ["asks for Somali"]


def test_a_saved_filter_naming_one_place_keeps_it() -> None:
    """Should read an alert saved before `places` and `languages` existed (`"place": {…}`, `"language"`) as
    that one place and language, not as none."""
    saved = ('{"place": {"text": "Ohio", "state": "Ohio", "country": "US", "remote_ok": false}, '
             '"language": "Hmong"}')
    filters = Filters.model_validate_json(saved)
    assert ([p.state for p in filters.places], filters.languages) == (["Ohio"], ("Hmong",))
    assert Filters.model_validate_json('{"place": null, "language": null}') == Filters()


def test_a_place_merely_mentioned_is_not_where_the_work_is() -> None:
    """Should not pass a posting that names a state without saying the work is there."""
    place = PlaceQuery(text="Montana", state="Montana", country="US")
    chosen = [p.id for p, _ in select(ALL, Filters(places=(place,)), TODAY).matches]
    assert chosen == [STATES_LIST.id]


def test_prefilter_keeps_postings_placed_by_their_body() -> None:
    """Should give the same selection with and without a prefilter."""
    place = PlaceQuery(text="Wisconsin", state="Wisconsin", country="US")
    faster = select(ALL, Filters(places=(place,)), TODAY, prefilter=Prefilter(ALL)).matches
    plain = select(ALL, Filters(places=(place,)), TODAY).matches
    assert [p.id for p, _ in faster] == [p.id for p, _ in plain] == [PLACE_LINE.id]


def test_a_range_starting_at_a_bound_passes_only_on_its_low_end() -> None:
    """Should compare a range's low end when the question bounds where the range starts."""
    ranged = parsed("analyst.txt", "Analyst\n\nSalary: $60,000 - $80,000 per year\n")
    wide = Filters(pay=PayBound(amount=70000, currency="USD"))
    starting = Filters(pay=PayBound(amount=70000, currency="USD", low_end=True))
    assert select([ranged], wide, TODAY).matches
    assert not select([ranged], starting, TODAY).matches


LOCAL = parsed("organizer-local.txt", "Organizer\n\nHealthcare Workers Local 44 is the largest union of "
                                      "hospital workers in the region.\n\nWe are hiring an organizer.\n")
UNIONIZED = parsed("clinic-union.txt", "Medical Assistant\n\nThis is a union-eligible position represented "
                                       "by our staff union.\n")
COMMUNITY = parsed("tenants.txt", "Canvasser\n\nThe Tenants Union is a union in the community for renters.\n")
APPOSED = parsed("officer.txt", "Industrial Officer\n\nJoin NPEA, the union of 11,000 public school teachers "
                                "in the north.\n")
COUNTED = parsed("teachers.txt", "Staff Representative\n\nValley Educators Federation is the union of "
                                 "more than 14,000 public school teachers.\n")


def test_union_employer_is_a_labor_union_itself() -> None:
    """Should select a labor union describing itself, not a union-eligible job or a community 'union'."""
    filters = Filters(employer=EmployerKind.UNION)
    pool = [LOCAL, UNIONIZED, COMMUNITY, STATES_LIST, COUNTED, APPOSED]
    unions = [LOCAL.id, COUNTED.id, APPOSED.id]
    assert [p.id for p, _ in select(pool, filters, TODAY).matches] == unions
    assert [p.id for p, _ in select(pool, filters, TODAY, prefilter=Prefilter(pool)).matches] == unions


def test_where_the_organization_is_active_is_not_where_the_work_is() -> None:
    """Should not place a role in a state the organization merely works in."""
    active = parsed("coalition.txt", "Policy Lead\n\nWe work in twelve states, including Idaho.\n")
    assert place_passes(active, PlaceQuery(text="Idaho", state="Idaho", country="US")) is None


def test_a_benefit_must_be_named_in_prose_not_only_share_its_stem() -> None:
    """Should not take "house visits" in a line about benefits for housing, with or without the
    prefilter, and should take "free housing"."""
    visits = parsed("visits.txt", "Organizer\n\nDo house visits about the benefits of a union.\n")
    housed = parsed("housed.txt", "Canvasser\n\nBenefits: free housing during the campaign.\n")
    filters = Filters(benefits=("housing",))
    pool = [visits, housed]
    assert [p.id for p, _ in select(pool, filters, TODAY).matches] == [housed.id]
    assert [p.id for p, _ in select(pool, filters, TODAY, prefilter=Prefilter(pool)).matches] == [housed.id]


@pytest.mark.parametrize(("inside", "outside"), [
    # a remote role open "anywhere in the US"; not one that only says "us"
    ("Data Engineer\n\nFully remote: work from anywhere in the US.\n",
     "Writer\n\nFully remote: work with us from anywhere in the world.\n"),
    # a posting stating no place that names a US state; not one placed abroad naming a state in passing
    ("Field Organizer\n\nWe are the campaign to raise the wage in Nebraska.\n",
     "Organiser\n\nLocation: Leeds, UK\n\nWe learned from unions in Nebraska.\n"),
])
def test_the_body_puts_a_posting_stating_no_place_in_the_us(inside: str, outside: str) -> None:
    """Should put in the US, for a question about the country, a posting its body puts there."""
    pool = [parsed("inside.txt", inside), parsed("outside.txt", outside)]
    for prefilter in (None, Prefilter(pool)):
        matches = select(pool, Filters(places=(PlaceQuery(text="us", country="US"),)), TODAY,
                         prefilter=prefilter).matches
        assert [p.id for p, _ in matches] == ["inside"]
