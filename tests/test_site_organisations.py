"""Issue 2: every organisation's page shows every value of its plan, in the right work stream."""
from __future__ import annotations

import csv
import io

import pytest
import yaml

from htmltext import norm, visible_text
from sitebuild import PLANS
from macros.plans import dates

SEED_IDS = ["lewisham", "coventry-and-rugby", "leicester-city", "east-leicestershire-and-rutland",
            "west-leicestershire", "tower-hamlets", "barnet"]
SEED_NAMES = {"lewisham": "NHS Lewisham CCG", "coventry-and-rugby": "Coventry and Rugby CCG",
              "leicester-city": "Leicester City CCG",
              "east-leicestershire-and-rutland": "East Leicestershire and Rutland CCG",
              "west-leicestershire": "West Leicestershire CCG", "tower-hamlets": "NHS Tower Hamlets CCG",
              "barnet": "Barnet CCG"}
DATE_KEYS = {"date", "as_at", "due", "checked"}
LINK_KEYS = {"url", "ods_code_source"}  # web addresses: the page links them (checked on the markup)
EDITORS_FIELDS = {"workstream": "the work streams", "ref": "the numbering of the items", "date": "the date",
                  "group": "a group name"}


def raw_plan(plan_id: str) -> dict:
    return yaml.safe_load((PLANS / f"{plan_id}.yaml").read_text(encoding="utf-8"))


def page(site, plan_id):
    return (site / "organisations" / plan_id / "index.html").read_text(encoding="utf-8")


