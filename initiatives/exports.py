"""Export makers of initiatives (the passport PDF)."""
