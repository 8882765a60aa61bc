"""`python -m macros changes`: what a change to the plans does, in plain words.

Each test makes a git repository in a temporary folder: plans committed on main, a branch, the
change in the working tree (or committed on the branch), then compares.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import git
from macros import changes
from macros.commands import changes_cli, changes_report
from macros.plans import gitplans

ROOT = Path(__file__).resolve().parent.parent

HEAD = """\
id: riverside
name: "NHS Riverside CCG"
provenance:
  title: "Riverside CCG: response to the Francis Report"
  date: "2013-12-11"
actions:
"""

ACTION_1 = """\
  - id: "1"
    workstream: quality
    recommendation: 124
    action: |-
      Review complaints information from every provider each quarter and report it to the board.
    owner: "Director of Nursing"
    due: "2014-03"
"""

ACTION_2 = """\
  - id: "2"
    workstream: engagement
    action: "Publish what the patient forums said."
    due: "2014/15"
"""

UPDATE_1 = """\
    updates:
      - date: "2014-01-10"
        status: on-track
        note: "Template agreed with providers."
"""


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository with plans/riverside.yaml (actions 1 and 2, one update) on main, and a
    branch `change` checked out."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "riverside.yaml").write_text(HEAD + ACTION_1 + UPDATE_1 + ACTION_2, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "checkout", "-qb", "change")
    return tmp_path


def write(repo: Path, text: str, name: str = "riverside.yaml") -> None:
    (repo / "plans" / name).write_text(text, encoding="utf-8")


def compare(repo: Path, base: str | None = None, today: str = "2014-06-30") -> list:
    folder = repo / "plans"
    ref = base or gitplans.default_base(folder)
    return changes.compare(gitplans.plans_at(folder, ref), gitplans.plans_now(folder), today,
                           {"on-track": "On track", "complete": "Complete", "delayed": "Delayed"})


def items(found, kind=None) -> list:
    return [i for c in found for i in c.items if kind is None or i.kind == kind]


def titles(found) -> list[str]:
    return [i.title for i in items(found)]


def test_nothing_changed_lists_nothing(repo):
    assert compare(repo) == []


def test_an_action_added_with_its_fields_and_link(repo):
    write(repo, HEAD + ACTION_1 + UPDATE_1 + ACTION_2 + """\
  - id: "3"
    workstream: cultural
    action: "Agree the CCG's values with staff."
""")
    found = compare(repo)
    assert [(c.file, c.status, c.page) for c in found] == [("plans/riverside.yaml", "edited",
                                                            "organisations/riverside/")]
    assert found[0].notes == []  # both revisions pass the check
    [added] = items(found)
    assert (added.kind, added.title, added.anchor, added.flag) == (
        "action-added", 'action 3 "Agree the CCG\'s values with staff." added', "action-3", "")
    assert [(f.label, f.old, f.new) for f in added.fields] == [
        ("work stream", "", "cultural"), ("action", "", "Agree the CCG's values with staff.")]
    assert changes_report.link("https://example.org/site/", found[0], added.anchor) == \
        "https://example.org/site/organisations/riverside/#action-3"


def test_a_published_action_removed_is_flagged(repo):
    write(repo, HEAD + ACTION_1 + UPDATE_1)
    [removed] = items(compare(repo))
    assert removed.kind == "action-removed"
    assert removed.title == 'action 2 "Publish what the patient forums said." removed'
    assert removed.flag.startswith("a published action is removed")


def test_an_edit_lists_each_field_old_to_new_and_long_text_word_by_word(repo):
    edited = ACTION_1.replace('owner: "Director of Nursing"', 'owner: "Chief Nurse"').replace(
        "every provider each quarter", "every provider each month")
    write(repo, HEAD + edited + UPDATE_1 + ACTION_2)
    [item] = items(compare(repo))
    assert item.kind == "action-edited"
    assert item.anchor == "action-1"
    action, owner = item.fields
    assert (owner.label, owner.old, owner.new, owner.words) == ("owner (who by)", "Director of Nursing",
                                                              "Chief Nurse", [])
    assert action.label == "action"
    assert action.words == [("=", "Review complaints information from every provider each"),
                            ("-", "quarter"), ("+", "month"),
                            ("=", "and report it to the board.")]
    assert item.flag.startswith("the published action's action changed")


def test_an_owner_edit_alone_is_not_flagged(repo):
    write(repo, HEAD + ACTION_1.replace("Director of Nursing", "Chief Nurse") + UPDATE_1 + ACTION_2)
    [item] = items(compare(repo))
    assert item.flag == ""


def test_a_progress_update_a_status_change_and_a_revised_due_date(repo):
    write(repo, HEAD + ACTION_1 + UPDATE_1 + """\
      - date: "2014-05-02"
        status: delayed
        note: "Two providers have not sent data."
        due: "2014-09"
        reason: "Providers asked for more time."
