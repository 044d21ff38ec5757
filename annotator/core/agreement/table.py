"""The agreement report as aligned plain-text tables for a terminal.

A terminal that does not shape Arabic shows it as isolated letters, left to right. With `bidi=True`
every cell holding right-to-left text is reshaped and put in visual order by the terminal helper
(core/terminal.py `visual_order`, which mirrors brackets and guillemets), cell by cell so the table's
columns stay where they are. Never use this text for Qt or JSON: they take the text in logical order and
shape it themselves.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ..terminal import visual_order
from .coefficients import Coefficient, MatchCounts
from .results import AgreementReport, PairReport
from .spans import NONE

LIST_LIMIT = 20  # disagreements and documents listed in the terminal; --json / --html have them all


def width(text: str) -> int:
    """Columns a terminal gives the text: combining marks and format characters take none, wide
    (East Asian, emoji) characters two."""
    total = 0
    for c in text:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return total


def render_table(rows: Sequence[Sequence[str]], *, bidi: bool, header: bool = True) -> list[str]:
    """Columns aligned by display width: the first column to the left, the others to the right."""
    cells = [[visual_order(c) if bidi else c for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells if i < len(row)) for i in range(max(map(len, cells)))]
    lines = []
    for n, row in enumerate(cells):
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - width(cell))
            parts.append(cell + pad if i == 0 else pad + cell)
        lines.append("  ".join(parts).rstrip())
        if header and n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def fmt(coef: Coefficient, footnotes: list[str], where: str) -> str:
    """`0.743 (n=11)`, or `n/a [k] (n=0)` with the reason as footnote k."""
    if coef.value is None:
        footnotes.append(f"{where}: {coef.reason}")
        return f"n/a [{len(footnotes)}] (n={coef.items})"
    return f"{coef.value:.3f} (n={coef.items})"


def f1(counts: MatchCounts) -> Coefficient:
    items = counts.tp + counts.only_a + counts.only_b
    if counts.f1 is None:
        return Coefficient(None, 0, None, "neither annotator has a span")
    return Coefficient(counts.f1, items)


def pair_rows(pair: PairReport) -> list[tuple[str, Coefficient]]:
    rows = [
        ("entities: exact F1", f1(pair.entity.exact)),
        ("entities: overlap F1", f1(pair.entity.overlap)),
        ("entity tokens: Cohen's kappa (IOB2)", pair.token_kappa),
        ("quotations: exact F1", f1(pair.quotation.exact)),
        ("quotations: overlap F1", f1(pair.quotation.overlap)),
        ("cues: exact F1", f1(pair.cue.exact)),
        ("quotations: same speaker", pair.speaker_agreement),
        ("quotations: same cue", pair.cue_agreement),
        ("quotations: kind, Cohen's kappa", pair.kind),
        ("quotations: stance, Cohen's kappa", pair.quotation_stance),
    ]
    rows += [(f"document {task}: Cohen's kappa", pair.doc_label(task)) for task in sorted(pair.doc_label_tables)]
    rows += [(f"{kind}: u-alpha", result.alpha) for kind, result in pair.unitizing.items()]
    return rows


def format_report(report: AgreementReport, *, bidi: bool) -> str:
    footnotes: list[str] = []  # the sections number their n/a reasons in order
    names = ", ".join(visual_order(a) if bidi else a for a in report.annotators)
    out = [
        f"Agreement of {len(report.annotators)} annotators ({names}) on {report.documents} documents "
        f"({report.complete_documents} worked on by all)",
        "",
    ]
    out += _pairs_section(report.pairs, footnotes, bidi)
    out += _entity_labels_section(report.pairs, bidi)
    out += _all_annotators_section(report, footnotes, bidi)
    for pair in report.pairs:
        out += ["", f"Entity label confusion, {pair.a} (rows) / {pair.b} (columns), spans paired by overlap"]
        out += render_table(confusion_rows(pair), bidi=bidi)
    out += _worst_documents_section(report, bidi)
    out += _disagreements_section(report, bidi)
    if report.notes:
        out += [""] + [f"note: {n}" for n in report.notes]
    if footnotes:
        out += [""] + [f"[{i}] {visual_order(n) if bidi else n}" for i, n in enumerate(footnotes, 1)]
    return "\n".join(out)


def _pairs_section(pairs: Sequence[PairReport], footnotes: list[str], bidi: bool) -> list[str]:
    """One row per figure of `pair_rows`, one column per pair of annotators."""
    per_pair = [pair_rows(p) for p in pairs]
    rows = [["", *(f"{p.a} / {p.b}" for p in pairs)]]
    for i, (name, _) in enumerate(per_pair[0]):
        rows.append(
            [
                name,
                *(
                    fmt(values[i][1], footnotes, f"{name}, {p.a} / {p.b}")
                    for p, values in zip(pairs, per_pair, strict=True)
                ),
            ]
        )
    return render_table(rows, bidi=bidi)


def _entity_labels_section(pairs: Sequence[PairReport], bidi: bool) -> list[str]:
    """Each entity label's overlap F1 (exact F1) per pair; nothing when no pair has an entity label."""
    labels = sorted({label for p in pairs for label in p.entity.per_label})
    if not labels:
        return []
    out = ["", "Entity labels: overlap F1 (exact F1)"]
    rows = [["label", *(f"{p.a} / {p.b}" for p in pairs)]]
    for label in labels:
        cells = [label]
        for p in pairs:
            exact, overlap = p.entity.per_label.get(label, (MatchCounts(), MatchCounts()))
            cells.append(_f1_cell(overlap, exact))
        rows.append(cells)
    return out + render_table(rows, bidi=bidi)


