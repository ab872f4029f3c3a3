"""Location as stated, and remote / hybrid / onsite status."""

from __future__ import annotations

import pytest
from extract_support import assert_evidence, sample

from knowledge.document import Document
from knowledge.extract.location import find_location, find_places, find_remote, local_currency
from knowledge.frontmatter import FrontMatter, read_front_matter
from knowledge.models import RemoteStatus

SAMPLE_LOCATIONS = [
    ("local-progress-membership-organizer", "Remote, U.S.", 11),
    ("local-progress-organizing-director", "U.S.", 10),
    ("jobs-to-move-america-california-senior-organizer", "California", 4),
    ("pop-pasadena-organizer", "Pasadena", 9),
]


@pytest.mark.parametrize(("stem", "value", "line"), SAMPLE_LOCATIONS)
def test_sample_location(stem: str, value: str, line: int) -> None:
    """Should find each sample's location as stated, citing the line that states it."""
    doc = sample(stem)
    fact = find_location(doc, [])
    assert fact is not None
    assert (fact.value, fact.start_line) == (value, line)
    assert_evidence(doc, fact)


def test_sample_office_list_is_not_a_location() -> None:
    """Should not take an organisation's list of offices for the role's location."""
    assert find_location(sample("peoples-action-movement-politics-deputy-organizer"), []) is None


@pytest.mark.parametrize(("text", "value"), [
    ("Organizer\nBased in: Austin, TX\nWe fight for workers.", "Austin, TX"),
    ("Field Organizer\nLocation: Chicago, IL (Hybrid)\n", "Chicago, IL"),
    ("Policy Associate\n\nThe role is located in Washington, DC.\n", "Washington, DC"),
    ("Communications Manager - Denver, CO\n\nAbout us", "Denver, CO"),
    ("Texas Field Director\n\nWe organize renters.", "Texas"),
    ("Organizer\nWe work with the city of Tucson and speak at Tucson City Council sessions.\n", "Tucson"),
    ("Location:\nRemote (anywhere in the U.S.)\n", "Remote (anywhere in the U.S.)"),
    ("Organizer\n\nThe ideal candidate will live in Ohio and know Ohio politics.\n", "Ohio"),
    ("**Location:** Portland, OR\n", "Portland, OR"),
    ("Job Location - Saint Paul, MN\n", "Saint Paul, MN"),
    ("Organizer\n\nWe run campaigns. This position is based in Atlanta, GA and covers the metro area.",
     "Atlanta, GA"),
    ("Field Tech\n\nWatershed Council · Bend, Oregon\n", "Bend, Oregon"),
    ("Coordinator\nFull-time | Remote, U.S. | $45K-$50K\n", "Remote, U.S."),
    ("Location: Savannah, GA. This position is on-site at our office.", "Savannah, GA"),
    ("LOCATION: Remote, U.S. (fully remote; Eastern hours)", "Remote, U.S."),
    ("- **Location:** Texas (remote; must live in the Valley)", "Texas"),
    ("Location: Duluth, MN; crews camp at sites across the region", "Duluth, MN"),
    ("Position: Navigator\nLocation:       work from home (must be in PA)\n", "PA"),
    ("Grants Manager\n\nEmployment type Full-time\nLocation Remote (anywhere in the U.S.)\n",
     "Remote (anywhere in the U.S.)"),
    # an address block under the label: its city, not the organization's name above the street
    ("Organizer\n\nLocation\n\nEastside Tenant Union\n410 Pine Street\nDuluth, MN 55802\n",
     "Duluth, MN 55802"),
])
def test_location_snippets(text: str, value: str) -> None:
    """Should find the location as written, with exact evidence."""
    doc = Document(text)
    fact = find_location(doc, [])
    assert fact is not None
    assert fact.value == value
    assert_evidence(doc, fact)


@pytest.mark.parametrize("text", [
    "Organizer\n\nWe work nationwide on housing justice.\n",
    "Organizer\n\nOur offices are in Oakland, CA and Fresno, CA.\n",
    "Organizer\n\nCandidates should be fluent, preferably in Spanish.\n",
    "Organizer\n\nWe once worked on a Texas campaign.\n",
])
def test_no_location(text: str) -> None:
    """Should give no location when the role's place is not stated."""
    assert find_location(Document(text), []) is None


