"""Emergency reports (R-1)."""
