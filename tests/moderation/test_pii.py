"""PII rules: phone, e-mail, BSN, IBAN, address, social accounts; checksums; redact()."""

import pytest

from moderation import Context, redact, screen
from moderation.pii import bsn_valid, iban_valid


@pytest.mark.parametrize(
    ("text", "rule", "found"),
    [
        ("bel me 06-12345678", "pii.phone", "06-12345678"),
        ("mijn nummer is 06 1234 5678 ok", "pii.phone", "06 1234 5678"),
        ("+31 6 12345678 is van mij", "pii.phone", "+31 6 12345678"),
        ("0031612345678 bel maar", "pii.phone", "0031612345678"),
        ("thuis: 020-1234567", "pii.phone", "020-1234567"),
        ("opa 0591-123456", "pii.phone", "0591-123456"),
        ("06 12 34 56 78 bel", "pii.phone", "06 12 34 56 78"),
        ("+31 (0)6 12345678", "pii.phone", "+31 (0)6 12345678"),
        ("mail lisa.jansen2009@gmail.com ok", "pii.email", "lisa.jansen2009@gmail.com"),
        ("fleur [at] gmail punt com", "pii.email", "fleur [at] gmail punt com"),
        ("mijn bsn is 111222333.", "pii.bsn", "111222333"),
        ("bsn 123 456 782", "pii.bsn", "123 456 782"),
        ("naar NL91ABNA0417164300 aub", "pii.iban", "NL91ABNA0417164300"),
        ("NL91 ABNA 0417 1643 00 thx", "pii.iban", "NL91 ABNA 0417 1643 00"),
        ("Kerkstraat 12, 1234 AB Utrecht", "pii.address", "Kerkstraat 12, 1234 AB"),
        ("mijn adres is 3512JK 45", "pii.address", "3512JK 45"),
        ("ik woon op de lindelaan 44 hoor", "pii.address", "lindelaan 44"),
        ("add me op snap: lisa_xx09", "pii.social", "add me op snap: lisa_xx09"),
        ("volg me op insta @noor.b.2008", "pii.social", "@noor.b.2008"),
        ("discord: kevin#4821", "pii.social", "discord: kevin#4821"),
        ("bel nul zes 98 76 54 32 ok", "pii.phone", "nul zes 98 76 54 32"),
        (
            "nul zes, negen acht zeven zes, vijf vier drie twee",
            "pii.phone",
            "nul zes, negen acht zeven zes, vijf vier drie twee",
        ),
        ("06 achtennegentig 76 54 32", "pii.phone", "06 achtennegentig 76 54 32"),
        ("mijn tiktok naam is sam.vd.b", "pii.social", "mijn tiktok naam is sam.vd.b"),
        ("vind me op ig onder sam_2010", "pii.social", "vind me op ig onder sam_2010"),
    ],
)
def test_pii_found_with_exact_span(text: str, rule: str, found: str) -> None:
    verdict = screen(text)
    assert rule in verdict.reasons
    assert verdict.decision == "hold"
    assert not verdict.urgent or "grooming" in verdict.categories
    assert found in [text[s.start : s.end] for s in verdict.spans if s.rule == rule]


@pytest.mark.parametrize(
    "text",
    [
        "ik heb 06-12 een afspraak",
        "ik heb € 1200 schuld",
        "ik ben 16",
        "op 06-12-2026 om 14:00 is de zitting",
        "mijn uitkering is 1.100 euro per maand",
        "mijn leerlingnummer is 123456",
        "bel gratis 0800-0113 of 113",
        "de kindertelefoon: 0800-0432",
        "633021001 is gewoon een nummer",  # fails the 11-proef
        "NL24ABNA6644219118",  # wrong mod-97 checksum
        "ik woon in utrecht, postcodegebied 1234",
        "ik drink 2000 ml water per dag",
        "mijn mail staat in mijn profiel",
        "ik snap niks van mijn perspectiefplan",
        "wachtlijst van 250 mensen en 14 weken",
        "ik ben zes en twintig dagen ziek geweest",
        "ik heb nul zin in school en zes uur les",
        "nul zes is het begin van een mobiel nummer toch?",
        "ik sta op tiktok als luisteraar, ik post zelf niks",
    ],
)
def test_pii_hard_negatives(text: str) -> None:
    verdict = screen(text)
    assert "pii" not in verdict.categories, verdict.reasons


@pytest.mark.parametrize(
    ("number", "valid"),
    [("111222333", True), ("123456782", True), ("725763863", True), ("123456789", False)],
)
def test_bsn_eleven_test(number: str, valid: bool) -> None:
    assert bsn_valid(number) is valid


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("NL91ABNA0417164300", True),
        ("NL91 ABNA 0417 1643 00", True),
        ("nl57ingb7241379376", True),
        ("NL91ABNA0417164301", False),
        ("NL91ABNA041716430", False),  # NL needs 18 characters
        ("GB82WEST12345698765432", True),
    ],
)
def test_iban_checksum(iban: str, valid: bool) -> None:
    assert iban_valid(iban) is valid


def test_bsn_needs_valid_checksum_in_screen() -> None:
    assert "pii.bsn" in screen("bsn 725763863").reasons
    assert "pii.bsn" not in screen("bsn 725763864").reasons


def test_redact_replaces_only_personal_data() -> None:
    text = "Hoi! Bel me op 06-12345678 of mail sem@hotmail.com, ik ben 16."
    verdict = screen(text)
    assert redact(text, verdict) == "Hoi! Bel me op [verwijderd] of mail [verwijderd], ik ben 16."


def test_redact_merges_overlapping_spans() -> None:
    text = "adres: Kerkstraat 12, 1234 AB 12"
    out = redact(text, screen(text))
    assert out.count("[verwijderd]") == 1
    assert "1234" not in out


def test_redact_without_pii_is_identity() -> None:
    text = "ik wil dood"
    assert redact(text, screen(text)) == text


@pytest.mark.parametrize("kind", ["checkin_note", "chat"])
def test_private_channels_allow_contact_details(kind: str) -> None:
    verdict = screen("mijn nieuwe nummer is 06-12345678", Context(kind=kind))
    assert verdict.decision == "allow"
    assert verdict.message == ""


def test_pii_message_is_specific_and_kind() -> None:
    verdict = screen("bel 06-12345678")
    assert verdict.message == (
        "Je bericht bevat iets dat op een telefoonnummer lijkt. Om je te beschermen zetten "
        "we geen contactgegevens op het forum. Een moderator kijkt ernaar."
    )
