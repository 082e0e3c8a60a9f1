"""Cases, invitations, caseload isolation, handover and what each role may see."""

from __future__ import annotations

import datetime as dt

import pytest

from client_api.client import RoerError
from tests.people import PASSWORD, People


async def test_casemanager_creates_case_and_family_joins_by_code(people: People) -> None:
    family = await people.family(youth_age=14, parents=2)
    case = family.case
    assert case.youth is not None and case.youth.id == family.youth.id
    assert case.youth.age == 14
    assert {p.id for p in case.parents} == {p.id for p in family.parents}
    assert family.parents[0].me.role == "parent"
    assert (await family.youth.client.me()).case_ids == [case.id]
    assert (await family.parents[0].client.case(case.id)).id == case.id
    assert (await family.youth.client.case(case.id)).casemanager.id == family.casemanager.id


async def test_invite_codes_are_single_use(people: People) -> None:
    cm = await people.staff()
    case = await cm.client.create_case("eenmalig")
    code = (await cm.client.invite(case.id, "parent")).code
    await people.with_code(code)
    with pytest.raises(RoerError) as err:
        await people.with_code(code)
    assert err.value.status == 422
    assert err.value.problem and err.value.problem.errors
    assert err.value.problem.errors[0].field == "invite_code"


async def test_invite_codes_expire(people: People) -> None:
    cm = await people.staff()
    case = await cm.client.create_case("verloopt")
    code = (await cm.client.invite(case.id, "youth")).code
    await cm.client.test_clock(advance=dt.timedelta(days=15))
    with pytest.raises(RoerError) as err:
        await people.youth(15, invite_code=code)
    assert err.value.status == 422


async def test_second_youth_cannot_join_a_case(people: People) -> None:
    family = await people.family(16, parents=0)
    with pytest.raises(RoerError) as err:
        await family.casemanager.client.invite(family.case.id, "youth")
    assert err.value.status == 409


async def test_caseload_is_own_only_and_others_get_404(people: People) -> None:
    mine = await people.family(15)
    other_cm = await people.staff()
    theirs = await people.family(16, casemanager=other_cm)
    listed = (await mine.casemanager.client.cases()).items
    assert [c.id for c in listed] == [mine.case.id]
    for call in (
        mine.casemanager.client.case(theirs.case.id),
        mine.casemanager.client.invite(theirs.case.id, "parent"),
        theirs.youth.client.case(mine.case.id),
        theirs.parents[0].client.case(mine.case.id),
        mine.casemanager.client.case("00000000-0000-0000-0000-000000000000"),
    ):
        with pytest.raises(RoerError) as err:
            await call
        assert err.value.status == 404, err.value


@pytest.mark.parametrize("role", ["moderator", "admin", "peer_expert"])
async def test_non_casemanager_staff_get_no_case_data(people: People, role: str) -> None:
    family = await people.family(15)
    staff = await people.staff(role)
    with pytest.raises(RoerError) as err:
        await staff.client.case(family.case.id)
    assert err.value.status == 404
    with pytest.raises(RoerError) as err:
        await staff.client.cases()
    assert err.value.status == 403


async def test_youth_and_parent_cannot_manage_cases(people: People) -> None:
    family = await people.family(15)
    for member in (family.youth, family.parents[0]):
        with pytest.raises(RoerError) as err:
            await member.client.create_case("zelf")
        assert err.value.status == 403
        with pytest.raises(RoerError) as err:
            await member.client.invite(family.case.id, "parent")
        assert err.value.status == 404


async def test_access_log_shows_casemanager_reads_not_own(people: People) -> None:
    family = await people.family(16)
    await family.youth.client.case(family.case.id)
    await family.casemanager.client.case(family.case.id)
    await family.casemanager.client.cases()
    entries = (await family.youth.client.access_log()).items
    assert [e.action for e in entries][:2] == ["list", "read"]
    assert all(e.actor_role == "casemanager" for e in entries)
    assert entries[1].actor.startswith("je casemanager")
    assert "bekeek je casus" in entries[1].text


async def test_staff_invite_joins_the_admins_organisation(people: People) -> None:
    admin = await people.staff("admin")
    code = (await admin.client.staff_invite("casemanager")).code
    newcomer = await people.with_code(code, prefix="cm", display_name="Nieuwe Collega")
    assert newcomer.me.role == "casemanager"
    assert newcomer.id in {s.id for s in (await admin.client.staff()).items}
    family = await people.family(17)
    await admin.client.handover(family.case.id, newcomer.id, "Nieuwe collega neemt over")


async def test_handover_only_within_the_organisation(people: People) -> None:
    family = await people.family(17)
    foreign_admin = await people.staff("admin", organisation="Team Zuid")
    foreign_cm = await people.staff("casemanager", organisation="Team Zuid")
    admin = await people.staff("admin")
    moderator = await people.staff("moderator")
    with pytest.raises(RoerError) as err:
        await foreign_admin.client.handover(family.case.id, foreign_cm.id, "mag niet")
    assert err.value.status == 404
    for target in (foreign_cm.id, moderator.id, family.casemanager.id):
        with pytest.raises(RoerError) as err:
            await admin.client.handover(family.case.id, target, "ongeldig doel")
        assert err.value.status in (409, 422)


async def test_handover_moves_the_case(people: People) -> None:
    admin = await people.staff("admin")
    family = await people.family(17)
    successor = await people.staff("casemanager")
    moved = await admin.client.handover(family.case.id, successor.id, "Verhuizing casemanager")
    assert moved.casemanager.id == successor.id
    assert (await successor.client.case(family.case.id)).youth is not None
    with pytest.raises(RoerError) as err:
        await family.casemanager.client.case(family.case.id)
    assert err.value.status == 404
    log = (await family.youth.client.access_log()).items
    assert any(e.action == "handover" and e.actor_role == "admin" for e in log)
    with pytest.raises(RoerError) as err:
        await family.casemanager.client.handover(family.case.id, successor.id, "mag niet")
    assert err.value.status == 403


async def test_parent_with_staff_invite_role_fields(people: People) -> None:
    admin = await people.staff("admin")
    code = (await admin.client.staff_invite("moderator")).code
    with pytest.raises(RoerError) as err:
        await people.client().register(
            username="mod-zonder-naam", password=PASSWORD, invite_code=code
        )
    assert err.value.status == 422
