"""Grooming, abuse, sexual and spam rules; decisions per kind and their combination."""

import pytest

from moderation import Context, screen


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("hoe oud ben je", "grooming.age"),
        ("hoe oud bn je?", "grooming.age"),
        ("hoe oud ben jij eigenlijk", "grooming.age"),
        ("wat is je leeftijd", "grooming.age"),
        ("stuur een foto van jezelf", "grooming.photo"),
        ("stuur pics", "grooming.photo"),
        ("kan je een selfie sturen", "grooming.photo"),
        ("heb je snap?", "grooming.private"),
        ("heb je whatsapp", "grooming.private"),
        ("zullen we privé chatten", "grooming.private"),
        ("dm me", "grooming.private"),
        ("zullen we afspreken", "grooming.private"),
        ("ik kom je ophalen", "grooming.private"),
        ("niet tegen je ouders zeggen", "grooming.private"),
        ("ik geef je geld", "grooming.gift"),
        ("ik geef je beltegoed", "grooming.gift"),
        ("ik geef je een cadeau", "grooming.gift"),
    ],
)
def test_grooming_is_held_urgently(text: str, rule: str) -> None:
    verdict = screen(text)
    assert rule in verdict.reasons
    assert verdict.decision == "hold"
    assert verdict.urgent
    assert verdict.signposts == ()


@pytest.mark.parametrize(
    "text",
    [
        "hoe oud was je toen je uit huis werd geplaatst",
        "hoe oud moet je zijn om je dossier in te zien",
        "ik ben 15 en woon in een leefgroep",
        "ik heb een foto van mijn hond op mijn profiel gezet",
        "we hebben in de groep afgesproken om samen te koken",
        "heb je het al tegen je casemanager gezegd?",
        "ik geef je gelijk",
        "ik krijg 50 euro zakgeld",
    ],
)
def test_grooming_hard_negatives(text: str) -> None:
    assert screen(text).decision == "allow"


@pytest.mark.parametrize(
    ("text", "rule", "decision"),
    [
        ("je bent echt een sukkel", "abuse.insult", "hold"),
        ("kankerlijer", "abuse.insult", "hold"),
        ("krijg de tering", "abuse.insult", "hold"),
        ("ik ga je vermoorden", "abuse.threat", "block"),
        ("ik weet waar je woont", "abuse.threat", "block"),
        ("kys", "abuse.threat", "block"),
        ("ik ga je vermoorden als je mijn chips opeet", "abuse.threat", "hold"),
        ("ik maak je af haha", "abuse.threat", "hold"),
        ("vuile marokkanen", "abuse.hate", "block"),
        ("alle homos moeten dood", "abuse.hate", "block"),
        ("ik wil je neuken", "sexual.explicit", "block"),
        ("laat je tieten zien", "sexual.explicit", "block"),
        ("klik hier http://bit.ly/3xYz12", "spam.link", "hold"),
        ("beste app ooit chat.whatsapp.com/AbCd", "spam.link", "hold"),
        ("koop koop koop koop koop koop koop", "spam.repeat", "hold"),
        ("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", "spam.repeat", "hold"),
        ("IEDEREEN MOET DIT LEZEN WANT DIT IS HET BESTE BERICHT OOIT", "spam.repeat", "hold"),
    ],
)
def test_abuse_sexual_spam(text: str, rule: str, decision: str) -> None:
    verdict = screen(text)
    assert rule in verdict.reasons
    assert verdict.decision == decision
    assert verdict.message


@pytest.mark.parametrize(
    "text",
    [
        "wat een kutdag",
        "mijn moeder heeft kanker",
        "ik ben homo en dat is prima",
        "jij bent niet dom, echt niet",
        "ik heb vragen over seks en anticonceptie",
        "kijk op www.113.nl",
        "info op https://www.rijksoverheid.nl/onderwerpen/jeugdhulp",
        "zorgtoeslag via toeslagen.nl",
        "zie https://www.amsterdam.overheid.nl of gemeente-utrecht.nl",
        "hahaha wat grappig",
        "nooooo echt?",
        "HELP",
    ],
)
def test_abuse_sexual_spam_hard_negatives(text: str) -> None:
    assert screen(text).decision == "allow", screen(text).reasons


def test_most_severe_decision_wins_and_all_reasons_listed() -> None:
    verdict = screen("ik wil dood, nummer 06-12345678, kankerlijer, ik wil je neuken")
    assert verdict.decision == "block"
    assert verdict.reasons == ("crisis.suicide", "abuse.insult", "sexual.explicit", "pii.phone")
    assert verdict.categories == ("crisis", "abuse", "sexual", "pii")
    assert verdict.urgent
    assert verdict.signposts
    # The writer in crisis reads the support text, not a scolding.
    assert "hulplijnen" in verdict.message


def test_pii_and_insult_hold_not_urgent() -> None:
    verdict = screen("je bent een sukkel, mijn mail is a.b@gmail.com")
    assert verdict.decision == "hold"
    assert not verdict.urgent
    assert verdict.reasons == ("abuse.insult", "pii.email")


@pytest.mark.parametrize(
    ("handle", "decision"),
    [
        ("zonnebloem", "allow"),
        ("stille_kracht17", "allow"),
        ("kankerlijer99", "block"),
        ("xxneukxx", "block"),
        ("lisa@gmail.com", "block"),
        ("0612345678", "block"),
    ],
)
def test_handles_are_stricter(handle: str, decision: str) -> None:
    assert screen(handle, Context(kind="handle")).decision == decision


@pytest.mark.parametrize("kind", ["chat", "checkin_note"])
def test_private_kinds_keep_grooming_and_abuse(kind: str) -> None:
    assert screen("hoe oud ben je", Context(kind=kind)).urgent
    assert screen("ik ga je vermoorden", Context(kind=kind)).decision == "block"
    assert screen("check www.gratisgeld.biz", Context(kind=kind)).decision == "allow"


def test_report_reason_may_quote_the_reported_post() -> None:
    verdict = screen("hij vroeg hoe oud ben je en stuur pics", Context(kind="report_reason"))
    assert verdict.decision == "allow"


def test_allow_has_empty_message() -> None:
    verdict = screen("vandaag was een goeie dag")
    assert (verdict.decision, verdict.message, verdict.reasons) == ("allow", "", ())
