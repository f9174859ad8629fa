"""Projects and their workspace (Rules Ch.5, p.76–84, p.88–91, p.96): one concept per module."""

from .assignments import ProjectAssignment
from .board import BoardColumn, Task, TaskAttachment
from .changes import ChangeLogEntry, ChangeRequest
from .charter import Charter, FundingLine, Milestone
from .comments import Comment
from .documents import Document, DocumentVersion
from .lessons import Lesson
from .performance import ProjectPerformance
from .project import Project
from .risks import Risk

__all__ = [
    "BoardColumn",
    "ChangeLogEntry",
    "ChangeRequest",
    "Charter",
    "Comment",
    "Document",
    "DocumentVersion",
    "FundingLine",
    "Lesson",
    "Milestone",
    "Project",
    "ProjectAssignment",
    "ProjectPerformance",
    "Risk",
    "Task",
    "TaskAttachment",
]
