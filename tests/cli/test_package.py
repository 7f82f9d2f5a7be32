"""``preserve package`` end to end: the seed, refusals, --force, reproducibility, metadata."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner

from preserve.cli import main
from preserve.resources import seed_path
from preserve.verify import verify_bag

REPO = Path(__file__).resolve().parents[2]
INVALID = str(REPO / "fixtures" / "rules" / "PRS-SIGNATURE-MISSING.xml")
VALID = str(REPO / "fixtures" / "rules" / "valid.xml")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["package", *args], env=env)


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_packages_the_seed_by_default(tmp_path: Path) -> None:
    result = run("-o", str(tmp_path / "bags"))
    assert result.exit_code == 0, result.output
    [bag] = list((tmp_path / "bags").iterdir())
    assert bag.name.endswith("d390")
    assert result.stdout == f"{bag}: 4 files, 16.7 KB, sha256+sha512\n"
    assert "PRS-MARKER-OFFSET (warning)" in result.stderr
    assert bagit.Bag(str(bag)).validate()
    assert (bag / "data" / "source" / seed_path().name).read_bytes() == seed_path().read_bytes()


def test_volume_names_the_bag_and_goes_into_the_record(tmp_path: Path) -> None:
    result = run("--volume", "frus1961-63v05", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    bag = tmp_path / "frus1961-63v05-d390"
    assert [p.name for p in tmp_path.iterdir()] == [bag.name]
    info = (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    assert "External-Identifier: frus1961-63v05-d390" in info
    assert "Bag-Group-Identifier: frus1961-63v05" in info
    record = json.loads((bag / "data" / "record.json").read_text(encoding="utf-8"))
    assert record["volume"]["id"] == "frus1961-63v05"
    assert b'<idno type="frus">frus1961-63v05</idno>' in (bag / "data" / "record.xml").read_bytes()
    assert verify_bag(bag, "deep").errors == ()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--volume", "../elsewhere"], "is not a volume id"),
        (
            [
                "--volume",
                "frus1961-63v04",
                str(REPO / "fixtures" / "corpus" / "frus1961-63v05_d390.xml"),
            ],
            "d390.xml: record 390 belongs to volume frus1961-63v05, not frus1961-63v04",
        ),
        (
            [
                "--volume",
                "frus1961-63v05",
                str(REPO / "fixtures" / "volumes" / "frus1961-63v05-sample.xml"),
            ],
            "--volume is for records that do not name their volume",
        ),
    ],
)
def test_a_volume_that_cannot_apply_is_refused(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run(*args, "-o", str(tmp_path / "bags"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "bags").exists()


def test_several_inputs_give_one_bag_each(tmp_path: Path) -> None:
    result = run(str(seed_path()), VALID, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.iterdir())) == 2 and len(result.stdout.splitlines()) == 2


def test_an_invalid_record_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    result = run(str(seed_path()), INVALID, "-o", str(tmp_path / "bags"))
    assert result.exit_code == 1
    assert f"{INVALID}:5: PRS-SIGNATURE-MISSING document 390 has no signature" in result.stderr
    assert "(no signed element) (at /TEI/text/body/div[1])\n" in result.stderr  # as validate
    assert ":1:31: PRS-MARKER-OFFSET (warning) note markers" in result.stderr
    assert "1 invalid record(s): nothing written" in result.stderr
    assert not (tmp_path / "bags").exists()


def test_allow_invalid_packages_it_and_says_so(tmp_path: Path) -> None:
    result = run(INVALID, "--allow-invalid", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "(invalid record, findings inside)" in result.stdout
    [bag] = list(tmp_path.iterdir())
    assert "Record-Validation: invalid: " in (bag / "bag-info.txt").read_text()


def test_an_existing_bag_needs_force(tmp_path: Path) -> None:
    assert run("-o", str(tmp_path), "--bagging-date", "2024-01-01").exit_code == 0
    [bag] = list(tmp_path.iterdir())
    again = run("-o", str(tmp_path), "--bagging-date", "2024-02-02")
    assert again.exit_code == 2
    last = again.stderr.splitlines()[-1]
    assert last == f"preserve: {bag}: already exists (use --force to replace it)"
    assert "Bagging-Date: 2024-01-01" in (bag / "bag-info.txt").read_text()
    forced = run("-o", str(tmp_path), "--bagging-date", "2024-02-02", "--force")
    assert forced.exit_code == 0, forced.output
    assert "Bagging-Date: 2024-02-02" in (bag / "bag-info.txt").read_text()
    assert [p.name for p in tmp_path.iterdir()] == [bag.name]


def test_same_inputs_and_source_date_epoch_give_identical_bags(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert run("-o", str(tmp_path / "a"), env=env).exit_code == 0
    assert run("-o", str(tmp_path / "b"), env=env).exit_code == 0
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_metadata_from_options_and_a_bag_info_file(tmp_path: Path) -> None:
    extra = tmp_path / "deposit.txt"
    extra.write_text(
        "Source-Organization: Office of the Historian\nContact-Name: Old Name\nProject: FRUS\n"
    )
    result = run(
        "--bag-info",
        str(extra),
        "--contact-name",
        "Jane Doe",
        "--contact-email",
        "jane@example.org",
        "--checksum",
        "SHA-512",
        "-o",
        str(tmp_path / "bags"),
    )
    assert result.exit_code == 0, result.output
    [bag] = list((tmp_path / "bags").iterdir())
    lines = (bag / "bag-info.txt").read_text().splitlines()
    assert lines[:3] == [
        "Source-Organization: Office of the Historian",
        "Contact-Name: Jane Doe",
        "Contact-Email: jane@example.org",
    ]
    assert "Project: FRUS" in lines
    assert sorted(p.name for p in bag.glob("*manifest-*")) == [
        "manifest-sha512.txt",
        "tagmanifest-sha512.txt",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--checksum", "crc32"], "unknown checksum algorithm 'crc32'"),
        (["--bagging-date", "yesterday"], "Invalid value for '--bagging-date'"),
        ([str(REPO / "no-such-file.txt")], "no such file"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*args, "-o", str(tmp_path / "bags"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "bags").exists()


def test_a_bad_bag_info_file_names_its_line(tmp_path: Path) -> None:
    extra = tmp_path / "deposit.txt"
    extra.write_text("Contact-Name: Jane\nthis line has no label\n")
    result = run("--bag-info", str(extra), "-o", str(tmp_path / "bags"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"preserve: {extra}:2: expected 'Label: value'")


def test_the_installed_command_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "preserve", "package", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
    )
    assert done.returncode == 0, done.stderr
    [bag] = list(tmp_path.iterdir())
    assert "Bagging-Date: 1970-01-01" in (bag / "bag-info.txt").read_text()
