"""Browser tests (issue 6): see conftest.py."""
