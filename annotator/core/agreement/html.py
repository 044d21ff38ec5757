"""The agreement report as one self-contained HTML file: the figures as tables, and three charts as inline
SVG (the pairs matrix, per-label F1 bars, the label confusion of each pair).

The charts are SVG we write ourselves rather than matplotlib pictures: a browser shapes and orders
Arabic in SVG text by itself (matplotlib does not, and would need reshaped, reordered strings), the
file stays small and text in it stays searchable and copyable. Text goes in in logical order.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..files import read_head
from .coefficients import Coefficient
from .results import AgreementReport, PairReport
from .table import LIST_LIMIT, confusion_rows, pair_rows

DISAGREEMENTS_LISTED = 2000  # the HTML lists this many; --json has every one
GENERATOR = "annotator agreement"
FONT = "'Noto Naskh Arabic', 'Amiri', 'Noto Sans', 'DejaVu Sans', sans-serif"


def is_report(path: str | Path) -> bool:
    """Whether a file is an agreement report we wrote (so --html may replace it, and nothing else)."""
    data = read_head(path, 400)
    if data is None:
        return False
    head = data.decode("utf-8", "ignore")
    return head.startswith("<!DOCTYPE html>") and f'content="{GENERATOR}"' in head


def _colour(value: float | None) -> str:
    """White (0 or less) to green (1); grey where undefined."""
    if value is None:
        return "#dddddd"
    v = max(0.0, min(1.0, value))
    return f"rgb({int(255 - 155 * v)},{int(255 - 55 * v)},{int(255 - 155 * v)})"


def _text(x: float, y: float, content: str, *, anchor: str = "middle", size: int = 13, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{weight} '
        f'dominant-baseline="middle">{escape(content)}</text>'
    )


def pairs_matrix_svg(report: AgreementReport) -> str:
    """Annotator x annotator grid of entity overlap F1."""
    names = report.annotators
    cell, left, top = 80, 120, 40
    size = len(names) * cell
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{left + size + 10}" '
        f'height="{top + size + 10}" font-family="{FONT}" class="chart" id="pairs-matrix">',
        "<title>Entity overlap F1 per pair of annotators</title>",
    ]
    for i, name in enumerate(names):
        parts.append(_text(left + i * cell + cell / 2, top / 2, name, bold=True))
        parts.append(_text(left - 8, top + i * cell + cell / 2, name, anchor="end", bold=True))
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            x, y = left + j * cell, top + i * cell
            value: float | None
            if a == b:
                value, label = 1.0, "—"
            else:
                value = report.pair(a, b).entity.overlap.f1
                label = "n/a" if value is None else f"{value:.3f}"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{_colour(value)}" stroke="#888"/>'
            )
            parts.append(_text(x + cell / 2, y + cell / 2, label))
    parts.append("</svg>")
    return "\n".join(parts)


def label_bars_svg(report: AgreementReport) -> str:
    """Per entity label, one bar per pair: overlap F1."""
    labels = sorted({label for p in report.pairs for label in p.entity.per_label})
    pairs = report.pairs
    bar, gap, left, top, chart_width = 16, 10, 130, 30, 400
    group = len(pairs) * bar + gap
    height = top + len(labels) * group + 30
    palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{left + chart_width + 160}" '
        f'height="{height}" font-family="{FONT}" class="chart" id="label-f1">',
        "<title>Overlap F1 per entity label and pair</title>",
    ]
    for k in range(0, 11, 2):
        x = left + chart_width * k / 10
        parts.append(f'<line x1="{x}" y1="{top - 5}" x2="{x}" y2="{height - 25}" stroke="#ddd"/>')
        parts.append(_text(x, height - 12, f"{k / 10:.1f}", size=11))
    for i, label in enumerate(labels):
        y0 = top + i * group
        parts.append(_text(left - 8, y0 + len(pairs) * bar / 2, label, anchor="end", bold=True))
        for j, pair in enumerate(pairs):
            counts = pair.entity.per_label.get(label)
            value = counts[1].f1 if counts else None
            y = y0 + j * bar
            colour = palette[j % len(palette)]
            if value is None:
                parts.append(_text(left + 4, y + bar / 2, "n/a", anchor="start", size=11))
            else:
                parts.append(
                    f'<rect x="{left}" y="{y + 1}" width="{chart_width * max(value, 0):.1f}" '
                    f'height="{bar - 2}" fill="{colour}"/>'
                )
                parts.append(
                    _text(left + chart_width * max(value, 0) + 4, y + bar / 2, f"{value:.3f}", anchor="start", size=11)
                )
    for j, pair in enumerate(pairs):
        y = top + j * 18
        parts.append(
            f'<rect x="{left + chart_width + 60}" y="{y}" width="12" height="12" fill="{palette[j % len(palette)]}"/>'
        )
        parts.append(_text(left + chart_width + 78, y + 6, f"{pair.a} / {pair.b}", anchor="start", size=12))
    parts.append("</svg>")
    return "\n".join(parts)


def confusion_svg(pair: PairReport) -> str:
    rows = confusion_rows(pair)
    labels = rows[0][1:]
    cell, left, top = 58, 120, 90
    peak = max((pair.confusion.get((x, y), 0) for x in labels for y in labels), default=0) or 1
    size = len(labels) * cell
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{left + size + 10}" '
        f'height="{top + size + 10}" font-family="{FONT}" class="chart confusion">',
        f"<title>Label confusion {escape(pair.a)} / {escape(pair.b)}</title>",
        _text(left + size / 2, 14, f"{pair.b} →", bold=True),
        _text(12, top + size / 2, f"{pair.a} ↓", anchor="start", bold=True),
    ]
    for j, label in enumerate(labels):
        parts.append(_text(left + j * cell + cell / 2, top - 20, label, size=12, bold=True))
    for i, x_label in enumerate(labels):
        parts.append(_text(left - 8, top + i * cell + cell / 2, x_label, anchor="end", size=12, bold=True))
        for j, y_label in enumerate(labels):
            n = pair.confusion.get((x_label, y_label), 0)
            shade = n / peak
            fill = f"rgb({int(255 - 200 * shade)},{int(255 - 130 * shade)},255)" if n else "#fafafa"
            x, y = left + j * cell, top + i * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="#ccc"/>')
            if n:
                parts.append(_text(x + cell / 2, y + cell / 2, str(n), size=11))
    parts.append("</svg>")
    return "\n".join(parts)


def _table(rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f'<td dir="auto">{escape(c)}</td>' for c in row) + "</tr>" for row in rows[1:])
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(coef: Coefficient) -> str:
    if coef.value is None:
        return f"n/a (n={coef.items}): {coef.reason}"
    return f"{coef.value:.3f} (n={coef.items})"


def report_html(report: AgreementReport, title: str = "Agreement") -> str:
    pairs = report.pairs
    per_pair = [pair_rows(p) for p in pairs]
    figures = [["", *(f"{p.a} / {p.b}" for p in pairs)]]
    figures += [[name, *(_cell(values[i][1]) for values in per_pair)] for i, (name, _) in enumerate(per_pair[0])]
    multi = [["", "Fleiss' kappa", "Krippendorff's alpha"]]
    multi += [
        [f"document {task}", _cell(m.fleiss), _cell(m.alpha)] for task, m in sorted(report.multi_doc_labels.items())
    ]
    multi.append(
        ["quotation stance", _cell(report.multi_quotation_stance.fleiss), _cell(report.multi_quotation_stance.alpha)]
    )
    ualpha = [["layer", "label", "u-alpha"]]
    for kind, result in report.multi_unitizing.items():
        ualpha.append([kind, "all", _cell(result.alpha)])
        ualpha += [[kind, str(c), _cell(coef)] for c, coef in sorted(result.per_category.items(), key=str)]
    worst = report.worst_documents(LIST_LIMIT * 5)
    documents = [["document", "pair", "entity overlap F1", "entity exact F1"]]
    documents += [
        [
            d.document,
            f"{d.a} / {d.b}",
            f"{d.entity_overlap.f1:.3f}",
            "-" if d.entity_exact.f1 is None else f"{d.entity_exact.f1:.3f}",
        ]
        for d in worst
    ]
    listed = report.disagreements[:DISAGREEMENTS_LISTED]
    disagreements = [["document", "start", "end", "layer", "what", "target", "a", "label", "at", "b", "label", "at"]]
    disagreements += [
        [
            d.document,
            "" if d.start is None else str(d.start),
            "" if d.end is None else str(d.end),
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
        for d in listed
    ]
    confusions = "".join(f"<h3>{escape(p.a)} / {escape(p.b)}</h3>{confusion_svg(p)}" for p in pairs)
    more = (
        f"<p>The first {len(listed)} of {len(report.disagreements)}; "
        "<code>annotator agreement --json</code> lists every one.</p>"
        if len(listed) < len(report.disagreements)
        else ""
    )
    notes = "".join(f"<p class=note>{escape(n)}</p>" for n in report.notes)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="generator" content="{GENERATOR}"><title>{escape(title)}</title>
<style>
body {{ font-family: {FONT}; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: 3px 8px; text-align: start; }}
td:not(:first-child) {{ font-variant-numeric: tabular-nums; }}
.chart {{ display: block; margin: 1em 0; }}
</style></head>
<body>
<h1>{escape(title)}</h1>
<p>{len(report.annotators)} annotators ({escape(", ".join(report.annotators))}), {report.documents} documents,
{report.complete_documents} worked on by every one of them.</p>
<h2>Pairs</h2>
{pairs_matrix_svg(report)}
{_table(figures, "figures")}
<h2>Entity labels: overlap F1</h2>
{label_bars_svg(report)}
<h2>All annotators</h2>
{_table(multi, "multi")}
{_table(ualpha, "unitizing")}
<h2>Label confusion (spans paired by overlap)</h2>
{confusions}
<h2>Documents with the lowest entity overlap F1</h2>
{_table(documents, "documents")}
<h2>Disagreements ({len(report.disagreements)})</h2>
{more}
{_table(disagreements, "disagreements")}
{notes}
</body></html>
"""
