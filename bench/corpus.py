"""A deterministic synthetic corpus of realistic job postings, and questions about it.

Postings have varied titles, organizations, cities, pay, deadlines and sections; their text mixes a
common job-posting vocabulary with a long (Zipf-distributed) tail of rarer words, so the vocabulary
grows with the corpus as a real job board's does. The same seed always gives the same corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator

from knowledge.models import Fact, Passage, Posting, Section

__all__ = ["generate_postings", "questions"]

_ROLES = ["Organizer", "Senior Organizer", "Field Organizer", "Organizing Director", "Deputy Director",
          "Communications Manager", "Data Manager", "Policy Analyst", "Program Coordinator",
          "Outreach Coordinator", "Development Associate", "Digital Strategist", "Paralegal",
          "Community Health Navigator", "Finance Manager", "Operations Director", "Research Fellow",
          "Campaign Manager", "Membership Organizer", "Youth Program Coordinator", "Grants Writer",
          "Volunteer Coordinator", "Executive Assistant", "Software Engineer", "Field Technician"]
_LEVELS = ["", "", "", "Junior ", "Lead ", "Regional ", "State ", "Associate "]
_ORG_FIRST = ["Jobs", "Families", "Workers", "Neighbors", "Tenants", "Voters", "People", "Communities",
              "Youth", "Parents", "Farmers", "Riders", "Students", "Nurses", "Builders", "Immigrants"]
_ORG_MID = ["for", "United for", "Organizing for", "Alliance for", "Coalition for", "Action for",
            "to Win", "Together for", "Rising for", "Center for"]
_ORG_LAST = ["Progress", "Justice", "Fair Housing", "Clean Air", "Good Jobs", "Democracy", "Equity",
             "Transit", "Healthy Schools", "Living Wages", "Climate Action", "Safe Streets", "Dignity"]
_CITIES = [("Pasadena", "CA"), ("Oakland", "CA"), ("Chicago", "IL"), ("Detroit", "MI"), ("Atlanta", "GA"),
           ("Denver", "CO"), ("Houston", "TX"), ("Phoenix", "AZ"), ("Seattle", "WA"), ("Boston", "MA"),
           ("Baltimore", "MD"), ("Milwaukee", "WI"), ("Albuquerque", "NM"), ("Richmond", "VA"),
           ("Tucson", "AZ"), ("Austin", "TX"), ("Portland", "OR"), ("Minneapolis", "MN"),
           ("Cleveland", "OH"), ("Memphis", "TN"), ("Raleigh", "NC"), ("Fresno", "CA"), ("Spokane", "WA"),
           ("Newark", "NJ")]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_SKILLS = ["canvassing", "phone banking", "coalition building", "grassroots fundraising", "data entry",
           "public speaking", "grant writing", "event planning", "social media", "budgeting", "Spanish",
           "Excel", "Salesforce", "VAN", "SQL", "Python", "press relations", "leadership development",
           "one-on-one meetings", "power mapping", "voter registration", "policy research", "training"]
_BENEFITS = ["health insurance", "dental insurance", "vision insurance", "a 401(k) plan with a match",
             "a 403(b) retirement plan", "paid time off", "sick days", "paid holidays",
             "a cell phone stipend", "a four day workweek", "professional development funds",
             "paid parental leave", "Public Service Loan Forgiveness eligibility", "mileage reimbursement",
             "a sabbatical"]
_SECTIONS = ["About Us", "Summary of Position", "Responsibilities", "Qualifications", "Compensation",
             "Benefits", "Schedule and Location", "How to Apply"]
_VERBS = ["Lead", "Support", "Coordinate", "Develop", "Recruit", "Train", "Manage", "Plan", "Build",
          "Track", "Design", "Organize", "Facilitate", "Evaluate", "Draft", "Maintain", "Identify"]
_OBJECTS = ["campaigns", "members", "volunteers", "leaders", "coalitions", "budgets", "reports",
            "events", "trainings", "partnerships", "databases", "grant proposals", "press releases",
            "community meetings", "house meetings", "turf", "phone banks", "workshops", "surveys"]
_ABOUT = ["is a multi-issue community organization whose mission is to make {city} a more just place",
          "is a national policy center rooted in racial and economic justice",
          "builds the power of working families across {city} and the region",
          "was founded in {year} by tenants and workers who won a citywide campaign",
          "organizes low-income communities of color to win policy change"]
_SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "sa", "vi", "nel", "qu", "bra", "dex", "fi", "gor",
              "hal", "jun", "pre", "sto", "wex", "zan", "ol", "um", "ter", "cal", "nor", "es"]
# Long tail: Zipf(1.1) over a large pool of pseudo-words; only the drawn ones ever exist.
_TAIL_SIZE = 400_000


def _tail_word(rng: random.Random) -> str:
    """A pseudo-word drawn from a Zipf-like distribution over a large pool."""
    # Inverse-CDF of a continuous power law, rounded: cheap and deterministic.
    rank = int((1 - rng.random()) ** (-1 / 0.1)) % _TAIL_SIZE
    syllables = []
    n = rank + 7
    while n:
        n, r = divmod(n, len(_SYLLABLES))
        syllables.append(_SYLLABLES[r])
    return "".join(syllables)


def _organization(rng: random.Random) -> str:
    return f"{rng.choice(_ORG_FIRST)} {rng.choice(_ORG_MID)} {rng.choice(_ORG_LAST)}"


def _sentence(rng: random.Random, tail: int) -> str:
    words = [rng.choice(_VERBS), rng.choice(_OBJECTS), "with", rng.choice(_OBJECTS), "in",
             rng.choice(_CITIES)[0]]
    words += [_tail_word(rng) for _ in range(tail)]
    if rng.random() < 0.5:
        words += ["using", rng.choice(_SKILLS)]
    return " ".join(words) + "."


def _body(rng: random.Random, heading: str, *, org: str, city: str, title: str,
          deadline: dt.date) -> list[str]:
    """The lines (bullets or paragraphs) of one section."""
    if heading == "About Us":
        return [f"{org} " + rng.choice(_ABOUT).format(city=city, year=rng.randint(1970, 2022)) + ". "
                + " ".join(_sentence(rng, 2) for _ in range(2))]
    if heading == "Summary of Position":
        return [f"The {title} works under the direction of the Executive Director to "
                + _sentence(rng, 3).lower()]
    if heading in ("Responsibilities", "Qualifications"):
        lines = []
        for _ in range(rng.randint(3, 7)):
            if heading == "Qualifications" and rng.random() < 0.4:
                lines.append(f"- At least {rng.randint(1, 8)} years of experience with "
                             f"{rng.choice(_SKILLS)} and {rng.choice(_SKILLS)}")
            else:
                lines.append("- " + _sentence(rng, rng.randint(0, 3)))
        return lines
    if heading == "Compensation":
        low = rng.randrange(38, 110) * 1000
        if rng.random() < 0.2:
            return [f"- Pay is ${low / 2080:.2f} per hour for a {rng.choice([20, 32, 40])}-hour week."]
        return [f"- The salary range is ${low:,} to ${low + rng.randrange(5, 25) * 1000:,} per year, "
                "depending on experience."]
    if heading == "Benefits":
        return [f"- {b[0].upper()}{b[1:]}" for b in rng.sample(_BENEFITS, rng.randint(2, 6))]
    if heading == "Schedule and Location":
        mode = rng.choice(["This position is remote.", f"This is a hybrid role based in {city}.",
                           f"This position is in person at our {city} office.",
                           "Remote work is possible within the state."])
        return [f"{mode} Some evening and weekend work and {rng.randint(0, 40)}% travel is required."]
    return [f"Send a resume and cover letter to jobs@{org.split()[0].lower()}.org by "
            f"{_MONTHS[deadline.month - 1]} {deadline.day}, {deadline.year}. "
            "Applications are reviewed on a rolling basis."]


def _posting(rng: random.Random, number: int) -> Posting:
    org = _organization(rng)
    city, state = rng.choice(_CITIES)
    title = f"{rng.choice(_LEVELS)}{rng.choice(_ROLES)}"
    deadline = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 500))
    pid = f"posting-{number:06d}"
    lines = [f"{title} - {org}", f"{city}, {state}", ""]
    sections: list[Section] = []
    passages: list[Passage] = []
    headings = [h for h in _SECTIONS if h in ("Responsibilities", "How to Apply") or rng.random() < 0.85]
    for heading in headings:
        start = len(lines) + 1
        lines.append(f"{heading}:")
        for body in _body(rng, heading, org=org, city=city, title=title, deadline=deadline):
            lines.append(body)
            text = body.removeprefix("- ")
            passages.append(Passage(posting_id=pid, index=len(passages), section=heading, text=text,
                                    start_line=len(lines), end_line=len(lines)))
        sections.append(Section(heading=heading, start_line=start, end_line=len(lines)))
        lines.append("")
    text = "\n".join(lines)
    return Posting(id=pid, source=f"{pid}.txt", format="text",
                   content_hash=hashlib.sha256(text.encode()).hexdigest(), text=text,
                   title=Fact[str](value=title, text=lines[0], start_line=1, end_line=1),
                   organization=Fact[str](value=org, text=lines[0], start_line=1, end_line=1),
                   sections=sections, passages=passages)


def iter_postings(n_passages: int, seed: int = 0) -> Iterator[Posting]:
    """Postings until at least `n_passages` passages have been produced."""
    rng = random.Random(seed)
    produced = 0
    number = 0
    while produced < n_passages:
        posting = _posting(rng, number)
        number += 1
        produced += len(posting.passages)
        yield posting


def generate_postings(n_passages: int, seed: int = 0) -> list[Posting]:
    """A deterministic list of synthetic postings holding at least `n_passages` passages."""
    return list(iter_postings(n_passages, seed))


_QUESTIONS = [
    "What is the salary for the {title} role?",
    "How much does the {title} at {org} pay?",
    "Is the {title} position remote?",
    "When is the deadline to apply to {org}?",
    "What benefits does {org} offer?",
    "Does {org} offer a 401(k) or retirement plan?",
    "How many years of experience does the {title} need?",
    "Do I need {skill} experience?",
    "Which jobs are in {city}?",
    "How do I apply for the {title} job?",
    "Who does the {title} report to?",
    "How much travel is required for {org}?",
    "{skill} jobs in {city}",
    "hybrid {title} {city}",
    "paid parental leave and dental insurance",
]


def questions(postings: list[Posting], count: int, seed: int = 1) -> list[str]:
    """`count` realistic questions naming titles, organizations, cities and skills of `postings`."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        posting = rng.choice(postings)
        out.append(rng.choice(_QUESTIONS).format(
            title=posting.display_title, org=posting.organization.value if posting.organization else "",
            city=rng.choice(_CITIES)[0], skill=rng.choice(_SKILLS)))
    return out
