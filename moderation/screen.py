"""screen(): text in, Verdict out; redact(): personal data out of a text."""

from moderation.classifier import Model, features, score_features, shipped_model
from moderation.normalize import Normalized, normalize
from moderation.phrases import (
    HANDLE_PIECES,
    JOKE_MARKER,
    MASK,
    MASK_HINTS,
    PAST_FRAMING,
    PRESENT_MARKER,
    match_phrases,
)
from moderation.pii import find_pii
from moderation.spam import find_spam
from moderation.texts import (
    CRISIS_MESSAGE,
    CRISIS_MESSAGE_PRIVATE,
    DANGER_MESSAGE,
    DANGER_MESSAGE_PRIVATE,
    HANDLE_MESSAGE,
    REDACTED,
    RULE_MESSAGES,
    SIGNPOST_112,
    SIGNPOST_113,
    SIGNPOST_KINDERTELEFOON,
    SIGNPOST_VEILIG_THUIS,
)
from moderation.types import Context, Decision, Signpost, Span, Verdict

RULES_VERSION = "2026.12.2"

# Canonical order: reasons and categories are listed most serious first.
RULE_IDS: tuple[str, ...] = (
    "crisis.suicide",
    "crisis.selfharm",
    "crisis.danger",
    "grooming.age",
    "grooming.photo",
    "grooming.private",
    "grooming.gift",
    "abuse.threat",
    "abuse.hate",
    "abuse.insult",
    "sexual.explicit",
    "pii.phone",
    "pii.email",
    "pii.bsn",
    "pii.iban",
    "pii.address",
    "pii.social",
    "spam.link",
    "spam.repeat",
)
CATEGORIES: tuple[str, ...] = ("crisis", "grooming", "abuse", "sexual", "pii", "spam")
_ORDER = {rule: i for i, rule in enumerate(RULE_IDS)}
_BLOCKING = frozenset({"abuse.threat", "abuse.hate", "sexual.explicit"})
_SEVERITY: dict[Decision, int] = {"allow": 0, "hold": 1, "block": 2}

# Which categories count per kind. Check-in notes and chat go to the youth's own
# casemanager, so contact details there are fine (and often the point); a report reason
# quotes the post it reports, so only the reporter's own crisis language counts.
_ALL = frozenset(CATEGORIES)
_KIND_CATEGORIES: dict[str, frozenset[str]] = {
    "checkin_note": frozenset({"crisis", "grooming", "abuse"}),
    "chat": frozenset({"crisis", "grooming", "abuse"}),
    "report_reason": frozenset({"crisis"}),
}
_PRIVATE_KINDS = frozenset({"checkin_note", "chat"})
_DEFAULT_CONTEXT = Context()

CRISIS_SIGNPOSTS: tuple[Signpost, ...] = (
    SIGNPOST_113,
    SIGNPOST_VEILIG_THUIS,
    SIGNPOST_KINDERTELEFOON,
    SIGNPOST_112,
)


def signposts_for(reasons: tuple[str, ...] | list[str], age: int | None) -> tuple[Signpost, ...]:
    """Help lines for these reasons; De Kindertelefoon only under 18 or age unknown."""
    suicidal = any(r in ("crisis.suicide", "crisis.selfharm") for r in reasons)
    danger = "crisis.danger" in reasons
    if not suicidal and not danger:
        return ()
    posts: list[Signpost] = []
    if suicidal:
        posts.append(SIGNPOST_113)
    if danger:
        posts.append(SIGNPOST_VEILIG_THUIS)
    if age is None or age < 18:
        posts.append(SIGNPOST_KINDERTELEFOON)
    posts.append(SIGNPOST_112)
    return tuple(posts)


def _mask(norm: str) -> str:
    """Blank out figures of speech, keeping offsets."""
    if not any(h in norm for h in MASK_HINTS):
        return norm
    return MASK.sub(lambda m: " " * len(m.group()), norm)


# Laughing emoji are punctuation to the normal form, but they are how a figure of speech
# is marked ("ik ga dood 💀💀"): the model reads them as one word.
_LAUGHING = ("\U0001f602", "\U0001f923", "\U0001f480", "\U0001f606", "\U0001f639")


def model_text(text: str, masked: str) -> str:
    """What the model reads: the masked normal form, plus "emojilach" for laughing emoji."""
    if not text.isascii() and any(e in text for e in _LAUGHING):
        return masked + " emojilach"
    return masked


def masked_normal(text: str) -> str:
    """The text as the model reads it (see ``model_text``)."""
    return model_text(text, _mask(normalize(text).text))


def _phrase_spans(text: str, masked: str, norm: Normalized, handle: bool) -> list[Span]:
    spans: list[Span] = []
    if handle:
        # Pseudonyms run words together ("kankerlijer99"): match without the spaces too.
        joined = masked.replace(" ", "")
        masked = masked + " " + joined
        spans += [Span(0, len(text), rule) for rule, p in HANDLE_PIECES if p.search(joined)]
    limit = len(norm.text)
    for rule, m_start, m_end in match_phrases(masked):
        if m_start >= limit:
            spans.append(Span(0, len(text), rule))
            continue
        start, end = norm.original_span(m_start, min(max(m_end, m_start + 1), limit))
        spans.append(Span(start, end, rule))
    return spans