@pytest.mark.parametrize(("stem", "status", "line"), [
    ("local-progress-membership-organizer", RemoteStatus.REMOTE, 11),
    ("local-progress-organizing-director", RemoteStatus.REMOTE, 10),
    ("jobs-to-move-america-california-senior-organizer", RemoteStatus.HYBRID, 59),
    ("pop-pasadena-organizer", RemoteStatus.ONSITE, 32),
])
def test_sample_remote_status(stem: str, status: RemoteStatus, line: int) -> None:
    """Should judge each sample's remote status from its own words."""
    doc = sample(stem)
    fact = find_remote(doc, [])
    assert fact is not None
    assert (fact.value, fact.start_line) == (status, line)
    assert_evidence(doc, fact)


def test_sample_remote_staff_is_not_a_remote_role() -> None:
    """Should not read "remote staff across the country" as the role being remote."""
    assert find_remote(sample("peoples-action-movement-politics-deputy-organizer"), []) is None


def test_based_in_an_office_of_two_cities_is_on_site() -> None:
    text = "Officer\n\nThe officer will be based in Riverbend’s Denver, CO or Austin, TX office.\n"
    remote = find_remote(Document(text), [])
    assert remote is not None and remote.value is RemoteStatus.ONSITE


@pytest.mark.parametrize(("text", "status"), [
    ("Peer mentors meet students between classes. This is an on-campus position.", RemoteStatus.ONSITE),
    ("Location: Remote", RemoteStatus.REMOTE),
    ("This is a fully remote role.", RemoteStatus.REMOTE),
    ("You can work from anywhere in the country.", RemoteStatus.REMOTE),
    ("This position is 100% remote.", RemoteStatus.REMOTE),
    ("Location:\nRemote\n", RemoteStatus.REMOTE),
    ("This is a hybrid role with 2 days in office.", RemoteStatus.HYBRID),
    ("Remote with occasional in-office meetings in Denver.", RemoteStatus.HYBRID),
    ("Location: Chicago, IL (Hybrid)", RemoteStatus.HYBRID),
    ("This is a remote position. You must be able to commute to our office monthly.", RemoteStatus.HYBRID),
    ("This is an on-site position in Austin, TX.", RemoteStatus.ONSITE),
    ("Work is in-office, Monday to Friday.", RemoteStatus.ONSITE),
    ("Staff work in person at our office in Oakland, CA.", RemoteStatus.ONSITE),
    ("Must be able to commute to downtown Chicago.", RemoteStatus.ONSITE),
    ("This is not a remote position.", RemoteStatus.ONSITE),
    ("Benefits:\n- Home office stipend of $50 a month", RemoteStatus.HYBRID),
    ("Coordinator\nTucson, AZ\nFull-time & on-site\n", RemoteStatus.ONSITE),
    ("This role is on-site; remote work is not available.", RemoteStatus.ONSITE),
    ("This position is on-site at our Savannah office and is not eligible for remote\nwork.",
     RemoteStatus.ONSITE),
    ("Our remote staff support a hotline, but this role is office-based.", RemoteStatus.ONSITE),
    ("This is an in-person role in Pittsburgh.", RemoteStatus.ONSITE),
    ("* Location: Providence, RI (on-site at our Broad Street office)", RemoteStatus.ONSITE),
    ("- **Location:** Texas (remote; must live in the Valley)", RemoteStatus.REMOTE),
    ("Location: Asheville, NC. Work can be done remotely, with occasional events.", RemoteStatus.REMOTE),
    ("The clinic is hiring a part-time, in-person intake specialist for its Reno site.", RemoteStatus.ONSITE),
    ("We need an on-site, full-time lab assistant.", RemoteStatus.ONSITE),
    ("The job is 0.6 FTE, on-site with some local travel.", RemoteStatus.ONSITE),
    ("The fellowship requires the majority of in-person work at the county office.", RemoteStatus.ONSITE),
    ("Staff are in-person at the Main Street field office.", RemoteStatus.ONSITE),
    ("Denver, CO (not remote-eligible).", RemoteStatus.ONSITE),
    ("This role is remote-eligible within Oregon.", RemoteStatus.REMOTE),
    ("Regional Manager (remotely based in the Pacific Northwest)", RemoteStatus.REMOTE),
    ("The role will be mostly remote; travel twice a year.", RemoteStatus.REMOTE),
    ("You will be in the office 3 days a week.", RemoteStatus.HYBRID),
    ("Expect to work in-person two days per week and from home otherwise.", RemoteStatus.HYBRID),
    ("The coordinator works remotely and on-site at partner schools.", RemoteStatus.HYBRID),
])
def test_remote_snippets(text: str, status: RemoteStatus) -> None:
    """Should classify explicit and inferred remote / hybrid / onsite wording."""
    doc = Document(text)
    fact = find_remote(doc, [])
    assert fact is not None
    assert fact.value == status
    assert_evidence(doc, fact)


