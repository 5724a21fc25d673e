"""Measurement and audit tooling for the public pages (`make audit`, `make bench`).

Not part of the site: nothing under ``namdong_site`` or ``campaign`` imports it.
``tests/test_budgets.py`` shares its page discovery and page-weight rules.
"""
