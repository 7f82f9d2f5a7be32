"""Build a FRUS TEI volume out of single-document TEI files.

The documents go, in the order given and repeated until there are ``--documents`` of them,
into the compilation of a volume shell (a ``teiHeader`` and front matter, see
``fixtures/volumes/shell-frus1961-63v05.xml``). A document keeps its number while the
numbers keep rising; otherwise (a repeat, or a document from another volume) it gets the
next free number, and its ``xml:id``, the number in its head and its notes' ids follow.
Other ids (page breaks) get a suffix when the volume already has them, so every
``xml:id`` stays unique, as XML requires.

    python bench/make_volume.py fixtures/corpus/*.xml --documents 400 -o /tmp/volume.xml

The output is the same bytes for the same arguments.
"""

from __future__ import annotations

import argparse
import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SHELL = ROOT / "fixtures" / "volumes" / "shell-frus1961-63v05.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
MARK = "documents go here"


def document_div(path: Path) -> etree._Element:
    """The ``div type="document"`` of a single-document TEI file."""
    tree = etree.parse(str(path))
    for div in tree.iter(f"{TEI}div"):
        if div.get("type") == "document":
            return div
    raise SystemExit(f'{path}: no <div type="document">')


def renumber(div: etree._Element, number: int, used: set[str]) -> etree._Element:
    """A copy of ``div`` as document ``number``, with ids unique against ``used``."""
    div = etree.fromstring(etree.tostring(div))
    old_id, new_id = div.get(XML_ID, ""), f"d{number}"
    old_n = div.get("n", "")
    if old_n != str(number):
        div.set("n", str(number))
        head = div.find(f"{TEI}head")
        if head is not None and head.text:
            head.text = re.sub(rf"^(\s*){re.escape(old_n)}\.", rf"\g<1>{number}.", head.text)
    for element in div.iter():
        ident = element.get(XML_ID)
        if ident is None:
            continue
        if old_id and (ident == old_id or re.match(rf"{re.escape(old_id)}fn", ident)):
            ident = new_id + ident[len(old_id) :]
        candidate, copy = ident, 1
        while candidate in used:
            copy += 1
            candidate = f"{ident}_{copy}"
        used.add(candidate)
        element.set(XML_ID, candidate)
    return div


def documents(paths: Sequence[Path], count: int) -> Iterator[etree._Element]:
    """``count`` documents from ``paths`` (repeated as needed), numbered so numbers rise."""
    divs = [document_div(p) for p in paths]
    used: set[str] = set()
    previous = 0
    for div in itertools.islice(itertools.cycle(divs), count):
        own = int(div.get("n", "0")) if div.get("n", "").isdigit() else 0
        number = own if own > previous else previous + 1
        previous = number
        yield renumber(div, number, used)


def write_volume(
    paths: Sequence[Path], out: Path, count: int, shell: Path = SHELL, fill_lists: bool = False
) -> None:
    """Write the volume: the shell with ``count`` documents in its compilation.

    With ``fill_lists``, every person and term the documents link to that the shell's
    lists lack gets an entry (named after the linked words), as in a published volume.
    """
    tree = etree.parse(str(shell))
    if fill_lists:
        _fill_lists(tree, paths)
    body = next(tree.iter(f"{TEI}body"))
    divs = [d for d in body.iter(f"{TEI}div") if d.get("type") != "document"]
    place = divs[-1] if divs else body
    place.append(etree.Comment(MARK))
    text = etree.tostring(tree, encoding="unicode")
    before, after = text.split(f"<!--{MARK}-->")
    indent = "\n" + " " * 16
    with open(out, "w", encoding="utf-8") as stream:
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(before.rstrip() + indent)
        for div in documents(paths, count):
            stream.write(
                _without_namespaces(etree.tostring(div, encoding="unicode", with_tail=False))
            )
            stream.write(indent)
        stream.write(after.lstrip())
        stream.write("\n")


def _fill_lists(tree: etree._ElementTree, paths: Sequence[Path]) -> None:
    defined = {e.get(XML_ID) for e in tree.iter(f"{TEI}persName", f"{TEI}term")}
    kinds = {"names": "persName", "terms": "term"}  # list/@type -> what its entries are
    lists = {kinds[e.get("type")]: e for e in tree.iter(f"{TEI}list") if e.get("type") in kinds}
    for path in paths:
        for link in etree.parse(str(path)).iter(f"{TEI}persName", f"{TEI}gloss"):
            target = link.get("corresp" if link.tag == f"{TEI}persName" else "target") or ""
            ident = target[1:] if target.startswith("#") else None
            kind = "persName" if link.tag == f"{TEI}persName" else "term"
            if not ident or ident in defined or kind not in lists:
                continue
            defined.add(ident)
            item = etree.SubElement(lists[kind], f"{TEI}item")
            strong = etree.SubElement(item, f"{TEI}hi", rend="strong")
            entry = etree.SubElement(strong, f"{TEI}{kind}", {XML_ID: ident})
            entry.text = " ".join("".join(link.itertext()).split())
            entry.tail = ","
            strong.tail = " entry made by bench/make_volume.py from the linked words"


def _without_namespaces(xml: str) -> str:
    """The namespace declarations lxml repeats on a detached element (the root has them)."""
    start, rest = xml.split(">", 1)
    return re.sub(r' xmlns(:\w+)?="[^"]*"', "", start) + ">" + rest


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="+", type=Path, help="single-document TEI files")
    parser.add_argument(
        "-n", "--documents", dest="count", type=int, help="how many (default: each once)"
    )
    parser.add_argument("--shell", type=Path, default=SHELL, help="teiHeader and front matter")
    parser.add_argument(
        "--fill-lists", action="store_true", help="add list entries for every link that lacks one"
    )
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    count = args.count or len(args.documents)
    write_volume(args.documents, args.output, count, args.shell, args.fill_lists)


if __name__ == "__main__":
    main()