@pytest.mark.parametrize("text", [
    "We have remote staff across the country.",
    "Organizer\nLocation: Austin, TX\nDuties\n- Write reports\n",
    "Organizer\nWe organize tenants.\n",
    "Organizer\nLocation: Texas\n- Canvass neighborhoods\n",
    # canvassing may be by phone; a licence is for travel: neither says where the work is based
    "Organizer\nLocation: Austin, TX\nDuties\n- Canvass neighborhoods\n",
    "Organizer\nLocation: Austin, TX\n- Valid driver's license and access to a vehicle\n",
    "Location: Duluth, MN; crews camp at remote work sites\n- Valid driver's license",
    "Our hybrid vehicles fleet is growing.",
    "Plan in-person and remote events for our members.",
    "Our team works in-person and virtual trainings into every program.",
    "Pay depends on experience; we might allow remote work.",  # hedged: says nothing, negates nothing
    "The office is open five days a week.",
    "Applicants with remote organizing experience are encouraged to apply.",
    # a short duty line: remote tools, not remote work
    "Organizer\n\nResponsibilities\n- Run remote phone banks\n- Knock doors\n",
])
def test_remote_unknown(text: str) -> None:
    """Should give no remote status when the posting does not say or clearly imply one."""
    assert find_remote(Document(text), []) is None


# --- front matter and places --------------------------------------------------------------------------

def _front(lines: str, body: str = "We organize tenants.") -> tuple[Document, FrontMatter]:
    text = f"+++\n{lines}\n+++\n{body}\n"
    return Document(text), read_front_matter(text)


@pytest.mark.parametrize(("lines", "body", "expected"), [
    # the body takes back a board's "Remote" when it says the role is hybrid or on-site, not when hybrid is
    # one option ("can be remote or hybrid")
    ('location = "Remote"', "This is a hybrid role.", RemoteStatus.HYBRID),
    ('location = "Remote, Ohio"', "Full-time hybrid role (mostly remote).",
     RemoteStatus.HYBRID),
    ('location = "Remote"', "We offer remote or hybrid positions to all staff.", RemoteStatus.REMOTE),
    ('location = "Remote"', "The job can be remote or an in-person/remote hybrid in Duluth.",
     RemoteStatus.REMOTE),
    ('location = "Remote"', "This role was listed as remote by mistake: staff work in person. "
     "There is no remote option.", RemoteStatus.ONSITE),
    ('location = "Ohio, Remote"', "", RemoteStatus.REMOTE),
    ('location = "Texas"\nb_benefits = ["Permanently Remote"]', "Lead an in-district field program.", None),
    ('location = "Utah"\nb_benefits = ["Dental", "Fully Remote"]', "Keep our books.", RemoteStatus.REMOTE),
    ('location = "Utah"\nb_benefits = ["Dental"]', "Keep our books.", None),
    ('remote = true', "", RemoteStatus.REMOTE),
    ('workplace_type = "Hybrid"', "", RemoteStatus.HYBRID),
    ('remote = "Remote (SC, GA, NC)"', "You must live in one of these states.", RemoteStatus.REMOTE),
    ('remote = "Fully remote"', "", RemoteStatus.REMOTE),
    ('workplace_type = "Not remote"', "", RemoteStatus.ONSITE),
    ('workplace_type = "On-site"', "", RemoteStatus.ONSITE),
])
def test_front_matter_mode(lines: str, body: str, expected: RemoteStatus | None) -> None:
    """Should take the mode from a workplace key, a location naming Remote, or a remote tag in a list when
    the duties are not done in person."""
    doc, front = _front(lines, body)
    remote = find_remote(doc, [], front=front)
    assert (remote.value if remote else None) == expected
    if remote is not None:
        assert_evidence(doc, remote)


