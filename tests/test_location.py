"""Location as stated, and remote / hybrid / onsite status."""

from __future__ import annotations

import pytest
from extract_support import assert_evidence, sample

from knowledge.document import Document
from knowledge.extract.location import find_location, find_remote
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
    ("Grants Manager\n\nEmployment type Full-time\nLocation Remote (anywhere in the U.S.)\n",
     "Remote (anywhere in the U.S.)"),
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


@pytest.mark.parametrize(("text", "status"), [
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
    ("Organizer\nLocation: Austin, TX\nDuties\n- Canvass neighborhoods\n", RemoteStatus.ONSITE),
    ("Organizer\nLocation: Austin, TX\n- Valid driver's license and access to a vehicle\n",
     RemoteStatus.ONSITE),
    ("Coordinator\nTucson, AZ\nFull-time & on-site\n", RemoteStatus.ONSITE),
    ("This role is on-site; remote work is not available.", RemoteStatus.ONSITE),
    ("This position is on-site at our Savannah office and is not eligible for remote\nwork.",
     RemoteStatus.ONSITE),
    ("Our remote staff support a hotline, but this role is office-based.", RemoteStatus.ONSITE),
    ("This is an in-person role in Pittsburgh.", RemoteStatus.ONSITE),
    ("* Location: Providence, RI (on-site at our Broad Street office)", RemoteStatus.ONSITE),
    ("- **Location:** Texas (remote; must live in the Valley)", RemoteStatus.REMOTE),
    ("Location: Asheville, NC. Work can be done remotely, with occasional events.", RemoteStatus.REMOTE),
    ("Location: Duluth, MN; crews camp at remote work sites\n- Valid driver's license", RemoteStatus.ONSITE),
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
    "Our hybrid vehicles fleet is growing.",
])
def test_remote_unknown(text: str) -> None:
    """Should give no remote status when the posting does not say or clearly imply one."""
    assert find_remote(Document(text), []) is None
