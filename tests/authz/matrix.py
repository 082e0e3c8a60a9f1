"""The authorisation matrix: every /api/v1 endpoint × every role, with the status that
DESIGN.md's roles and privacy rules allow.

Columns (see world.py for who they are):

    you  the youth of case A            oyo  another youth (case B)
    par  a parent of the youth          opa  a parent in case B
    cm   casemanager of case A          ocm  casemanager of case B (same organisation)
    sup  the youth's support person     mod  moderator
    adm  admin (organisation of both)   pex  peer expert (ervaringsdeskundige)
    anon no token

Conventions of the project (server/core/access.py, README "Roles and what they see"):
404 when the actor has no relation to the object, so its existence is not revealed
(another casemanager's case, another youth's data, a conversation one is not in); 403 when
the role may never do this (a list or action for another role), or when a parent or support
person knows the youth but the youth does not share this with them; 401 without a token.

``log`` names the roles whose 2xx is a read or change of the youth's data by someone
else: the test asserts that each of those cells wrote an access-log row about the youth.
"""

# ruff: noqa: E501 (a table: one row per endpoint, its statuses in aligned columns)
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from tests.authz import bodies as b
from tests.authz.world import ROLES, World

# Path parameter → the world's object it names (a row's ``ids`` can pick another one).
PARAMS = {
    "case_id": "case",
    "youth_id": "youth",
    "alert_id": "alert",
    "plan_id": "plan",
    "person_id": "support_person",
    "board_id": "board",
    "thread_id": "thread",
    "post_id": "post",
    "kind": "reaction",
    "item_id": "queue_item",
    "member_id": "member",
    "questionnaire_id": "questionnaire",
    "slug": "guide",
    "correction_id": "correction",
    "request_id": "destruction",
    "conversation_id": "conversation",
    "notification_id": "notification",
    "device_id": "device",
    "session_id": "session",
}


# The columns' short names (the header above the table) → ROLES.
SHORT = ("you", "oyo", "par", "opa", "cm", "ocm", "sup", "mod", "adm", "pex", "anon")
COLUMNS = dict(zip(SHORT, ROLES, strict=True))


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, int]
    body: b.Body = None
    ids: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    log: frozenset[str] = frozenset()
    # "final": ends sessions, accounts, links or the file; runs after every "main" row.
    phase: Literal["main", "final"] = "main"
    # Sent with the role's spare session (a sign-in of its own), not its main one.
    spare: bool = False
    # Keep each role's 2xx answer in ``world.scratch`` under this name.
    keep: str = ""

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def url(self, world: World) -> str:
        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            return world.ids[self.ids.get(name, PARAMS[name])]

        return "/api/v1" + re.sub(r"\{(\w+)\}", fill, self.path)


def row(
    key: str,
    statuses: str,
    body: b.Body = None,
    *,
    log: str = "",
    **options: object,
) -> Row:
    """``statuses``: one status per role, in the columns' order (``ROLES``)."""
    method, path = key.split()
    codes = [int(s) for s in statuses.split()]
    assert len(codes) == len(ROLES), key
    roles = frozenset(COLUMNS[name] for name in log.split())
    return Row(method, path, dict(zip(ROLES, codes, strict=True)), body, log=roles, **options)  # type: ignore[arg-type]


ALL_200 = "200 200 200 200 200 200 200 200 200 200 200"
SIGNED_IN_200 = "200 200 200 200 200 200 200 200 200 200 401"

