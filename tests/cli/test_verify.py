"""``preserve verify`` end to end: text and JSON, exit codes, --fast/--deep, PREMIS, profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from preserve.cli import main
from preserve.resources import schema_path

PREMIS = "{http://www.loc.gov/premis/v3}"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["verify", *args], env=env)


@pytest.fixture
def bags(tmp_path: Path) -> tuple[Path, Path]:
    """Two bags of the seed; the second has a changed byte in record.xml."""
    for name in ("good", "bad"):
        result = CliRunner().invoke(main, ["package", "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    good, bad = (next((tmp_path / n).iterdir()) for n in ("good", "bad"))
    record = bad / "data" / "record.xml"
    record.write_bytes(record.read_bytes().replace(b"Secret", b"Sekret", 1))
    return good, bad


def test_a_good_bag_exits_0(bags) -> None:
    good, _ = bags
    result = run(str(good))
    assert result.exit_code == 0, result.output
    first, last = result.stdout.splitlines()
    assert first.startswith(
        f"{good}: valid — BagIt 1.0, 4 payload files (16.7 KB), sha256+sha512, "
    )
    assert last.startswith("1 bag: 1 valid, 0 invalid; 0 errors, 0 warnings; 4 files, 16.7 KB, ")


def test_a_bad_bag_exits_1_and_names_the_file(bags) -> None:
    good, bad = bags
    result = run(str(good), str(bad))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith(f"{bad}: INVALID (2 errors)")
    assert lines[2].startswith(
        f"  {bad}/data/record.xml: BAG-CHECKSUM-MISMATCH manifest-sha256.txt:"
    )
    assert lines[2].endswith("[RFC 8493 §3]")
    assert "BAG-OXUM-MISMATCH" not in result.stdout  # same size: the Oxum cannot see it
    assert lines[-1].startswith("2 bags: 1 valid, 1 invalid; 2 errors, 0 warnings")


def test_fast_does_not_read_the_payload(bags) -> None:
    _, bad = bags
    assert run("--fast", str(bad)).exit_code == 0


def test_deep_knows_the_content_changed(bags) -> None:
    _, bad = bags
    result = run("--deep", str(bad))
    assert result.exit_code == 1
    assert "PRS-BAG-CANONICAL" in result.stdout and "1 record re-checked" in result.stdout


def test_json_report(bags) -> None:
    good, bad = bags
    result = run("--format", "json", str(good), str(bad))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["mode"] == "default"
    assert report["counts"]["bags"] == 2 and report["counts"]["invalid"] == 1
    assert report["counts"]["errors"] == 2 and report["counts"]["files"] == 8
    assert report["bags"][0]["valid"] is True and report["bags"][0]["findings"] == []
    codes = [(f["code"], f["path"], f["rfc"]) for f in report["bags"][1]["findings"]]
    assert codes == [
        ("BAG-CHECKSUM-MISMATCH", "data/record.xml", "RFC 8493 §3"),
        ("BAG-CHECKSUM-MISMATCH", "data/record.xml", "RFC 8493 §3"),
    ]
    assert report["bags"][1]["findings"][0]["line"] is None
    assert report["seconds"] >= 0 and report["counts"]["bytes_hashed"] > 0


def test_premis_event_per_bag(bags, tmp_path: Path) -> None:
    good, bad = bags
    out = tmp_path / "audit.xml"
    result = run("--premis", str(out), str(good), str(bad), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.exit_code == 1
    root = etree.parse(str(out)).getroot()
    assert root.tag == f"{PREMIS}premis" and root.get("version") == "3.0"
    events = root.findall(f"{PREMIS}event")
    assert [e.findtext(f"{PREMIS}eventType") for e in events] == ["fixity check"] * 2
    assert [e.findtext(f"{PREMIS}eventDateTime") for e in events] == ["2023-11-14T22:13:20Z"] * 2
    outcomes = [e.findtext(f"{PREMIS}eventOutcomeInformation/{PREMIS}eventOutcome") for e in events]
    assert outcomes == ["pass", "fail"]
    notes = events[1].findall(f".//{PREMIS}eventOutcomeDetailNote")
    assert notes[0].text == "2 errors, 0 warnings"
    assert notes[1].text.startswith("BAG-CHECKSUM-MISMATCH (error, RFC 8493 §3) data/record.xml: ")
    linked = [e.findtext(f".//{PREMIS}linkingObjectIdentifierValue") for e in events]
    objects = root.findall(f"{PREMIS}object/{PREMIS}objectIdentifier/{PREMIS}objectIdentifierValue")
    assert linked == [o.text for o in objects] == [good.name, bad.name]
    assert root.findtext(f"{PREMIS}agent/{PREMIS}agentType") == "software"
    again = tmp_path / "again.xml"
    run("--premis", str(again), str(good), str(bad), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert again.read_bytes() == out.read_bytes()


def test_a_premis_file_in_a_missing_folder_is_refused_before_verifying(bags, tmp_path):
    good, _ = bags
    out = tmp_path / "missing" / "audit.xml"
    result = run("--premis", str(out), str(good))
    assert result.exit_code == 2
    assert result.stdout == ""  # refused before any bag was verified
    assert result.stderr.strip() == f"preserve: {out}: cannot write: no folder {out.parent}"


def test_profile(bags) -> None:
    good, _ = bags
    result = run("--profile", str(schema_path("bagit-profile.json")), str(good))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-bag"], "no-such-bag: no such bag"),
        (["--fast", "--deep", "."], "--fast and --deep exclude each other"),
        (["--profile", "missing.json", "."], "cannot load the BagIt Profile"),
        ([], "Missing argument 'BAG...'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
