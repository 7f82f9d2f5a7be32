"""``preserve convert``: canonical forms on stdout or in a file, one line per problem."""

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from preserve.cli import main
from preserve.resources import seed_path

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_with_no_input_converts_the_seed_to_json():
    result = run("convert", "--to", "json")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert (record["number"], record["title"]) == ("390", "Memorandum for the Record")
    assert "PRS-MARKER-OFFSET" in result.stderr


def test_xml_is_written_atomically_to_the_output_file(tmp_path):
    target = tmp_path / "d390.xml"
    result = run(
        "convert", str(CORPUS / "frus1961-63v05_d390.xml"), "--to", "xml", "-o", str(target)
    )
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"<TEI")
    assert [p.name for p in tmp_path.iterdir()] == ["d390.xml"]


def test_text_form_renumbers_the_seed_markers():
    result = run("convert", "--to", "text")
    assert result.stdout.splitlines()[0] == "390. Memorandum for the Record1"


def test_the_input_is_never_modified(tmp_path):
    source = tmp_path / "memo.txt"
    shutil.copy(seed_path(), source)
    before = source.read_bytes()
    run("convert", str(source), "--to", "xml", "-o", str(tmp_path / "out.xml"))
    assert source.read_bytes() == before


def test_a_missing_file_is_one_line_with_exit_2(tmp_path):
    result = run("convert", str(tmp_path / "nope.txt"), "--to", "xml")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"preserve: {tmp_path / 'nope.txt'}: no such file"


def test_an_empty_file_is_one_line_with_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("convert", str(empty), "--to", "json")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(empty) in result.stderr
    assert "Traceback" not in result.output


def test_an_output_in_a_missing_folder_is_one_line_with_exit_2(tmp_path):
    target = tmp_path / "missing" / "d390.xml"
    result = run("convert", "--to", "xml", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"preserve: {target}: cannot write: No such file or directory"
    )
    assert "Traceback" not in result.output


def test_a_volume_needs_an_output_directory_and_gets_one_file_per_record(tmp_path):
    volume = CORPUS.parent / "volumes" / "frus1961-63v05-sample.xml"
    assert run("convert", str(volume), "--to", "json").exit_code == 2
    result = run("convert", str(volume), "--to", "json", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(written) > 1
    assert all(name.endswith(".json") for name in written)


def test_an_unknown_format_is_a_usage_error():
    assert run("convert", "--to", "pdf").exit_code == 2
