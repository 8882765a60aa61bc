"""Synthetic plans at national scale, shaped like the real ones.

    python benchmarks/synthetic.py --orgs 211 --out DIR [--seed S]

writes N organisation plans (plus a few joint responses) that pass ``python -m macros
check``. Nothing is invented from outside the project: the seed plans in plans/ are read at
generation time, and every generated text copies the shape of a real one (its number of
words, paragraphs and bullet points) with words drawn from the seeds' own vocabulary, plus a
sprinkling of non-ASCII words. The output depends only on the seed plans and ``--seed``.

What the plans cover, so the site is exercised as it will be at scale:
- every organisation has actions in all four work streams;
- recommendation numbers are spread over 1-290; some organisations (like Coventry and
  Rugby) give none, others (like Lewisham and Tower Hamlets) give one per action;
- some organisations have a priority scale (like Lewisham's 1-5), some priorities without one;
- some have owners, forums, statuses and completion dates in all three date forms;
- some have their own grouping (like Tower Hamlets' key themes), some work-stream descriptions;
- a few joint responses, each shared by two or three organisations (like llr);
- non-ASCII text in names and texts (Café, naïve, dashes, curly quotes, Welsh and Polish names);
- progress over several years: most organisations publish progress reports (rounds of dated
  updates, every status, revised due dates with reasons, evidence links, actions added later,
  actions answering several recommendations; next steps and forecast dates on open actions,
  assurance by a committee on about half of the completions); some never report after their plan.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED_PLANS = ROOT / "plans"
MODELINE = "# yaml-language-server: $schema=../macros/schema.json"
WORKSTREAMS = ("cultural", "engagement", "quality", "information")
TEXT_FIELDS = ("recommendation_title", "recommendation_text", "government_response", "current_position",
               "action", "owner", "forum")
# Words and names that are not ASCII, mixed into names and texts.
NON_ASCII_WORDS = ("Café", "naïve", "rôle", "coöperation", "–", "’s", "“openness”", "Llŷr", "Dŵr",
                   "Łódź", "Żaneta", "Wojciech", "Siân", "Gwenllïan", "Zoë", "São", "façade", "€5,000",
                   "£2.5m", "≥95%", "½")
PLACE_PARTS = ("Aber", "Ash", "Bar", "Black", "Brad", "Brom", "Bury", "Cam", "Chester", "Col", "Cor",
               "Dar", "Don", "Ely", "Farn", "Glou", "Hal", "Har", "Hex", "Kings", "Lan", "Leigh",
               "Lin", "Mal", "Mid", "New", "North", "Ox", "Pen", "Ply", "Red", "Rich", "Salt",
               "Shef", "South", "Stam", "Sut", "Tam", "Thur", "Wal", "War", "West", "Wig", "Win",
               "York")
PLACE_ENDS = ("ford", "ton", "ley", "ham", "field", "bury", "wick", "mouth", "stead", "worth", "by",
              "caster", "don", "shire", "wood", "bridge", "minster", "borough", "dale", "well")
NON_ASCII_PLACES = ("Ynys Môn", "Llanfair Caereinion", "Pen-y-bont", "Bryn Coch", "Caffé Row",
                    "Łęczyca Road", "Ystrad Fflûr", "Côte Hill", "Brontë Country", "Dŵr Cymru")
DATE_FORMS = ("{y}-{m:02d}-{d:02d}", "{y}-{m:02d}", "{y}/{yy:02d}")
STATUSES = ("not started", "in progress", "completed", "on track", "delayed – see note")
PRIORITY_WORDS = ("High", "Medium", "Low")
NOTE_NEEDED = ("delayed", "superseded", "not-proceeding")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text) if w]


class Seeds:
    """What the seed plans look like: their actions' shapes, and their words."""

    def __init__(self, folder: Path = SEED_PLANS):
        self.actions: list[dict] = []  # field -> shape, per real action
        self.plans: list[dict] = []  # per organisation plan: counts and what it has
        self.summaries: list[tuple] = []
        self.descriptions: list[tuple] = []
        self.provenance_titles: list[int] = []
        words: set[str] = set()
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for text in _strings(data):
                words.update(w.strip(".,;:()?!") for w in _words(text))
            if data.get("kind") == "joint":
                continue
            actions = data.get("actions", [])
            self.plans.append({
                "actions": len(actions),
                "with_recommendations": any("recommendation" in a for a in actions),
                "grouped": "grouping" in data,
                "scale": len(data.get("priority_scale", [])),
            })
            self.provenance_titles.append(len(_words(data["provenance"]["title"])))
            if data.get("summary"):
                self.summaries.append(_shape(data["summary"]))
            self.descriptions.extend(_shape(t) for t in data.get("workstream_descriptions", {}).values())
            for action in actions:
                self.actions.append({k: _shape(action[k]) for k in TEXT_FIELDS if k in action})
        # Sorted, so the vocabulary (and the output) does not depend on set order.
        self.vocabulary = sorted(w for w in words if w and w.isprintable() and "#" not in w)
        self.rec_actions = [a for a in self.actions if "recommendation_text" in a or "current_position" in a]


