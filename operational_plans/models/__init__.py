"""Models of the operational plan: the plan and its versions, its headings and activities, the units' quarterly
information, the monitoring unit's reports and the officials' decisions (OP Rules)."""

from .activities import Activity
from .plans import OperationalPlan, PlanVersion
from .reports import Recommendation, Report, ReportDecision
from .structure import Heading
from .submissions import Submission, SubmissionRow

__all__ = [
    "Activity",
    "Heading",
    "OperationalPlan",
    "PlanVersion",
    "Recommendation",
    "Report",
    "ReportDecision",
    "Submission",
    "SubmissionRow",
]
