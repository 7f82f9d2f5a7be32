"""preserve.readers.portable: document divs as bytes read back to what read_tei reads."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from preserve.errors import InputError
from preserve.readers import Parsed, read_path
from preserve.readers.portable import DocumentBytes, parsed, read_portable, volume

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    p
    for folder in ("corpus", "tei", "volumes", "volumes/documents", "rules", "ci")
    for p in (ROOT / "fixtures" / folder).glob("*.xml")
)
TEI = "http://www.tei-c.org/ns/1.0"


def through_a_pipe(path: Path) -> list[Parsed]:
    """Every record of ``path`` as a worker gets it: pickled, then parsed."""
    return [parsed(pickle.loads(pickle.dumps(item))) for item in read_portable(path)]


def same_as_read_path(path: Path) -> None:
    try:
        expected = list(read_path(path))
    except InputError as error:
        with pytest.raises(InputError) as raised:
            through_a_pipe(path)
        assert str(raised.value) == str(error)
        return
    assert through_a_pipe(path) == expected


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_every_fixture_reads_as_read_path_reads_it(path):
    same_as_read_path(path)


# What a div serialized on its own could lose: lines of start tags spanning lines and of
# characters given by reference, namespaces declared outside it, comments, processing
# instructions, CDATA, text straight inside the div, lines past 65535.
AWKWARD = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI}" xmlns:frus="http://history.state.gov/frus/ns/1.0"
     xmlns:ex="urn:example" xmlns:xi="http://www.w3.org/2001/XInclude" xml:id="v9">
<teiHeader><fileDesc><titleStmt><title type="volume">Vol&#233;</title></titleStmt>
</fileDesc></teiHeader>
<text><body><div type="chapter">
<div type="document" xml:id="d1"
     n="1" ex:checked="yes"
     frus:doc-dateTime-min="1961-01-01T00:00:00Z"><head>1. Title&#10;two<note n="1"
  type="source">Source: here.<!-- a comment --></note></head>
<?page 12?>
stray words
<p rend="x&#10;y">Text <![CDATA[<kept>]]>&#10;<ex:time>noon</ex:time> and
<persName corresp="#p1">Somebody</persName>.</p>
<xi:include href="x.xml"/>
<closer><signed>X<note n="2">Sig.</note></signed></closer>
</div>
{chr(10) * 70000}<div type="document" n="2"><head>2. Far down</head>
<p xmlns="{TEI}" xmlns:ex="urn:other"
>late <ex:b>text</ex:b></p></div>
</div></body></text></TEI>
"""


def test_awkward_documents_read_as_read_path_reads_them(tmp_path):
    path = tmp_path / "awkward.xml"
    path.write_text(AWKWARD, encoding="utf-8")
    items = list(read_portable(path))
    assert all(isinstance(item, DocumentBytes) for item in items)
    records = through_a_pipe(path)
    assert records == list(read_path(path))
    assert records[0].findings  # the stray text, comment, foreign names…
    assert records[1].positions["head"].line > 70000


def test_a_div_with_an_entity_reference_is_read_where_the_entity_is_declared(tmp_path):
    path = tmp_path / "entity.xml"
    path.write_text(
        '<!DOCTYPE TEI [<!ENTITY us "United States">]>'
        f'<TEI xmlns="{TEI}" xml:id="v1"><text><body>'
        '<div type="document" n="1"><head>1. The &us;</head><p>x</p></div>'
        '<div type="document" n="2"><head>2. Plain</head><p>y</p></div>'
        "</body></text></TEI>",
        encoding="utf-8",
    )
    first, second = read_portable(path)
    assert isinstance(first, Parsed) and isinstance(second, DocumentBytes)
    assert volume(first) == volume(second) == first.record.volume
    assert through_a_pipe(path) == list(read_path(path))


def test_an_undeclared_prefix_fails_as_read_path_fails(tmp_path):
    path = tmp_path / "prefix.xml"
    path.write_text(
        f'<TEI xmlns="{TEI}"><text><body><div type="document" n="1"><head>1. '
        "<foo:bar>z</foo:bar></head><p>x</p></div></body></text></TEI>",
        encoding="utf-8",
    )
    with pytest.raises(Exception) as direct:
        list(read_path(path))
    with pytest.raises(Exception) as piped:
        through_a_pipe(path)
    assert (type(piped.value), str(piped.value)) == (type(direct.value), str(direct.value))


def test_other_inputs_are_read_as_read_path_reads_them(tmp_path):
    text = ROOT / "seeds"
    for path in sorted(text.glob("*")):
        if path.is_file():
            same_as_read_path(path)
    (tmp_path / "empty.xml").write_bytes(b"")
    for missing in (tmp_path / "empty.xml", tmp_path / "nothing.xml", tmp_path):
        same_as_read_path(missing)
