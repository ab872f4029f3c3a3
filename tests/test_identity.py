"""The role title and the hiring organization, each with exact evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.document import Document
from knowledge.extract._names import normalise_case
from knowledge.extract.identity import find_organization, find_title
from knowledge.models import Fact
from knowledge.structure import find_sections

POSTINGS = Path(__file__).resolve().parents[1] / "knowledge" / "postings"


def assert_exact(doc: Document, fact: Fact[str]) -> None:
    assert 1 <= fact.start_line <= fact.end_line <= len(doc.lines)
    assert fact.text and fact.text in "\n".join(doc.lines[fact.start_line - 1:fact.end_line])


def identify(text: str, name: str = "posting.txt") -> tuple[Fact[str] | None, Fact[str] | None]:
    doc = Document(text)
    sections = find_sections(doc)
    title = find_title(doc, sections, name)
    organization = find_organization(doc, sections, title)
    for fact in (title, organization):
        if fact is not None:
            assert_exact(doc, fact)
    return title, organization


def title_of(text: str, name: str = "posting.txt") -> tuple[str, str] | None:
    title = identify(text, name)[0]
    return (title.value, title.text) if title else None


def organization_of(text: str) -> tuple[str, str] | None:
    organization = identify(text)[1]
    return (organization.value, organization.text) if organization else None


@pytest.mark.parametrize(("stem", "title", "evidence", "line"), [
    ("local-progress-membership-organizer", "Membership Organizer", "Membership Organizer", 1),
    ("local-progress-organizing-director", "Organizing Director", "Organizing Director", 1),
    ("jobs-to-move-america-california-senior-organizer", "California Senior Organizer",
     "California Senior Organizer", 4),
    ("peoples-action-movement-politics-deputy-organizer", "Movement Politics Deputy Organizer",
     "Movement Politics Deputy Organizer", 1),
    ("pop-pasadena-organizer", "Organizer", "ORGANIZER", 5),
])
def test_sample_titles(stem: str, title: str, evidence: str, line: int) -> None:
    """Should find each sample's title, in Title Case, with its exact text and line as evidence."""
    fact = identify((POSTINGS / f"{stem}.txt").read_text(encoding="utf-8"), f"{stem}.txt")[0]
    assert fact is not None
    assert (fact.value, fact.text, fact.start_line) == (title, evidence, line)


@pytest.mark.parametrize(("stem", "organization"), [
    ("local-progress-membership-organizer", "Local Progress"),
    ("local-progress-organizing-director", "Local Progress"),
    ("jobs-to-move-america-california-senior-organizer", "Jobs to Move America"),
    ("peoples-action-movement-politics-deputy-organizer", "People’s Action Power"),
    ("pop-pasadena-organizer", "Pasadenans Organizing for Progress"),
])
def test_sample_organizations(stem: str, organization: str) -> None:
    """Should find each sample's hiring organization with exact evidence."""
    fact = identify((POSTINGS / f"{stem}.txt").read_text(encoding="utf-8"), f"{stem}.txt")[1]
    assert fact is not None
    assert (fact.value, fact.text) == (organization, organization)


