"""Small typed records the site is built from. Text is stored exactly as the plan has it."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkStream:
    key: str
    number: int
    name: str
    description: str
    colour: str
    colour_name: str = ""


@dataclass(frozen=True)
class GovernmentResponse:
    supported: bool
    summary: str = ""
    text: str = ""
    source: str = ""


@dataclass(frozen=True)
class Quote:
    """A recommendation as one source quotes it."""

    text: str
    source: str


@dataclass(frozen=True)
class Recommendation:
    number: int
    title: str = ""
    text: str = ""
    text_source: str = ""
    government_response: GovernmentResponse | None = None
    other_quotes: tuple = ()  # Quotes: other sources' different wordings, kept and attributed

    @property
    def not_supported(self) -> bool:
        return self.government_response is not None and not self.government_response.supported


@dataclass(frozen=True)
class Provenance:
    title: str
    meeting: str = ""
    date: str = ""
    authors: tuple = ()
    reference: str = ""
    source_file: str = ""
    url: str = ""


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Status:
    """One status of the progress vocabulary (macros/data/statuses.yaml)."""

    key: str
    label: str
    symbol: str
    shape: str
    colour: str
    definition: str
    needs_note: bool = False


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Assurance:
    """A committee's acceptance of the evidence that an action was delivered: delivered is not
    the same as assured (as NHS action plans keep them apart)."""

    by: str  # the committee or board
    date: str  # YYYY-MM-DD
    minute: str = ""  # the minute or decision reference
    evidence_location: str = ""  # where the evidence it saw is held


@dataclass(frozen=True)
class Update:
    """One dated progress update on an action. ``due`` is a revised completion date;
    ``forecast`` the date the lead now expects it done (it revises nothing)."""

    date: str
    status: str
    note: str = ""
    evidence: tuple = ()  # Links
    due: str = ""
    reason: str = ""
    by: str = ""  # who gave it (the progress round's Filled in by column)
    line: int = 0
    next_step: str = ""
    forecast: str = ""
    assurance: Assurance | None = None


@dataclass(frozen=True)
class Report:
    """A progress report the organisation published or presented."""

    date: str
    title: str
    meeting: str = ""
    url: str = ""


@dataclass(frozen=True)
class Action:
    """One row of a plan. ``line`` is where it starts in ``source`` (for messages)."""

    workstream: str
    id: str = ""
    group: str = ""
    ref: str = ""
    recommendations: tuple = ()  # the Francis recommendation numbers it answers
    recommendation_title: str = ""
    recommendation_text: str = ""
    government_response: str = ""
    current_position: str = ""
    priority: str = ""
    action: str = ""
    owner: str = ""
    forum: str = ""
    due: str = ""
    status: str = ""  # as the source states it, in its words
    updates: tuple = ()  # Updates, oldest first
    added: str = ""  # the date it was added to the plan, where after the plan's publication
    joint: bool = False  # comes from the joint response, shared with its members
    source: str = ""
    line: int = 0

    @property
    def recommendation(self) -> int | None:
        """The first recommendation it answers (None where the plan gives none)."""
        return self.recommendations[0] if self.recommendations else None


@dataclass(frozen=True)
class EditorsMark:
    """A kind of value the site's editors supplied because the source does not give it."""

    field: str  # workstream, ref, date or group
    note: str
    groups: tuple = ()  # only the actions (or, for group, the groups) with these group ids; () = all


@dataclass(frozen=True)
class Passage:
    """A passage of the source besides its actions, verbatim, with its place in the source."""

    heading: str
    text: str
    section: str = ""


@dataclass(frozen=True)
class SuccessionStep:
    date: str
    body: str
    event: str
    sources: tuple = ()  # Links
    ods_code: str = ""
    ods_code_source: str = ""
    note: str = ""
    unconfirmed: str = ""  # why the sources read do not confirm it; "" = confirmed


@dataclass(frozen=True)
class Succession:
    """What became of the organisation, and who answers for its promises now."""

    steps: tuple  # SuccessionSteps, oldest first
    current: str  # the body of the latest confirmed step
    checked: str  # the day the steps were checked against their sources
    ods_code: str = ""
    ods_code_source: str = ""

    @property
    def current_step(self) -> SuccessionStep | None:
        return next((s for s in reversed(self.steps) if not s.unconfirmed and s.body == self.current), None)


