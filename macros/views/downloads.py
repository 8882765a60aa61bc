"""The downloadable tables: their columns and their rows (pure: no mkdocs, no I/O).

Each table's columns are declared once, below, in the order of its CSV file. Everything else is
made from that one list: the CSV header, the workbooks' headings in words and cell types, the
workbooks' "Columns" sheet, the data package's Table Schema (macros/site/datapackage.py) and the
column tables on the Downloads page. Adding a column is one entry in one list: its key,
heading, type, meaning and where its value comes from.

The columns of actions.csv are a public contract: never change, rename or reorder one (the
first nine above all); add new ones at the end. ``beside`` places a column next to another in
the workbooks only (a status's label next to its key, a due date next to the date as written).

A value is a str ("" where the plan states nothing), an int or a bool, as the column's type
says; dates are ISO 8601 strings (YYYY-MM-DD).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

from .. import progress
from ..model import Action, Organisation, Recommendation, Site, Update
from . import views

TEXT, DATE, BOOLEAN, INTEGER = "string", "date", "boolean", "integer"  # Table Schema's type names
HOLDS = {TEXT: "text", DATE: "a date (YYYY-MM-DD)", BOOLEAN: "true or false", INTEGER: "a whole number"}
# a day, a month or a financial year (a Table Schema pattern matches the whole value: the group keeps it so)
DUE = "([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2}|[0-9]{4}/[0-9]{2})"
NO_UPDATE = views.NO_UPDATE_LABEL  # current_status_label of an action with no published update
BRIEF = 200  # characters of an action's text in updates.csv
SITE_NAME = "Francis Report responses"  # mkdocs.yml's site_name, where the caller does not give it
LICENCE = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
           "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


@dataclass(frozen=True)
class Column:
    """One column of a download table."""

    key: str  # the CSV header and the data package's field name: never changes once published
    title: str  # the workbooks' heading, in words
    type: str  # TEXT, DATE, BOOLEAN or INTEGER
    description: str  # what it means, in plain words (the Downloads page, the Columns sheet, the schema)
    value: Callable  # the row (a RowOf... tuple) -> the cell's value
    required: bool = False  # never empty
    enum: str = ""  # its values are those of this reference list: workstreams, statuses, status labels
    pattern: str = ""  # a regular expression every value matches (Table Schema constraint)
    beside: str = ""  # in the workbooks, placed right after the column with this key
    numeric_text: bool = False  # text whose whole numbers ("12") the workbooks show as numbers, to sort 1, 2, 10
    bounds: tuple = ()  # (minimum, maximum) of an INTEGER column
    in_workbooks: bool = True  # False: in the CSV files only (a key for programs, or a value the same on
                               # every row, which the workbooks give once, on their About sheet)

    @property
    def holds(self) -> str:
        return HOLDS[self.type]


@dataclass(frozen=True)
class Table:
    """A download table: data/<name>.csv and data/<name>.xlsx."""

    name: str
    title: str  # its sheet's name and its heading
    rows_are: str  # what one row is, in plain words
    columns: tuple
    primary_key: tuple = ()
    foreign_keys: tuple = ()  # ((field, ...), other table, (its field, ...))

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def sheet_order(self, leave_out: tuple = ()) -> list[int]:
        """The indexes of the columns the workbooks hold, in their order: the CSV's, with each
        ``beside`` column moved next to the one it names (less the keys in ``leave_out``)."""
        held = [c.in_workbooks and c.key not in leave_out for c in self.columns]
        order = [i for i, c in enumerate(self.columns) if not c.beside and held[i]]
        for i, c in enumerate(self.columns):
            if c.beside and held[i]:
                after = order.index(self.keys.index(c.beside))
                while after + 1 < len(order) and self.columns[order[after + 1]].beside == c.beside:
                    after += 1  # several beside one column keep their declared order
                order.insert(after + 1, i)
        return order

    def column(self, key: str) -> Column:
        return self.columns[self.keys.index(key)]


class ActionRow(NamedTuple):
    site: Site
    org: Organisation
    view: views.ActionView

    @property
    def a(self) -> Action:
        return self.view.action

    @property
    def p(self) -> progress.ActionProgress:
        return self.view.progress


class UpdateRow(NamedTuple):
    site: Site
    org: Organisation
    view: views.ActionView
    update: Update
    number: int  # 1 for the action's first update
    label: str  # the status's label


class RecommendationRow(NamedTuple):
    number: int
    rec: Recommendation
    responding: int


class PassageRow(NamedTuple):
    org: Organisation
    joint: str  # the joint response's id, or ""
    passage: object  # model.Passage


class SuccessorRow(NamedTuple):
    org: Organisation
    number: int
    step: object  # model.SuccessionStep


class OrganisationRow(NamedTuple):
    site: Site
    org: Organisation
    views: list


def day(value: str) -> str:
    """The last day a due date written as a day, a month or a financial year is on time, as the
    site judges it (progress.due_end), as YYYY-MM-DD; "" where there is none."""
    end = progress.due_end(value)
    return end.isoformat() if end else ""


def link(org: Organisation, view: views.ActionView) -> str:
    return f"organisations/{org.id}/#{view.anchor}"


def brief(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= BRIEF else text[:BRIEF - 1].rstrip() + "…"


def assurance_columns(assurance, by: str, on: str) -> tuple:
    """assured_by, assured_on, assurance_minute and assurance_evidence_location, read from
    ``assurance(row)`` (a model.Assurance or None); ``by`` and ``on`` describe the first two."""
    def field(name):
        def value(r):
            given = assurance(r)
            return getattr(given, name) if given else ""
        return value
    return (Column("assured_by", "Assured by", TEXT, by, field("by")),
            Column("assured_on", "Assured on", DATE, on, field("date")),
            Column("assurance_minute", "Assurance minute", TEXT, "The minute reference of the assurance, or empty.",
                   field("minute")),
            Column("assurance_evidence_location", "Evidence the committee saw, held at", TEXT,
                   "Where the evidence the committee saw is held, or empty.", field("evidence_location")))


ORGANISATION_ID = "The organisation's identifier, as in its page address organisations/<id>/."

ACTIONS = Table("actions", "Actions", "One row per action of every organisation (an organisation in a joint "
                "response also has a row for each joint work area it shares).", (
    Column("organisation_id", "Organisation ID", TEXT, ORGANISATION_ID, lambda r: r.org.id, required=True),
    Column("organisation", "Organisation", TEXT, "The organisation's name.", lambda r: r.org.name, required=True),
    Column("workstream", "Work stream", TEXT, "The work stream: cultural, engagement, quality or information.",
           lambda r: r.a.workstream, required=True, enum="workstreams"),
    Column("recommendation", "Francis recommendation", TEXT, "The Francis Report recommendation number (1-290); several numbers separated by \"; \" where an action answers several; empty where the plan gives none.",
           lambda r: "; ".join(map(str, r.a.recommendations)), pattern="[0-9]+(; [0-9]+)*", numeric_text=True),
    Column("priority", "Priority", TEXT, "The priority as the organisation stated it (e.g. Lewisham's 1-5 scale), or empty.",
           lambda r: r.a.priority, numeric_text=True),
    Column("action", "Action", TEXT, "What the organisation will do, verbatim (may contain line breaks), or empty where not stated.",
           lambda r: r.a.action),
    Column("owner", "Who by", TEXT, "Who is responsible (\"who by\"), or empty where not stated.", lambda r: r.a.owner),
    Column("due", "Due (as written)", TEXT, "The completion date as the plan writes it: a day (2014-03-31), a month (2014-03) or a financial year (2014/15), or empty where not stated. due_date gives the day it falls due.",
           lambda r: r.a.due, pattern=DUE),
    Column("status", "Status stated in the plan", TEXT, "The status the plan itself states, in its own words, or empty. It is not a progress update: current_status is the latest one.",
           lambda r: r.a.status),
    Column("ref", "Number in the source", TEXT, "The row's own number in the source document, or empty where it has none.",
           lambda r: r.a.ref, numeric_text=True),
    Column("current_position", "Current position", TEXT, "The organisation's current position as the source states it (may contain line breaks), or empty.",
           lambda r: r.a.current_position),
    Column("action_id", "Action ID", TEXT, "The action's id, unique within its plan (a joint work area's within its joint response). Its entry on the organisation's page has the anchor action-<id> (joint-<id> for a joint work area): see link.",
           lambda r: r.a.id, required=True, numeric_text=True),
    Column("current_status", "Latest progress status (key)", TEXT, "The status of its latest progress update as of the site's date: not-started, on-track, delayed, complete, superseded or not-proceeding; empty where no progress update has been published (which does not mean not started).",
           lambda r: r.p.status or "", enum="statuses"),
    Column("last_update", "Latest update", DATE, "The date of its latest progress update, or empty.", lambda r: r.p.last_update),
    Column("overdue", "Overdue", BOOLEAN, "true when, as of the site's date, it is past its due date (the revised one where revised) and its latest progress update says it is not complete, superseded or not proceeding; otherwise false (false too for an action with no update: see due_passed_no_update).",
           lambda r: r.p.overdue, required=True),
    Column("due_passed_no_update", "Due date passed, no update published", BOOLEAN, "true when, as of the site's date, its due date has passed and no progress update has been published: whether it was done is not known, so it is not called overdue; otherwise false.",
           lambda r: r.p.due_passed_no_update, required=True),
    Column("forum", "Forum", TEXT, "The forum or group that oversees the action, where the source names one, or empty.", lambda r: r.a.forum),
    Column("owner_label", "What the source calls the owner", TEXT, "What the source calls the owner (for example Proposed leads), or empty where it does not say (the site prints \"Who by\").",
           lambda r: r.org.joint.owner_label if r.a.joint and r.org.joint else r.org.owner_label),
    Column("editors_supplied", "Supplied by the site's editors", TEXT, "Which of this row's values the site's editors supplied because the source does not give them: workstream, ref, or both separated by \"; \"; empty where all are the source's. The organisation's page says why.",
           lambda r: "; ".join(f for f in ("workstream", "ref") if r.org.mark(f, r.a) and (f != "ref" or r.a.ref))),
    Column("text_is_position", "Text is the current position", BOOLEAN, "true where the source states no action for this row, so the site shows its current_position in the action's place (labelled); otherwise false.",
           lambda r: not r.a.action and bool(r.a.current_position), required=True),
    Column("current_successor", "Answers for it now", TEXT, "The body that answers for the organisation's promises now (clinical commissioning groups were abolished on 1 July 2022), or empty where its plan does not record one. successors.csv has each step with its sources.",
           lambda r: r.org.succession.current if r.org.succession else ""),
    # Added after the first fifteen: new columns go at the end.
    Column("current_status_label", "Latest progress status", TEXT, f"current_status in words, as the site shows it; \"{NO_UPDATE}\" where there is none.",
           lambda r: r.view.status_label, required=True, enum="status labels", beside="current_status"),
    Column("due_date", "Due date", DATE, "The day it falls due, as the site judges it: the day itself, the last day of a month, 31 March at the end of a financial year; empty where no due date is stated.",
           lambda r: day(r.a.due), beside="due"),
    Column("revised_due", "Revised due (as written)", TEXT, "The latest revised completion date a progress update set, as written, or empty (due keeps the original).",
           lambda r: r.p.revised_due, pattern=DUE),
    Column("revised_due_date", "Revised due date", DATE, "The day the revised completion date falls due, or empty.",
           lambda r: day(r.p.revised_due), beside="revised_due"),
    Column("group", "Organisation's own grouping", TEXT, "The heading the organisation grouped the action under, where its plan has its own grouping, or empty.",
           lambda r: r.view.group_name),
    Column("added", "Added", DATE, "The date the action was added to the plan, for an action added after the plan was published, or empty.",
           lambda r: r.a.added),
    Column("joint_response", "Joint response", TEXT, "For a joint work area, the identifier of the joint response it comes from (shared with its other members); empty for the organisation's own action.",
           lambda r: r.org.joint.id if r.a.joint else ""),
    Column("link", "Address on this site", TEXT, "The action's entry on its organisation's page, relative to the site's address: organisations/<id>/#action-<id>, or #joint-<id> for a joint work area. Different on every row.",
           lambda r: link(r.org, r.view), required=True, in_workbooks=False),
    Column("as_of", "Statuses as of", DATE, "The date the statuses are judged against (the same on every row): updates dated after it are left out. In the workbooks, on the About sheet.",
           lambda r: r.site.as_of, required=True, in_workbooks=False),
    # Assurance apart from delivery, and the latest update's next step and forecast (issue 22).
    Column("assured", "Assured", BOOLEAN, "For a complete action: true when a committee has accepted the evidence that it was delivered (by the site's date), false when it is complete but not yet assured; empty when it is not complete.",
           lambda r: (r.p.assurance is not None) if r.p.status == "complete" else ""),
    *assurance_columns(lambda r: r.p.assurance, "The committee that assured it, or empty.",
                       "The date it was assured, or empty."),
    Column("next_step", "Next step", TEXT, "The next step its latest progress update gives, or empty.",
           lambda r: r.p.latest.next_step if r.p.latest else ""),
    Column("forecast", "Forecast completion", TEXT, "The forecast completion date its latest progress update gives (2014-03-31, 2014-03 or 2014/15), or empty. It revises nothing: due and revised_due are what the action is judged against.",
           lambda r: r.p.latest.forecast if r.p.latest else "", pattern=DUE),
), primary_key=("link",), foreign_keys=((("organisation_id",), "organisations", ("id",)),))

UPDATES = Table("updates", "Progress updates", "One row per dated progress update, oldest first within each action, "
                "dated on or before the date the statuses are judged against.", (
    Column("organisation_id", "Organisation ID", TEXT, "The organisation's identifier (a joint work area's updates are listed under each member).",
           lambda r: r.org.id, required=True),
    Column("organisation", "Organisation", TEXT, "The organisation's name.", lambda r: r.org.name, required=True),
    Column("action_id", "Action ID", TEXT, "The action's id, as in actions.csv.", lambda r: r.view.action.id, required=True,
           numeric_text=True),
    Column("action_ref", "Action's number in the source", TEXT, "The action's own number in the source document (ref in actions.csv), or empty.",
           lambda r: r.view.action.ref, numeric_text=True),
    Column("action_text", "Action (start)", TEXT, f"The start of the action's text (its first {BRIEF} characters, on one line; its current position where it has no text).",
           lambda r: brief(r.view.action.action or r.view.action.current_position)),
    Column("date", "Date", DATE, "The date of the update.", lambda r: r.update.date, required=True),
    Column("status", "Status (key)", TEXT, "The status it reported: not-started, on-track, delayed, complete, superseded or not-proceeding.",
           lambda r: r.update.status, required=True, enum="statuses"),
    Column("status_label", "Status", TEXT, "The status in words, as the site shows it.", lambda r: r.label, required=True,
           enum="status labels"),
    Column("note", "Note", TEXT, "The update's note, verbatim (may contain line breaks), or empty.", lambda r: r.update.note),
    Column("evidence_titles", "Evidence", TEXT, "The titles of its evidence links, one per line, or empty.",
           lambda r: "\n".join(link.title for link in r.update.evidence)),
    Column("evidence_urls", "Evidence addresses", TEXT, "Their addresses, one per line in the same order, or empty.",
           lambda r: "\n".join(link.url for link in r.update.evidence)),
    Column("revised_due", "Revised due (as written)", TEXT, "A revised completion date set by this update, as written, or empty (the action's own due date stays in actions.csv).",
           lambda r: r.update.due, pattern=DUE),
    Column("revised_due_date", "Revised due date", DATE, "The day the revised completion date falls due, or empty.",
           lambda r: day(r.update.due)),
    Column("reason", "Reason for the revised date", TEXT, "Why the completion date was revised, or empty.", lambda r: r.update.reason),
    Column("given_by", "Given by", TEXT, "Who gave the update (the progress round's Filled in by column), or empty.", lambda r: r.update.by),
    Column("update_number", "Update number", INTEGER, "1 for the action's first progress update, 2 for its second, and so on.",
           lambda r: r.number, required=True, bounds=(1, None)),
    Column("action_link", "Action's address on this site", TEXT, "The action's entry on its organisation's page (link in actions.csv).",
           lambda r: link(r.org, r.view), required=True, in_workbooks=False),
    Column("as_of", "Statuses as of", DATE, "The date the site's statuses are judged against (the same on every row). In the workbooks, on the About sheet.",
           lambda r: r.site.as_of, required=True, in_workbooks=False),
    # issue 22
    Column("next_step", "Next step", TEXT, "The next step the update gives, or empty.", lambda r: r.update.next_step),
    Column("forecast", "Forecast completion", TEXT, "The forecast completion date the update gives, or empty (it revises nothing).",
           lambda r: r.update.forecast, pattern=DUE),
    *assurance_columns(lambda r: r.update.assurance,
                       "The committee that accepted the evidence, where the update records assurance, or empty.",
                       "The date of that assurance, or empty."),
), primary_key=("action_link", "update_number"),
    foreign_keys=((("organisation_id",), "organisations", ("id",)), (("action_link",), "actions", ("link",))))

RECOMMENDATIONS = Table("recommendations", "Recommendations", "One row per recommendation of the Francis Report, "
                        "1 to 290, with what the published responses say about it.", (
    Column("number", "Recommendation", INTEGER, "The recommendation number, 1-290.", lambda r: r.number, required=True,
           bounds=(1, 290)),
    Column("title", "Title", TEXT, "Short title, where a published response gives one.", lambda r: r.rec.title),
    Column("text", "Text", TEXT, "The recommendation's text, where a published response quotes it.", lambda r: r.rec.text),
    Column("text_source", "Text quoted from", TEXT, "Which published response the text is quoted from.", lambda r: r.rec.text_source),
    Column("government_supported", "Supported by the Government", BOOLEAN, "true, false (one of the nine the Government did not support), or empty where not known.",
           lambda r: "" if r.rec.government_response is None else r.rec.government_response.supported),
    Column("government_response", "Government's response", TEXT, "The Government's response as quoted, or empty.",
           lambda r: r.rec.government_response.text if r.rec.government_response else ""),
    Column("organisations_responding", "Organisations responding", INTEGER, "How many organisations' plans on this site respond to it.",
           lambda r: r.responding, required=True, bounds=(0, None)),
    Column("other_texts", "Other wordings", TEXT, "Where another published response quotes the recommendation differently: that wording, verbatim (several separated by a blank line), else empty.",
           lambda r: "\n\n".join(q.text for q in r.rec.other_quotes)),
    Column("other_text_sources", "Other wordings quoted from", TEXT, "Which published responses quote it so, one per line in the same order.",
           lambda r: "\n".join(q.source for q in r.rec.other_quotes)),
), primary_key=("number",))

ORGANISATIONS = Table("organisations", "Organisations", "One row per organisation, with the document its plan "
                      "transcribes.", (
    Column("id", "Organisation ID", TEXT, ORGANISATION_ID, lambda r: r.org.id, required=True),
    Column("name", "Organisation", TEXT, "The organisation's name.", lambda r: r.org.name, required=True),
    Column("page", "Page on this site", TEXT, "Its page, relative to the site's address.",
           lambda r: f"organisations/{r.org.id}/", required=True),
    Column("plan_title", "Source document", TEXT, "The title of the document its plan transcribes.",
           lambda r: r.org.provenance.title, required=True),
    Column("plan_date", "Document date (as written)", TEXT, "The document's date as written (a day, a month or a financial year), or empty where it does not say.",
           lambda r: r.org.provenance.date, pattern=DUE),
    Column("plan_meeting", "Presented to", TEXT, "The meeting, board or audience the document was presented to, or empty.",
           lambda r: r.org.provenance.meeting),
    Column("plan_authors", "Authors", TEXT, "The people it names as authors or presenters, one per line, or empty.",
           lambda r: "\n".join(r.org.provenance.authors)),
    Column("plan_reference", "Document reference", TEXT, "Any agenda item number or reference the document gives, or empty.",
           lambda r: r.org.provenance.reference),
    Column("plan_url", "Document address", TEXT, "Where the organisation published the document, or empty.",
           lambda r: r.org.provenance.url),
    Column("as_at", "Plan correct as at", TEXT, "The date the plan says its contents are correct as at, as written, or empty.",
           lambda r: r.org.as_at, pattern=DUE),
    Column("joint_response", "Joint response", TEXT, "The identifier of the joint response it shares with other organisations, or empty.",
           lambda r: r.org.joint.id if r.org.joint else ""),
    Column("joint_response_name", "Joint response name", TEXT, "That joint response's name, or empty.",
           lambda r: r.org.joint.name if r.org.joint else ""),
    Column("actions", "Actions", INTEGER, "How many rows it has in actions.csv (joint work areas included).",
           lambda r: len(r.views), required=True, bounds=(0, None)),
    Column("updates", "Progress updates", INTEGER, "How many rows it has in updates.csv.",
           lambda r: sum(len(v.progress.updates) for v in r.views), required=True, bounds=(0, None)),
    Column("last_update", "Latest update", DATE, "The date of its latest progress update, or empty.",
           lambda r: max((v.progress.last_update for v in r.views), default="")),
    Column("plan_file", "Plan file", TEXT, "The plan's file in the site's repository (plans/<file>).",
           lambda r: r.org.source.rsplit("/", 1)[-1], required=True),
    Column("last_changed", "Plan last changed", DATE, "The date its plan file last changed in the site's repository.",
           lambda r: r.org.last_changed),
    Column("as_of", "Statuses as of", DATE, "The date the site's statuses are judged against (the same on every row). In the workbooks, on the About sheet.",
           lambda r: r.site.as_of, required=True, in_workbooks=False),
), primary_key=("id",))

PASSAGES = Table("passages", "Passages", "One row per passage of a source document a reader would expect besides its "
                 "actions (how progress is monitored, next steps, approvals, commitments), word for word.", (
    Column("organisation_id", "Organisation ID", TEXT, "The organisation's identifier (a joint response's passages are listed under each member).",
           lambda r: r.org.id, required=True),
    Column("joint_response", "Joint response", TEXT, "The joint response's identifier where the passage is from a joint response, else empty.",
           lambda r: r.joint),
    Column("section", "Section", TEXT, "The source's own number for the passage (4.3, 5.3-5.6), or empty where it numbers none.",
           lambda r: r.passage.section, numeric_text=True),
    Column("heading", "Heading", TEXT, "The source's heading for the passage.", lambda r: r.passage.heading),
    Column("text", "Text", TEXT, "The passage, verbatim (may contain line breaks).", lambda r: r.passage.text),
), foreign_keys=((("organisation_id",), "organisations", ("id",)),))

SUCCESSORS = Table("successors", "Successors", "One row per step in what became of each organisation (clinical "
                   "commissioning groups were abolished on 1 July 2022), with its public sources.", (
    Column("organisation_id", "Organisation ID", TEXT, "The organisation's identifier.", lambda r: r.org.id, required=True),
    Column("organisation", "Organisation", TEXT, "The organisation's name.", lambda r: r.org.name, required=True),
    Column("ods_code", "ODS code", TEXT, "The organisation's own code in the NHS Organisation Data Service, or empty where not confirmed.",
           lambda r: r.org.succession.ods_code),
    Column("step", "Step", INTEGER, "The step's place in what became of the organisation (1: the first).", lambda r: r.number,
           required=True, bounds=(1, None)),
    Column("date", "Date", TEXT, "When the step took effect (YYYY-MM-DD, or YYYY-MM where the sources give only the month).",
           lambda r: r.step.date, pattern="([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2})"),
    Column("body", "Became", TEXT, "The body it became or whose part it became.", lambda r: r.step.body),
    Column("body_ods_code", "Its ODS code", TEXT, "That body's ODS code, or empty where no source read gives it.",
           lambda r: r.step.ods_code),
    Column("event", "What happened", TEXT, "What happened, in one sentence.", lambda r: r.step.event),
    Column("source_titles", "Sources", TEXT, "The titles of the public sources for the step, one per line.",
           lambda r: "\n".join(link.title for link in r.step.sources)),
    Column("source_urls", "Source addresses", TEXT, "Their addresses, one per line in the same order.",
           lambda r: "\n".join(link.url for link in r.step.sources)),
    Column("note", "Note", TEXT, "Anything a reader should know about the step or its sources, or empty.", lambda r: r.step.note),
    Column("unconfirmed", "Not confirmed because", TEXT, "Why the sources read do not confirm the step, or empty where they do.",
           lambda r: r.step.unconfirmed),
    Column("current_successor", "Answers for it now", TEXT, "The body that answers for the organisation's promises now (the latest confirmed step).",
           lambda r: r.org.succession.current),
    Column("checked", "Checked", DATE, "The date the steps were last checked against their sources.",
           lambda r: r.org.succession.checked),
), primary_key=("organisation_id", "step"), foreign_keys=((("organisation_id",), "organisations", ("id",)),))

NOT_RESPONDING = Table("not-responding", "Not responding", "One row per organisation whose plan does not address "
                       "the recommendation (one file per recommendation).", (
    Column("recommendation", "Recommendation", INTEGER, "The recommendation number, 1-290.", lambda r: r[0], required=True,
           bounds=(1, 290)),
    Column("organisation_id", "Organisation ID", TEXT, "The identifier of an organisation whose plan does not address it (its page is organisations/<id>/).",
           lambda r: r[1].id, required=True),
    Column("organisation", "Organisation", TEXT, "The organisation's name.", lambda r: r[1].name, required=True),
), primary_key=("organisation_id",))

NOT_NUMBERING = Table("not-numbering", "Not numbering", "One row per organisation whose source document does not "
                      "number the recommendations it addresses.", (
    Column("organisation_id", "Organisation ID", TEXT, "The identifier of an organisation whose source document does not number the recommendations it addresses (it answers them in words, or lists its own actions). Such organisations are never listed as not addressing a recommendation.",
           lambda r: r.id, required=True),
    Column("organisation", "Organisation", TEXT, "The organisation's name.", lambda r: r.name, required=True),
), primary_key=("organisation_id",))

# The data package's tables, in its order (each also a workbook)
TABLES = (ACTIONS, UPDATES, RECOMMENDATIONS, ORGANISATIONS, PASSAGES, SUCCESSORS)


def values(table: Table, rows) -> list[list]:
    """Each row's cells, in the table's column order."""
    getters = [c.value for c in table.columns]
    return [[get(row) for get in getters] for row in rows]


def action_rows(site: Site, org: Organisation) -> list[ActionRow]:
    return [ActionRow(site, org, v) for v in views.action_views(site, org)]


def update_rows(site: Site, org: Organisation) -> list[UpdateRow]:
    labels = {s.key: s.label for s in site.statuses}
    return [UpdateRow(site, org, v, u, n, labels.get(u.status, u.status))
            for v in views.action_views(site, org) for n, u in enumerate(v.progress.updates, 1)]


def recommendation_rows(site: Site, responding: dict[int, int]) -> list[RecommendationRow]:
    return [RecommendationRow(n, site.catalogue.get(n) or Recommendation(n), responding.get(n, 0))
            for n in views.RECOMMENDATIONS]


def organisation_rows(site: Site) -> list[OrganisationRow]:
    return [OrganisationRow(site, org, views.action_views(site, org)) for org in site.organisations]


def passage_rows(site: Site) -> list[PassageRow]:
    out = []
    for org in site.organisations:
        out += [PassageRow(org, "", p) for p in org.context]
        out += [PassageRow(org, org.joint.id, p) for p in (org.joint.context if org.joint else ())]
    return out


def successor_rows(site: Site) -> list[SuccessorRow]:
    return [SuccessorRow(org, n, step) for org in site.organisations if org.succession
            for n, step in enumerate(org.succession.steps, 1)]


def enums(site: Site) -> dict[str, list[str]]:
    """The values a column with ``enum`` may take, from the reference data."""
    return {"workstreams": [w.key for w in site.workstreams], "statuses": [s.key for s in site.statuses],
            "status labels": [s.label for s in site.statuses] + [NO_UPDATE]}
