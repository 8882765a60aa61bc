"""What ``python -m macros`` runs besides ``check``: ``changes`` (what a change to the plans
does), ``workbook`` and ``import-updates`` (progress rounds), and the job summary
(``python -m macros.commands.summary``)."""
