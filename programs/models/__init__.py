"""Programs, their basic directions and groups of projects, and the program's management documents."""

from .management import CompletionReport, PriorityProject, ProblemEntry, ProgramLesson
from .nodes import BasicDirection, Program, ProjectGroup

__all__ = [
    "BasicDirection",
    "CompletionReport",
    "PriorityProject",
    "ProblemEntry",
    "Program",
    "ProgramLesson",
    "ProjectGroup",
]
