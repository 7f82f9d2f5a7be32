import os
from pathlib import Path

import pytest

from preserve.inputs import STDIN, display, excluded, expand


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in (
        "records/b.xml",
        "records/a.txt",
        "records/notes.md",
        "records/sub/c.json",
        "records/sub/d.XML",
        "records/.hidden/e.xml",
        "records/drafts/f.txt",
        "records/.g.txt",
        "memo.dat",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    return tmp_path


def test_directories_are_searched_recursively_by_extension_in_sorted_order(tree):
    paths, errors = expand(["records"])
    assert paths == [
        "records/a.txt",
        "records/b.xml",
        "records/drafts/f.txt",
        "records/sub/c.json",
        "records/sub/d.XML",
    ]
    assert errors == []


def test_a_file_named_explicitly_is_taken_whatever_its_extension(tree):
    assert expand(["memo.dat"]) == (["memo.dat"], [])


def test_glob_patterns_are_expanded_and_filtered_by_extension(tree):
    assert expand(["records/**/*.xml"])[0] == ["records/b.xml"]
    assert expand(["records/*"])[0] == [
        "records/a.txt",
        "records/b.xml",
        "records/drafts/f.txt",
        "records/sub/c.json",
        "records/sub/d.XML",
    ]


def test_a_pattern_matching_nothing_is_an_error_and_the_rest_go_on(tree):
    paths, errors = expand(["nothing/*.xml", "records/a.txt"])
    assert paths == ["records/a.txt"]
    assert [str(e) for e in errors] == ["nothing/*.xml: no file matches this pattern"]


def test_a_directory_that_cannot_be_read_is_an_error_not_a_silent_gap(tree, monkeypatch):
    scandir = os.scandir

    def locked(path):  # what a directory without read permission does (tests may run as root)
        if os.path.normpath(path) == os.path.join("records", "sub"):
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", locked)
    paths, errors = expand(["records"])
    assert "records/a.txt" in paths and not any(p.startswith("records/sub/") for p in paths)
    assert [str(e) for e in errors] == [
        "records/sub: cannot read this directory: Permission denied"
    ]


def test_a_missing_file_is_kept_so_that_reading_it_reports_it(tree):
    assert expand(["missing.txt"]) == (["missing.txt"], [])


def test_stdin_keeps_its_place_and_duplicates_are_dropped(tree):
    paths, _ = expand(["records/a.txt", "-", "./records/a.txt", "records/sub"])
    assert paths == ["records/a.txt", STDIN, "records/sub/c.json", "records/sub/d.XML"]


def test_exclude_patterns_skip_names_and_paths_below_the_directory(tree):
    assert expand(["records"], exclude=["drafts", "*.json"])[0] == [
        "records/a.txt",
        "records/b.xml",
        "records/sub/d.XML",
    ]
    assert expand(["records"], exclude=["sub/*"])[0] == [
        "records/a.txt",
        "records/b.xml",
        "records/drafts/f.txt",
    ]


def test_exclude_does_not_apply_to_what_is_named_explicitly(tree):
    assert expand(["records/drafts/f.txt"], exclude=["drafts"])[0] == ["records/drafts/f.txt"]
    assert expand(["records"], exclude=["records"])[0] != []


def test_excluded_matches_any_part_of_the_path():
    assert excluded("a/drafts/x.txt", ["drafts"])
    assert excluded("a/b/x.bak.xml", ["*.bak.xml"])
    assert not excluded("a/b/x.xml", ["drafts", "*.bak.xml"])


def test_display_is_relative_below_the_current_directory(tree):
    assert display(tree / "records" / "a.txt") == os.path.join("records", "a.txt")
    assert display("/") == "/"
