"""`python -m bench.ingest`: where parsing the real corpus spends its CPU time, stage by stage.

Parses every posting of the corpus archive (`../shared/realworld/corpus.tar.gz` by default) in this one
process, as a sync's worker would, and prints the CPU seconds of each parsing stage and extractor (each
timed where `knowledge.parse` / `knowledge.extract` call it; nested stages are counted in their callers
too), the one-time loading of the GeoNames city table, and the total per posting; then the CPU seconds of
the search analysis a sync's workers do after each parse.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import functools
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import knowledge.extract as extract
import knowledge.parse as parse
from bench.realworld import CORPUS, TODAY
from knowledge.errors import PostingError
from knowledge.extract import (
    _gazetteer,
    apply,
    dates,
    details,
    employment,
    identity,
    location,
    pay,
    posted,
    requirements,
    terms,
)
from knowledge.models import Posting
from retrieval.analysis import facts_of
from retrieval.index import passage_terms
from retrieval.understand.catalog import posting_words

_STAGES: dict[ModuleType, tuple[str, ...]] = {
    parse: ("to_text", "read_front_matter", "find_sections", "find_passages", "extract_fields", "Posting"),
    identity: ("find_title", "find_organization"),
    employment: ("find_hours_range", "find_employment_types"),
    posted: ("find_posted_date",),
    dates: ("classified_dates", "find_deadline", "find_start_date"),
    terms: ("find_end_date", "find_duration", "find_schedule"),
    location: ("find_location", "find_places", "find_remote", "local_currency"),
    pay: ("find_salary",),
    requirements: ("find_min_years_experience", "find_languages", "find_travel", "find_drivers_license"),
    apply: ("find_apply",),
    details: ("find_benefits", "find_reports_to", "find_degree", "find_labelled_facts"),
}


def _timed(spent: dict[str, float], label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
    return timed


def _files(archive: Path, into: Path) -> list[Path]:
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return sorted(path for path in into.rglob("*") if path.is_file())


def profile(files: Sequence[Path]) -> tuple[float, float, collections.defaultdict[str, float], list[Posting]]:
    """CPU seconds of loading the city table, of parsing `files`, and per stage; the postings parsed."""
    spent: collections.defaultdict[str, float] = collections.defaultdict(float)
    start = time.process_time()
    _gazetteer.cities("Tacoma")  # the one-time table load, counted apart from the postings
    table = time.process_time() - start
    for module, names in _STAGES.items():
        for name in names:
            setattr(module, name, _timed(spent, f"{module.__name__.rsplit('.', 1)[-1]}.{name}",
                                         getattr(module, name)))
    extract.read_job_posting = _timed(spent, "jsonld.read_job_posting", extract.read_job_posting)
    data = [(path.name, path.read_bytes()) for path in files]
    postings: list[Posting] = []
    start = time.process_time()
    for name, raw in data:
        with contextlib.suppress(PostingError):  # a skipped file costs its time all the same
            postings.append(parse.parse_posting(name, raw, today=TODAY))
    return table, time.process_time() - start, spent, postings


def analysis(postings: Sequence[Posting]) -> dict[str, float]:
    """CPU seconds of each part of the search analysis a sync's workers do after parsing
    (`retrieval.analysis.analyse`), over `postings`, in a process that analysed none before."""
    parts: dict[str, Callable[[Posting], object]] = {
        "passage terms (index)": passage_terms, "words (catalog)": posting_words,
        "facts (prefilter)": facts_of}
    spent = {}
    for label, part in parts.items():
        start = time.process_time()
        for posting in postings:
            part(posting)
        spent[label] = time.process_time() - start
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"the corpus archive (default {CORPUS})")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(f"no corpus archive at {args.corpus}")
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(args.corpus, Path(tmp))
        table, total, spent, postings = profile(files)
        analysed = analysis(postings)
    print(f"{len(files):,} postings parsed in {total:.2f} CPU s ({1000 * total / len(files):.2f} ms each); "
          f"city table loaded once in {table:.2f} s ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)\n")
    print("| stage | CPU s | share |\n|---|---:|---:|")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"| {label} | {seconds:.2f} | {100 * seconds / total:.0f} % |")
    whole = sum(analysed.values())
    print(f"\nAnalysed for the index after parsing (as the workers do) in {whole:.2f} CPU s "
          f"({1000 * whole / max(len(postings), 1):.2f} ms each):\n")
    print("| part | CPU s |\n|---|---:|")
    for label, seconds in analysed.items():
        print(f"| {label} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
