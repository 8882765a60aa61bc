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
class Recommendation:
    number: int
    title: str = ""
    text: str = ""
    text_source: str = ""
    government_response: GovernmentResponse | None = None

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
