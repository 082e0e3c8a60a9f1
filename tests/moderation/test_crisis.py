"""Crisis rules: suicide, self-harm, danger at home; figures of speech; signposts."""

import pytest

from moderation import CRISIS_SIGNPOSTS, Context, screen, signposts_for


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("ik wil dood", "crisis.suicide"),
        ("Ik wil DOOOOOD", "crisis.suicide"),
        ("1k w1l z3lfm00rd pl3g3n", "crisis.suicide"),
        ("ik denk aan zelfmord", "crisis.suicide"),
        ("ik wil zelfmoort plegen", "crisis.suicide"),
        ("selfmoord lijkt me beter", "crisis.suicide"),
        ("ik wil er niet meer zijn", "crisis.suicide"),
        ("kappen met leven", "crisis.suicide"),
        ("ik maak er een eind aan", "crisis.suicide"),
        ("niemand zou me missen", "crisis.suicide"),
        ("wil gwn kms", "crisis.suicide"),
        ("ik denk aan zm", "crisis.suicide"),
        ("ik ga vanavond pillen slikken", "crisis.suicide"),
        ("ik voel me suïcidaal", "crisis.suicide"),
        ("ik wil dood gaan", "crisis.suicide"),
        ("mezelf snijden helpt", "crisis.selfharm"),
        ("ik snij in me arm", "crisis.selfharm"),
        ("ik heb weer gekrast", "crisis.selfharm"),
        ("krassen helpt me", "crisis.selfharm"),
        ("ik doe aan zelfbeschadiging", "crisis.selfharm"),
        ("mijn vader slaat me", "crisis.danger"),
        ("mn ma schopt me", "crisis.danger"),
        ("ik ben niet veilig thuis", "crisis.danger"),
        ("ik word thuis geslagen", "crisis.danger"),
        ("ik durf niet naar huis", "crisis.danger"),
    ],
)
def test_crisis_detected(text: str, rule: str) -> None:
    verdict = screen(text)
    assert rule in verdict.reasons
    assert verdict.decision == "hold"
    assert verdict.urgent
    assert verdict.signposts
    assert verdict.message


@pytest.mark.parametrize(
    "text",
    [
        "ik ga dood van het lachen",
        "die toets was zelfmoord",
        "ik schrok me dood",
        "doodmoe na school",
        "dodelijk saai die les",
        "ik verveel me dood",
        "tip: als je aan zelfmoord denkt kun je 113 bellen",
        "113 heeft mij echt geholpen",
        "mijn telefoon is dood",
        "ik snij uien",
        "ik heb me gesneden aan een blikje",
        "mijn kat krast op de bank",
        "ik moet elke dag pillen slikken voor mijn adhd",
        "ik wil niet meer naar die school",
        "mijn opa is dood gegaan, ik mis hem",
        "mijn vader slaat nooit, hij is lief",
    ],
)
def test_figures_of_speech_and_neutral_talk_pass(text: str) -> None:
    verdict = screen(text)
    assert "crisis" not in verdict.categories, verdict.reasons


def test_past_tense_with_recovery_is_held_but_not_urgent() -> None:
    verdict = screen("vroeger dacht ik aan zelfmoord maar nu gaat het beter")
    assert verdict.decision == "hold"
    assert "crisis.suicide" in verdict.reasons
    assert verdict.signposts
    assert not verdict.urgent


def test_past_tense_with_present_marker_stays_urgent() -> None:
    verdict = screen("vroeger sneed ik en nu doe ik het weer")
    assert verdict.urgent


@pytest.mark.parametrize(
    ("age", "ids"),
    [
        (None, ["113", "kindertelefoon", "112"]),
        (14, ["113", "kindertelefoon", "112"]),
        (17, ["113", "kindertelefoon", "112"]),
        (18, ["113", "112"]),
        (24, ["113", "112"]),
    ],
)
def test_suicide_signposts_by_age(age: int | None, ids: list[str]) -> None:
    verdict = screen("ik wil dood", Context(author_age=age))
    assert [s.id for s in verdict.signposts] == ids


@pytest.mark.parametrize(
    ("age", "ids"),
    [(15, ["veilig_thuis", "kindertelefoon", "112"]), (19, ["veilig_thuis", "112"])],
)
def test_danger_signposts_by_age(age: int, ids: list[str]) -> None:
    verdict = screen("mijn vader slaat me", Context(author_age=age))
    assert [s.id for s in verdict.signposts] == ids


