"""BM25 over passages: exact rank-bm25 scores from an inverted index."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bench.corpus import generate_postings, questions
from knowledge.models import Fact, Passage, Posting
from knowledge.parse import parse_posting
from retrieval.index import Hit, PassageIndex, acronyms, posting_header
from retrieval.tokenize import tokenize

HANDWRITTEN_QUERIES = [
    "What is the salary?", "remote work", "organizer organizer pay", "401(k) retirement match",
    "deadline to apply", "email resume cover letter", "How many years of experience?",
    "Spanish bilingual", "health dental vision insurance", "travel required driver's license",
    "rrt", "Riders United for Rapid Transit", "tenants housing justice", "$52,000", "40-hour week",
]


def make_posting(pid: str, sections: dict[str, list[str]], *, title: str | None = None,
                 organization: str | None = None) -> Posting:
    """A posting with one passage per listed line."""
    lines: list[str] = [line for line in (title, organization) if line]
    passages: list[Passage] = []
    for heading, bodies in sections.items():
        lines.append(heading)
        for body in bodies:
            lines.append(body)
            passages.append(Passage(posting_id=pid, index=len(passages), section=heading, text=body,
                                    start_line=len(lines), end_line=len(lines)))
    text = "\n".join(lines)

    def fact(value: str | None) -> Fact[str] | None:
        return None if value is None else Fact[str](value=value, text=value, start_line=1, end_line=1)

    return Posting(id=pid, source=f"{pid}.txt", format="text", text=text,
                   content_hash=hashlib.sha256(text.encode()).hexdigest(),
                   title=fact(title), organization=fact(organization), passages=passages)


HANDWRITTEN = [
    make_posting("transit-organizer", {
        "About us": ["Riders United for Rapid Transit (RURT) fights for frequent, affordable buses.",
                     "We are a member-led organization of bus riders and transit workers."],
        "What you'll do": ["Organize riders at bus stops and in house meetings.",
                           "Recruit and train volunteer leaders; track turnout in our database."],
        "Pay": ["The salary is $52,000 to $58,000 per year for a 40-hour week."],
        "Benefits": ["Health, dental and vision insurance; a 401(k) with a 4% match."],
        "To apply": ["E-mail a resume and cover letter to hiring@rurt.example by March 3."],
    }, title="Transit Organizer", organization="Riders United for Rapid Transit"),
    make_posting("housing-policy-analyst", {
        "The organization": ["Tenants Organizing for Housing Justice works statewide on rent control."],
        "Responsibilities": ["Research housing policy and draft testimony for city councils.",
                             "Analyse eviction data and write short reports."],
        "Requirements": ["At least 3 years of policy experience.", "Spanish/English bilingual preferred.",
                         "Some travel required; a driver's license is a plus."],
        "Compensation": ["$27 per hour, hybrid, based in Fresno."],
    }, title="Policy Analyst", organization="Tenants Organizing for Housing Justice"),
    make_posting("untitled-notes", {
        "": ["Remote role. Deadline: rolling.", "Organizer organizer organizer wanted for remote work."],
    }),
]


def reference(index: PassageIndex, query: str, k: int = 10) -> list[tuple[int, float]]:
    """rank-bm25's full scan: the top-k (doc, score) with score > 0, ties in doc order."""
    scores = BM25Okapi(index.doc_tokens()).get_scores(tokenize(query))
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(d), float(scores[d])) for d in order if scores[d] > 0]


def as_pairs(index: PassageIndex, hits: list[Hit]) -> list[tuple[int, float]]:
    """Hits as (doc number, score) in the index's passage order."""
    order = {p.id: i for i, p in enumerate(index.passages)}
    return [(order[h.passage.id], h.score) for h in hits]


def bundled_postings(today: dt.date) -> list[Posting]:
    """The bundled postings, split into one passage per non-blank line when parsing gives none."""
    directory = Path(__file__).resolve().parent.parent / "knowledge" / "postings"
    postings = []
    for path in sorted(directory.iterdir()):
        posting = parse_posting(path.name, path.read_bytes(), today=today)
        if not posting.passages:
            passages = [Passage(posting_id=posting.id, index=i, section="", text=line.strip(),
                                start_line=n, end_line=n)
                        for i, (n, line) in enumerate(
                            (n, line) for n, line in enumerate(posting.lines, 1) if line.strip())]
            posting = posting.model_copy(update={"passages": passages})
        postings.append(posting)
    return postings


@pytest.fixture(scope="module")
def generated() -> PassageIndex:
    return PassageIndex.build(generate_postings(600, seed=7))


@pytest.fixture(scope="module")
def generated_questions() -> list[str]:
    return questions(generate_postings(600, seed=7), 60, seed=3) + HANDWRITTEN_QUERIES


def test_generated_corpus_matches_rank_bm25(generated: PassageIndex, generated_questions: list[str]) -> None:
    """Should return exactly rank-bm25's top-10 ids and scores on a generated corpus."""
    for query in generated_questions:
        assert as_pairs(generated, generated.search(query)) == reference(generated, query), query


def test_bundled_postings_match_rank_bm25(today: dt.date) -> None:
    """Should return exactly rank-bm25's top-10 ids and scores on the bundled postings."""
    index = PassageIndex.build(bundled_postings(today))
    assert len(index) > 50
    extra = ["organizing director", "community organizing campaigns", "benefits", "the salary range"]
    for query in HANDWRITTEN_QUERIES + extra:
        assert as_pairs(index, index.search(query)) == reference(index, query), query


