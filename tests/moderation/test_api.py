"""Public API shape, normalisation offsets, the gate, determinism and corpus targets."""

import ast
from pathlib import Path

import msgspec
import pytest

import moderation
from moderation import RULE_IDS, RULES_VERSION, Context, Span, Verdict, screen
from moderation.evaluate import bench, evaluate, format_report, load_corpus, main
from moderation.normalize import normalize
from moderation.phrases import BRANCHES, GATE, MASK

HERE = Path(__file__).parent
CORPUS = load_corpus(HERE / "corpus.tsv")
HOLDOUT = load_corpus(HERE / "holdout.tsv")
HOLDOUT2 = load_corpus(HERE / "holdout2.tsv")
HOLDOUT_PII = load_corpus(HERE / "holdout_pii.tsv")
HOLDOUT3 = load_corpus(HERE / "holdout3.tsv")
HOLDOUT4 = load_corpus(HERE / "holdout4.tsv")
ORDINARY = load_corpus(HERE / "ordinary.tsv")


def test_public_api() -> None:
    assert set(moderation.__all__) >= {"screen", "redact", "RULES_VERSION", "Context", "Verdict"}
    assert RULES_VERSION.count(".") == 2
    verdict = screen("hallo")
    assert isinstance(verdict, Verdict)
    assert verdict.rules_version == RULES_VERSION
    with pytest.raises(AttributeError):
        verdict.decision = "block"  # type: ignore[misc]
    assert msgspec.json.decode(msgspec.json.encode(verdict), type=Verdict) == verdict
    assert Context().kind == "forum_post"


def test_every_reason_is_a_known_rule_id() -> None:
    for _, _, text in CORPUS:
        verdict = screen(text)
        assert set(verdict.reasons) <= set(RULE_IDS)
        assert {s.rule for s in verdict.spans} == set(verdict.reasons)


def test_deterministic() -> None:
    texts = [t for _, _, t in CORPUS[::7]]
    assert [screen(t) for t in texts] == [screen(t) for t in texts]


def test_library_has_no_io_or_server_imports() -> None:
    banned = {"server", "client_api", "os", "socket", "httpx", "sqlalchemy", "open"}
    for path in Path(moderation.__file__).parent.glob("*.py"):
        if path.name == "evaluate.py":  # the CLI reads a corpus file by design
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                module = node.module if isinstance(node, ast.ImportFrom) else None
                for name in [*names, module or ""]:
                    assert name.split(".")[0] not in banned, (path.name, name)


def test_only_the_shipped_model_file_is_read_at_screening_time() -> None:
    """evaluate.py and train.py are offline tools; the rest reads one file: model.txt."""
    file_calls = {"read_text", "read_bytes", "open", "write_text", "write_bytes"}
    for path in Path(moderation.__file__).parent.glob("*.py"):
        if path.name in ("evaluate.py", "train.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            ast.unparse(n)
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr in file_calls
        ]
        expected = (
            ["MODEL_PATH.read_text(encoding='utf-8')"] if path.name == "classifier.py" else []
        )
        assert calls == expected, path.name
        imports = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert "moderation.train" not in imports
        assert "moderation.evaluate" not in imports


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("Ik wil DOOOOD!!", "ik wil dod"),
        ("z3lfm00rd", "zelfmord"),
        ("ik ben 16", "ik ben 16"),
        ("Één   café…", "en cafe"),
        ("ﬁjn", "fijn"),
    ],
)
def test_normal_form(text: str, normal: str) -> None:
    assert normalize(text).text == normal


@pytest.mark.parametrize("text", ["  Hé DOOOD ", "ﬁjn z3lfm00rd", "a\u0301b  c", "🙂 ik 🙂"])
def test_offsets_map_back_inside_the_original(text: str) -> None:
    norm = normalize(text)
    for i in range(len(norm.text)):
        start, end = norm.original_span(i, i + 1)
        assert 0 <= start < end <= len(text)
        if norm.text[i] != " ":
            assert text[start:end].strip()


def test_spans_point_at_the_original_substring() -> None:
    text = "Héééé, mijn nummer: 06-12345678 en ik wil DOOOOD"
    verdict = screen(text)
    got = {s.rule: text[s.start : s.end] for s in verdict.spans}
    assert got == {"pii.phone": "06-12345678", "crisis.suicide": "wil DOOOOD"}
    assert all(isinstance(s, Span) for s in verdict.spans)