def _all_annotators_section(report: AgreementReport, footnotes: list[str], bidi: bool) -> list[str]:
    """Fleiss' kappa and Krippendorff's alpha of the document labels and quotation stance, then u-alpha."""
    out = ["", "All annotators"]
    rows = [["", "Fleiss' kappa", "Krippendorff's alpha"]]
    for task, figures in sorted(report.multi_doc_labels.items()):
        rows.append(
            [
                f"document {task}",
                fmt(figures.fleiss, footnotes, f"{task}, Fleiss"),
                fmt(figures.alpha, footnotes, f"{task}, alpha"),
            ]
        )
    q = report.multi_quotation_stance
    rows.append(
        [
            "quotation stance",
            fmt(q.fleiss, footnotes, "quotation stance, Fleiss"),
            fmt(q.alpha, footnotes, "quotation stance, alpha"),
        ]
    )
    out += render_table(rows, bidi=bidi)
    labels = sorted({str(c) for r in report.multi_unitizing.values() for c in r.per_category})
    rows = [["u-alpha", "all labels", *labels]]
    for kind, result in report.multi_unitizing.items():
        cells = [kind, fmt(result.alpha, footnotes, f"u-alpha {kind}")]
        for label in labels:
            coef = result.per_category.get(label)
            cells.append("" if coef is None else fmt(coef, footnotes, f"u-alpha {kind} {label}"))
        rows.append(cells)
    return out + [""] + render_table(rows, bidi=bidi)


def _worst_documents_section(report: AgreementReport, bidi: bool) -> list[str]:
    worst = report.worst_documents(LIST_LIMIT // 2)
    if not worst:
        return []
    rows = [["document", "pair", "overlap F1", "exact F1"]]
    rows += [[d.document, f"{d.a} / {d.b}", _num(d.entity_overlap.f1), _num(d.entity_exact.f1)] for d in worst]
    return ["", "Documents with the lowest entity overlap F1", *render_table(rows, bidi=bidi)]


def _disagreements_section(report: AgreementReport, bidi: bool) -> list[str]:
    """How many disagreements, and the first LIST_LIMIT of them."""
    shown = report.disagreements[:LIST_LIMIT]
    more = len(shown) < len(report.disagreements)
    out = [
        "",
        f"Disagreements: {len(report.disagreements)}"
        + (f" (the first {len(shown)}; --json or --html lists them all)" if more else ""),
    ]
    if shown:
        rows = [["document", "layer", "what", "target", "a", "label", "at", "b", "label", "at"]]
        for d in shown:
            rows.append(
                [
                    d.document,
                    d.layer,
                    d.what,
                    d.target or "",
                    d.a,
                    d.label("a"),
                    d.offsets("a"),
                    d.b,
                    d.label("b"),
                    d.offsets("b"),
                ]
            )
        out += render_table(rows, bidi=bidi)
    return out


def confusion_rows(pair: PairReport) -> list[list[str]]:
    labels = sorted({x for x, _ in pair.confusion} | {y for _, y in pair.confusion}, key=lambda s: (s == NONE, s))
    rows = [["", *labels]]
    for x in labels:
        rows.append([x, *(str(pair.confusion.get((x, y), 0)) for y in labels)])
    return rows


def _f1_cell(overlap: MatchCounts, exact: MatchCounts) -> str:
    if overlap.f1 is None:
        return "-"
    return f"{overlap.f1:.3f} ({_num(exact.f1)})"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"