""" + ACTION_2)
    found = compare(repo)
    assert [(i.kind, i.title, i.flag) for i in items(found)] == [  # one line for the update
        ("update-added", 'action 1 "Review complaints information from every provider each…": update '
                         'dated 2014-05-02: Delayed (was On track); "Two providers have not sent data."; '
                         "completion date revised from 2014-03 to 2014-09 because: Providers asked for more "
                         "time.", ""),
    ]
    assert items(found)[0].fields == []


def test_an_update_in_the_future_or_before_the_previous_one_is_flagged(repo):
    write(repo, HEAD + ACTION_1 + UPDATE_1 + """\
      - date: "2013-12-01"
        status: on-track
      - date: "2015-01-01"
        status: complete
""" + ACTION_2)
    added = items(compare(repo, today="2014-06-30"), "update-added")
    assert [i.flag for i in added] == [
        "it is dated before the update above it (2014-01-10): updates go oldest first",
        "it is dated in the future (2015-01-01, after 2014-06-30)",
    ]


def test_a_published_update_rewritten_or_removed_is_flagged(repo):
    write(repo, HEAD + ACTION_1 + UPDATE_1.replace("Template agreed", "Template drafted") + ACTION_2)
    [rewritten] = items(compare(repo))
    assert rewritten.kind == "update-rewritten"
    assert rewritten.flag.startswith("a published progress update is rewritten")
    assert [(f.label, f.old, f.new) for f in rewritten.fields] == [
        ("progress note", "Template agreed with providers.", "Template drafted with providers.")]
    write(repo, HEAD + ACTION_1 + ACTION_2)
    found = compare(repo)
    assert [i.kind for i in items(found)] == ["update-removed", "status"]
    assert items(found)[0].flag.startswith("a published progress update is removed")


def test_an_id_changed_is_one_action_whose_id_changed(repo):
    write(repo, HEAD + ACTION_1 + UPDATE_1 + ACTION_2.replace('id: "2"', 'id: "2a"'))
    [item] = items(compare(repo))
    assert item.kind == "id-changed"
    assert item.title == 'action 2a "Publish what the patient forums said.": id changed from 2 to 2a'
    assert item.flag == ("an id changed: links to #action-2 stop working; an id must not change "
                         "once published")


def test_ids_given_to_actions_that_had_none_say_where_their_link_moves(repo):
    write(repo, HEAD + ACTION_1.replace('  - id: "1"\n    workstream', "  - workstream") + UPDATE_1
          + ACTION_2.replace('  - id: "2"\n    workstream', "  - workstream"))
    git(repo, "commit", "-qam", "no ids")
    write(repo, HEAD + ACTION_1.replace('id: "1"', 'id: "r124"') + UPDATE_1 + ACTION_2)
    assert [(i.kind, i.title, i.flag) for i in items(compare(repo, base="HEAD"))] == [
        ("id-changed", 'action r124 "Review complaints information from every provider each…": id r124 '
                       "given: its link changes from #action-1 to #action-r124", ""),
        ("id-changed", 'action 2 "Publish what the patient forums said.": id 2 given', ""),
    ]


def test_provenance_and_plan_details(repo):
    write(repo, (HEAD + ACTION_1 + UPDATE_1 + ACTION_2).replace('date: "2013-12-11"', 'date: "2013-12-12"')
          .replace('name: "NHS Riverside CCG"', 'name: "NHS Riverside Clinical Commissioning Group"'))
    found = compare(repo)
    assert found[0].name == "NHS Riverside Clinical Commissioning Group"
    assert [(i.kind, i.anchor, [(f.label, f.old, f.new) for f in i.fields]) for i in items(found)] == [
        ("plan", "", [("organisation name", "NHS Riverside CCG", "NHS Riverside Clinical Commissioning Group")]),
        ("provenance", "source", [("document date", "2013-12-11", "2013-12-12")]),
    ]


def test_a_plan_renamed_added_and_deleted(repo):
    text = (repo / "plans" / "riverside.yaml").read_text(encoding="utf-8")
    git(repo, "mv", "plans/riverside.yaml", "plans/riverside-ccg.yaml")
    write(repo, text.replace("id: riverside", "id: riverside-ccg"), "riverside-ccg.yaml")
    write(repo, HEAD.replace("riverside", "hill").replace("Riverside", "Hill") + ACTION_2, "hill.yaml")
    git(repo, "commit", "-qam", "rename")  # committed on the branch: compared with main all the same
    (repo / "plans" / "valley.yaml").write_text(HEAD.replace("riverside", "valley") + ACTION_2)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "valley")
    (repo / "plans" / "valley.yaml").unlink()  # added on the branch and deleted again: no change
    found = compare(repo)
    assert [(c.status, c.old_file, c.file, c.page) for c in found] == [
        ("added", "", "plans/hill.yaml", "organisations/hill/"),
        ("renamed", "plans/riverside.yaml", "plans/riverside-ccg.yaml", "organisations/riverside-ccg/"),
    ]
    hill, renamed = found
    assert [i.kind for i in hill.items] == ["plan-added", "action-added"]
    assert [(i.kind, i.title, i.flag) for i in renamed.items] == [
        ("renamed", "plan file renamed from riverside.yaml to riverside-ccg.yaml",
         "the page address changes from organisations/riverside/ to organisations/riverside-ccg/: links "
         "to the old address stop working"),
        ("plan", "plan details edited", ""),
    ]
    git(repo, "checkout", "-q", "main")
    (repo / "plans" / "riverside.yaml").unlink()
    [deleted] = compare(repo, base="HEAD")
    assert (deleted.status, deleted.old_file, deleted.name) == ("removed", "plans/riverside.yaml",
                                                                "NHS Riverside CCG")
    assert deleted.items[0].flag.startswith("a published plan is removed")


def test_default_base_is_where_the_branch_left_main(repo):
    git(repo, "checkout", "-q", "main")
    write(repo, HEAD + ACTION_1 + UPDATE_1 + ACTION_2 + ACTION_2.replace('"2"', '"9"'))
    git(repo, "commit", "-qam", "later on main")
    git(repo, "checkout", "-q", "change")
    assert compare(repo) == []  # main's later commit is not this branch's change
    assert len(items(compare(repo, base="main"))) == 1


def test_a_base_plan_that_does_not_pass_the_check_is_said_and_not_a_crash(repo):
    write(repo, HEAD + '  - id: "1\n    action: unclosed\n')
    git(repo, "commit", "-qam", "broken")
    write(repo, HEAD + ACTION_1 + UPDATE_1)
    [change] = compare(repo, base="HEAD")
    assert change.notes[:1] == [
        'At the base revision this plan could not be read, so its changes cannot be listed: line 7: '
        'the double quote (") that starts this value is never closed: put a " at the end of the value']
    assert [i.kind for i in change.items] == ["action-added", "update-added"]
    write(repo, HEAD + ACTION_1.replace("recommendation: 124", "recommendation: 999"))
    git(repo, "commit", "-qam", "wrong number")
    write(repo, HEAD + ACTION_1)
    [change] = compare(repo, base="HEAD")
    assert change.notes[0].startswith("At the base revision this plan does not pass today's check (line ")
    assert change.notes[0].endswith("; it is compared as written")
    assert [i.kind for i in change.items] == ["action-edited"]


def test_markdown_escapes_plan_text(repo):
    hostile = ACTION_2.replace("Publish what the patient forums said.",
                               "<script>alert(1)</script> [click](javascript:alert(1)) ![x](http://e/x.png) # h")
    write(repo, HEAD + ACTION_1 + UPDATE_1 + hostile)
    found = compare(repo)
    out = changes_report.markdown(found, "abc123 base", "https://example.org/")
    live = _outside_code(out)
    assert "<script>" not in live and "](javascript" not in live and "![x]" not in live
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[click\\]\\(javascript:alert\\(1\\)\\)" in out
    assert "`![x](http://e/x.png)`" in out
    assert "**Look twice:**" in out
    assert "([on the site](https://example.org/organisations/riverside/#action-2))" in out
    text = changes_report.text(found, "abc123 base")
    assert "LOOK TWICE: the published action's action changed" in text
    assert "<organisations/riverside/#action-2>" in text


def test_markdown_stays_under_the_job_summary_limit(repo):
    for n in range(3):
        write(repo, HEAD.replace("riverside", f"plan{n}") + ACTION_2, f"plan{n}.yaml")
    found = compare(repo)
    assert len(found) == 3
    full = changes_report.markdown(found, "base")
    short = changes_report.markdown(found, "base", max_bytes=len(full.split("### ")[1].encode()) + 2_800)
    assert short.count("### ") < 3
    assert "Not listed here: " in short and "python -m macros changes" in short
    assert "Not listed here" not in full


def test_markdown_counts_bytes_and_keeps_the_flags_when_it_must_cut():
    """Issue 20, item 6: the cap counted characters, and was checked only between plans, so a
    summary of multi-byte text passed 1 MiB and GitHub dropped it whole, flags and all."""
    wide = "\U0001F600" * 600  # four bytes each in UTF-8
    action = '  - id: "{n}"\n    workstream: quality\n    action: "{text} {n}"\n    owner: "{text}"\n'
    before, after = {}, {}
    for p in range(12):
        body = "".join(action.format(n=n, text=wide) for n in range(20))
        after[f"p{p:02}.yaml"] = HEAD.replace("riverside", f"p{p:02}") + body
        before[f"p{p:02}.yaml"] = HEAD.replace("riverside", f"p{p:02}") + action.format(n=999, text="kept")
    found = changes.compare(before, after, "2014-06-30", {})
    assert changes.count_flags(found) == 12  # each plan's action 999 removed
    out = changes_report.markdown(found, "base")
    assert len(out.encode("utf-8")) <= 384 * 1024  # the summary's other part has 512 KiB: under 1 MiB in all
    assert out.count("**Look twice:** action 999") == 12  # every flag kept, whatever was cut
    assert "Not listed here: " in out and " change(s), 0 of them marked" not in out
    every = sum(len(c.items) for c in found)
    listed = out.count("\n- ") - out.count("more change(s) to this plan are not listed")
    assert 12 < listed < every


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PLANS_DIR", "SITE_URL")}
    return subprocess.run([sys.executable, "-m", "macros", "changes", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**env, "PYTHONPATH": str(ROOT), "AS_OF": "2014-06-30"})


def test_command_line_text_and_markdown(repo):
    write(repo, HEAD + ACTION_1 + UPDATE_1)
    run = run_cli(repo, "plans")
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if not line.startswith("  note: ")]
    assert re.fullmatch(r"Changes to the plans compared with the published site \(main, as of \d{1,2} [A-Z][a-z]+ "
                        r"\d{4}\): 1 plan\(s\) changed, 1 change\(s\); 1 to look at twice", lines[0]), lines[0]
    assert lines[2:] == [
        "NHS Riverside CCG (plans/riverside.yaml, edited)",
        '  - action 2 "Publish what the patient forums said." removed  <organisations/riverside/>',
        "    LOOK TWICE: a published action is removed: its entry and its link disappear from the site",
    ]
    md = run_cli(repo, "--format", "markdown", "--site-url", "https://example.org/", "plans")
    assert md.stdout.startswith("## Changes in this pull request\n")
    assert "### Changes to [NHS Riverside CCG](https://example.org/organisations/riverside/)" in md.stdout


def test_command_line_outside_git_says_why(tmp_path):
    (tmp_path / "plans").mkdir()
    run = run_cli(tmp_path, "plans")
    assert run.returncode == 2
    assert run.stdout.startswith("cannot compare the plans with git: ")


def test_today_comes_from_as_of(monkeypatch):
    monkeypatch.setenv("AS_OF", "2015-02-03")
    assert changes_cli.today() == "2015-02-03"


# --- hostile plans (issue 20) -----------------------------------------------------------------

@pytest.mark.parametrize("levels, body", [
    (1_000, "owner:\n  " + "- " * 1_000 + "a"),
    (50_000, "owner: " + "[" * 50_000 + "]" * 50_000),
], ids=["1000-levels", "50000-levels"])
def test_a_plan_nested_thousands_deep_is_a_note_not_a_crash(repo, levels, body):
    """A recursion error at 1,000 levels, a segfault at 100,000 (the C reader), before the
    depth was measured by every reader of plan files."""
    write(repo, HEAD + ACTION_1 + UPDATE_1 + ACTION_2 + body + "\n")
    for fmt in ("text", "markdown"):
        run = run_cli(repo, "--format", fmt, "plans")
        assert run.returncode == 0 and "Traceback" not in run.stderr, (run.returncode, run.stderr[-500:])
        assert "this plan could not be read, so its changes cannot be listed" in run.stdout
        assert "nested more than 20 blocks deep" in run.stdout


def test_a_plan_past_the_size_limit_is_not_read(repo):
    write(repo, HEAD + ACTION_1 + "owner: " + "[" * 100_000 + "]" * 100_000 + "\n")
    run = run_cli(repo, "plans")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-500:]
    assert "the file is larger than 110,000 bytes, the most a plan may be" in run.stdout


def test_plain_text_shows_control_and_invisible_characters_escaped(repo):
    """A plan could clear the reviewer's terminal and print "no plan changed" (issue 20, item 4)."""
    hostile = (HEAD.replace('name: "NHS Riverside CCG"', 'name: "\\e[2J\\e[HNo plan changed\\u202e\\u2028\\x07"')
               + ACTION_1 + UPDATE_1
               + ACTION_2.replace('"Publish what the patient forums said."',
                                  '"Publish.\\nChanges to the plans compared with x: no plan changed\\e]8;;http://e\\e\\\\"'))
    write(repo, hostile)
    for site_url in ("", "https://example.org/"):
        out = changes_report.text(compare(repo), "abc123 base", site_url)
        assert not any(ch in out for ch in "\x1b\x07\u202e\u2028\r"), repr(out)
        assert "\\x1b[2J\\x1b[HNo plan changed\\u202e\\u2028\\x07" in out
        lines = out.splitlines()
        assert sum(line.startswith("Changes to the plans compared with") for line in lines) == 1
        assert "Publish.\\nChanges to the plans compared with x" in out or "Publish. Changes" in out