@pytest.mark.parametrize(("text", "title", "evidence"), [
    ("We're hiring a Field Organizer!\n\nJoin our team.\n", "Field Organizer", "Field Organizer"),
    ("We are hiring: Digital Campaigns Manager\n", "Digital Campaigns Manager", "Digital Campaigns Manager"),
    ("Now hiring an Outreach Coordinator.\n", "Outreach Coordinator", "Outreach Coordinator"),
    ("Job Title: Policy Analyst\nLocation: Remote\n", "Policy Analyst", "Policy Analyst"),
    ("**Position:** Staff Attorney (Remote)\n", "Staff Attorney", "Staff Attorney"),
    ("CANVASS DIRECTOR - Green Valley Voters (GVV)\n\nAbout us\n", "Canvass Director", "CANVASS DIRECTOR"),
    ("# Data Engineer\n\nWe build tools.\n", "Data Engineer", "Data Engineer"),
    ("Harbor Tenants Network\nGet Updates Donate\n\nSenior Housing Organizer\n\nPosted:\n",
     "Senior Housing Organizer", "Senior Housing Organizer"),
    ("Summer Communications Intern | Riverside Workers Center\n", "Summer Communications Intern",
     "Summer Communications Intern"),
    ("Lakeside Food Bank is seeking a dedicated Volunteer Coordinator to lead our warehouse.\n",
     "Volunteer Coordinator", "Volunteer Coordinator"),
    ("Join us as a Grants Writer!\n", "Grants Writer", "Grants Writer"),
    ("[Campaign Jobs Digest] Field Organizers - Ana Ruiz for Springfield\n", "Field Organizers",
     "Field Organizers"),
    ("The Eastside Caucus seeks applicants for the position of Data Manager. The Data Manager owns our "
     "lists.\n", "Data Manager", "Data Manager"),
    ("We're hiring an organizer!\n", "Organizer", "organizer"),
    ("We are hiring an independent contractor to lead outreach for our food program.\n", None, None),
    ("Job Announcement: State Director\nSummary\n", "State Director", "State Director"),
    ("Crew Leader - Summer 2027 (Seasonal)\n", "Crew Leader", "Crew Leader"),
    ("Reports to: Membership Manager\nOutreach Contractor\n", "Outreach Contractor", "Outreach Contractor"),
    ("Lakeshore Nurses Federation\n\nCareers\n\nLabor Representative\n", "Labor Representative",
     "Labor Representative"),
    ("Resettlement Worker (Bilingual)\n\nHarbor Newcomer Centre\n", "Resettlement Worker (Bilingual)",
     "Resettlement Worker (Bilingual)"),
    ("# Kia ora! We're hiring a Community Organiser 🏠\n\nJoin us.\n", "Community Organiser",
     "Community Organiser"),
    ("# 🌲 Summer Field Canvasser\n\nKnock doors.\n", "Summer Field Canvasser", "Summer Field Canvasser"),
    ("Home » Get Involved » Jobs » Field Organizer\n\nKnock doors.\n", "Field Organizer", "Field Organizer"),
    ("Position: Epidemiologist I\nLocation: Missoula, Montana\n", "Epidemiologist I", "Epidemiologist I"),
    ("Community Health Promoter (Part-Time)\nValley Health Partnership — Lowell, MA\n",
     "Community Health Promoter", "Community Health Promoter"),
    ("RED DE SALUD\n\nOFERTA DE EMPLEO: Promotora de Salud Comunitaria\n(Health Promoter — summary)\n",
     "Promotora de Salud Comunitaria", "Promotora de Salud Comunitaria"),
    ("All Jobs > Public Health > Community Health Worker II\n\nVisit families.\n",
     "Community Health Worker II", "Community Health Worker II"),
    ("Tenancy Lawyer\n\nRiverside Legal Centre\n\nWe give free legal advice.\n", "Tenancy Lawyer",
     "Tenancy Lawyer"),
    ("Careers\n\nFAMILY SUPPORT WORKER (CASUAL)\n\nWe run two shelters.\n", "Family Support Worker (casual)",
     "FAMILY SUPPORT WORKER (CASUAL)"),
    # the first of the roles a post lists under numbered headings, without their count
    ("CLEAN WATER CAMPAIGN — SUMMER HIRING\n\nThree roles this summer.\n\n=====\n"
     "1) CANVASS DIRECTOR (1 position)\n=====\nRuns the office.\n\n2) CANVASSER (20 positions)\nTalk.\n",
     "Canvass Director", "CANVASS DIRECTOR"),
    # an email's subject line, when nothing else names the role
    ("From: Hiring <jobs@example.org>\nSubject: Re: [city-jobs] Job: Part-time Volunteer Coordinator "
     "(Food Bank, part-time)\n\nHello friends,\n\nOur food bank needs help.\n", "Volunteer Coordinator",
     "Volunteer Coordinator"),
    ("Subject: grant writer wanted - Desert Mutual Aid\n\nHi all, we need help.\n", "Grant Writer",
     "grant writer"),
    # a web address naming the role is not its title
    ("#jobs\n\nsam — 05/01/2024 2:13 PM\n**Open Data Collective** is hiring a **Data Engineer (contract)** "
     "to help us ship.\n\napplications close May 10 — form here: https://example.org/contract-data-engineer\n",
     "Data Engineer", "Data Engineer"),
])
def test_titles_in_varied_postings(text: str, title: str | None, evidence: str | None) -> None:
    """Should find the title from labels, "we're hiring", top lines, "Title - Org" lines and "seeking a"."""
    assert title_of(text) == ((title, evidence) if title else None)


