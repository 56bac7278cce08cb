"""Personal-matter reports (R-2) and family-event declarations (R-3)."""
