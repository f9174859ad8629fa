"""Writes of the goal map: one module per concept; every write is one transaction through authorization."""