def test_signposts_for_helper_and_facts() -> None:
    assert signposts_for(("pii.phone",), 15) == ()
    both = signposts_for(("crisis.suicide", "crisis.danger"), None)
    assert [s.id for s in both] == ["113", "veilig_thuis", "kindertelefoon", "112"]
    by_id = {s.id: s for s in CRISIS_SIGNPOSTS}
    assert "0800-0113" in by_id["113"].text
    assert by_id["113"].url == "https://www.113.nl"
    assert by_id["kindertelefoon"].phone == "0800-0432"
    assert by_id["veilig_thuis"].phone == "0800-2000"
    assert by_id["veilig_thuis"].url == "https://veiligthuis.nl"
    assert by_id["112"].phone == "112"


@pytest.mark.parametrize("kind", ["chat", "checkin_note", "report_reason", "forum_title"])
def test_crisis_counts_in_every_kind(kind: str) -> None:
    verdict = screen("ik wil niet meer leven", Context(kind=kind))
    assert verdict.decision == "hold"
    assert verdict.urgent
    assert verdict.signposts


def test_crisis_message_differs_for_danger_and_private_chat() -> None:
    suicide = screen("ik wil dood").message
    danger = screen("mijn vader slaat me").message
    private = screen("ik wil dood", Context(kind="chat")).message
    assert suicide != danger != private
    assert "casemanager" in private


def test_crisis_span_points_at_original_text_with_leet_and_accents() -> None:
    text = "Hé... 1k w1l z3lfm00rd pl3g3n!!"
    verdict = screen(text)
    spans = [text[s.start : s.end] for s in verdict.spans if s.rule == "crisis.suicide"]
    assert "z3lfm00rd pl3g3n" in spans
    accented = "Ik voel me suïcidaal."
    verdict = screen(accented)
    assert [accented[s.start : s.end] for s in verdict.spans] == ["suïcidaal"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # Finality, means, places, farewell, burden (concept groups added after holdout v8).
        ("ik wil voor altijd gaan slapen", "crisis.suicide"),
        ("ik heb een touw in mijn kast liggen", "crisis.suicide"),
        ("ik sta op de brug en twijfel", "crisis.suicide"),
        ("vaarwel iedereen, het was mooi", "crisis.suicide"),
        ("iedereen is beter af zonder mij", "crisis.suicide"),
        ("kwil dood ngl", "crisis.suicide"),
        ("ik wil echt echt echt niet meer", "crisis.suicide"),
        ("ik heb weer gesnedn", "crisis.selfharm"),
        ("mn moeder heeft me de trap af geduwd", "crisis.danger"),
        ("ik ben gisteren weer door mijn vader geslagen", "crisis.danger"),
        ("mijn pa heeft me de deur uit gezet", "crisis.danger"),
        ("hij dreigt mijn naaktfotos te verspreiden", "crisis.danger"),
        # The co-occurrence layer: no rule has these, the words around the harm word do.
        ("k ga dood aan mezelf", "crisis.suicide"),
        ("mijn oom betast me als niemand kijkt", "crisis.danger"),
    ],
)
def test_v8_concepts_detected(text: str, rule: str) -> None:
    verdict = screen(text)
    assert rule in verdict.reasons, verdict.reasons
    assert verdict.decision == "hold"
    assert verdict.urgent
    assert verdict.signposts


@pytest.mark.parametrize(
    "text",
    [
        "ik ben dood op na die training",
        "ik ga dood van de honger",
        "ik slaap altijd uit in het weekend",
        "ik snij de paprika met een groot mes",
        "ik heb een touw gekocht voor het klimrek",
        "vaarwel iedereen, ik ga een maand op vakantie",
        "ik ben van mijn fiets gevallen en mijn arm bloedt een beetje",
        "in het boek pleegt de hoofdpersoon zelfmoord, we moeten er een verslag over schrijven",
        "mijn broertje schopt me altijd onder tafel voor de grap",
        "ik wil er niet meer zijn op die school, ik wil wisselen",
        "ik ga dood aan die saaie les",
        "hij scoorde in de laatste minuut, ik ging dood",
        "ik ga springen op de trampoline",
    ],
)
def test_v8_hard_negatives_pass(text: str) -> None:
    assert "crisis" not in screen(text).categories, screen(text).reasons
