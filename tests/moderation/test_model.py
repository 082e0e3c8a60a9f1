"""The trained second opinion: what it adds, what it may not do, and that it is reproducible."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from moderation import Context, screen
from moderation.classifier import MODEL_PATH, Model, dumps, features, loads, shipped_model
from moderation.evaluate import load_corpus
from moderation.screen import masked_normal, screen_with
from moderation.train import THRESHOLDS, fold_of, load_all, train

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # holdout4 texts no rule knows; the shipped model learned them (it is trained on all).
        ("ik trek het echt nie meer", "crisis.suicide"),
        ("voor mij hoeft het niet meer", "crisis.suicide"),
        ("ik ben er morgen nie meer", "crisis.suicide"),
        ("mijn zusje en ik krijgen klappen als papa boos is", "crisis.danger"),
        ("m'n pa heeft me weer gepakt met z'n riem", "crisis.danger"),
    ],
)
def test_model_adds_crisis_hold_the_rules_miss(text: str, rule: str) -> None:
    assert screen_with(text, None, None).decision == "allow"
    verdict = screen(text)
    assert verdict.reasons == (rule,)
    assert verdict.decision == "hold"
    assert verdict.urgent
    assert verdict.spans[0].start == 0
    assert verdict.spans[0].end == len(text)
    assert verdict.signposts


@pytest.mark.parametrize(
    "text",
    [
        "ik ga dood van het lachen",
        "die toets was zelfmoord",
        "ik schiet mezelf nog eens een keer in de voet",
        "ik ga hem killen in fortnite",
        "morgen moet ik naar de crisisdienst voor een gesprek over mijn nieuwe woonplek",
        "mijn hulpverlener zegt dat ik goed bezig ben",
        "ik ga me dood vervelen in de vakantie",
        "ik snij de uien voor het avondeten",
        "HELP",
    ],
)
def test_figures_of_speech_and_youth_care_talk_stay_allowed(text: str) -> None:
    assert screen(text).decision == "allow", screen(text).reasons


def test_model_never_removes_a_rule_match() -> None:
    # A model that gives every text probability 0 leaves the rules' verdicts as they are.
    silent = Model(
        weights={h: {} for h in ("crisis", "danger", "selfharm")},
        bias={"crisis": -50.0, "danger": -50.0, "selfharm": -50.0},
        thresholds={"crisis": 0.7},
    )
    for _, _, text in load_corpus(HERE / "holdout3.tsv"):
        assert screen_with(text, None, silent) == screen_with(text, None, None)


def test_model_only_for_crisis_and_not_for_handles() -> None:
    text = "ik trek het echt nie meer"
    assert screen(text, Context(kind="handle")).decision == "allow"
    assert screen(text, Context(kind="report_reason")).reasons == ("crisis.suicide",)
    assert screen(text, Context(kind="chat")).reasons == ("crisis.suicide",)


def test_features_of_run_together_and_leet_words_overlap_the_spelled_out_form() -> None:
    together = features(masked_normal("ikwilnietmeerleven"))
    spaced = features(masked_normal("ik wil niet meer leven"))
    assert {"wil", "niet", "lev"} <= together & spaced
    assert features(masked_normal("z3lfm00rd")) == features(masked_normal("zelfmoord"))
    assert features("") == set()


def test_model_file_round_trips_and_is_what_training_makes() -> None:
    model = shipped_model()
    assert model.thresholds == THRESHOLDS
    assert dumps(loads(MODEL_PATH.read_text(encoding="utf-8"))) == MODEL_PATH.read_text(
        encoding="utf-8"
    )
    # The committed weights are exactly what the committed script makes of the committed
    # texts: nobody edited the model by hand or trained it on something else.
    assert dumps(train(load_all())) == MODEL_PATH.read_text(encoding="utf-8")


def test_folds_are_stable_and_spread() -> None:
    rows = load_all()
    counts = [0] * 5
    for row in rows:
        counts[fold_of(row[3])] += 1
    assert fold_of("ik wil dood") == fold_of("ik wil dood")
    assert min(counts) > len(rows) / 5 * 0.8


def test_screen_is_the_same_under_any_hash_seed() -> None:
    # Feature sets iterate in an order that depends on PYTHONHASHSEED; the sum must not.
    texts = [t for _, _, t in load_corpus(HERE / "holdout4.tsv")]
    script = (
        "import json,sys;from moderation import screen;"
        "texts=json.load(sys.stdin);"
        "print(json.dumps([[screen(t).decision,list(screen(t).reasons)] for t in texts]))"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.append(json.loads(done.stdout))
    mine = [[screen(t).decision, list(screen(t).reasons)] for t in texts]
    assert outputs[0] == outputs[1] == mine
