"""Measure the rules against a labelled corpus: ``python -m moderation.evaluate [path]``.

A corpus line is ``category<TAB>expected_decision<TAB>text``; category is one of the
moderation categories or "none". A text counts as flagged for category C when any reason
starts with "C.". ``--bench`` prints the time per screen() of a normal post instead;
``--timing [paths]`` the mean, p99 and max time per text over the corpus (or the files).
"""

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from moderation.classifier import Model
from moderation.screen import CATEGORIES, screen, screen_with
from moderation.types import Verdict

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "moderation" / "corpus.tsv"


class CategoryScore(msgspec.Struct, frozen=True):
    """Support, precision and recall of one category."""

    category: str
    support: int
    flagged: int
    precision: float
    recall: float


class Report(msgspec.Struct, frozen=True):
    """All figures of one evaluation run."""

    total: int
    categories: tuple[CategoryScore, ...]
    overall_precision: float
    overall_recall: float
    decision_accuracy: float
    misses: tuple[str, ...]


def load_corpus(path: Path) -> list[tuple[str, str, str]]:
    """Read ``(category, expected_decision, text)`` rows, skipping blanks and comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, decision, text = line.split("\t", 2)
        rows.append((category, decision, text))
    return rows


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def evaluate(
    rows: list[tuple[str, str, str]], models: Sequence[Model | None] | None = None
) -> Report:
    """Score ``screen()`` on labelled rows; with ``models``, row i is screened with
    ``models[i]`` instead of the shipped model (None: the rules alone)."""
    flagged_by: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    hits: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    support: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    any_flag = any_flag_right = expected_any = decisions_right = 0
    flagged_right = 0
    misses: list[str] = []
    for i, (category, expected, text) in enumerate(rows):
        verdict = screen(text) if models is None else screen_with(text, None, models[i])
        cats = set(verdict.categories)
        if category in support:
            support[category] += 1
            expected_any += 1
            hits[category] += category in cats
        for c in cats:
            flagged_by[c] += 1
        if cats:
            any_flag += 1
            any_flag_right += category != "none"
            flagged_right += category in support
        decisions_right += verdict.decision == expected
        if verdict.decision != expected or (category != "none" and category not in cats):
            misses.append(f"{category}\t{expected}\t{verdict.decision}\t{verdict.reasons}\t{text}")
    scores = tuple(
        CategoryScore(
            category=c,
            support=support[c],
            flagged=flagged_by[c],
            precision=_ratio(hits[c], flagged_by[c]),
            recall=_ratio(hits[c], support[c]),
        )
        for c in CATEGORIES
    )
    return Report(
        total=len(rows),
        categories=scores,
        overall_precision=_ratio(any_flag_right, any_flag),
        overall_recall=_ratio(flagged_right, expected_any),
        decision_accuracy=_ratio(decisions_right, len(rows)),
        misses=tuple(misses),
    )


def format_report(report: Report, verbose: bool = False) -> str:
    """Human-readable table of a report."""
    lines = [f"{'category':<10}{'support':>8}{'flagged':>8}{'precision':>10}{'recall':>8}"]
    for s in report.categories:
        lines.append(
            f"{s.category:<10}{s.support:>8}{s.flagged:>8}{s.precision:>10.3f}{s.recall:>8.3f}"
        )
    lines.append(
        f"overall precision {report.overall_precision:.3f}, recall "
        f"{report.overall_recall:.3f}, decision accuracy {report.decision_accuracy:.3f} "
        f"on {report.total} texts"
    )
    if verbose:
        lines += ["", "misses (category, expected, got, reasons, text):", *report.misses]
    return "\n".join(lines)


BENCH_TEXT = (
    "Hoi allemaal, ik ben 16 en woon sinds een half jaar in een leefgroep in Zwolle. Mijn "
    "voogd is best aardig maar ik snap nog steeds niet zo goed wat een OTS precies inhoudt "
    "en wanneer ik weer naar huis mag. Op school gaat het eigenlijk wel oké, ik heb een 7 "
    "voor wiskunde. Hebben jullie tips om met heimwee om te gaan? Alvast bedankt!"
)


def bench(rounds: int = 500, repeats: int = 5) -> float:
    """Microseconds of CPU time per screen() of a normal ~300-character post.

    CPU time rather than wall time, and the best of a few repeats, so that other work on a
    shared machine does not count.
    """
    screen(BENCH_TEXT)
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(rounds):
            screen(BENCH_TEXT)
        best = min(best, time.process_time() - start)
    return best / rounds * 1e6


def _rules_alone(text: str) -> Verdict:
    return screen_with(text, None, None)


def timing(
    texts: list[str], fn: Callable[[str], object] = screen, repeats: int = 3
) -> tuple[float, float, float]:
    """Mean, p99 and max CPU microseconds of one ``fn`` (screen) per text (best of
    ``repeats`` per text, so that another process taking the CPU does not count)."""
    for text in texts:
        fn(text)  # warm: the model file is read on the first call
    times = []
    for text in texts:
        best = float("inf")
        for _ in range(repeats):
            start = time.process_time_ns()
            fn(text)
            best = min(best, time.process_time_ns() - start)
        times.append(best / 1000)
    times.sort()
    return sum(times) / len(times), times[min(len(times) - 1, len(times) * 99 // 100)], times[-1]


def main(argv: list[str]) -> int:
    """Command line entry point."""
    if "--bench" in argv:
        print(f"screen(): {bench():.1f} µs per {len(BENCH_TEXT)}-character post")
        return 0
    if "--timing" in argv:
        files = [Path(a) for a in argv if not a.startswith("-")] or [DEFAULT_CORPUS]
        texts = [t for f in files for _, _, t in load_corpus(f)]
        for name, fn in (("screen()", screen), ("rules alone", _rules_alone)):
            mean, p99, worst = timing(texts, fn)
            print(
                f"{name:<12} over {len(texts)} texts: mean {mean:.0f} µs, p99 {p99:.0f} µs, "
                f"max {worst:.0f} µs"
            )
        return 0
    paths = [a for a in argv if not a.startswith("-")]
    path = Path(paths[0]) if paths else DEFAULT_CORPUS
    print(format_report(evaluate(load_corpus(path)), verbose="-v" in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
