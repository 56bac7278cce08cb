"""Recurring reports (R-4, R-5, M-C5)."""
