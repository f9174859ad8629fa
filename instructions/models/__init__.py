"""Models of the control of instructions (Rules p.92–94)."""

from .instructions import ChecklistItem, ChecklistTemplate, ChecklistTemplateStep, Instruction

__all__ = ["ChecklistItem", "ChecklistTemplate", "ChecklistTemplateStep", "Instruction"]
