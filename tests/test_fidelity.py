"""Issue 24: the site says only what the sources say. Checks over the real plans (plans/) and the
site built from them."""
from __future__ import annotations

import csv
import io
import json

from macros import progress


def test_no_action_without_updates_is_called_overdue_anywhere(built_site, seed_site):
    """The seed plans publish no progress update: nothing on the site or in the downloads calls
    any of their actions overdue; those past their due date are counted apart."""
    actions = [a for o in seed_site.organisations for a in o.all_actions]
    assert not any(a.updates for a in actions)
    passed = {(o.id, a.id) for o in seed_site.organisations for a in o.all_actions
              if progress.of(a, seed_site.as_of).due_passed_no_update}
    assert passed, "some seed actions are past their due date"
    for page in built_site.rglob("*.html"):
        assert "fr-flag--overdue" not in page.read_text(encoding="utf-8"), page
    index = json.loads((built_site / "data" / "compare.json").read_text(encoding="utf-8"))
    assert all(o["overdue"] == 0 and not any(o["overdue_by"]) for o in index["organisations"])
    assert {o["id"]: o["due_passed_no_update"] for o in index["organisations"]} == {
        o.id: sum((o.id, a.id) in passed for a in o.all_actions) for o in seed_site.organisations}
    for o in seed_site.organisations:
        mine = json.loads((built_site / "data" / "compare" / f"{o.id}.json").read_text(encoding="utf-8"))
        assert not any(a["overdue"] for a in mine["actions"])
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "actions.csv").read_text(encoding="utf-8"))))
    assert {r["overdue"] for r in rows} == {"false"}
    assert {(r["organisation_id"], r["action_id"]) for r in rows if r["due_passed_no_update"] == "true"} == passed
