"""Inter-annotator agreement: pairwise span F1, token and stance kappas, Fleiss' kappa, Krippendorff's
alpha and unitizing alpha, the label confusion and the list of disagreements.

    from annotator.core.agreement import compute
    report = compute(project, annotators=["A", "B"])   # default: every annotator but gold
    report.pair("A", "B").entity.overlap.f1
    for d in report.disagreements: d.document, d.start, d.end, d.a_has, d.b_has
    json.dumps(report.to_json())                       # what `annotator agreement --json` prints

Qt-free; `compute` streams the documents and takes a `progress` (core/progress.py), which may cancel.
"""

from ..progress import Cancelled  # the core's one (core/progress.py), named here too
from .coefficients import Coefficient, MatchCounts
from .report import compare
from .results import AgreementReport, DocumentPair, MultiCoded, PairReport
from .run import compute
from .spans import NONE, Disagreement
from .unitizing import UnitizingResult

__all__ = [
    "AgreementReport",
    "Cancelled",
    "Coefficient",
    "Disagreement",
    "DocumentPair",
    "MatchCounts",
    "MultiCoded",
    "NONE",
    "PairReport",
    "UnitizingResult",
    "compare",
    "compute",
]