@pytest.mark.parametrize(("text", "expected"), [
    ("The internship is based in our New York office though it might offer the option to work remotely.",
     RemoteStatus.ONSITE),
    ("This is a paid fellowship based in our New York newsroom. Telecommuting is not an option.",
     RemoteStatus.ONSITE),
    ("Remote candidates are fine.", RemoteStatus.REMOTE),
    ("Based anywhere in the UK with a good internet connection.", RemoteStatus.REMOTE),
    ("The office is in town but there will be scope for working some of the time from home.",
     RemoteStatus.HYBRID),
    ("Expect to spend ~70% of your time working remotely.", RemoteStatus.HYBRID),
    ("Some duties of this position are remote but many will require on-site activity.", RemoteStatus.HYBRID),
    ("In-person, union-eligible position located in Austin.", RemoteStatus.ONSITE),
    ("In person in Camden; this internship cannot be done remotely.", RemoteStatus.ONSITE),
    ("You will be based in our Leeds office, with the option to work from home 2 days a week.",
     RemoteStatus.HYBRID),
    ("Mostly in person at our campaign office; occasional work from home is fine.", RemoteStatus.HYBRID),
    ("Primarily in-office setting, with 1 day remote weekly", RemoteStatus.HYBRID),
    ("You will work in our office on Tuesdays and Wednesdays and remotely the rest of the week.",
     RemoteStatus.HYBRID),
    ("Location\n    Remote, worldwide. Some overlap with U.S. Eastern Time working hours is needed.",
     RemoteStatus.REMOTE),
    ("This is a full-time position based at Eastside Medical Pavilion B Family Clinic.", RemoteStatus.ONSITE),
    ("This dual role is in our private medical office in Midtown.", RemoteStatus.ONSITE),
    ("The manager is based in our Denver, CO office.", RemoteStatus.ONSITE),
    ("Organizers may work remotely and are expected to take part in some in-person work.",
     RemoteStatus.HYBRID),
    ("10 hours/week, remote & 1 in-person day a week in Tampa.", RemoteStatus.HYBRID),
    ("Some flexibility with telework about one day per week, otherwise work is in-person.",
     RemoteStatus.HYBRID),
    # a hedge or negation in the cell, bullet or sentence before does not reach the next one
    ("| Pay | $60–$75/hour, depending on experience |\n| Where | Fully remote, U.S. time zones |\n",
     RemoteStatus.REMOTE),
    ("- $21–$23 per hour, depending on experience\n- This position is in person at our kitchen\n",
     RemoteStatus.ONSITE),
    ("We cannot sponsor visas. Remote work is welcome.", RemoteStatus.REMOTE),
    # a hard-wrapped sentence still reads as one
    ("This is not a\nremote position.", RemoteStatus.ONSITE),
    ("Fellows work in person from our Milwaukee office and in hospital communities.", RemoteStatus.ONSITE),
    ("Fellows work in person at our newsroom; this is not a remote fellowship.", RemoteStatus.ONSITE),
    ("A Field Representative assigned to the Bismarck Regional Office.", RemoteStatus.ONSITE),
    ("Interns meet in person once a week at our office; everything else can be done from home.",
     RemoteStatus.HYBRID),
    ("**Tenant Fund** | Remote (must live in New Mexico) | $4,600 per month\n\nWe fund tenants.",
     RemoteStatus.REMOTE),
    ("The internship is 10 weeks, full-time, in our Wichita office.", RemoteStatus.ONSITE),
    ("- On-site, with community visits in East Baton Rouge Parish", RemoteStatus.ONSITE),
    ("You will work at our Middlesex Street clinic, 24 hours per week.", RemoteStatus.ONSITE),
    ("The job is mostly remote but in person at the office on Wednesdays.", RemoteStatus.HYBRID),
    ("- Mostly from home, plus Saturday mornings on site at the clinics", RemoteStatus.HYBRID),
    ("This position will be largely remote, but attend in-person events as needed.", RemoteStatus.REMOTE),
    ("We are a remote-first team with quarterly retreats.", RemoteStatus.REMOTE),
    ("Where: Remote within Georgia or South Carolina, with monthly travel to Savannah", RemoteStatus.REMOTE),
    ("Location: Milwaukee, WI - in person at schools and our community office", RemoteStatus.ONSITE),
    # a label answered yes or no, on its line or the next (<dt>/<dd>)
    ("Location: Topeka, KS\nRemote job: No\n", RemoteStatus.ONSITE),
    ("Location: Topeka, KS\nRemote?\nNo\n", RemoteStatus.ONSITE),
    ("Remote job\nNo\nTelework eligible\nYes, up to 3 days per week as agency policy allows\n",
     RemoteStatus.HYBRID),
    ("Based in our Bristol office, with home working two days a week.", RemoteStatus.HYBRID),
    ("Staff are in the office Monday to Thursday and work from home on Fridays.", RemoteStatus.HYBRID),
    ("Office-based: three days a week in our Leeds office.", RemoteStatus.HYBRID),
    ("• remote (EU time zones), we meet twice a year", RemoteStatus.REMOTE),
    ("You are comfortable on a team that works mostly remotely.", RemoteStatus.REMOTE),
    ("We're remote-friendly: staff meet in person once a month and otherwise work from wherever they are.",
     RemoteStatus.REMOTE),
    ("Location:       work from home (must be in PA)", RemoteStatus.REMOTE),
    ("The director will work from the Foundation's offices on Main Street.", RemoteStatus.ONSITE),
    ("Full-time staff get a 403(b). All shelter positions are on-site in Rockland.", RemoteStatus.ONSITE),
    # a labelled mode is the posting's answer; other openings listed below do not change it
    ("Location Type:    On-site\n\nWe assist immigrants.\n\nOther openings:\nCase Manager - Remote\n",
     RemoteStatus.ONSITE),
    ("Work is in person across the county, from our van and our office.", RemoteStatus.ONSITE),
])
def test_mode_rules(text: str, expected: RemoteStatus) -> None:
    """Should read offices, shares of time and hedged options by general rules; a negation or hedge only
    within the sentence, bullet or cell of the mode it qualifies."""
    remote = find_remote(Document(text), [])
    assert remote is not None and remote.value == expected


