from pathlib import Path

import pytest

from preserve.config import Config, ConfigError, Selection, discover, find, load, split_codes
from preserve.findings import Severity

CODES = ["PRS-NOTE-GAP", "PRS-NOTE-ID", "PRS-NOTES-X", "PRS-MARKER-OFFSET", "PRS-SCHEMA"]


def test_pyproject_tool_preserve_is_read(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.preserve]\nselect = ["PRS-NOTE"]\n'
        'ignore = ["prs-note-id, PRS-MARKER"]\nfail-on = "warning"\nexclude = ["drafts"]\n'
    )
    config = load(tmp_path / "pyproject.toml")
    assert config == Config(
        select=("PRS-NOTE",),
        ignore=("PRS-NOTE-ID", "PRS-MARKER"),
        fail_on=Severity.WARNING,
        exclude=("drafts",),
    )
    assert config.path == tmp_path / "pyproject.toml"


def test_preserve_toml_holds_the_settings_at_its_top_level(tmp_path: Path):
    (tmp_path / "preserve.toml").write_text('ignore = ["PRS-SCHEMA"]\n')
    assert load(tmp_path / "preserve.toml").ignore == ("PRS-SCHEMA",)


def test_settings_are_found_by_walking_up_from_the_directory(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.preserve]\nfail-on = "info"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find(deep) == tmp_path / "pyproject.toml"
    assert discover(deep).fail_on is Severity.INFO


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path):
    (tmp_path / "preserve.toml").write_text('select = ["PRS-NOTE"]\n')
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "pkg"\n')
    assert find(inner) == tmp_path / "preserve.toml"


def test_preserve_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path):
    (tmp_path / "preserve.toml").write_text('select = ["PRS-NOTE"]\n')
    (tmp_path / "pyproject.toml").write_text('[tool.preserve]\nselect = ["PRS-SCHEMA"]\n')
    assert discover(tmp_path).select == ("PRS-NOTE",)


def test_no_settings_file_gives_the_defaults(tmp_path: Path):
    assert find(tmp_path) is None
    assert discover(tmp_path) == Config()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.preserve]\nselct = []\n", "unknown setting 'selct'"),
        ('[tool.preserve]\nfail-on = "fatal"\n', "fail-on must be error, warning or info"),
        ('[tool.preserve]\nselect = "PRS-NOTE"\n', "select must be a list of strings"),
        ("[tool.preserve\n", "not valid TOML"),
        ("[tool]\npreserve = 3\n", "[tool.preserve] must be a table"),
    ],
)
def test_bad_settings_are_one_clear_error_naming_the_file(tmp_path: Path, text, message):
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert caught.value.exit_code == 2


def test_split_codes_accepts_commas_repeats_and_any_case():
    assert split_codes(["prs-note-gap,PRS-SCHEMA", " PRS-NOTE-ID ", ""]) == (
        "PRS-NOTE-GAP",
        "PRS-SCHEMA",
        "PRS-NOTE-ID",
    )


def test_everything_is_selected_by_default():
    assert all(code in Selection() for code in CODES)


def test_prefixes_match_whole_dash_separated_parts():
    selection = Selection(select=("PRS-NOTE",))
    assert [c for c in CODES if c in selection] == ["PRS-NOTE-GAP", "PRS-NOTE-ID"]


def test_the_more_specific_of_select_and_ignore_wins():
    selection = Selection(select=("PRS-NOTE-GAP",), ignore=("PRS-NOTE",))
    assert [c for c in CODES if c in selection] == ["PRS-NOTE-GAP"]
    selection = Selection(select=("PRS-NOTE",), ignore=("PRS-NOTE-ID",))
    assert [c for c in CODES if c in selection] == ["PRS-NOTE-GAP"]
    assert "PRS-SCHEMA" not in Selection(select=("PRS-SCHEMA",), ignore=("PRS-SCHEMA",))


def test_prefixes_that_match_no_code_are_named():
    selection = Selection(select=("PRS-NOTE", "PRS-NOPE"), ignore=("PRS-NOTE-G",))
    assert selection.unknown(CODES) == ["PRS-NOPE", "PRS-NOTE-G"]
