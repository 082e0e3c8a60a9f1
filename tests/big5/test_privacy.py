"""The BIG5's part of export and erasure."""

from __future__ import annotations

from client_api.schema.big5 import PlanCreate
from server.big5.service import erase_user_data, export_user_data
from tests.big5.helpers import all_domains, cid, one
from tests.people import People


async def test_export_holds_own_data_and_erasure_keeps_the_case_file(people: People) -> None:
    family = await people.family(18)
    youth, cm = family.youth, family.casemanager
    await youth.client.big5_assess([one("wonen", "deels", "Kamer te klein")], client_id=cid())
    await cm.client.big5_assess(all_domains(), client_id=cid(), youth_id=youth.id)
    await youth.client.big5_create_plan(youth.id, PlanCreate(domain="wonen", goal="Verhuizen"))
    await youth.client.invite_support_person("oom")
    async with people.db() as session:
        data = await export_user_data(session, youth.id)
        assert [(a["domain"], a["note"]) for a in data["assessments"]] == [
            ("wonen", "Kamer te klein")
        ]
        assert [p["goal"] for p in data["plans"]] == ["Verhuizen"]
        assert data["support_persons"][0]["relation"] == "oom"
        assert len((await export_user_data(session, cm.id))["assessments"]) == 5
        await erase_user_data(session, youth.id, people.clock.now())
        await session.commit()
    view = await cm.client.big5(youth.id)
    assert all(d.youth is None for d in view.domains)
    assert all(d.casemanager is not None for d in view.domains)
    assert (await youth.client.support_persons()).items == []