def test_remote_or_hybrid_environment_says_nothing() -> None:
    """Should not read "a remote or hybrid work environment" as the role's mode."""
    text = "You know how to build trust in a remote or hybrid work environment."
    assert find_remote(Document(text), []) is None


def test_front_matter_location_wins() -> None:
    """Should state the front-matter location as written, citing its line."""
    doc, front = _front('location = "Remote, Indiana, Kentucky"', "Location: Louisville, KY")
    place = find_location(doc, [], front=front)
    assert place is not None and place.value == "Remote, Indiana, Kentucky"
    assert_evidence(doc, place)


def places_of(text: str) -> list[tuple[str | None, str | None, str | None]]:
    doc = Document(text)
    found = find_places(doc, find_location(doc, []))
    for place in found:
        assert_evidence(doc, place)
    return [(p.city, p.state, p.country) for p in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("Location: Tacoma\nWe organize across Washington.", [("Tacoma", "Washington", "US")]),
    ("Location: Washington, DC", [("Washington", "District of Columbia", "US")]),
    ("Location: DC", [("Washington", "District of Columbia", "US")]),
    ("Location: NYC or LA", [("New York City", "New York", "US"), ("Los Angeles", "California", "US")]),
    ("Location: Springfield, IL", [("Springfield", "Illinois", "US")]),
    ("Location: Jakarta, Indonesia", [("Jakarta", None, "ID")]),
    ("Location: Brisbane, Queensland, Australia", [("Brisbane", None, "AU")]),
    ("Location: London, UK", [("London", None, "GB")]),
    ("Location: Northern California", [(None, "California", "US")]),
    ("Location: Remote", []),
    ("Location: Regina, Saskatchewan, CA", [("Regina", None, "CA")]),
    ("Location: Newcastle, NSW", [("Newcastle", None, "AU")]),
    # a region's code after the city with no comma
    ("Location:           Geelong VIC (hybrid – minimum 3 days per week in the office)",
     [("Geelong", None, "AU")]),
    ("Location: Bend OR", [("Bend", "Oregon", "US")]),
    ("Location: Victoria, TX", [("Victoria", "Texas", "US")]),
    # unlabelled: a "City, province" line anywhere, as a US "City, ST" line is read
    ("Tenant Organizer\n\nHello friends, please circulate.\nWe are hiring.\nDo share.\n\nWinnipeg, MB\n",
     [("Winnipeg", None, "CA")]),
    ("Settlement Worker\n\nOur centre in Regina, Saskatchewan welcomes newcomers.\n",
     [("Regina", None, "CA")]),
    ("Organizer\n\nJoin us.\n\nBest, AB\n", []),
    ("Lieu de travail : nos bureaux de Pointe-Saint-Charles, Montréal (QC)", [("Montréal", None, "CA")]),
    ("Lugar de trabajo: Oakland, CA", [("Oakland", "California", "US")]),
    ("## Details\n\n- 💰 $62,000 per annum\n- 📍 Christchurch / Ōtautahi, our office is in Sydenham\n",
     [("Christchurch", None, "NZ")]),
    ("Location\n    Based in Tacoma, WA, with travel across the region when campaigns need it", [
        ("Tacoma", "Washington", "US")]),
])
def test_places(text: str, expected: list[tuple[str | None, str | None, str | None]]) -> None:
    """Should resolve a stated location into city, state and country."""
    assert places_of(text) == expected