def expected_values(data, key=None):
    """Every scalar value of a plan, as a reader sees it on the page."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k in ("kind", "id", "joint_response", "group", "workstream", "groups"):
                continue  # identifiers: shown as names (checked separately)
            yield from expected_values(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from expected_values(v, key)
    elif key in DATE_KEYS:
        yield key, dates.display(str(data))
    elif key == "field":  # editors_supplied: said in words (issue 24)
        yield key, EDITORS_FIELDS[data]
    elif key == "numbers_recommendations":  # said in words (issue 24)
        yield key, "does not number the recommendations it addresses" if data is False else "Recommendations addressed"
    else:
        yield key, norm(str(data))


def test_seed_plans_all_published(built_site):
    ids = sorted(p.stem for p in PLANS.glob("*.yaml") if raw_plan(p.stem).get("kind") != "joint")
    assert ids == sorted(SEED_IDS)
    for plan_id in SEED_IDS:
        html = page(built_site, plan_id)
        assert SEED_NAMES[plan_id] in visible_text(html, "top")


@pytest.mark.parametrize("plan_id", SEED_IDS)
def test_every_value_of_the_plan_is_on_its_page(built_site, plan_id):
    raw = page(built_site, plan_id)
    text = visible_text(raw)

    def shown(key, value) -> bool:
        return f'href="{value}"' in raw if key in LINK_KEYS else value in text

    data = raw_plan(plan_id)
    missing = [(k, v) for k, v in expected_values(data) if not shown(k, v)]
    assert not missing, missing[:5]
    if "joint_response" in data:  # the shared part is shown on every member's page
        joint = raw_plan(data["joint_response"])
        missing = [(k, v) for k, v in expected_values(joint) if not shown(k, v)]
        assert not missing, missing[:5]


@pytest.mark.parametrize("plan_id", SEED_IDS)
def test_actions_appear_in_their_work_stream(built_site, plan_id, seed_site):
    html = page(built_site, plan_id)
    site = seed_site
    org = next(o for o in site.organisations if o.id == plan_id)
    sections = {w.key: visible_text(html, f"ws-{w.key}") for w in site.workstreams}
    for ws in site.workstreams:
        assert f"Work stream {ws.number}: {ws.name}" in sections[ws.key]
    for action in org.all_actions:
        section = sections[action.workstream]
        for value in (action.action, action.owner, action.current_position, action.forum):
            if value:
                assert norm(value) in section, (action.workstream, value[:60])
        if action.due:
            assert dates.display(action.due) in section
        if action.recommendation:
            assert f"Recommendation {action.recommendation}" in section
    for ws in site.workstreams:  # an action shown in another stream would be counted there too
        for action in org.all_actions:
            if len(action.action) > 40:
                want = sum(norm(a.action) == norm(action.action) for a in org.all_actions if a.workstream == ws.key)
                assert sections[ws.key].count(norm(action.action)) == want, (ws.key, action.action[:60])


def test_blank_fields_read_not_stated(built_site):
    html = page(built_site, "lewisham")  # Lewisham gives no owners or dates
    section = visible_text(html, "ws-cultural")
    assert section.count("Who by not stated") == 8
    assert section.count("Completion date not stated") == 8
    th = visible_text(page(built_site, "tower-hamlets"))
    assert "Meeting or audience not stated" in th and "Document date not stated" in th


def test_priority_shows_words_from_the_scale(built_site):
    text = visible_text(page(built_site, "lewisham"))
    assert "Priority 3 – immediate priority" in text
    assert "Priority 2 – priority for this year" in text


def test_summary_counts_per_work_stream(built_site, seed_site):
    text = visible_text(page(built_site, "lewisham"), "summary")
    site = seed_site
    org = next(o for o in site.organisations if o.id == "lewisham")
    for ws in site.workstreams:
        n = sum(a.workstream == ws.key for a in org.all_actions)
        assert f"{ws.number}. {ws.name} {n}" in text


def test_shared_leicester_response_written_once_shown_thrice(built_site):
    for plan_id in ("leicester-city", "east-leicestershire-and-rutland", "west-leicestershire"):
        assert "themes" not in raw_plan(plan_id) and "joint_work" not in raw_plan(plan_id)
        joint = visible_text(page(built_site, plan_id), "joint")
        assert "Leicester, Leicestershire and Rutland health community" in joint
    text = visible_text(page(built_site, "leicester-city"))
    for theme in ("Transparency", "Listening", "Walking the floors", "Saving more lives",
                  "Safe Staffing levels", "Targeted improvement"):
        assert theme in text
    assert "Better Care Together Programme Board" in text


def test_own_grouping_is_shown(built_site):
    text = visible_text(page(built_site, "tower-hamlets"), "own-grouping")
    for name in ("Complaints", "Commissioning for Standards", "Public Accountability",
                 "Performance Management and Strategic Oversight"):
        assert f"{name}" in text
    assert "Key themes" in text


ACTIONS_HEADER = ("organisation_id,organisation,workstream,recommendation,priority,action,owner,due,status,"
                  "ref,current_position,action_id,current_status,last_update,overdue,due_passed_no_update,"
                  "forum,owner_label,editors_supplied,text_is_position,current_successor,"
                  "assured,assured_by,assured_on,assurance_minute,assurance_evidence_location,next_step,forecast")


def test_actions_csv_contract(built_site, seed_site):
    raw = (built_site / "data" / "actions.csv").read_bytes()
    content = raw.decode("utf-8")
    assert content.splitlines()[0] == ACTIONS_HEADER
    rows = list(csv.DictReader(io.StringIO(content)))
    site = seed_site
    assert len(rows) == sum(len(o.all_actions) for o in site.organisations)
    keys = {w.key for w in site.workstreams}
    for row in rows:
        assert row["workstream"] in keys
        assert row["recommendation"] == "" or 1 <= int(row["recommendation"]) <= 290
        assert row["due"] == "" or dates.problem(row["due"]) is None
    lewisham = [r for r in rows if r["organisation_id"] == "lewisham"]
    assert len(lewisham) == 27 and {r["priority"] for r in lewisham} <= {"1", "2", "3", "4", "5"}
    assert all(r["owner"] == "" and r["due"] == "" for r in lewisham)
    joint = [r for r in rows if r["organisation_id"] == "leicester-city" and r["owner"]]
    assert joint and joint[0]["owner"] == "Chief Executives and Medical Directors"


def test_plans_dir_replaces_the_plans_folder(tmp_path):
    """PLANS_DIR is the folder of plans the build reads; reference data stays where it is."""
    from sitebuild import build_site
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "barnet.yaml").write_text((PLANS / "barnet.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "site"
    build_site(out, plans_dir=plans)
    assert sorted(p.name for p in (out / "organisations").iterdir() if p.is_dir()) == ["barnet"]
    rows = (out / "data" / "actions.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert rows and all(r.startswith("barnet,") for r in rows)
    assert (out / "recommendations" / "137" / "index.html").exists()  # the catalogue is still read
