"""``preserve validate`` end to end: formats, positions, exit codes, settings, parallelism."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator
from lxml import etree

from preserve.cli import main

REPO = Path(__file__).resolve().parents[2]
MEMO = "fixtures/ci/memo-seeded.txt"
TEI = "fixtures/ci/d390-seeded.xml"
SEED = "seeds/000_64a11ddd4c1bf2d8.txt"


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, ["validate", *args], input=input)


def place(path: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """Line and column (1-based) of ``needle`` in the fixture, plus ``offset`` columns."""
    for number, text in enumerate((REPO / path).read_text(encoding="utf-8").splitlines(), 1):
        if needle in text:
            return number, text.index(needle) + 1 + offset
    raise AssertionError(f"{needle!r} is not in {path}")


# Where the seeded errors are, found in the fixtures themselves.
MEMO_SIGNATURE = place(MEMO, "McGeorge Bundy")
MEMO_NOTE_4 = place(MEMO, "4. Printed from a copy")
MEMO_FIRST_MARKER = place(MEMO, "Record0", offset=len("Record"))
TEI_NOTE_ID = place(TEI, 'xml:id="d390fn9"')[0]
TEI_SIGNED = place(TEI, "<signed>")[0]


def test_text_memo_findings_point_at_line_and_column():
    result = run(MEMO)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        f"{MEMO}:{MEMO_FIRST_MARKER[0]}:{MEMO_FIRST_MARKER[1]}: PRS-MARKER-OFFSET "
    )
    assert lines[1].startswith(
        f"{MEMO}:{MEMO_SIGNATURE[0]}:{MEMO_SIGNATURE[1]}: PRS-SIGNATURE-NOTE "
    )
    assert lines[2].startswith(f"{MEMO}:{MEMO_NOTE_4[0]}:{MEMO_NOTE_4[1]}: PRS-NOTE-UNREFERENCED ")
    assert len(lines) == 3
    assert result.stderr == "preserve: 1 file, 1 record: 2 errors, 1 warning — failed\n"


def test_tei_findings_point_at_the_element_line_with_its_xpath():
    result = run(TEI)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{TEI}:{TEI_NOTE_ID}: PRS-NOTE-ID ")
    assert "/TEI/text/body/div[1]/p[8]/note[1]" in lines[0]
    assert lines[1].startswith(f"{TEI}:{TEI_SIGNED}: PRS-SIGNATURE-NOTE ")
    assert "/TEI/text/body/div[1]/closer[1]/signed[1]" in lines[1]


def test_the_seed_is_the_default_input_and_is_valid_with_one_warning():
    result = run()
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{SEED}:1:31: PRS-MARKER-OFFSET ")
    assert result.stdout.count("\n") == 1
    assert result.stderr == "preserve: 1 file, 1 record: 1 warning — passed\n"


def test_every_format_in_one_run_with_the_summary_on_stderr(tmp_path: Path):
    out = {fmt: tmp_path / f"report.{fmt}" for fmt in ("sarif", "junit", "json", "github")}
    specs = [arg for fmt, path in out.items() for arg in ("-f", f"{fmt}:{path}")]
    result = run(MEMO, TEI, "-f", "text", *specs)
    assert result.exit_code == 1
    assert result.stdout == run(MEMO, TEI).stdout
    assert (
        result.stderr.splitlines()[0]
        == "preserve: 2 files, 2 records: 4 errors, 1 warning — failed"
    )
    assert f"preserve: wrote the sarif report to {out['sarif']}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in out.values())
    assert json.loads(out["json"].read_text())["summary"]["errors"] == 4
    github = out["github"].read_text().splitlines()
    line, col = MEMO_SIGNATURE
    assert any(
        g.startswith(f"::error file={MEMO},line={line},col={col},title=PRS-SIGNATURE-NOTE::")
        for g in github
    )
    assert any(
        g.startswith(f"::error file={TEI},line={TEI_SIGNED},title=PRS-SIGNATURE-NOTE::")
        for g in github
    )


def test_sarif_output_is_valid_and_locates_the_seeded_errors(tmp_path: Path):
    target = tmp_path / "preserve.sarif"
    assert run(MEMO, TEI, "--format", "sarif", "--output", str(target)).exit_code == 1
    log = json.loads(target.read_text(encoding="utf-8"))
    schema = json.loads((REPO / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    assert not list(validator.iter_errors(log))
    run_ = log["runs"][0]
    regions = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r[
            "locations"
        ][0]["physicalLocation"]["region"]
        for r in run_["results"]
    }
    assert regions[("PRS-SIGNATURE-NOTE", MEMO)] == {
        "startLine": MEMO_SIGNATURE[0],
        "startColumn": MEMO_SIGNATURE[1],
    }
    assert regions[("PRS-NOTE-UNREFERENCED", MEMO)] == {
        "startLine": MEMO_NOTE_4[0],
        "startColumn": MEMO_NOTE_4[1],
    }
    assert regions[("PRS-SIGNATURE-NOTE", TEI)] == {"startLine": TEI_SIGNED}
    assert regions[("PRS-NOTE-ID", TEI)] == {"startLine": TEI_NOTE_ID}
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    assert rules["PRS-NOTE-ID"]["helpUri"].endswith("rules.md#prs-note-id")
    assert rules["PRS-NOTE-ID"]["shortDescription"]["text"]


def test_junit_output_is_valid_and_carries_the_positions(tmp_path: Path):
    target = tmp_path / "junit.xml"
    assert run(MEMO, TEI, "-f", f"junit:{target}").exit_code == 1
    root = etree.parse(str(target))
    etree.XMLSchema(etree.parse(str(REPO / "schemas" / "jenkins-junit.xsd"))).assertValid(root)
    failures = {f.text.split(" ")[0] for f in root.iter("failure")}
    assert failures == {
        f"{MEMO}:{MEMO_SIGNATURE[0]}:{MEMO_SIGNATURE[1]}:",
        f"{MEMO}:{MEMO_NOTE_4[0]}:{MEMO_NOTE_4[1]}:",
        f"{TEI}:{TEI_NOTE_ID}:",
        f"{TEI}:{TEI_SIGNED}:",
    }


def test_json_input_is_located_by_pointer(tmp_path: Path):
    converted = CliRunner().invoke(main, ["convert", TEI, "--to", "json"])
    assert converted.exit_code == 0
    record = tmp_path / "record.json"
    record.write_bytes(converted.stdout_bytes)
    result = run(str(record), "--select", "PRS-NOTE-ID")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{record}: PRS-NOTE-ID ")
    assert result.stdout.rstrip().endswith("(at /notes/2)")


def test_standard_input_is_read_for_dash():
    result = run("-", input=(REPO / MEMO).read_bytes())
    assert result.exit_code == 1
    assert f"<stdin>:{MEMO_SIGNATURE[0]}:{MEMO_SIGNATURE[1]}: PRS-SIGNATURE-NOTE" in result.stdout


def test_a_volume_on_standard_input_is_checked_as_the_volume_file_is():
    volume = "fixtures/volumes/frus1961-63v05-sample.xml"
    from_file = run(volume)
    from_stdin = run("-", input=(REPO / volume).read_bytes())
    assert from_stdin.exit_code == from_file.exit_code == 1
    assert "PRS-XREF-UNRESOLVED" in from_stdin.stdout  # the volume's cross-references too
    assert from_stdin.stdout == from_file.stdout.replace(volume, "<stdin>")


def test_directories_and_globs_are_expanded(tmp_path: Path):
    for name in ("a/one.xml", "a/b/two.txt", "a/skip.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / TEI, tmp_path / "a/one.xml")
    shutil.copy(REPO / MEMO, tmp_path / "a/b/two.txt")
    (tmp_path / "a/skip.md").write_text("not a record")
    by_dir = run(str(tmp_path / "a"), "-f", "json")
    by_glob = run(str(tmp_path / "a/**/*.txt"), "-f", "json")
    assert [r["source"] for r in json.loads(by_dir.stdout)["reports"]] == [
        str(tmp_path / "a/one.xml"),
        str(tmp_path / "a/b/two.txt"),
    ]
    assert [r["source"] for r in json.loads(by_glob.stdout)["reports"]] == [
        str(tmp_path / "a/b/two.txt")
    ]


def test_an_unreadable_input_is_reported_the_others_checked_and_the_exit_is_2(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(str(empty), SEED, str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert f"{SEED}:1:31: PRS-MARKER-OFFSET" in result.stdout
    assert f"{empty}: PRS-INPUT " in result.stdout
    assert f"preserve: {tmp_path / 'missing.txt'}: no such file" in result.stderr
    assert "2 unreadable" in result.stderr
    assert "Traceback" not in result.output


def test_a_glob_matching_nothing_is_unreadable_input():
    result = run("no/such/*.xml", SEED)
    assert result.exit_code == 2
    assert "no/such/*.xml: no file matches this pattern" in result.stderr


def test_select_and_ignore_by_code_prefix():
    assert run(MEMO, "--select", "PRS-NOTE").stdout.count("\n") == 1
    ignored = run(MEMO, "--ignore", "PRS-SIGNATURE,PRS-NOTE-UNREFERENCED")
    assert ignored.exit_code == 0
    assert ignored.stdout.startswith(f"{MEMO}:1:31: PRS-MARKER-OFFSET")
    assert run(SEED, "--ignore", "prs-marker").stdout == ""


def test_warnings_fail_the_run_only_when_asked():
    assert run(SEED).exit_code == 0
    assert run(SEED, "--warnings-as-errors").exit_code == 1
    assert run(SEED, "--fail-on", "warning").exit_code == 1
    assert run(SEED, "--fail-on", "warning", "--ignore", "PRS-MARKER-OFFSET").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "text", "-f", "sarif"], "only one report can go to standard output"),
        (["-f", "html"], "'html' is not one of text, json, junit, sarif, github"),
        (["-f", "sarif", "-f", "junit", "-o", "x"], "--output is the file of the one --format"),
        (["-f", "sarif:x", "-f", "junit:x"], "two reports would be written to the same file"),
        (["--select", "PRS-NOPE"], "'PRS-NOPE' matches no rule code"),
        (["-f", "sarif:"], "no file after ':'"),
    ],
)
def test_usage_errors_exit_2_with_one_message(args, message):
    result = run(SEED, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_settings_come_from_pyproject_found_upwards(tmp_path: Path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.preserve]\nignore = ["PRS-SIGNATURE"]\nfail-on = "warning"\n'
    )
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    memo = str(REPO / MEMO)
    configured = run(memo)
    assert configured.exit_code == 1
    assert "PRS-SIGNATURE-NOTE" not in configured.stdout
    assert "PRS-MARKER-OFFSET" in configured.stdout
    assert "PRS-SIGNATURE-NOTE" in run(memo, "--isolated").stdout
    replaced = run(memo, "--ignore", "PRS-MARKER,PRS-NOTE")  # replaces the settings' ignore
    assert "PRS-SIGNATURE-NOTE" in replaced.stdout
    assert "PRS-MARKER-OFFSET" not in replaced.stdout


def test_a_bad_settings_file_is_one_line_and_exit_2(tmp_path: Path, monkeypatch):
    (tmp_path / "preserve.toml").write_text('fail-on = "fatal"\n')
    monkeypatch.chdir(tmp_path)
    result = run(str(REPO / SEED))
    assert result.exit_code == 2
    settings = tmp_path / "preserve.toml"
    assert result.stderr.strip().splitlines() == [
        f"preserve: {settings}: fail-on must be error, warning or info, not 'fatal'"
    ]


def test_a_report_that_cannot_be_written_leaves_nothing_behind(tmp_path: Path):
    result = run(SEED, "-f", f"sarif:{tmp_path / 'missing-dir' / 'out.sarif'}")
    assert result.exit_code == 2
    assert "cannot write: " in result.stderr
    assert not (tmp_path / "missing-dir").exists()


def test_many_files_on_several_processes_give_the_same_report_as_one(tmp_path: Path):
    corpus = sorted((REPO / "fixtures" / "corpus").glob("*.xml"))[:10]
    for i, path in enumerate(corpus * 2):
        shutil.copy(path, tmp_path / f"{i:02d}-{path.name}")
    shutil.copy(REPO / MEMO, tmp_path / "memo.txt")
    one = run(str(tmp_path), "-f", "json", "-j", "1")
    two = run(str(tmp_path), "-f", "json", "-j", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert len(json.loads(one.stdout)["reports"]) == 21


def excerpt(name: str) -> str:
    """The code block after ``<!-- excerpt:NAME -->`` in docs/ci.md."""
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    block = text.split(f"<!-- excerpt:{name} -->\n```", 1)[1]
    return block.split("\n", 1)[1].split("\n```", 1)[0]


def test_the_sarif_excerpt_in_the_docs_is_what_the_tool_writes(tmp_path: Path):
    target = tmp_path / "out.sarif"
    run(MEMO, TEI, "-f", f"sarif:{target}")
    written, shown = json.loads(target.read_text()), json.loads(excerpt("sarif"))
    (written_run,), (shown_run,) = written["runs"], shown["runs"]
    assert shown["version"] == written["version"] and shown["$schema"] == written["$schema"]
    assert shown_run["invocations"] == written_run["invocations"]
    assert shown_run["columnKind"] == written_run["columnKind"]
    assert shown_run["tool"]["driver"]["name"] == written_run["tool"]["driver"]["name"]
    rules = {rule["id"]: rule for rule in written_run["tool"]["driver"]["rules"]}

    def portable(rule: dict) -> dict:  # the links hold the path of the checkout
        return {k: v for k, v in rule.items() if k not in ("help", "helpUri")}

    for rule in shown_run["tool"]["driver"]["rules"]:
        assert portable(rule) == portable(rules[rule["id"]])

    assert len(shown_run["results"]) == 2
    for result in shown_run["results"]:
        assert result in written_run["results"]


def test_the_junit_excerpt_in_the_docs_is_what_the_tool_writes(tmp_path: Path):
    target = tmp_path / "junit.xml"
    run(MEMO, TEI, "-f", f"junit:{target}")
    written = etree.parse(str(target)).getroot()
    shown = etree.fromstring(excerpt("junit").encode("utf-8"))
    etree.XMLSchema(etree.parse(str(REPO / "schemas" / "jenkins-junit.xsd"))).assertValid(shown)
    assert shown.attrib == written.attrib
    for suite in shown.iter("testsuite"):
        twin = written.find(f"testsuite[@name='{suite.get('name')}']")
        assert suite.attrib == twin.attrib
        for case in suite.iter("testcase"):
            written_case = twin.find(f"testcase[@name='{case.get('name')}']")
            assert [(f.attrib, f.text) for f in case.iter("failure")] == [
                (f.attrib, f.text) for f in written_case.iter("failure")
            ]


def test_the_text_and_github_excerpts_in_the_docs_are_what_the_tool_prints(tmp_path: Path):
    annotations = tmp_path / "annotations.txt"
    result = run(MEMO, TEI, "-f", "text", "-f", f"github:{annotations}")

    assert excerpt("text") + "\n" == result.stdout
    assert excerpt("github") + "\n" == annotations.read_text(encoding="utf-8")


class Metadata:
    """Package metadata with these Project-URL entries."""

    def __init__(self, *urls: str):
        self.urls = list(urls)

    def get_all(self, name: str) -> list[str] | None:
        return self.urls if name == "Project-URL" and self.urls else None


def test_rule_links_go_to_the_documentation_url_else_the_checkouts_rules(monkeypatch):
    from preserve.cli import validate as command

    assert command._rules_url() == (REPO / "docs" / "rules.md").as_uri()  # this checkout
    docs = Metadata("Source, https://git.example.org/preserve", "Documentation, https://x.org/d/")
    monkeypatch.setattr(command, "metadata", lambda name: docs)
    assert command._rules_url() == "https://x.org/d/rules.md"


def test_an_installed_copy_without_docs_or_url_writes_no_rule_links(monkeypatch, tmp_path):
    from preserve.cli import validate as command

    installed = tmp_path / "site-packages" / "preserve" / "cli" / "validate.py"
    monkeypatch.setattr(command, "__file__", str(installed))
    monkeypatch.setattr(command, "metadata", lambda name: Metadata())
    assert command._rules_url() == ""
