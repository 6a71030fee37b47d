"""Quality control of a Label Studio export: agreement between annotators, consensus and review
sampling. `export` reads and lints the export, `items` turns each control's results into the plain
values `labelconfig.measure` compares, `agreement`, `consensus` and `review` build on those, `render`
writes the reports, `api` holds the entry points re-exported here."""

from .api import ConsensusSummary, ReviewSample, agreement, consensus, review_sample
from .export import ExportError
from .report import AgreementReport, ControlAgreement, Figure, PairAgreement, TaskAgreement

__all__ = [
    "AgreementReport",
    "ConsensusSummary",
    "ControlAgreement",
    "ExportError",
    "Figure",
    "PairAgreement",
    "ReviewSample",
    "TaskAgreement",
    "agreement",
    "consensus",
    "review_sample",
]