def test_a_labelled_value_that_states_terms_is_no_title() -> None:
    """Should not take "Position: Full-time" for a title."""
    assert title_of("Position: Full-time, exempt\nWe organize.\n", "notes.txt") is None


@pytest.mark.parametrize("text", [
    "We organize renters.\nCall us any time.\n",
    "Home | About | Donate\n\nThe Organizer will knock doors.\n",
    "",
])
def test_no_title_without_a_role(text: str) -> None:
    """Should find no title in text that names no role and has no usable file name."""
    assert title_of(text, "notes.txt") is None


def test_a_bullet_is_no_title() -> None:
    """Should not take a Markdown bullet for the title, even one naming a role."""
    text = "We keep the books of thirty farms.\n\n* 15 hours per week\n* Reports to the Operations Director\n"
    assert title_of(text, "notes.txt") is None


@pytest.mark.parametrize(("written", "shown"), [
    ("THE GREENS NSW", "The Greens NSW"), ("ACLU OF OHIO", "ACLU of Ohio"),
    ("FIELD ORGANIZER", "Field Organizer"),
])
def test_names_in_capitals_keep_their_acronyms(written: str, shown: str) -> None:
    """Should write an all-capitals name in Title Case, keeping acronyms and state codes as written."""
    assert normalise_case(written) == shown


def test_title_falls_back_to_the_file_name_words_in_the_text() -> None:
    """Should take the title from the file name's role words when the text names them only in passing."""
    text = "Thanks for your interest in the tenant organizer role.\nWe build power.\n"
    assert title_of(text, "millbrook-tenant-organizer.txt") == ("Tenant Organizer", "tenant organizer")


