"""Work-stream pages that stay light at national scale: the stream's page lists its
organisations (each one click from its actions in the stream, on its own page), grouped by
initial; the brief list of actions is split into one page per initial. Pure: no mkdocs."""
from __future__ import annotations

import unicodedata
from collections import defaultdict

from ..model import Organisation, Site, WorkStream

PREFIXES = ("NHS ",)  # left out when finding a name's initial: "NHS Barnet CCG" is under B


def initial(name: str) -> str:
    """The letter an organisation is listed under: a-z, or "other"."""
    for prefix in PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix):]
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip().lower()
    first = ascii_name[:1]
    return first if "a" <= first <= "z" else "other"


def letter_label(letter: str) -> str:
    return letter.upper() if letter != "other" else "Other"


def by_initial(site: Site, ws: WorkStream, per_org: dict) -> dict[str, list[tuple[Organisation, list]]]:
    """initial -> [(organisation, its ActionViews in the stream)], initials in order, names by name."""
    groups: dict[str, list] = defaultdict(list)
    for org in site.organisations:
        actions = [v for v in per_org[org.id] if v.workstream.key == ws.key]
        if actions:
            groups[initial(org.name)].append((org, actions))
    order = sorted(groups, key=lambda k: (k == "other", k))
    return {k: sorted(groups[k], key=lambda p: (p[0].name.casefold(), p[0].id)) for k in order}


def stream_page(site: Site, ws: WorkStream, groups: dict, per_org: dict) -> dict:
    with_actions = {o.id for g in groups.values() for o, _ in g}
    return {
        "ws": ws,
        "letters": [(k, letter_label(k), g, sum(len(a) for _, a in g)) for k, g in groups.items()],
        "organisations": len(with_actions),
        "without": [o for o in site.organisations if o.id not in with_actions],
        "total": sum(len(a) for g in groups.values() for _, a in g),
        "workstreams": site.workstreams,
    }


def letter_page(site: Site, ws: WorkStream, groups: dict, letter: str) -> dict:
    keys = list(groups)
    i = keys.index(letter)
    return {
        "ws": ws,
        "letter": letter,
        "label": letter_label(letter),
        "per_org": groups[letter],
        "total": sum(len(a) for _, a in groups[letter]),
        "letters": [(k, letter_label(k)) for k in keys],
        "previous": keys[i - 1] if i > 0 else None,
        "next": keys[i + 1] if i + 1 < len(keys) else None,
        "workstreams": site.workstreams,
    }