NOT_PROSE = {"id", "kind", "workstream", "group", "joint_response", "source_file", "url", "date", "as_at",
             "due", "ref", "value", "recommendation", "status"}


def _strings(data):
    """The prose in a plan (not its identifiers, dates, file names or numbers)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_PROSE:
                yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _shape(text: str) -> tuple:
    """A text's shape: for each paragraph, ("p", words) or ("ul", [words per bullet])."""
    shape = []
    for block in str(text).strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        bullets = [len(_words(line[2:])) for line in lines if line.startswith("- ")]
        if bullets and len(bullets) == len(lines):
            shape.append(("ul", tuple(bullets)))
        else:
            shape.append(("p", sum(len(_words(line)) for line in lines)))
    return tuple(shape)


class Generator:
    def __init__(self, seed: int, seeds: Seeds):
        self.rng = random.Random(seed)
        # A second stream for what later versions added (assurance, next steps, forecasts), so the
        # rest of the plans stay as they were for a given seed.
        self.extra = random.Random(seed * 7919 + 22)
        self.seeds = seeds

    def words(self, n: int, capital: bool = True, rng: random.Random | None = None) -> str:
        rng = rng or self.rng
        out = []
        for _ in range(max(1, n)):
            if rng.random() < 0.02:
                out.append(rng.choice(NON_ASCII_WORDS))
            else:
                out.append(rng.choice(self.seeds.vocabulary))
        if capital:
            out[0] = out[0][:1].upper() + out[0][1:]
        return " ".join(out)

    def text(self, shape: tuple) -> str:
        blocks = []
        for kind, size in shape:
            if kind == "ul":
                blocks.append("\n".join("- " + self.words(n) for n in size))
            else:
                blocks.append(self.words(size) + ".")
        return "\n\n".join(blocks)

    def date(self, year: int = 2013) -> str:
        rng = self.rng
        y = rng.choice((year, year + 1, year + 2))
        return rng.choice(DATE_FORMS).format(y=y, m=rng.randint(1, 12), d=rng.randint(1, 28), yy=(y + 1) % 100)

    def name(self, i: int) -> str:
        rng = self.rng
        if i % 9 == 4:
            place = NON_ASCII_PLACES[(i // 9) % len(NON_ASCII_PLACES)]
        else:
            place = rng.choice(PLACE_PARTS) + rng.choice(PLACE_ENDS)
            if rng.random() < 0.3:
                place += " and " + rng.choice(PLACE_PARTS) + rng.choice(PLACE_ENDS)
        return rng.choice(("NHS {} CCG", "{} Clinical Commissioning Group", "{} CCG")).format(place)


def plan_date(drawn: str) -> str:
    """A plan's own date in 2013 (its progress reports start in 2014, and the check refuses an
    update dated before the plan): the year of a drawn date moved to 2013, nothing else drawn."""
    if "/" in drawn:
        return "2013/14"
    return "2013" + drawn[4:]


def report_dates(rng: random.Random) -> list[str]:
    """The days an organisation reported progress: every 5 to 14 months from 2014 to 2020."""
    day, out = dt.date(2014, rng.randint(1, 12), rng.randint(1, 28)), []
    while day.year < 2021:
        out.append(day.isoformat())
        day += dt.timedelta(days=rng.randint(150, 420))
    return out[:rng.randint(1, len(out))]


def updates(gen: Generator, rounds: list[str]) -> list[dict]:
    """An action's updates over some of the rounds: a believable run of statuses."""
    rng = gen.rng
    out: list[dict] = []
    status = None
    for date in rounds:
        if status in ("complete", "superseded", "not-proceeding") or rng.random() < 0.25:
            continue
        status = rng.choices(("not-started", "on-track", "delayed", "complete", "superseded", "not-proceeding"),
                             (1, 5, 2, 3, 0.4, 0.3) if status else (3, 5, 1, 1, 0.2, 0.1))[0]
        update: dict = {"date": date, "status": status}
        if status in NOTE_NEEDED or rng.random() < 0.8:
            update["note"] = gen.text((("p", rng.randint(6, 40)),))
        if status == "complete" and rng.random() < 0.75 or rng.random() < 0.1:
            update["evidence"] = [{"title": gen.words(rng.randint(2, 8)),
                                   "url": f"https://www.example.nhs.uk/papers/{date}-{rng.randint(1, 99)}.pdf"}
                                  for _ in range(rng.randint(1, 2))]
        if status == "delayed" and rng.random() < 0.6:
            year = int(date[:4]) + rng.randint(0, 2)
            update["due"] = rng.choice(DATE_FORMS).format(y=year, m=rng.randint(1, 12), d=rng.randint(1, 28),
                                                          yy=(year + 1) % 100)
            update["reason"] = gen.words(rng.randint(5, 25)) + "."
        _next_step_and_assurance(gen, update)
        out.append(update)
    return out


COMMITTEES = ("Quality and Safety Committee", "Governing Body", "Audit and Risk Committee",
              "Quality, Performance and Finance Committee", "Patient Experience Committee")


def _next_step_and_assurance(gen: Generator, update: dict) -> None:
    """A next step and a forecast on some open updates; assurance (a committee, a later date, a
    minute, where the evidence is held) on about half of the completions and never before them."""
    rng = gen.extra
    status, date = update["status"], dt.date.fromisoformat(update["date"])
    if status in ("not-started", "on-track", "delayed"):
        if rng.random() < 0.4:
            update["next_step"] = gen.words(rng.randint(4, 18), rng=rng) + "."
        if status != "not-started" and rng.random() < 0.3:
            year = date.year + rng.randint(1, 2)  # (after the update: a forecast looks ahead)
            update["forecast"] = rng.choice(DATE_FORMS).format(y=year, m=rng.randint(1, 12), d=rng.randint(1, 28),
                                                               yy=(year + 1) % 100)
    elif status == "complete" and rng.random() < 0.5:
        assured = date + dt.timedelta(days=rng.randint(0, 120))
        committee = rng.choice(COMMITTEES)
        update["assurance"] = {"by": committee, "date": assured.isoformat()}
        if rng.random() < 0.8:
            update["assurance"]["minute"] = f"{''.join(w[0] for w in committee.split() if w[0].isupper())}/" \
                                            f"{assured.year % 100:02d}/{rng.randint(1, 199)}"
        if rng.random() < 0.6:
            update["assurance"]["evidence_location"] = (f"{committee} papers, {assured.day} "
                                                        f"{assured.strftime('%B')} {assured.year}, item "
                                                        f"{rng.randint(1, 15)}")


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _rec_numbers(rng: random.Random, n: int) -> list[int]:
    """n recommendation numbers over 1-290: mostly distinct, a few repeated (as Lewisham's 40)."""
    numbers = sorted(rng.sample(range(1, 291), min(n, 290)))
    return [rng.choice(numbers) if numbers and rng.random() < 0.03 else x for x in numbers]


def organisation(gen: Generator, i: int, org_id: str, name: str, joint: str | None = None) -> dict:
    rng, seeds = gen.rng, gen.seeds
    style = seeds.plans[i % len(seeds.plans)]  # cycle through the real plans' styles
    n_actions = max(4, round(style["actions"] * rng.uniform(0.6, 1.6)))
    plan: dict = {"id": org_id, "name": name}
    if joint:
        plan["joint_response"] = joint
    if rng.random() < 0.8:
        plan["as_at"] = gen.date()
    if rng.random() < 0.6 and seeds.summaries:
        plan["summary"] = gen.text(rng.choice(seeds.summaries))
    plan["provenance"] = {
        "title": gen.words(rng.choice(seeds.provenance_titles)) + " – " + name,
        "meeting": gen.words(rng.randint(2, 6)),
        "date": plan_date(gen.date()),
        "authors": [gen.words(rng.randint(2, 5)) for _ in range(rng.randint(1, 3))],
    }
    if rng.random() < 0.3:
        plan["provenance"]["reference"] = f"Item No. {rng.randint(1, 20)}"
    if rng.random() < 0.3:
        plan["provenance"]["url"] = f"https://www.example.nhs.uk/{org_id}/francis-response.pdf"
    scale = []
    if style["scale"] or rng.random() < 0.2:
        scale = [{"value": str(v), "meaning": gen.words(rng.randint(2, 5), capital=False)}
                 for v in range(1, rng.randint(3, 5) + 1)]
        plan["priority_scale"] = scale
    if rng.random() < 0.3 and seeds.descriptions:
        plan["workstream_descriptions"] = {k: gen.text(rng.choice(seeds.descriptions)) for k in WORKSTREAMS}
    groups = []
    if style["grouped"] or rng.random() < 0.25:
        groups = [{"id": slug(gen.words(rng.randint(1, 3))) or f"group-{g}", "name": gen.words(rng.randint(1, 5))}
                  for g in range(rng.randint(1, 4))]
        seen: set = set()
        for g, group in enumerate(groups):  # ids must be unique within the plan
            if group["id"] in seen:
                group["id"] = f"{group['id']}-{g + 1}"
            seen.add(group["id"])
            if rng.random() < 0.5 and seeds.descriptions:
                group["description"] = gen.text(rng.choice(seeds.descriptions))
        plan["grouping"] = {"name": gen.words(rng.randint(1, 4)), "groups": groups}
    with_recs = style["with_recommendations"] and rng.random() < 0.9
    recs = _rec_numbers(rng, n_actions) if with_recs else []
    if not with_recs:  # like Coventry's or Barnet's: the source does not number recommendations
        plan["numbers_recommendations"] = False
    owners = rng.random() < 0.4
    dues = rng.random() < 0.4
    statuses = rng.random() < 0.3
    free_priority = not scale and rng.random() < 0.2
    rounds = report_dates(rng) if rng.random() < 0.8 else []
    if rounds:
        plan["reports"] = [{"date": d, "title": f"Francis action plan: progress report {k + 1}"}
                           for k, d in enumerate(rounds)]
        for k, report in enumerate(plan["reports"]):
            if rng.random() < 0.6:
                report["meeting"] = gen.words(rng.randint(2, 5))
            if rng.random() < 0.4:
                report["url"] = f"https://www.example.nhs.uk/{org_id}/progress-{k + 1}.pdf"
    streams = list(WORKSTREAMS) + [rng.choice(WORKSTREAMS) for _ in range(n_actions - 4)]
    rng.shuffle(streams)
    actions = []
    for a in range(n_actions):
        pool = seeds.rec_actions if with_recs and seeds.rec_actions else seeds.actions
        shape = rng.choice(pool)
        action: dict = {"id": str(a + 1)}
        if groups:
            action["ref"] = str(a + 1)
            action["group"] = rng.choice(groups)["id"]
        action["workstream"] = streams[a]
        if with_recs:
            action["recommendation"] = recs[a]
            if rng.random() < 0.08:  # one action answering several recommendations
                more = rng.choice([n for n in range(1, 291) if n != recs[a]])
                action["recommendation"] = sorted({recs[a], more})
        for key in ("recommendation_title", "recommendation_text", "government_response", "current_position"):
            if with_recs and key in shape:
                action[key] = gen.words(len(_words(str(shape[key]))) // 2 + 3) if key == "recommendation_title" \
                    else gen.text(shape[key])
        if scale:
            action["priority"] = rng.choice(scale)["value"]
        elif free_priority:
            action["priority"] = rng.choice(PRIORITY_WORDS)
        action["action"] = gen.text(shape.get("action", (("p", rng.randint(5, 40)),)))
        if owners or "owner" in shape:
            action["owner"] = gen.words(rng.randint(2, 6))
        if "forum" in shape or (owners and rng.random() < 0.2):
            action["forum"] = gen.words(rng.randint(1, 4))
        if dues:
            action["due"] = gen.date()
        if statuses:
            action["status"] = rng.choice(STATUSES)
        since = rounds
        if len(rounds) > 1 and rng.random() < 0.05:  # added to the plan at a later report
            action["added"] = rounds[1]
            since = rounds[1:]
        if since:
            history = updates(gen, since)
            if history:
                action["updates"] = history
        actions.append(action)
    plan["actions"] = actions
    return plan


def joint_response(gen: Generator, joint_id: str, name: str) -> dict:
    rng = gen.rng
    seeds = gen.seeds
    return {
        "kind": "joint",
        "id": joint_id,
        "name": name,
        "as_at": gen.date(),
        "summary": gen.text(rng.choice(seeds.summaries)) if seeds.summaries else gen.words(30),
        "provenance": {"title": gen.words(12) + " – " + name, "meeting": gen.words(4), "date": plan_date(gen.date())},
        "themes": [{"name": gen.words(rng.randint(1, 3)), "description": gen.words(rng.randint(10, 50))}
                   for _ in range(rng.randint(2, 6))],
        "joint_work": [{"id": str(k + 1), "ref": str(k + 1), "workstream": WORKSTREAMS[k % 4], "action": gen.words(rng.randint(8, 30)),
                        "owner": gen.words(rng.randint(2, 5)), "forum": gen.words(rng.randint(1, 3))}
                       for k in range(rng.randint(2, 5))],
        "partner_priorities": [{"organisation": gen.words(rng.randint(2, 5)), "priorities": gen.words(rng.randint(20, 80))}
                               for _ in range(rng.randint(0, 3))],
    }


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # list items indented, as in the seed plans


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(plan: dict) -> str:
    body = yaml.dump(plan, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000,
                     default_flow_style=False)
    return MODELINE + "\n" + body


def generate(n: int, out: Path, seed: int = 2013, seeds: Seeds | None = None) -> list[Path]:
    """Write ``n`` organisation plans (and their joint responses) into ``out``; return the files."""
    seeds = seeds or Seeds()
    gen = Generator(seed, seeds)
    out.mkdir(parents=True, exist_ok=True)
    names, ids = [], set()
    for i in range(n):
        name = gen.name(i)
        for _ in range(20):  # a fresh name rather than two organisations of the same name
            if slug(name) not in ids:
                break
            name = gen.name(i)
        org_id = slug(name)
        if org_id in ids:  # no fresh name left: the check refuses two organisations of one name
            name, org_id = f"{name} (area {i + 1})", f"{org_id}-{i + 1}"
        ids.add(org_id)
        names.append((org_id, name))
    # One joint response per ~70 organisations (at least one once there are 3), 2-3 members each.
    joints: dict[str, str] = {}
    written = []
    n_joints = 0 if n < 3 else max(1, n // 70)
    member_of: dict[int, str] = {}
    for j in range(n_joints):
        joint_id = f"joint-health-community-{j + 1}"
        first = (j * 70 + 10) % n
        members = [(first + k) % n for k in range(3 if j % 2 == 0 else 2)]
        if any(m in member_of for m in members):
            continue
        for m in members:
            member_of[m] = joint_id
        joints[joint_id] = f"{gen.words(2)} and Partners Health Community – joint response {j + 1}"
    for joint_id, name in joints.items():
        path = out / f"{joint_id}.yaml"
        path.write_text(dump(joint_response(gen, joint_id, name)), encoding="utf-8")
        written.append(path)
    for i, (org_id, name) in enumerate(names):
        path = out / f"{org_id}.yaml"
        path.write_text(dump(organisation(gen, i, org_id, name, member_of.get(i))), encoding="utf-8")
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, required=True, help="number of organisation plans")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into (created)")
    parser.add_argument("--seed", type=int, default=2013, help="random seed (default 2013)")
    args = parser.parse_args(argv)
    if args.orgs < 1:
        parser.error("--orgs must be at least 1")
    if args.out.exists() and any(args.out.glob("*.yaml")):
        parser.error(f"{args.out} already holds .yaml files: give an empty or new folder")
    files = generate(args.orgs, args.out, args.seed)
    print(f"wrote {len(files)} plan files ({args.orgs} organisations) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