def _outside_code(markdown: str) -> str:
    """The Markdown with its code spans taken out (what GitHub could still turn into links)."""
    return re.sub(r"(`+)(?:(?!\1).)+?\1", " ", markdown)


def test_markdown_neutralises_links_images_mentions_addresses_and_fake_headings(repo):
    """Issue 20, item 7: an action id could add an outside image or a link when a site address is
    set; @mentions, bare web and e-mail addresses stayed live; a name could pass for a check result."""
    head = HEAD.replace('name: "NHS Riverside CCG"', 'name: "Plan check passed: 0 warning(s)"')
    hostile = ACTION_2.replace('id: "2"', 'id: "2)![x](https://evil.example/i.png)[y](https://evil.example"') \
        .replace('"Publish what the patient forums said."',
                 '"Ask @octocat or @github/security, see https://evil.example/a www.evil.example, '
                 'mail someone@evil.example or mailto:x@evil.example `a|b`"')
    write(repo, head + ACTION_1 + UPDATE_1 + hostile)
    for site_url in ("", "https://example.org/"):
        out = changes_report.markdown(compare(repo), "abc123 base", site_url)
        live = _outside_code(out)
        assert "![" not in live and "](https://evil" not in live, out
        for token in ("@octocat", "@github", "https://evil", "www.evil", "someone@", "mailto:"):
            assert token not in live, (token, out)
            assert token in out  # shown, as code
        assert not re.search(r"^#+ Plan check passed", out, re.M), out
        assert "Plan check passed: 0 warning\\(s\\)" in out
    out = changes_report.markdown(compare(repo), "abc123 base", "https://example.org/")
    assert "(https://example.org/organisations/riverside/#action-2%29%21%5Bx%5D%28https%3A" in out


