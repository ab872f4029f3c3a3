"""Front matter at the top of a posting: where the block is found and where each entry stands."""

from __future__ import annotations

import pytest

from knowledge.frontmatter import MAX_FRONT_MATTER_LINES, read_front_matter

BODY = "We organize renters.\n"


def toml_block(keys: int, blank_lines: int = 0) -> str:
    lines = [f'key_{n} = "value {n}"' for n in range(keys)]
    return "\n" * blank_lines + "+++\n" + "\n".join(lines) + "\n+++\n" + BODY


@pytest.mark.parametrize(("blank_lines", "found"), [(0, True), (5, True), (6, False)])
def test_the_opening_fence_may_follow_a_few_blank_lines(blank_lines: int, found: bool) -> None:
    """Should find a block opened after at most five blank lines."""
    assert bool(read_front_matter(toml_block(2, blank_lines)).entries) is found


@pytest.mark.parametrize("blank_lines", [0, 5])
@pytest.mark.parametrize(("keys", "found"), [(MAX_FRONT_MATTER_LINES - 2, True),
                                              (MAX_FRONT_MATTER_LINES - 1, False)])
def test_a_block_over_the_line_limit_is_not_front_matter(blank_lines: int, keys: int, found: bool) -> None:
    """Should read a block closed within `MAX_FRONT_MATTER_LINES` lines of its opening fence, no later."""
    front = read_front_matter(toml_block(keys, blank_lines))
    assert len(front.entries) == (keys if found else 0)


@pytest.mark.parametrize("blank_lines", [0, 3])
def test_entries_and_body_start_are_exact_offsets(blank_lines: int) -> None:
    """Should give each entry its own line and value as offsets into the text, and the body's offset."""
    text = toml_block(3, blank_lines)
    front = read_front_matter(text)
    assert [text[e.start:e.end] for e in front.entries] == [f'key_{n} = "value {n}"' for n in range(3)]
    assert [text[e.value_start:e.value_end] for e in front.entries] == [f"value {n}" for n in range(3)]
    assert text[front.body_start:] == BODY
    assert text.split("\n")[front.end_line - 1] == "+++"


def test_a_key_a_field_holds_is_mapped_however_written() -> None:
    """Should map keys onto canonical fields whatever their case, spaces or hyphens."""
    text = '+++\n"Closing Date" = "May 1"\nJob-Title = "Organizer"\nthumbnail = "x.png"\n+++\n' + BODY
    assert [e.field for e in read_front_matter(text).entries] == ["deadline", "title", None]


def test_keys_of_toml_tables_are_read() -> None:
    """Should read the keys of a TOML table ("[job]" / "title = …") as the posting's, each at its own line."""
    text = ('+++\n[job]\ntitle = "Field Organizer"\ncloses = 2027-02-14\n\n[job.pay]\nmin = 50000\n'
            '[other]\nnote = "x"\n+++\n' + BODY)
    front = read_front_matter(text)
    assert [(e.key, e.field, e.value) for e in front.entries] == [
        ("title", "title", "Field Organizer"), ("closes", "deadline", "2027-02-14"), ("min", None, "50000"),
        ("note", None, "x")]
    assert [text[e.start:e.end] for e in front.entries] == [
        'title = "Field Organizer"', "closes = 2027-02-14", "min = 50000", 'note = "x"']


def test_spanish_and_french_keys_are_mapped() -> None:
    """Should map the keys of boards publishing in Spanish or French onto the same fields."""
    text = ("---\norganizacion: Red Vecinal\nlugar: Ciudad de México\nsalario: MXN 20,000\n"
            "cierre: 2024-07-15\nfecha: 2024-06-20\nlieu: Montréal\n---\n" + BODY)
    fields = [e.field for e in read_front_matter(text).entries]
    assert fields == ["organization", "location", "salary", "deadline", "posted", "location"]


@pytest.mark.parametrize(("block", "keys"), [
    ("title: Field Canvasser\nsalary: $20/hour\n", ["title", "salary"]),
    ("title: [Field Canvasser\n", []),
    ("- a list, not a mapping\n", []),
    ('title = "Field Canvasser"\n', []),
])
def test_yaml_front_matter_is_read_when_it_is_a_mapping(block: str, keys: list[str]) -> None:
    """Should read a `---` block with PyYAML's safe loader, and give no entries when it is not a mapping."""
    assert [e.key for e in read_front_matter(f"---\n{block}---\n{BODY}").entries] == keys