def test_gate_never_loses_a_match() -> None:
    """Every branch that matches a corpus text is one the gate would have tried there."""
    for _, _, text in CORPUS + HOLDOUT + HOLDOUT2 + HOLDOUT_PII + HOLDOUT3 + HOLDOUT4:
        normal = MASK.sub(lambda m: " " * len(m.group()), normalize(text).text)
        gated = {(rule, start) for rule, start, _ in GATE.run(normal)}
        for branch in BRANCHES:
            for m in branch.pattern.finditer(normal):
                assert (branch.rule, m.start()) in gated, (branch.pattern.pattern, text)


def _score(rows: list[tuple[str, str, str]]) -> dict[str, tuple[float, float]]:
    report = evaluate(rows)
    scores = {s.category: (s.precision, s.recall) for s in report.categories}
    scores["overall"] = (report.overall_precision, report.overall_recall)
    return scores


def test_corpus_size_and_mix() -> None:
    counts: dict[str, int] = {}
    for category, _, _ in CORPUS:
        counts[category] = counts.get(category, 0) + 1
    assert len(CORPUS) >= 400
    assert counts["crisis"] >= 120
    assert counts["pii"] >= 80
    assert counts["grooming"] >= 50
    assert counts["none"] >= 120
    assert len(HOLDOUT) >= 80


def test_corpus_targets() -> None:
    scores = _score(CORPUS)
    assert scores["crisis"][1] >= 0.95
    assert scores["pii"][1] >= 0.95
    assert scores["overall"][0] >= 0.85


def test_holdout_targets() -> None:
    """holdout.tsv (v7) scored crisis recall 0.731 (19/26) on first sight.

    Six earlier holdouts scored 0.50, 0.43, 0.58, 0.81, 0.73 and 0.73 before each went into
    corpus.tsv. On branch crisis its misses were covered as classes, so it is development
    data now (crisis 1.000); the fresh figure is holdout3's, see moderation/README.md.
    """
    scores = _score(HOLDOUT)
    assert scores["crisis"][1] >= 0.95
    assert scores["crisis"][0] >= 0.9
    assert scores["pii"][1] >= 0.9
    assert scores["grooming"][1] >= 0.85
    assert scores["overall"][0] >= 0.85


def test_holdout2_and_pii_holdout_targets() -> None:
    """holdout2.tsv (v8) and holdout_pii.tsv were measured once before the v8 rules.

    First sight: crisis recall 0.557 (68/122), precision 0.883; pii recall 0.857 (24/28).
    Both were then used to build the v8 concept groups, so they are development data now and
    these bounds only guard against regressions. The honest fresh figure is holdout3's.
    """
    scores = _score(HOLDOUT2)
    assert scores["crisis"][1] >= 0.95
    assert scores["overall"][0] >= 0.95
    scores = _score(HOLDOUT_PII)
    assert scores["pii"][1] >= 0.95
    assert scores["overall"][0] >= 0.95


def test_holdout3_measured_level() -> None:
    """holdout3.tsv (v9) was written after the v9 rule change and measured once, untuned.

    First sight: crisis recall 0.867 (52/60), crisis precision 0.897 (6 false holds on 60
    hard negatives), overall precision 0.897. No rule was tuned to it, but since v10 the
    trained model learns from it like from every labelled file, so these bounds only guard
    the measured level; the honest figures are the cross-validated ones in the README.
    """
    scores = _score(HOLDOUT3)
    assert scores["crisis"][1] >= 0.85
    assert scores["overall"][0] >= 0.85


def test_holdout4_and_ordinary_posts() -> None:
    """holdout4.tsv (v10, 355 texts) was written blind before any v10 change.

    First sight with the v9 rules: crisis recall 0.800 (124/155), crisis precision 0.969,
    grooming recall 0.652, pii recall 0.944, overall precision 0.973. Its misses then shaped
    the v10 grooming classes and two pii fixes, and the model is trained on it, so these
    bounds guard regressions; the fresh estimate is the cross-validated one (README).
    """
    scores = _score(HOLDOUT4)
    assert scores["crisis"][1] >= 0.95
    assert scores["pii"][1] >= 0.95
    assert scores["overall"][0] >= 0.9
    assert _score(ORDINARY)["overall"][0] == 1.0  # nothing held: precision of no flag
    assert all(screen(text).decision == "allow" for _, _, text in ORDINARY)


def test_cli_and_bench_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(HERE / "corpus.tsv")]) == 0
    assert "overall precision" in capsys.readouterr().out
    assert "misses" in format_report(evaluate(CORPUS[:5]), verbose=True)
    assert bench(rounds=3, repeats=1) > 0
    assert main(["--timing", str(HERE / "holdout_pii.tsv")]) == 0
    out = capsys.readouterr().out
    assert "screen()     over 48 texts: mean" in out
    assert "rules alone  over 48 texts" in out
