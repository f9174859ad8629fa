"""Every write of the operational plans, one module per part: plans, structure (headings and activities),
versions, imports, submissions, reports."""