def test_handwritten_postings_match_rank_bm25() -> None:
    """Should match rank-bm25 on a small corpus where common terms get floored (epsilon) idf."""
    index = PassageIndex.build(HANDWRITTEN)
    for query in HANDWRITTEN_QUERIES:
        assert as_pairs(index, index.search(query)) == reference(index, query), query


def test_common_term_gets_epsilon_idf() -> None:
    """Should score a term in most passages with rank-bm25's epsilon floor, not a negative idf."""
    common = [make_posting(f"p{i}", {"Role": [f"Organizer role number {i}", f"Organizer duty {i}"]})
              for i in range(30)]
    other = [make_posting("q", {"Other": [f"Unrelated text about gardens {i}" for i in range(10)]})]
    index = PassageIndex.build(common + other)
    hits = index.search("organizer")
    assert hits
    assert all(h.score > 0 for h in hits)
    assert as_pairs(index, hits) == reference(index, "organizer")


def test_zero_idf_term_scores_nothing() -> None:
    """Should give no hits for a term in exactly half of the passages (idf 0)."""
    half = [make_posting(f"p{i}", {"S": [f"canvass shift {i}" if i % 2 else f"phone bank {i}"]})
            for i in range(20)]
    index = PassageIndex.build(half)
    assert reference(index, "canvass") == []
    assert index.search("canvass") == []
    assert as_pairs(index, index.search("canvass 7")) == reference(index, "canvass 7")


def test_single_passage_corpus_has_no_positive_hits() -> None:
    """Should return no hits when every idf is floored below zero (a one-passage corpus)."""
    index = PassageIndex.build([make_posting("solo", {"S": ["Remote organizer role"]})])
    assert len(index) == 1
    assert index.search("remote organizer") == []


@pytest.mark.parametrize("postings", [[], [make_posting("empty", {})]])
def test_empty_corpus(postings: list[Posting]) -> None:
    """Should build and search an index without passages, returning no hits."""
    index = PassageIndex.build(postings)
    assert len(index) == 0
    assert index.doc_tokens() == []
    assert index.search("salary") == []


@pytest.mark.parametrize("query", ["", "   ", "the and of what is", "zzqxv unknownword", "???"])
def test_queries_without_known_terms(generated: PassageIndex, query: str) -> None:
    """Should return no hits for empty, stop-word-only or unknown-word queries."""
    assert generated.search(query) == []


def test_posting_filter(generated: PassageIndex, generated_questions: list[str]) -> None:
    """Should keep only hits from the given postings, scored with the whole corpus's idf."""
    ids = {f"posting-{n:06d}" for n in range(0, 40, 3)}
    for query in generated_questions:
        expected = [(d, s) for d, s in reference(generated, query, k=len(generated))
                    if generated.passages[d].posting_id in ids][:10]
        assert as_pairs(generated, generated.search(query, posting_ids=ids)) == expected, query


@pytest.mark.parametrize("ids", [set(), {"no-such-posting"}])
def test_posting_filter_without_known_postings(generated: PassageIndex, ids: set[str]) -> None:
    """Should return no hits when the filter names no indexed posting."""
    assert generated.search("salary", posting_ids=ids) == []


@pytest.mark.parametrize("k", [1, 3, 25])
def test_k_limits_hits(generated: PassageIndex, k: int) -> None:
    """Should return the top `k` hits, equal to the reference's."""
    query = "salary range per year depending on experience"
    assert as_pairs(generated, generated.search(query, k)) == reference(generated, query, k)


def test_ties_keep_passage_order() -> None:
    """Should order passages with equal scores by their order in the index."""
    same = {"Duties": ["Knock doors in the evening."], "Pay": ["Pay is hourly."]}
    filler = make_posting("filler", {"Notes": [f"Unrelated note {i}" for i in range(20)]})
    index = PassageIndex.build([make_posting(f"p{i}", same) for i in range(6)] + [filler])
    hits = index.search("doors")
    assert [h.passage.posting_id for h in hits] == [f"p{i}" for i in range(6)]
    assert len({h.score for h in hits}) == 1


@pytest.mark.parametrize("query", ["Transit Organizer", "Riders United for Rapid Transit", "RURT"])
def test_title_and_organization_find_posting(query: str) -> None:
    """Should rank a posting's passages first when a query names its title, organization or acronym."""
    index = PassageIndex.build(HANDWRITTEN + generate_postings(300, seed=7))
    count = len(HANDWRITTEN[0].passages)
    hits = index.search(query, k=count)
    assert [h.passage.posting_id for h in hits] == ["transit-organizer"] * count


@pytest.mark.parametrize(("name", "expected"), [
    ("Riders United for Rapid Transit", ["rurt"]),
    ("Tenants Organizing for Housing Justice (TOHJ)", ["tohj", "TOHJ"]),
    ("RIVERS AND ROADS COALITION", ["rrc"]),
    ("Harbor Workers Center – HWC", ["hwc"]),
    ("Greenfield", []),
])
def test_acronyms(name: str, expected: list[str]) -> None:
    """Should derive an acronym from capitalised words and take any parenthesised one."""
    assert acronyms(name) == expected


def test_header_names_title_organization_and_acronym() -> None:
    """Should index title, organization and the organization's acronym with every passage."""
    header = posting_header(HANDWRITTEN[0])
    assert tokenize(header) == tokenize("Transit Organizer Riders United for Rapid Transit rurt")


def test_doc_tokens_are_header_section_and_text() -> None:
    """Should index each passage as header + section heading + passage text."""
    index = PassageIndex.build(HANDWRITTEN)
    passage = HANDWRITTEN[1].passages[0]
    position = len(HANDWRITTEN[0].passages)
    assert index.doc_tokens()[position] == tokenize(
        f"{posting_header(HANDWRITTEN[1])}\n{passage.section}\n{passage.text}")
