"""The job summary (macros/commands/summary.py) stays under GitHub's 1 MiB, keeping what matters
(issue 20, item 6): GitHub drops a step's summary over 1 MiB whole, verdict and flags included."""
from __future__ import annotations

from macros.commands import changes_report, summary
from macros.plans import load
from macros.plans.problems import Problem
from sitebuild import PLANS

WIDE = "\U0001F600" * 1_990  # a message of the longest kind printed, four bytes a character


def test_the_summary_and_the_changes_fit_in_one_mebibyte_together():
    assert summary.MAX_SUMMARY_BYTES + changes_report.MAX_MARKDOWN_BYTES + 4_096 <= 1024 * 1024


def test_a_summary_of_long_wide_messages_is_cut_keeping_errors_verdict_and_preview(monkeypatch):
    site, _ = load.check(PLANS)
    problems = [Problem(f"plans/p{n:03}.yaml", 1, 1, "warning" if n % 2 else "error", f"{n} {WIDE}")
                for n in range(200)]
    monkeypatch.setattr(summary, "check", lambda folder: (site, problems))
    out = summary.summary(PLANS, env={})
    assert len(out.encode("utf-8")) <= 512 * 1024
    assert out.startswith("## Plan check: 100 error(s), 100 warning(s): nothing can be published")
    assert "### Preview" in out and "Step-by-step help" in out
    rows = [line for line in out.splitlines() if line.startswith("| plans/p")]
    assert 10 < len(rows) < 200
    assert all("| error |" in row for row in rows)  # errors are kept before any warning
    assert "more problem\\(s\\) not listed here, because GitHub drops a job summary over 1 MiB" in out
    assert "| Work stream | Actions |" in out


def test_a_summary_that_fits_is_not_cut(monkeypatch):
    site, problems = load.check(PLANS)
    out = summary.summary(PLANS, env={})
    assert "not listed here" not in out
    assert out.count("| plans/") == len(site.organisations) + len(problems)