def marked(marks: tuple, field: str, group: str = "") -> EditorsMark | None:
    """The mark saying ``field`` (of an action in ``group``, or of the plan) is the editors', or None."""
    for m in marks:
        if m.field == field and (not m.groups or group in m.groups):
            return m
    return None


@dataclass(frozen=True)
class Theme:
    name: str
    description: str = ""


@dataclass(frozen=True)
class PartnerPriorities:
    organisation: str
    priorities: str


@dataclass(frozen=True)
class JointResponse:
    id: str
    name: str
    provenance: Provenance
    as_at: str = ""
    summary: str = ""
    themes: tuple = ()
    joint_work: tuple = ()  # Actions
    partner_priorities: tuple = ()
    source: str = ""
    owner_label: str = ""  # what the source calls the owner field ("" = not said: "Who by")
    forum_label: str = ""
    editors: tuple = ()  # EditorsMarks
    context: tuple = ()  # Passages


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    provenance: Provenance
    actions: tuple  # the organisation's own Actions
    as_at: str = ""
    summary: str = ""
    priority_scale: tuple = ()  # (value, meaning) pairs
    workstream_descriptions: dict = field(default_factory=dict)
    grouping_name: str = ""
    groups: tuple = ()
    joint: JointResponse | None = None
    reports: tuple = ()  # Reports, oldest first
    source: str = ""  # the plan file, relative to the project
    last_changed: str = ""
    numbers_recommendations: bool = True  # False: its source does not number the recommendations it addresses
    owner_label: str = ""  # what the source calls the owner field ("" = not said: "Who by")
    forum_label: str = ""
    editors: tuple = ()  # EditorsMarks: values the site's editors supplied
    context: tuple = ()  # Passages of the source besides its actions
    succession: Succession | None = None

    def mark(self, field: str, action: Action | None = None) -> EditorsMark | None:
        """The editors' mark on ``field`` of ``action`` (of the plan itself without one), or None."""
        if action is not None and action.joint:
            return marked(self.joint.editors, field) if self.joint else None
        return marked(self.editors, field, action.group if action is not None else "")

    @property
    def editors_workstreams(self) -> bool:
        """True where the work stream of any of its actions is the editors', not the source's."""
        return any(self.mark("workstream", a) for a in self.all_actions)

    def labels(self, action: Action) -> tuple[str, str]:
        """(owner label, forum label) for ``action``, as its source calls them."""
        source = self.joint if action.joint and self.joint else self
        return source.owner_label or "Who by", source.forum_label or "Forum"

    @property
    def all_actions(self) -> tuple:
        """Own actions, then the joint work areas it shares with its partners."""
        return self.actions + (self.joint.joint_work if self.joint else ())

    def priority_meaning(self, value: str) -> str:
        return dict(self.priority_scale).get(value, "")


@dataclass
class Site:
    organisations: list  # Organisation, sorted by name
    workstreams: list  # WorkStream, in number order
    catalogue: dict  # number -> Recommendation
    joint_responses: dict = field(default_factory=dict)
    statuses: list = field(default_factory=list)  # Status, in vocabulary order
    as_of: str = ""  # the date derived statuses are judged against (YYYY-MM-DD)

    def status(self, key: str) -> Status | None:
        return next((s for s in self.statuses if s.key == key), None)

    def workstream(self, key: str) -> WorkStream:
        return next(w for w in self.workstreams if w.key == key)


@dataclass(frozen=True)
class Meeting:
    """A board or committee meeting a board paper is prepared for (a meeting file, checked
    against macros/schema.json#/definitions/meeting): what an NHS cover sheet prints."""

    meeting: str  # the board or committee
    date: str  # YYYY-MM-DD
    agenda_item: str
    author: str
    executive_lead: str
    purpose: str  # decision, assurance, information or discussion
    paper: str  # public or private
    status: str  # draft or final
    title: str = ""
    recommendation: str = ""  # what the board is asked to do ("" : to note)
    assurance_level: str = ""
    risks: tuple = ()  # Links (url may be "")
    implications: tuple = ()  # (key, text) for each implication given, in the schema's order
    previously_considered_by: str = ""
    source: str = ""  # the file, for messages
