"""Plans with actions, support persons (steunfiguur), overdue actions for the casemanager."""

from __future__ import annotations

import datetime as dt

import pytest

from client_api.client import RoerError
from client_api.schema.big5 import ActionIn, ActionUpdate, PlanCreate, PlanUpdate
from client_api.schema.privacy import SharingChoice
from tests.big5.helpers import all_domains, cid
from tests.people import Family, People, Person


async def linked_support_person(people: People, family: Family) -> Person:
    invited = await family.youth.client.invite_support_person("buurvrouw")
    assert invited.person.status == "uitgenodigd"
    person = await people.with_code(invited.code, prefix="steun")
    assert person.me.role == "support_person"
    return person


async def test_plan_with_actions_support_person_and_overdue(people: People) -> None:
    family = await people.family(17)
    youth, cm = family.youth, family.casemanager
    helper = await linked_support_person(people, family)
    listed = (await youth.client.support_persons()).items
    assert [(p.status, p.relation, p.person_id) for p in listed] == [
        ("gekoppeld", "buurvrouw", helper.id)
    ]
    support = next(d for d in (await youth.client.big5(youth.id)).domains if d.domain == "support")
    assert support.support_person_linked is True
    yesterday = people.clock.today() - dt.timedelta(days=1)
    plan = await cm.client.big5_create_plan(
        youth.id,
        PlanCreate(
            domain="wonen",
            goal="Een eigen kamer vinden",
            client_id=cid(),
            actions=[
                ActionIn(text="Inschrijven bij woningnet", who="youth", due_date=yesterday),
                ActionIn(text="Meegaan naar bezichtiging", who="support_person",
                         support_person_id=helper.id),
                ActionIn(text="Urgentie aanvragen", who="casemanager"),
            ],
        ),
    )  # fmt: skip
    assert [a.who for a in plan.actions] == ["youth", "support_person", "casemanager"]
    assert plan.actions[0].overdue and plan.actions[1].support_person_id == helper.id
    overdue = (await cm.client.big5_overdue_actions()).items
    assert [o.action.text for o in overdue] == ["Inschrijven bij woningnet"]
    assert overdue[0].days_overdue == 1
    assert (await cm.client.big5_caseload()).overdue_actions == 1
    updated = await youth.client.big5_update_plan(
        plan.id,
        PlanUpdate(
            actions=[ActionUpdate(id=plan.actions[0].id, done=True)],
            add_actions=[ActionIn(text="Huurtoeslag uitzoeken", who="parent")],
        ),
    )
    assert updated.goal == "Een eigen kamer vinden"
    assert [a.done for a in updated.actions] == [True, False, False, False]
    assert (await cm.client.big5_overdue_actions()).items == []
    assert [p.id for p in (await youth.client.big5_plans(youth.id)).items] == [plan.id]


async def test_action_needs_a_linked_support_person(people: People) -> None:
    family = await people.family(17)
    stranger = await people.youth(20)
    for action in (
        ActionIn(text="Helpen", who="support_person"),
        ActionIn(text="Helpen", who="support_person", support_person_id=stranger.id),
        ActionIn(text="Helpen", who="youth", support_person_id=stranger.id),
    ):
        with pytest.raises(RoerError) as err:
            await family.youth.client.big5_create_plan(
                family.youth.id, PlanCreate(domain="inkomen", goal="Schulden", actions=[action])
            )
        assert err.value.status == 422
    assert (await family.youth.client.big5_plans(family.youth.id)).items == []


async def test_support_person_sees_only_what_is_shared_until_removed(people: People) -> None:
    family = await people.family(18)
    youth = family.youth
    helper = await linked_support_person(people, family)
    await youth.client.big5_assess(all_domains("deels"), client_id=cid())
    plan = await youth.client.big5_create_plan(
        youth.id, PlanCreate(domain="welzijn", goal="Beter slapen")
    )
    assert [y.youth_id for y in (await helper.client.supported_youths()).items] == [youth.id]
    for read in (helper.client.big5, helper.client.big5_plans):
        with pytest.raises(RoerError) as err:
            await read(youth.id)
        assert err.value.status == 403
    await youth.client.update_sharing(
        [
            SharingChoice(category="big5", audience="support_person", level="summary"),
            SharingChoice(category="plans", audience="support_person", level="full"),
        ]
    )
    assert (await helper.client.big5(youth.id)).level == "summary"
    assert [p.goal for p in (await helper.client.big5_plans(youth.id)).items] == ["Beter slapen"]
    with pytest.raises(RoerError) as err:
        await helper.client.big5_update_plan(plan.id, PlanUpdate(goal="Anders"))
    assert err.value.status == 403
    with pytest.raises(RoerError) as err:
        await helper.client.big5_assess(all_domains(), client_id=cid(), youth_id=youth.id)
    assert err.value.status == 403
    with pytest.raises(RoerError) as err:
        await helper.client.case(family.case.id)
    assert err.value.status == 404
    link_id = (await youth.client.support_persons()).items[0].id
    await youth.client.remove_support_person(link_id)
    assert (await youth.client.support_persons()).items == []
    with pytest.raises(RoerError) as err:
        await helper.client.big5(youth.id)
    assert err.value.status == 404
    support = next(d for d in (await youth.client.big5(youth.id)).domains if d.domain == "support")
    assert support.support_person_linked is False


async def test_removed_invitation_code_no_longer_works(people: People) -> None:
    family = await people.family(17)
    invited = await family.youth.client.invite_support_person("coach")
    await family.youth.client.remove_support_person(invited.person.id)
    with pytest.raises(RoerError) as err:
        await people.with_code(invited.code, prefix="steun")
    assert err.value.status == 422


async def test_other_casemanager_cannot_touch_plans(people: People) -> None:
    family = await people.family(17)
    other = await people.staff("casemanager", organisation="Team Zuid")
    plan = await family.casemanager.client.big5_create_plan(
        family.youth.id, PlanCreate(domain="school_werk", goal="Diploma halen")
    )
    with pytest.raises(RoerError) as err:
        await other.client.big5_update_plan(plan.id, PlanUpdate(goal="Iets anders"))
    assert err.value.status == 404
    with pytest.raises(RoerError) as err:
        await other.client.big5_plans(family.youth.id)
    assert err.value.status == 404
    assert (await other.client.big5_caseload()).youths == 0
