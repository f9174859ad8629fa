"""The makers of the official forms' files, registered with `pmis.core.exporting` (filled in by issue 7's forms part)."""