@pytest.mark.parametrize(("state", "body", "city"), [
    ("California", "Our teen clinic in San Rafael serves families.", "San Rafael"),
    ("Pennsylvania", "Staff live near our office in Center City Philadelphia.", "Philadelphia"),
    ("Michigan", "Our clinic has served Northwest Detroit since 1976.", "Detroit"),
    ("Arizona", "We organize in Maricopa County and beyond.", None),
    ("Texas", "Our partners in San Rafael trained us.", None),
])
def test_a_city_in_the_body_of_a_state_only_location(state: str, body: str, city: str | None) -> None:
    """Should add the city of the front matter's state that the body puts the work in, and no other."""
    doc, front = _front(f'location = "{state}"', body)
    places = find_places(doc, find_location(doc, [], front=front), front=front)
    assert [p.city for p in places if p.city] == ([city] if city else [])
    assert all(p.state == state for p in places)


def test_front_matter_places() -> None:
    """Should read each state of "Remote, Indiana, Kentucky" as a place in the US."""
    doc, front = _front('location = "Remote, Indiana, Kentucky"')
    places = find_places(doc, find_location(doc, [], front=front), front=front)
    assert [(p.state, p.country) for p in places] == [("Indiana", "US"), ("Kentucky", "US")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Location: Hobart, Australia", "AUD"),
    ("Location: Halifax, Nova Scotia, Canada", "CAD"),
    ("Location: Leeds, UK", None),
    ("Location: Austin, TX", None),
    ("Source: https://greens.org.au/jobs/manager\n\nCampaign Manager", "AUD"),
])
def test_local_currency(text: str, expected: str | None) -> None:
    """Should name the local dollar of a posting outside the US, by its places or its links."""
    doc = Document(text)
    assert local_currency(doc, find_places(doc, find_location(doc, []))) == expected


def test_city_and_state_keys_state_one_place() -> None:
    """Should join `city` and `state` front-matter keys into one location and one place."""
    doc, front = _front('city = "Austin"\nstate = "TX"')
    place = find_location(doc, [], front=front)
    assert place is not None and place.value == "Austin, TX"
    assert_evidence(doc, place)
    places = find_places(doc, place, front=front)
    assert [(p.city, p.state, p.country) for p in places] == [("Austin", "Texas", "US")]
    # a city of the same name abroad is bigger: the state key still decides
    doc, front = _front('city = "Manchester"\nstate = "NH"')
    places = find_places(doc, find_location(doc, [], front=front), front=front)
    assert [(p.city, p.state, p.country) for p in places] == [("Manchester", "New Hampshire", "US")]


def test_position_in_a_city_is_a_place_and_field_work_there_is_onsite() -> None:
    """Should find "a position in Austin, Texas" and call door-to-door work there onsite."""
    text = ("Organizers knock doors through door-to-door canvassing. This is a full-time, salaried position "
            "in Austin, Texas that will last for the duration of the election.")
    doc = Document(text)
    place = find_location(doc, [])
    assert place is not None and place.value == "Austin, Texas"
    remote = find_remote(doc, [])
    assert remote is not None and remote.value == RemoteStatus.ONSITE


@pytest.mark.parametrize("text", [
    "Location: Harrisburg, PA. Run our canvass in Dauphin County.",
    "Location: Erie, PA. A valid driver's license and a car are required.",
])
def test_field_work_that_says_nothing_of_the_workplace(text: str) -> None:
    """Should not take canvassing (phone canvasses exist) or a driver's licence (travel) as on-site work."""
    assert find_remote(Document(text), []) is None


def test_door_to_door_work_in_a_city_is_on_site() -> None:
    """Should read door-to-door work in a named city as on-site."""
    doc = Document("Location: Austin, TX\n\nField organizers spend each day door-to-door canvassing.\n")
    remote = find_remote(doc, [])
    assert remote is not None and remote.value is RemoteStatus.ONSITE
