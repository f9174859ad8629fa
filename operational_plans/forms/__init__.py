"""The official forms: Appendix 1 (the plan) and Appendix 2 (the quarterly report) as XLSX and PDF."""