# fmt: off
MATRIX: list[Row] = [
    #                                                  you oyo par opa cm  ocm sup mod adm pex anon
    row("GET /health",                                 ALL_200),
    # For the scraper holding ROER_METRICS_TOKEN only, which no sign-in token is (tests/core).
    row("GET /metrics",                               "401 401 401 401 401 401 401 401 401 401 401"),
    row("POST /auth/register",                        "201 201 201 201 201 201 201 201 201 201 201", b.register),
    row("POST /auth/login",                            ALL_200, b.login),
    row("POST /auth/refresh",                          ALL_200, b.refresh),
    row("POST /auth/logout",                           SIGNED_IN_200, spare=True),
    row("GET /me",                                     SIGNED_IN_200),
    row("GET /me/sessions",                            SIGNED_IN_200),
    # Another person's session id is simply not one of mine.
    row("DELETE /me/sessions/{session_id}",           "200 404 404 404 404 404 404 404 404 404 401"),
    # Staff enrolled when they were made; two-factor is optional for everyone else.
    row("POST /me/2fa/enroll",                        "200 200 200 200 409 409 200 409 409 200 401", keep="2fa"),
    row("POST /me/2fa/confirm",                       "200 200 200 200 409 409 200 409 409 200 401", b.confirm_2fa),
    # --- cases -------------------------------------------------------------------------
    row("GET /cases",                                 "403 403 403 403 200 200 403 403 403 403 401", log="cm"),
    row("POST /cases",                                "403 403 403 403 201 201 403 403 403 403 401",
        {"label": "Nieuwe casus"}),
    row("GET /cases/{case_id}",                       "200 404 200 404 200 404 404 404 404 404 401", log="cm"),
    row("POST /cases/{case_id}/invites",              "404 404 404 404 201 404 404 404 404 404 401",
        {"role": "parent"}, log="cm"),
    row("GET /staff",                                 "403 403 403 403 403 403 403 403 200 403 401"),
    row("POST /staff-invites",                        "403 403 403 403 403 403 403 403 201 403 401",
        {"role": "casemanager"}),
    # --- privacy ---------------------------------------------------------------------------
    row("GET /me/access-log",                          SIGNED_IN_200),
    row("GET /me/export",                              SIGNED_IN_200),
    row("GET /me/sharing",                            "200 200 403 403 403 403 403 403 403 403 401"),
    row("PUT /me/sharing",                            "200 200 403 403 403 403 403 403 403 403 401", b.SHARING),
    # --- notifications -----------------------------------------------------------------
    row("POST /devices",                              "201 201 201 201 201 201 201 201 201 201 401", b.device),
    row("DELETE /devices/{device_id}",                "200 404 404 404 404 404 404 404 404 404 401"),
    row("GET /me/notifications",                       SIGNED_IN_200),
    row("POST /me/notifications/{notification_id}/read", "200 404 404 404 404 404 404 404 404 404 401"),
    # --- check-ins and the attention queue -----------------------------------------------
    row("GET /questionnaires",                         ALL_200),
    row("GET /questionnaires/{questionnaire_id}",      ALL_200),
    row("PUT /cases/{case_id}/checkin-schedule",      "404 404 404 404 200 404 404 404 404 404 401", b.SCHEDULE, log="cm"),
    row("GET /cases/{case_id}/checkin-schedule",      "404 404 404 404 200 404 404 404 404 404 401", log="cm"),
    # Parents: the summary the youth shares; check-ins are never a support person's.
    row("GET /cases/{case_id}/checkins",              "200 404 200 404 200 404 403 404 404 404 401", log="par cm"),
    # Own schedules: empty for whoever has none; pausing nothing is 404.
    row("GET /me/checkin-schedule",                    SIGNED_IN_200),
    row("POST /me/checkin-schedule/pause",            "200 404 404 404 404 404 404 404 404 404 401", b.pause),
    row("POST /me/checkin-schedule/resume",           "200 404 404 404 404 404 404 404 404 404 401"),
    row("GET /checkins/due",                           SIGNED_IN_200),
    row("POST /checkins",                             "201 201 201 201 403 403 403 403 403 403 401", b.checkin),
    row("GET /alerts",                                "403 403 403 403 200 200 403 403 403 403 401", log="cm"),
    row("POST /alerts/{alert_id}/acknowledge",        "404 404 404 404 200 404 404 404 404 404 401", log="cm"),
    row("POST /alerts/{alert_id}/resolve",            "404 404 404 404 200 404 404 404 404 404 401",
        {"note": "Gebeld, gaat goed."}, log="cm"),
    # --- BIG5 ----------------------------------------------------------------------------
    row("GET /big5/domains",                           ALL_200),
    row("POST /big5/assessments",                     "201 404 403 403 201 404 403 403 403 403 401", b.assessment, log="cm"),
    row("GET /youths/{youth_id}/big5",                "200 404 200 404 200 404 200 404 404 404 401", log="par cm sup"),
    # Plans are not shared with the parents; the support person reads but does not write.
    row("GET /youths/{youth_id}/big5/plans",          "200 404 403 404 200 404 200 404 404 404 401", log="cm sup"),
    row("POST /youths/{youth_id}/big5/plans",         "201 404 403 404 201 404 403 404 404 404 401", b.plan, log="cm"),
    row("PATCH /big5/plans/{plan_id}",                "200 404 403 404 200 404 403 404 404 404 401",
        {"goal": "Een kamer in Groningen"}, log="cm"),
    row("GET /big5/caseload",                         "403 403 403 403 200 200 403 403 403 403 401", log="cm"),
    row("GET /big5/overdue-actions",                  "403 403 403 403 200 200 403 403 403 403 401", log="cm"),
    row("GET /stats/big5",                            "403 403 403 403 403 403 403 403 200 403 401"),
    row("POST /me/support-persons",                   "201 201 403 403 403 403 403 403 403 403 401", {"relation": "tante"}),
    row("GET /me/support-persons",                    "200 200 403 403 403 403 403 403 403 403 401"),
    row("GET /me/supported-youths",                   "403 403 403 403 403 403 200 403 403 403 401"),
    row("GET /me/big5/reminders",                     "200 200 403 403 403 403 403 403 403 403 401"),
    row("PUT /me/big5/reminders",                     "200 200 403 403 403 403 403 403 403 403 401", {"enabled": True}),
    # --- forum: the youth's thread in "16-27"; parents have "ouders" only; casemanagers,
    # admins and support persons no forum at all; moderators read but never post --------
    row("GET /forum/boards",                           SIGNED_IN_200),
    row("GET /forum/me",                              "200 200 200 200 403 403 403 403 403 200 401"),
    row("PUT /forum/me",                              "200 200 200 200 403 403 403 403 403 200 401", b.handle),
    row("GET /forum/boards/{board_id}/threads",       "200 200 403 403 403 403 403 200 403 200 401"),
    row("POST /forum/boards/{board_id}/threads",      "201 201 403 403 403 403 403 403 403 201 401", b.thread),
    row("GET /forum/threads/{thread_id}",             "200 200 404 404 404 404 404 200 404 200 401"),
    row("POST /forum/threads/{thread_id}/posts",      "201 201 404 404 403 403 403 403 403 201 401", b.post),
    row("PATCH /forum/posts/{post_id}",               "200 403 403 403 403 403 403 403 403 403 401",
        {"body": "Aangepast."}, ids={"post_id": "own_post"}),
    row("DELETE /forum/posts/{post_id}",              "200 403 403 403 403 403 403 403 403 403 401",
        ids={"post_id": "own_post"}),
    row("POST /forum/posts/{post_id}/reactions",      "200 200 404 404 403 403 403 403 403 200 401", {"kind": "herkenbaar"}),
    row("DELETE /forum/posts/{post_id}/reactions/{kind}", "200 200 404 404 403 403 403 403 403 200 401"),
    # Reporting one's own post is refused as input (422).
    row("POST /forum/posts/{post_id}/reports",        "422 201 404 404 403 403 403 403 403 201 401",
        {"category": "ongepast"}),
    row("POST /forum/posts/{post_id}/appeal",         "201 404 404 404 403 403 403 403 403 404 401",
        {"text": "Het was mijn werknummer."}, ids={"post_id": "removed_post"}),
    row("GET /forum/notifications",                   "200 200 200 200 403 403 403 403 403 200 401"),
    row("GET /moderation/queue",                      "403 403 403 403 403 403 403 200 403 403 401"),
    row("POST /moderation/items/{item_id}/decision",  "403 403 403 403 403 403 403 200 403 403 401", {"action": "approve"}),
    # Break-glass: who is behind a pseudonym is the youth's data, logged for them.
    row("POST /moderation/members/{member_id}/reveal", "403 403 403 403 403 403 403 200 403 403 401",
        {"reason": "Zorgen om de veiligheid van dit lid"}, log="mod"),
    # --- guidance --------------------------------------------------------------------------
    row("GET /guides",                                 ALL_200),
    row("GET /guides/{slug}",                          ALL_200),
    row("POST /guides/{slug}/feedback",                SIGNED_IN_200, {"helpful": True}),
    row("GET /guides/{slug}/feedback",                "403 403 403 403 403 403 403 403 200 200 401"),
    row("GET /guidance/feedback",                     "403 403 403 403 403 403 403 403 200 200 401"),
    row("GET /pathways",                               ALL_200),
    row("GET /pathways/{slug}",                        ALL_200, ids={"slug": "pathway"}),
    # --- the youth's file: inzage for the youth, notes not shared with the parents ----------
    row("POST /cases/{case_id}/notes",                "404 404 404 404 201 404 404 404 404 404 401",
        {"title": "Gesprek", "body": "Over stage."}, log="cm"),
    row("GET /cases/{case_id}/notes",                 "200 404 403 404 200 404 404 404 404 404 401", log="cm"),
    row("GET /me/notes",                              "200 200 403 403 403 403 403 403 403 403 401"),
    # A note id that is not in one's own file is refused as input, like one that does not exist.
    row("POST /me/corrections",                       "201 422 403 403 403 403 403 403 403 403 401", b.correction),
    row("GET /me/corrections",                         SIGNED_IN_200),
    row("GET /cases/{case_id}/corrections",           "404 404 404 404 200 404 404 404 404 404 401", log="cm"),
    row("POST /corrections/{correction_id}/accept",   "404 404 404 404 200 404 404 404 404 404 401",
        {"body": "We spraken over werk."}, log="cm"),
    row("POST /corrections/{correction_id}/decline",  "404 404 404 404 200 404 404 404 404 404 401",
        {"reason": "Het klopt wel."}, ids={"correction_id": "declined_correction"}, log="cm"),
    row("POST /corrections/{correction_id}/statement", "201 404 403 403 403 403 403 403 403 403 401",
        {"body": "Ik zie het anders."}, ids={"correction_id": "declined_correction"}),
    # The youth already asked (409); from 16 the youth decides, not the parent.
    row("POST /me/destruction-requests",              "409 404 403 404 403 403 403 403 403 403 401", b.destruction),
    row("GET /me/destruction-requests",                SIGNED_IN_200),
    # The organisation decides on destruction: the casemanager or an admin of the
    # organisation (README); the casemanager decides first, so the admin finds it decided.
    row("GET /cases/{case_id}/destruction-requests",  "404 404 404 404 200 404 404 404 200 404 401", log="cm adm"),
    row("POST /destruction-requests/{request_id}/refuse", "404 404 404 404 200 404 404 404 409 404 401",
        {"reason_kind": "legal_duty", "reason": "Wettelijke bewaarplicht."}, log="cm"),
    # --- chat: the youth's own conversation with their casemanager ----------------------------
    # The list shows each conversation's last message: the youth's words, so logged.
    row("GET /conversations",                          SIGNED_IN_200, log="cm"),
    row("GET /conversations/{conversation_id}/messages", "200 404 404 404 200 404 404 404 404 404 401", log="cm"),
    # Writing one's own message is not a read or change of the youth's data (reading is).
    row("POST /conversations/{conversation_id}/messages", "201 404 404 404 201 404 404 404 404 404 401", b.message),
    row("POST /conversations/{conversation_id}/read", "200 404 404 404 200 404 404 404 404 404 401", {"seq": 1}),
    # The world opened it already (the consent row needs it): a second one is a conflict.
    row("POST /cases/{case_id}/family-conversation",  "404 404 404 404 409 404 404 404 404 404 401"),
    # The youth (16+) decides whether the family conversation starts; for anyone else the
    # consent does not exist (404, as the service answers), the casemanager included.
    row("POST /conversations/{conversation_id}/consent", "200 404 404 404 404 404 404 404 404 404 401",
        {"agree": True}, ids={"conversation_id": "family_conversation"}),
    row("GET /me/office-hours",                       "403 403 403 403 200 200 403 403 403 403 401"),
    row("PUT /me/office-hours",                       "403 403 403 403 200 200 403 403 403 403 401", b.OFFICE_HOURS),
    # --- test mode only (ROER_TEST_MODE): not routed in production -------------------------
    row("POST /test/clock",                            ALL_200, {"advance_seconds": 0}),
    # --- final: these end links, the file, sessions and accounts -------------------------
    row("POST /test/tick",                             ALL_200, phase="final"),
    row("POST /destruction-requests/{request_id}/approve", "404 404 404 404 200 404 404 404 409 404 401",
        ids={"request_id": "destruction_2"}, log="cm", phase="final"),
    row("DELETE /me/support-persons/{person_id}",     "200 404 403 403 403 403 403 403 403 403 401", phase="final"),
    row("POST /cases/{case_id}/handover",             "403 403 403 403 403 403 403 403 200 403 401",
        b.handover, log="adm", phase="final"),
    # Staff accounts are closed by an admin, not by themselves.
    row("DELETE /me",                                 "200 200 200 200 403 403 200 403 403 403 401", phase="final"),
]
# fmt: on

# Routes the matrix does not drive over HTTP, and where their authorisation is tested.
COVERED_ELSEWHERE = {
    # A websocket, its token in the first frame: tests/authz/test_socket.py takes every role
    # of the matrix to the youth's conversation over a live server (4401 without a token).
    "WEBSOCKET /ws",
}