@pytest.mark.parametrize(("text", "organization", "evidence"), [
    ("Organizer\nOrganization: Harbor Tenants Network\n", "Harbor Tenants Network", "Harbor Tenants Network"),
    ("# Grants Writer\n\n**Organization:** Saltmarsh Conservancy\n", "Saltmarsh Conservancy",
     "Saltmarsh Conservancy"),
    ("Company: Bright Path Labs\nRole: Data Analyst\n", "Bright Path Labs", "Bright Path Labs"),
    ("ORGANIZER - Allied Citizens for Mutual Empowerment (ACME!)\n\nOrganization:\n\n"
     "ACME! - Allied Citizens for Mutual Empowerment is a community group.\n",
     "Allied Citizens for Mutual Empowerment", "Allied Citizens for Mutual Empowerment"),
    ("Organization:\n\nYES! - Youth Empowered for Safety is a youth-led network.\n",
     "Youth Empowered for Safety", "Youth Empowered for Safety"),
    ("Field Organizer - Millbrook Renters Association\n", "Millbrook Renters Association",
     "Millbrook Renters Association"),
    ("Epidemiologist I\n\nThe Northern Rockies Public Health Institute (NRPHI) is a nonprofit.\n",
     "Northern Rockies Public Health Institute", "Northern Rockies Public Health Institute"),
    ("JOB\n\nYouth Arts Program Coordinator\n\nBridgeport Youth Arts Collective\nBridgeport, CT\n",
     "Bridgeport Youth Arts Collective", "Bridgeport Youth Arts Collective"),
    ("# Senior Reporter\n\n**Rust Belt Investigative Desk** is a nonprofit newsroom in the Midwest.\n",
     "Rust Belt Investigative Desk", "Rust Belt Investigative Desk"),
    ("# Community Organiser\n\n**Ōtautahi Tenants' Network** is a renter-led organisation.\n",
     "Ōtautahi Tenants' Network", "Ōtautahi Tenants' Network"),
    ("MILLBROOK WORKERS CENTER\nExecutive Director\n\nAfter ten years, our founder is stepping down. "
     "The\nBoard is seeking a new Executive Director.\n", "Millbrook Workers Center",
     "MILLBROOK WORKERS CENTER"),
    ("Policy Analyst\n\n**Lakeside Education Fund** · Chicago, IL · Hybrid\n", "Lakeside Education Fund",
     "Lakeside Education Fund"),
    ("Regional Organizer — South Texas\n\n*Borderlands Organizing Network*\n",
     "Borderlands Organizing Network", "Borderlands Organizing Network"),
    ("Volunteer Coordinator\n\nFriends of the Eastside Library – Portland, ME\n",
     "Friends of the Eastside Library", "Friends of the Eastside Library"),
    ("Riverside Mutual Aid\nGet Updates Donate\n\nDispatch Coordinator\n\nRiverside Mutual Aid connects "
     "neighbors.\n", "Riverside Mutual Aid", "Riverside Mutual Aid"),
    ("Deputy Director\nGreen Valley Voters is looking for a Deputy Director.\n", "Green Valley Voters",
     "Green Valley Voters"),
    ("Organizing Director\nRiver Rights and River Rights Fund are seeking an Organizing Director.\n",
     "River Rights", "River Rights"),
    ("Intro\n\nAbout Quarry Hill Food Bank\nWe feed families.\n", "Quarry Hill Food Bank",
     "Quarry Hill Food Bank"),
    ("Who we are ─ About Coastal Justice Alliance:\nWe fight for clean water.\n", "Coastal Justice Alliance",
     "Coastal Justice Alliance"),
    ("BLUE HERON ORGANIZING PROJECT\nJob Announcement: State Director\n", "Blue Heron Organizing Project",
     "BLUE HERON ORGANIZING PROJECT"),
    ("Data Manager\n\nTidewater Coalition is a network of river groups.\n", "Tidewater Coalition",
     "Tidewater Coalition"),
    ("[Progressive Jobs] Field Organizers - Ana Ruiz for Springfield, IL\n\nJuly 1\n\nAbout Ana\n"
     "Ana grew up here. Paid for by Ana Ruiz for Springfield.\n", "Ana Ruiz for Springfield",
     "Ana Ruiz for Springfield"),
    ("Grocery Workers United Local 412\n\nOrganizer\n\nWe represent 6,000 grocery workers.\n",
     "Grocery Workers United Local 412", "Grocery Workers United Local 412"),
    ("Hospital Organizer\n\nValley Nurses Association\n\nValley Nurses Association is a union of nurses.\n",
     "Valley Nurses Association", "Valley Nurses Association"),
    ("Lakeshore Transit Riders Union Local 412\n\nJOB OPENING: ORGANIZER\n\nPosition: Organizer\n\n"
     "LTRU Local 412 is an equal opportunity employer.\n", "Lakeshore Transit Riders Union Local 412",
     "Lakeshore Transit Riders Union Local 412"),
    ("CRBE Summer Policy Intern\n\nThe Center for Rural Broadband Equity works on access.\n\n"
     "CRBE is an equal opportunity employer.\n", "Center for Rural Broadband Equity",
     "Center for Rural Broadband Equity"),
    ("Staff Representative\n\nLakeshore Educators' Union (LEU) is the union of 9,000 teachers. The Union is "
     "seeking a Staff Representative.\n", "Lakeshore Educators' Union", "Lakeshore Educators' Union"),
    ("Hi all,\n\nThe Committee to Elect Jo Park (State Senate, District 12) is hiring a Field Director.\n\n"
     "You received this because you subscribe to the Valley Progressive Network jobs list.\n",
     "Committee to Elect Jo Park", "Committee to Elect Jo Park"),
    # a wrapped line opening "Pennsylvania. We are looking" is no name; nor are the terms after a dash
    ("=====\nLAKE CARE WORKERS UNITED\nInternal Organizer\n=====\n\nLake Care Workers United represents "
     "aides in western\nPennsylvania. We are looking for an Internal Organizer.\n",
     "Lake Care Workers United", "Lake Care Workers United"),
    ("Youth Worker - Casual\nRiver Bend Youth Shelter\nWollongong NSW 2500\n\nJob type\nCasual\n",
     "River Bend Youth Shelter", "River Bend Youth Shelter"),
    # a page's site name with its link, above the title; a "Join the CSA" button names no employer
    ("Market days: Saturdays\n\nBayou Food Project (https://bayoufood.example/)\n\nFarm Manager\n\n"
     "We grow food.\n\nJoin the CSA\n", "Bayou Food Project", "Bayou Food Project"),
    ("---\ntitle: Organizing Director\n---\n\n**Prairie Workers Center** is hiring its first **Organizing "
     "Director**.\n", "Prairie Workers Center", "Prairie Workers Center"),
    # the organization's about paragraph opening on what it does
    ("Fwd: job\n\n> Acequia Organizer\n>\n> The Rio Verde Acequia Alliance supports 70 community-run "
     "ditches.\n", "Rio Verde Acequia Alliance", "Rio Verde Acequia Alliance"),
    # a signature: the name on the line above its street address
    ("PARALEGAL\n\nWe defend tenants.\n\nEmail jobs@tenantlaw.example.\n\n----\nEastside Tenant Law Project\n"
     "1120 K Street, Suite 400\nSacramento, CA 95814\n", "Eastside Tenant Law Project",
     "Eastside Tenant Law Project"),
])
def test_organizations_in_varied_postings(text: str, organization: str, evidence: str) -> None:
    """Should find the organization from labels, title lines, name lines, "is seeking", "About" headings."""
    assert organization_of(text) == (organization, evidence)


