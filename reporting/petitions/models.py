"""Petitions (P-1..P-5)."""