ROUND = """\
      - date: "2014-05-02"
        status: delayed
        note: "Two providers have not sent data, so the first report went to the board a month late."
        due: "2014-09"
        reason: "Providers asked for more time."
        evidence:
          - title: "Board minutes, 2 May 2014, item 7"
            url: "https://www.riverside.nhs.uk/board/2014-05-02.pdf"
"""


def test_a_four_update_round_reads_as_four_lines_with_no_commit_message_and_no_json(repo):
    """Issue 25: the changes opened with the base commit's developer message, evidence appeared as
    raw JSON and each update was listed twice (update added, status changed)."""
    git(repo, "commit", "--allow-empty", "-qm", "WIP: refactor the thing (developer words)")
    git(repo, "branch", "-f", "main")
    two = ACTION_2 + """\
    updates:
      - date: "2014-05-02"
        status: on-track
        note: "Forums booked."
"""
    three = """\
  - id: "3"
    workstream: cultural
    action: "Train every ward sister."
    updates:
      - date: "2014-05-02"
        status: complete
        evidence:
          - title: "Training register"
            url: "https://www.riverside.nhs.uk/training.pdf"
      - date: "2014-05-03"
        status: superseded
        note: "Replaced by the regional programme."
"""
    base = HEAD + ACTION_1 + UPDATE_1 + ACTION_2 + three.split("    updates:")[0]
    write(repo, base)
    git(repo, "commit", "-qam", "plan")
    git(repo, "branch", "-f", "main")
    write(repo, HEAD + ACTION_1 + UPDATE_1 + ROUND + two + three)
    text = run_cli(repo, "plans").stdout
    assert "developer words" not in text and "{" not in text and "[" not in text, text
    updates = [line for line in text.splitlines() if ": update dated " in line]
    assert len(updates) == 4, text
    assert updates[0] == (
        '  - action 1 "Review complaints information from every provider each…": update dated 2014-05-02: '
        'In progress, delayed (was In progress, on track); "Two providers have not sent data, so the first report went to the board a '
        'month…"; completion date revised from 2014-03 to 2014-09 because: Providers asked for more time.; '
        "evidence: Board minutes, 2 May 2014, item 7 <https://www.riverside.nhs.uk/board/2014-05-02.pdf>  "
        "<organisations/riverside/#action-1>")
    assert "update dated 2014-05-02: In progress, on track (was no update before)" in updates[1]
    assert "update dated 2014-05-03: Superseded (was Complete)" in updates[3]
    assert not any("status changed" in line for line in text.splitlines())
    md = run_cli(repo, "--format", "markdown", "plans").stdout
    assert "developer words" not in md and '{"' not in md
    assert md.count(": update dated ") == 4
    assert ("; evidence: [Board minutes, 2 May 2014, item 7](https://www.riverside.nhs.uk/board/2014-05-02.pdf) "
            "(on `www.riverside.nhs.uk`)") in md
    assert "compared with the published site \\(main, as of " in md.lower()


def test_field_edits_are_said_in_words(repo):
    write(repo, HEAD + ACTION_1.replace('owner: "Director of Nursing"', 'owner: "Chief Nurse"')
          .replace('    due: "2014-03"\n', "") + UPDATE_1 + ACTION_2.replace(
              '    due: "2014/15"\n', '    due: "2014/15"\n    owner: "Forum lead"\n'))
    text = changes_report.text(compare(repo), "base")
    assert '    owner (who by) changed from "Director of Nursing" to "Chief Nurse"' in text
    assert '    completion date removed (it was "2014-03")' in text
    assert '    owner (who by) added: "Forum lead"' in text