def _rule_decision(rule: str, text: str, danger: bool = False) -> Decision:
    if rule == "sexual.explicit" and danger:
        # A young person telling about abuse ("hij dreigt mijn naaktfoto's te verspreiden")
        # needs the words; held for a moderator with the signposts, not refused.
        return "hold"
    if rule == "abuse.threat" and JOKE_MARKER.search(text):
        # "ik maak je af als je mijn chips opeet haha": a moderator judges, no block.
        return "hold"
    return "block" if rule in _BLOCKING else "hold"


def _urgent(reasons: tuple[str, ...], norm: str) -> bool:
    if any(r.startswith("grooming.") for r in reasons):
        return True
    if not any(r.startswith("crisis.") for r in reasons):
        return False
    return not (PAST_FRAMING.search(norm) and not PRESENT_MARKER.search(norm))


def _message(decision: Decision, reasons: tuple[str, ...], kind: str, text: str) -> str:
    if decision == "allow":
        return ""
    private = kind in _PRIVATE_KINDS
    if "crisis.suicide" in reasons or "crisis.selfharm" in reasons:
        return CRISIS_MESSAGE_PRIVATE if private else CRISIS_MESSAGE
    if "crisis.danger" in reasons:
        return DANGER_MESSAGE_PRIVATE if private else DANGER_MESSAGE
    if kind == "handle":
        return HANDLE_MESSAGE
    primary = next((r for r in reasons if _rule_decision(r, text) == decision), reasons[0])
    return RULE_MESSAGES[primary]


def _second_opinion(text: str, masked: str, found: list[Span], model: Model) -> list[Span]:
    """Let the trained model add a crisis hold the rules missed.

    The model never removes a rule match: in cross-validation a veto on low probabilities
    dropped real crisis texts ("ik ga al mijn medicijnen in een keer nemen") as often as
    figures of speech. Fewer than four words ("HELP", "niet van mij", "ik ben geslaagd!!!")
    are too little to go on without a rule: in cross-validation the model caught no crisis
    text that short, and held ordinary ones.
    Grooming stays with the rules: a grooming head added as many false holds ("ik geef je
    gelijk") as it found new cases."""
    if any(s.rule.startswith("crisis.") for s in found) or len(masked.split()) < 4:
        return found
    feats = features(model_text(text, masked))
    if score_features(model, feats, ("crisis",))["crisis"] < model.thresholds["crisis"]:
        return found
    kind = score_features(model, feats, ("danger", "selfharm"))
    rule = (
        "crisis.danger"
        if kind["danger"] >= 0.5
        else "crisis.selfharm"
        if kind["selfharm"] >= 0.5
        else "crisis.suicide"
    )
    return [*found, Span(0, len(text), rule)]


def screen(text: str, context: Context | None = None) -> Verdict:
    """Screen one piece of user text; deterministic and free of I/O (the shipped model
    file is read once, on the first call)."""
    return screen_with(text, context, shipped_model())


def screen_with(text: str, context: Context | None, model: Model | None) -> Verdict:
    """``screen`` with another trained model, or ``None`` for the rules alone (used by the
    training script's cross-validation and by tests)."""
    ctx = context or _DEFAULT_CONTEXT
    norm = normalize(text)
    handle = ctx.kind == "handle"
    masked = _mask(norm.text)
    found = _phrase_spans(text, masked, norm, handle) + find_pii(text) + find_spam(text)
    allowed = _KIND_CATEGORIES.get(ctx.kind, _ALL)
    found = [s for s in found if s.rule.split(".", 1)[0] in allowed]
    if handle:
        # Repetition rules are meant for posts; "aaaaaaaaaaaaaaaa" is an odd but harmless name.
        found = [s for s in found if s.rule != "spam.repeat"]
    elif model is not None and "crisis" in allowed:
        found = _second_opinion(text, masked, found, model)
    spans = tuple(sorted(set(found), key=lambda s: (s.start, s.end, _ORDER[s.rule])))
    reasons = tuple(sorted({s.rule for s in spans}, key=_ORDER.__getitem__))
    decision: Decision = "allow"
    danger = "crisis.danger" in reasons
    for rule in reasons:
        candidate = "block" if handle else _rule_decision(rule, text, danger)
        if _SEVERITY[candidate] > _SEVERITY[decision]:
            decision = candidate
    categories = tuple(c for c in CATEGORIES if any(r.startswith(c + ".") for r in reasons))
    return Verdict(
        decision=decision,
        reasons=reasons,
        spans=spans,
        signposts=signposts_for(reasons, ctx.author_age),
        urgent=_urgent(reasons, norm.text),
        categories=categories,
        message=_message(decision, reasons, ctx.kind, text),
        rules_version=RULES_VERSION,
    )


def redact(text: str, verdict: Verdict) -> str:
    """Replace the personal-data spans of ``verdict`` by "[verwijderd]"."""
    ranges = sorted((s.start, s.end) for s in verdict.spans if s.rule.startswith("pii."))
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out = text
    for start, end in reversed(merged):
        out = out[:start] + REDACTED + out[end:]
    return out
