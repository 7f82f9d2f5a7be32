import json
from pathlib import Path

import pytest
import rfc8785

from preserve.errors import InputError
from preserve.findings import Severity
from preserve.model import Element, Note, NoteRef, Record, Volume
from preserve.references import UNRESOLVED, Entry, links, read_front_matter, resolve, to_json

VOLUMES = Path(__file__).parent.parent / "fixtures" / "volumes"
SHELL = VOLUMES / "shell-frus1961-63v05.xml"


def person(ident: str, text: str) -> Element:
    return Element("persName", (("corresp", f"#{ident}"),), (text,))


def term(ident: str, text: str) -> Element:
    return Element("gloss", (("target", f"#{ident}"),), (text,))


RECORD = Record(
    doc_id="d390",
    number="390",
    head=("390. Memorandum for the Record", NoteRef("1")),
    body=(
        Element("p", (), ("Ambassador ", person("p_DAF1", "Dobrynin"), " called.")),
        Element("p", (), ("The ", term("t_USSR1", "USSR"), " and ", person("p_NOPE1", "Nobody"))),
    ),
    notes=(Note("1", "source", ("Source: ", person("p_BMG1", "Bundy"), " Files. Secret.")),),
    volume=Volume("frus1961-63v05"),
)


def test_front_matter_lists_persons_and_terms_with_their_descriptions():
    front = read_front_matter(SHELL, "shell.xml")
    bundy = front["p_BMG1"]
    assert (bundy.kind, bundy.name) == ("person", "Bundy, McGeorge")
    assert bundy.description == "President's Special Assistant for National Security Affairs"
    ussr = front["t_USSR1"]
    assert (ussr.kind, ussr.name, ussr.description) == (
        "term",
        "USSR",
        "Union of Soviet Socialist Republics",
    )
    assert front["p_TLEJ1"].name == "Thompson, Llewellyn E., Jr."


def test_front_matter_reading_stops_at_the_body(tmp_path):
    # Broken XML after <body> starts is the document reader's business, not ours.
    text = SHELL.read_text(encoding="utf-8").replace("<head>Soviet Union</head>", "<head>")
    broken = tmp_path / "volume.xml"
    broken.write_text(text, encoding="utf-8")
    assert "p_BMG1" in read_front_matter(broken, "volume.xml")


def test_front_matter_that_is_not_well_formed_names_line_and_column():
    data = b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><front>\n<list></front>'
    with pytest.raises(InputError) as caught:
        read_front_matter(data, "broken.xml")
    assert caught.value.path == "broken.xml"
    assert caught.value.position.line == 3


def test_links_are_found_in_head_body_and_notes_with_their_keys():
    found = [(link.target, link.element, link.text, link.key) for link in links(RECORD)]
    assert found == [
        ("p_DAF1", "persName", "Dobrynin", "body/0/links/0"),
        ("t_USSR1", "gloss", "USSR", "body/1/links/0"),
        ("p_NOPE1", "persName", "Nobody", "body/1/links/1"),
        ("p_BMG1", "persName", "Bundy", "notes/1/links/0"),
    ]


def test_links_outside_the_volume_are_not_front_matter_links():
    record = Record(
        "d1",
        "1",
        (),
        (Element("p", (), (Element("ref", (("target", "frus1961-63v06"),), ("vol. VI",)),)),),
    )
    assert list(links(record)) == []


def test_resolve_carries_each_entry_once_and_reports_dangling_links():
    resolved = resolve(RECORD, read_front_matter(SHELL, "shell.xml"))
    assert [e.id for e in resolved.entries] == ["p_BMG1", "p_DAF1", "t_USSR1"]
    assert [link.target for link in resolved.unresolved] == ["p_NOPE1"]
    (finding,) = resolved.findings
    assert finding.code == UNRESOLVED
    assert finding.severity is Severity.WARNING
    assert finding.key == "body/1/links/1"
    assert "#p_NOPE1" in finding.message and "Nobody" in finding.message


def test_references_json_is_canonical_and_resolves_every_link():
    data = to_json(RECORD, resolve(RECORD, read_front_matter(SHELL, "shell.xml")))
    parsed = json.loads(data)
    assert parsed["record"] == "frus1961-63v05-d390"
    assert parsed["volume"] == "frus1961-63v05"
    assert parsed["persons"]["p_DAF1"]["name"] == "Dobrynin, Anatoli F."
    assert parsed["terms"]["t_USSR1"]["name"] == "USSR"
    assert parsed["unresolved"] == [{"target": "#p_NOPE1", "element": "persName", "text": "Nobody"}]
    assert data == rfc8785.dumps(parsed)


def test_references_json_is_rfc8785_also_for_ids_beyond_ascii():
    front = {"p_Müller1": Entry("p_Müller1", "person", "Müller, Hans", "a person ☃")}
    record = Record("d1", "1", (), (Element("p", (), (person("p_Müller1", "Müller"),)),))
    data = to_json(record, resolve(record, front))
    assert data == rfc8785.dumps(json.loads(data))
    assert json.loads(data)["persons"]["p_Müller1"]["name"] == "Müller, Hans"


DANGLING = """
<div type="document" xml:id="d1" n="1" subtype="historical-document">
<head>1. Telegram from <persName corresp="#p_GONE1">Gone</persName>
<note n="1" type="source">Source: Files, <gloss target="#t_GONE1">GONE</gloss>.
Secret.</note></head>
<p>The <hi rend="italic"><persName corresp="#p_BMG1 #p_GONE2">Bundy</persName></hi> said.<note
 n="2" xml:id="d1fn2">See <persName corresp="#p_GONE3">Absent</persName>.</note>
Later <gloss target="#t_GONE4">Gone again</gloss>.</p>
</div>
"""


def test_a_dangling_link_is_located_at_its_own_element_in_the_volume(tmp_path):
    from lxml import etree

    from preserve.batch import validate_volume

    shell = SHELL.read_text(encoding="utf-8")
    volume = tmp_path / "volume.xml"
    volume.write_text(shell.replace("<head>Soviet Union</head>", DANGLING), encoding="utf-8")
    (document,) = validate_volume(volume, jobs=1).documents
    dangling = [f for f in document.findings if f.code == UNRESOLVED]
    tree = etree.parse(str(volume))
    found = []
    for finding in dangling:
        steps = finding.position.xpath.strip("/").split("/")
        (element,) = tree.xpath(
            "/" + "/".join(f"*[local-name()='{s.split('[')[0]}'][{_index(s)}]" for s in steps)
        )
        assert element.sourceline == finding.position.line
        found.append((element.get("corresp") or element.get("target"), finding.message[:20]))
    assert found == [
        ("#p_GONE1", "persName “Gone” link"),
        ("#p_BMG1 #p_GONE2", "persName “Bundy” lin"),
        ("#t_GONE4", "gloss “Gone again” l"),
        ("#t_GONE1", "gloss “GONE” links t"),
        ("#p_GONE3", "persName “Absent” li"),
    ]


def _index(step: str) -> str:
    return step.partition("[")[2].rstrip("]") or "1"