@pytest.mark.parametrize("text", [
    "Field Organizer\nDes Moines, IA\n\nWe knock doors.\n",
    "Regional Organizer — South Texas\n\nWe knock doors.\n",
    "Crew Leader - Summer 2027\n\nWe knock doors.\n",
    "Field Organizer\n\nWe are seeking a Field Organizer.\n",
    "Home | About | Donate\n\nField Organizer\n\nAbout the role\n",
])
def test_places_dates_navigation_and_pronouns_are_not_organizations(text: str) -> None:
    """Should not take a place, a season, site navigation or "We" for the organization."""
    assert organization_of(text) is None


def test_no_organization_without_a_title_or_name() -> None:
    """Should find no organization in text that names none."""
    assert organization_of("Knock doors.\nTrain leaders.\n") is None


@pytest.mark.parametrize(("text", "organization", "evidence"), [
    ("Canvasser\n\nThe canvass runs out of the Lanternworks office.\n\n"
     "Email jobs@lanternworks.org to apply.\n", "Lanternworks", "Lanternworks"),
    ("Canvasser\n\nYou will knock doors for Riverside Tenants all summer.\n\n"
     "Email hiring@riversidetenants.org to apply.\n", "Riverside Tenants", "Riverside Tenants"),
    ("Canvasser\n\nHarbor Tenants organizes renters.\n\nEmail jobs@harbor-tenants.org.\n", "Harbor Tenants",
     "Harbor Tenants"),
    ("Source: https://boards.example.org/members/prairieclimate/organizer-3\n\nOrganizer\n\n"
     "The organizer carries out the Prairie Climate’s plan from our Omaha office.\n",
     "Prairie Climate", "Prairie Climate"),
    ("Campaign Manager\n\nEmail us: hello@voteforvega.com. The Vote for Vega team is growing.\n",
     "Vote for Vega", "Vote for Vega"),
])
def test_an_organization_an_address_names(text: str, organization: str, evidence: str) -> None:
    """Should take the name an email domain or a web address spells, as the text writes it (one word or
    capitalised words run together), with no possessive."""
    assert organization_of(text) == (organization, evidence)


@pytest.mark.parametrize("text", [
    "Canvasser\n\nPosted on Great Jobs Board.\n\nSee https://www.greatjobsboard.org/post/123 to apply.\n",
    "Canvasser\n\nYou received this from Google Groups.\n\nWrite to list@googlegroups.com to unsubscribe.\n",
    "Source: https://example.org/openings/fieldorganizer\n\nField Organizer\n\nThe Field Organizer knocks.\n",
])
def test_job_boards_and_mailing_lists_are_not_organizations(text: str) -> None:
    """Should not take a job board's or a mailing list's name from its address, nor a role's."""
    assert organization_of(text) is None
