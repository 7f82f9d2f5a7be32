from pathlib import Path

from lxml import etree

from bench.make_volume import TEI, XML_ID, write_volume
from preserve.readers import read_path
from preserve.references import read_front_matter, resolve

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fixtures" / "corpus"
VOLUMES = ROOT / "fixtures" / "volumes"


def test_the_sample_volume_is_what_the_script_makes(tmp_path):
    inputs = [
        *sorted(CORPUS.glob("frus1961-63v05_d3*.xml")),
        *sorted((VOLUMES / "documents").glob("*.xml")),
        CORPUS / "frus1955-57v24_d242.xml",
    ]
    out = tmp_path / "sample.xml"
    write_volume(inputs, out, len(inputs))
    assert out.read_bytes() == (VOLUMES / "frus1961-63v05-sample.xml").read_bytes()


def test_repeats_get_fresh_rising_numbers_and_unique_ids(tmp_path):
    out = tmp_path / "volume.xml"
    write_volume([CORPUS / "frus1961-63v05_d390.xml"], out, 3)
    tree = etree.parse(str(out))  # duplicate xml:ids would not even parse
    divs = [d for d in tree.iter(f"{TEI}div") if d.get("type") == "document"]
    assert [(d.get("n"), d.get(XML_ID)) for d in divs] == [
        ("390", "d390"),
        ("391", "d391"),
        ("392", "d392"),
    ]
    heads = [" ".join(d.find(f"{TEI}head").itertext()).split(".")[0] for d in divs]
    assert heads == ["390", "391", "392"]
    notes = [n.get(XML_ID) for n in divs[2].iter(f"{TEI}note")]
    assert notes == ["d392fn1", "d392fn2", "d392fn3", "d392fn4"]
    pages = [pb.get(XML_ID) for pb in tree.iter(f"{TEI}pb") if pb.get("n") == "853"]
    assert pages == ["pg_853", "pg_853_2", "pg_853_3"]
    assert [p.record.id for p in read_path(out)] == [
        "frus1961-63v05-d390",
        "frus1961-63v05-d391",
        "frus1961-63v05-d392",
    ]


def test_fill_lists_gives_every_link_an_entry(tmp_path):
    out = tmp_path / "volume.xml"
    write_volume(sorted(CORPUS.glob("*.xml")), out, 36, fill_lists=True)
    front = read_front_matter(out, "volume.xml")
    assert front["p_BMG1"].name == "Bundy, McGeorge"  # the shell's own entry is kept
    assert all(not resolve(p.record, front).unresolved for p in read_path(out))
