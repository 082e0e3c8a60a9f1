"""check_library on broken copies of the fixture library, and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.__main__ import run
from content.check import check_library, main
from content.graph import pathway_problems
from content.loader import load_library
from content.model import Choice, Outcome, Pathway, Question, Review, Source
from tests.content.conftest import VALID, Edit

A, B, R = "guides/alpha.md", "guides/beta.md", "pathways/route.toml"

UNREACHABLE = (
    '\n[[nodes]]\nid = "los"\nkind = "outcome"\ntitle = "Los"\ntext = "Niemand komt hier."\n'
)

# (case, file, old text, new text, expected "location: message" fragment, expected code)
CASES = [
    (
        "missing field",
        A,
        'summary = "Een gids om de lader mee te testen."\n',
        "",
        "summary: Object missing required field `summary`",
        "invalid",
    ),
    ("bad type", A, "age_min = 12", 'age_min = "twaalf"', "age_min: Expected `int`", "invalid"),
    (
        "unknown field (typo)",
        A,
        'audience = "jongere"',
        'audience = "jongere"\ntitel = "x"',
        "titel: Object contains unknown field `titel`",
        "invalid",
    ),
    (
        "topic not in list",
        A,
        '"wachten"]',
        '"wachtenn"]',
        "topics[1]: Invalid enum value",
        "invalid",
    ),
    ("big5 not in list", A, 'big5 = ["welzijn"]', 'big5 = ["geluk"]', "big5[0]", "invalid"),
    (
        "board not in list",
        A,
        'forum_boards = ["wachten-op-hulp"]',
        'forum_boards = ["x"]',
        "forum_boards[0]",
        "invalid",
    ),
    ("age above 27", B, "age_max = 18", "age_max = 30", "age_max: Expected `int` <= 27", "invalid"),
    (
        "ages reversed",
        B,
        "age_min = 0",
        "age_min = 19",
        "(top level): age_max (18) is below age_min (19)",
        "invalid",
    ),
    (
        "ages out of order",
        A,
        "age_max = 27",
        "age_max = 11",
        "age_max (11) is below age_min (12)",
        "invalid",
    ),
    (
        "date not a date",
        A,
        "last_checked = 2026-11-22",
        'last_checked = "gisteren"',
        "last_checked",
        "invalid",
    ),
    (
        "no sources",
        B,
        '[[sources]]\ntitle = "Voorbeeldbron"\nurl = "https://www.example.org/ouders"\n',
        "",
        "sources",
        "invalid",
    ),
    (
        "http source",
        A,
        'url = "https://www.example.org/bron"',
        'url = "http://www.example.org/bron"',
        "sources[0].url: Expected `str` matching regex",
        "invalid",
    ),
    (
        "bad slug pattern",
        A,
        'slug = "alpha"',
        'slug = "Alpha"',
        "slug: Expected `str` matching regex",
        "invalid",
    ),
    (
        "slug mismatch",
        A,
        'slug = "alpha"',
        'slug = "alfa"',
        "slug: slug 'alfa' does not match the file name 'alpha.md'",
        "slug",
    ),
    (
        "reviewed without reviewer",
        A,
        'status = "concept"',
        'status = "reviewed"',
        "review: status 'reviewed' needs both by_role and date",
        "invalid",
    ),
    (
        "reviewed without date",
        B,
        "date = 2026-11-15\n",
        "",
        "review: status 'reviewed' needs both by_role and date",
        "invalid",
    ),
    (
        "reserved field",
        A,
        'audience = "jongere"',
        'audience = "jongere"\npath = "x"',
        "path: 'path' is set by the loader",
        "invalid",
    ),
    (
        "toml syntax",
        A,
        "age_min = 12",
        "age_min = = 12",
        "front matter: Invalid value (at line 6",
        "parse",
    ),
    (
        "no front matter",
        B,
        "+++\ntitle",
        "title",
        "front matter: the file must start with a line '+++'",
        "parse",
    ),
    (
        "broken guide link",
        A,
        'related_guides = ["beta"]',
        'related_guides = ["gamma"]',
        "related_guides[0]: broken link: guide 'alpha' links to guide 'gamma', which does not",
        "link.guide",
    ),
    (
        "broken pathway link",
        A,
        'related_pathways = ["route"]',
        'related_pathways = ["weg"]',
        "related_pathways[0]: broken link: guide 'alpha' links to pathway 'weg'",
        "link.pathway",
    ),
    (
        "pathway to missing guide",
        R,
        'related_guides = ["alpha"]',
        'related_guides = ["gamma"]',
        "related_guides[0]: broken link: pathway 'route' links to guide 'gamma'",
        "link.guide",
    ),
    (
        "outcome to missing guide",
        R,
        '\nguides = ["alpha"]',
        '\nguides = ["gamma"]',
        "(uit-a).guides[0]: broken link: pathway 'route' node 'uit-a' links to guide 'gamma'",
        "link.guide",
    ),
    (
        "raw html in body",
        B,
        "Korte tekst",
        "Korte <b>vette</b> tekst",
        "body: raw HTML is shown as text, not rendered; remove it: <b>",
        "body.html",
    ),
    ("empty body", B, "Korte tekst voor ouders.\n", "", "body: the body is empty", "body.empty"),
    (
        "start missing",
        R,
        'start = "q1"',
        'start = "begin"',
        "start: start node 'begin' does not exist",
        "graph.start",
    ),
    (
        "duplicate node id",
        R,
        'id = "uit-nee"',
        'id = "uit-a"',
        "node id 'uit-a' is used 2 times",
        "graph.duplicate-id",
    ),
    (
        "unreachable node",
        R,
        'text = "Doe dat."\n',
        'text = "Doe dat."\n' + UNREACHABLE,
        "nodes[4] (los): node 'los' cannot be reached from start 'q1'",
        "graph.unreachable",
    ),
    (
        "choice to missing node",
        R,
        'next = "uit-a"',
        'next = "nergens"',
        "(q2).choices[0].next: choice 'A' leads to node 'nergens', which does not exist (dead end)",
        "link.node",
    ),
    (
        "dead-end question",
        R,
        '  [[nodes.choices]]\n  label = "A"\n  next = "uit-a"\n',
        "",
        "nodes[1] (q2).choices: Expected `array` of length >= 2",
        "invalid",
    ),
    (
        "cycle",
        R,
        'next = "uit-a"',
        'next = "q1"',
        "nodes[0] (q1): cycle: q1 → q2 → q1",
        "graph.cycle",
    ),
    (
        "unknown node kind",
        R,
        'kind = "outcome"',
        'kind = "einde"',
        "nodes[2] (uit-a).kind: Invalid value 'einde'",
        "invalid",
    ),
    (
        "node field typo",
        R,
        'label = "Ja"',
        'lable = "Ja"',
        "nodes[0] (q1).choices[0].lable: Object contains unknown field `lable`",
        "invalid",
    ),
    (
        "pathway slug mismatch",
        R,
        'slug = "route"',
        'slug = "weg"',
        "slug: slug 'weg' does not match the file name 'route.toml'",
        "slug",
    ),
    (
        "contact url not https",
        R,
        'url = "https://www.akj.nl"',
        'url = "www.akj.nl"',
        "nodes[2] (uit-a).contacts[0].url",
        "invalid",
    ),
]


def test_valid_fixture_has_no_problems() -> None:
    assert check_library(VALID) == []


@pytest.mark.parametrize(
    ("file", "old", "new", "expected", "code"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_broken_case_is_reported(
    library_root: Path, edit: Edit, file: str, old: str, new: str, expected: str, code: str
) -> None:
    edit(file, old, new)
    problems = check_library(library_root)
    assert problems, "expected a problem"
    matching = [p for p in problems if p.file == file and expected in f"{p.location}: {p.message}"]
    assert matching, [str(p) for p in problems]
    assert matching[0].code == code


def test_a_broken_file_is_not_also_a_broken_link(library_root: Path, edit: Edit) -> None:
    edit(B, "age_min = 0", "age_min = -1")
    edit(R, 'start = "q1"', 'start = "begin"')
    # alpha links to both; only the files' own problems are reported.
    assert sorted(p.code for p in check_library(library_root)) == ["graph.start", "invalid"]


def test_graph_check_on_structs_catches_dead_ends() -> None:
    # Constraints on Struct fields apply when decoding; code-built pathways get the graph check.
    pathway = Pathway(
        slug="p",
        title="t",
        summary="s",
        audience="beide",
        start="q",
        last_checked=load_library(VALID).pathways["route"].last_checked,
        review=Review(status="concept"),
        sources=(Source(title="t", url="https://example.org"),),
        nodes=(
            Question(
                id="q",
                text="?",
                choices=(Choice(label="a", next="q2"), Choice(label="b", next="o")),
            ),
            Question(id="q2", text="??", choices=()),
            Outcome(id="o", title="o", text="o"),
        ),
    )
    [problem] = pathway_problems(pathway, "p.toml")
    assert problem.code == "graph.dead-end"
    assert "question 'q2' has 0 choice(s)" in problem.message


def test_cycle_not_through_start(library_root: Path, edit: Edit) -> None:
    edit(R, 'label = "B"\n  next = "uit-nee"', 'label = "B"\n  next = "q2"')
    [problem] = check_library(library_root)
    assert problem.message == "cycle: q2 → q2"


def test_main_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(VALID)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"OK: loaded 2 guide(s) and 1 pathway(s) from {VALID.resolve()}, no problems"]


def test_main_reports_problems(
    library_root: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(A, 'related_guides = ["beta"]', 'related_guides = ["gamma"]')
    edit(R, 'label = "B"\n  next = "uit-nee"', 'label = "B"\n  next = "q1"')
    assert main(["--root", str(library_root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "guides/alpha.md: related_guides[0]: broken link: guide 'alpha' links to guide 'gamma', "
        "which does not exist",
        "pathways/route.toml: nodes[0] (q1): cycle: q1 → q2 → q1",
        f"2 problem(s); loaded 2 guide(s) and 0 pathway(s) from {library_root.resolve()}",
    ]


def test_main_on_a_folder_without_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(tmp_path)]) == 1
    assert "no guides/ or pathways/ folder here" in capsys.readouterr().out


def test_python_m_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--root", str(VALID)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")
    assert run([]) == 2
    assert "usage: python -m content check" in capsys.readouterr().err
