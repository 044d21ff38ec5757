"""Figures of the annotation workspace on a big article (prints them; not a test).

    python benchmarks/bench_gui.py [--chars 1000000] [--paragraph-chars 600] [--entities 20000] [--quotes 2000]
                                   [--runs 20] [--json]

A 1,000,000-character article with 20,000 entity spans and 2,000 quotations (each with a cue and a CUE
relation): open to first paint, adding and deleting a span (core commit + view update, and the view update
alone), a page scroll, undo and redo of an added span (Ctrl+Z, Ctrl+Shift+Z: the window's own actions, to
the highlights repainted), a jump to the end or the start (Ctrl+End, Ctrl+Home: to the new place's
highlights painted), resident memory. The same add/delete on a small article is the baseline measured in
the same run. `--paragraph-chars` is the paragraph length; `--paragraph-chars` equal to `--chars` makes the
article one paragraph without a line break (what many scraped sources look like).
Targets (issues 4, 11 and 24): first paint <= 1 s, add/delete <= 30 ms median, page scroll <= 50 ms, undo,
redo and jump one frame (16 ms; 50 ms at worst), resident memory <= 500 MB, on 600-character paragraphs and
on one paragraph alike.

With --json the last line is one object: open_ms (median, to first paint), add_ms and delete_ms (medians,
commit + view update), scroll_ms (median page scroll, repainted), undo_ms and redo_ms (medians, key to
repainted), jump_ms and jump_home_ms (medians of Ctrl+End from the top and of Ctrl+Home back, key to the
frame showing the new place's highlights), rss_mb (resident memory after the runs).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject, QSettings  # noqa: E402

from annotator.core.model import AnnotatedDocument, Layer, RelationRecord, SpanRecord  # noqa: E402
from annotator.core.project import Project  # noqa: E402

WORDS = (
    "قال",
    "الرئيس",
    "بايدن",
    "إن",
    "الولايات",
    "المتحدة",
    "لن",
    "تستخدم",
    "الفيتو",
    "في",
    "مجلس",
    "الأمن",
    "وأضاف",
    "نتنياهو",
    "أن",
    "الوفد",
    "يسافر",
    "لواشنطن",
    "هذا",
    "الأسبوع",
    "رفح",
    "غزة",
    "😀",
    "CNN",
    "28",
)
ENTITY_LABELS = ("PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "MISC")


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory in MB, from /proc."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            key, amount = line.split(":")
            values[key] = int(amount.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def make_article(chars: int, rng: random.Random, paragraph_chars: int = 600) -> tuple[str, list[tuple[int, int]]]:
    """Paragraphs of ~paragraph_chars characters; returns the text and the (start, end) of every word."""
    parts, words, pos, para = [], [], 0, 0
    while pos < chars:
        word = rng.choice(WORDS)
        sep = "\n" if para > paragraph_chars else " "
        para = 0 if sep == "\n" else para + len(word) + 1
        words.append((pos, pos + len(word)))
        parts.append(word + sep)
        pos += len(word) + 1
    text = "".join(parts)[:chars]
    return text, [(s, e) for s, e in words if e <= len(text)]


def build(path: Path, chars: int, n_entities: int, n_quotes: int, seed: int = 1, paragraph_chars: int = 600) -> str:
    rng = random.Random(seed)
    text, words = make_article(chars, rng, paragraph_chars)
    step = max(1, len(words) // (n_entities + 1))
    spans = [SpanRecord(f"T{i}", *words[i * step], rng.choice(ENTITY_LABELS)) for i in range(n_entities)]
    relations = []
    qstep = max(12, len(words) // (n_quotes + 1))
    for k in range(n_quotes):
        first = k * qstep + 2
        if first + 9 >= len(words):
            break
        spans.append(SpanRecord(f"Q{k}", words[first][0], words[first + 8][1], "QUOTE", {"kind": "direct"}))
        spans.append(SpanRecord(f"C{k}", *words[first - 1], "CUE"))
        relations.append(RelationRecord("CUE", f"Q{k}", f"C{k}"))
    with Project(path) as project:
        project.import_documents(
            [
                AnnotatedDocument("big", text, layers=[Layer("A", spans, relations)]),
                AnnotatedDocument(
                    "small",
                    text[:4000],
                    layers=[
                        Layer("A", [s for s in spans if s.end <= 4000 and s.label != "QUOTE" and s.label != "CUE"])
                    ],
                ),
            ]
        )
    return text


class PaintWatch(QObject):
    def __init__(self):
        super().__init__()
        self.painted = False

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def open_to_first_paint(app, path: Path, name: str):
    from annotator.gui.main_window import MainWindow

    window = MainWindow(ask_second=lambda *a: sys.exit("bench_gui: another window holds the project"))
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    from annotator.gui import settings as prefs

    # As a linguist reopens a project: its last document comes up (loaded once, not once more by name).
    prefs.set_value(f"last_document/{path.resolve()}", name)
    t0 = time.perf_counter()
    window.open_project(path)
    if window.session.document.name != name:
        window.session.open_name(name)
    watch = PaintWatch()
    window.workspace.view.viewport().installEventFilter(watch)
    while not watch.painted:
        app.processEvents()
    return time.perf_counter() - t0, window


def time_add_delete(app, window, runs: int) -> dict[str, float]:
    """Median ms: add a span (core + view), delete it (core + view), and the view update alone."""
    session, view = window.session, window.workspace.view
    text = session.document.text
    start_u, end_u = view.visible_range()
    lo, hi = session.offsets.span_to_cp(start_u, end_u)
    free = [
        i
        for i in range(lo, min(hi, lo + 3000) - 8)
        if text[i - 1] == " " and not session.layer.spans_at(i) and text[i : i + 3].strip() == text[i : i + 3]
    ]
    add_ms, delete_ms, view_ms = [], [], []
    for k in range(runs):
        s = free[(k * 7) % len(free)]
        e = s + 3
        t0 = time.perf_counter()
        span = session.span_ops.add(session.document_id, s, e, "MISC")
        view.viewport().repaint()
        add_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        view.refresh_highlights()
        view.viewport().repaint()
        view_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        session.span_ops.delete(span.id)
        view.viewport().repaint()
        delete_ms.append((time.perf_counter() - t0) * 1000)
        app.processEvents()
    panels_ms = []
    for _ in range(3):
        t0 = time.perf_counter()
        window.workspace.entities.rebuild()
        window.workspace.quotations.rebuild()
        panels_ms.append((time.perf_counter() - t0) * 1000)
    return {
        "add": statistics.median(add_ms),
        "delete": statistics.median(delete_ms),
        "view": statistics.median(view_ms),
        "panels": statistics.median(panels_ms),
    }


def settle(app, view) -> None:
    """Run what the last key queued (zero-delay timers: the highlights' refresh, the undo state) and the paint
    of the frame that shows it; the article is repainted here if nothing painted it."""
    watch = PaintWatch()
    view.viewport().installEventFilter(watch)
    for _ in range(3):
        app.processEvents()
    view.viewport().removeEventFilter(watch)
    if not watch.painted:
        view.viewport().repaint()


def highlights_shown(view) -> bool:
    """Whether the article's highlights are those of the spans on screen now (no stale ones, none missing)."""
    lo, hi = view.visible_range()
    shown = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()}
    return shown == {view.offsets.span_to_utf16(s.start, s.end) for s in view.visible_spans()} and all(
        end > lo and start < hi for start, end in shown
    )


def until_shown(app, view, t0: float) -> float:
    """ms from t0 to the end of the frame that shows the highlights of what is on screen (events run and
    painted until they are; the check itself is not counted)."""
    while True:
        settle(app, view)
        t = time.perf_counter()
        if highlights_shown(view) or t - t0 > 10:
            return (t - t0) * 1000
        time.sleep(0.001)


def time_undo_redo(app, window, runs: int) -> dict[str, float]:
    """Median ms of Ctrl+Z (undo an added span) and Ctrl+Shift+Z (redo it), key press to highlights repainted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    session, view = window.session, window.workspace.view
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    text = session.document.text
    lo, hi = session.offsets.span_to_cp(*view.visible_range())
    free = [
        i
        for i in range(lo, min(hi, lo + 3000) - 8)
        if text[i - 1] == " " and not session.layer.spans_at(i) and text[i : i + 3].strip() == text[i : i + 3]
    ]
    undo_ms, redo_ms = [], []
    for k in range(runs):
        s = free[(k * 7) % len(free)]
        span = session.span_ops.add(session.document_id, s, s + 3, "MISC")
        settle(app, view)
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Z, ctrl)
        undo_ms.append(until_shown(app, view, t0))
        assert session.layer.span(span.id) is None, "Ctrl+Z did not undo"
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Z, ctrl | shift)
        redo_ms.append(until_shown(app, view, t0))
        assert session.layer.span(span.id) is not None, "Ctrl+Shift+Z did not redo"
        session.span_ops.delete(span.id)
        settle(app, view)
    return {"undo": statistics.median(undo_ms), "redo": statistics.median(redo_ms)}


def time_jump(app, window, runs: int) -> dict[str, float]:
    """Median ms of Ctrl+End (from the top) and of Ctrl+Home (back), key press to the frame that shows the new
    place's highlights."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = window.workspace.view
    times: dict[str, list[float]] = {"end": [], "home": []}
    for k in range(2 * runs):
        key = Qt.Key.Key_End if k % 2 == 0 else Qt.Key.Key_Home
        t0 = time.perf_counter()
        QTest.keyClick(view, key, Qt.KeyboardModifier.ControlModifier)
        times["end" if key == Qt.Key.Key_End else "home"].append(until_shown(app, view, t0))
        lo, hi = view.visible_range()
        assert (hi >= view.document().characterCount() - 1) if key == Qt.Key.Key_End else lo == 0, "no jump"
    return {what: statistics.median(ms) for what, ms in times.items()}


def time_page_scroll(app, window, runs: int) -> float:
    """Median ms of one page down in the article, to the frame that shows its highlights."""
    view = window.workspace.view
    bar = view.verticalScrollBar()
    times = []
    for _ in range(runs):
        if bar.value() >= bar.maximum():
            bar.setValue(0)
            app.processEvents()
        t0 = time.perf_counter()
        bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
        times.append(until_shown(app, view, t0))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--quotes", type=int, default=2_000)
    parser.add_argument(
        "--paragraph-chars",
        type=int,
        default=600,
        help="paragraph length (equal to --chars: one paragraph without a line break)",
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from annotator.gui import settings as prefs
        from annotator.gui.app import application

        app = application()
        prefs.set_annotator_name("A")
        path = Path(tmp) / "big.annotator"
        t0 = time.perf_counter()
        build(path, args.chars, args.entities, args.quotes, paragraph_chars=args.paragraph_chars)
        print(
            f"built the project in {time.perf_counter() - t0:.1f} s "
            f"({args.chars:,} characters, {args.entities:,} entities, {args.quotes:,} quotations)"
        )
        rss_before = rss_mb()[0]
        opens = []
        window = None
        for _ in range(3):
            if window is not None:
                window.close_project()
                window.close()
                window.deleteLater()
                app.processEvents()
            seconds, window = open_to_first_paint(app, path, "big")
            opens.append(seconds)
        spans_loaded = len(window.session.layer)
        big = time_add_delete(app, window, args.runs)
        scroll = time_page_scroll(app, window, max(args.runs, 10))
        window.workspace.view.verticalScrollBar().setValue(0)
        settle(app, window.workspace.view)
        undo_redo = time_undo_redo(app, window, args.runs)
        jump = time_jump(app, window, max(args.runs, 10))
        rss_now, rss_peak = rss_mb()
        # One window at a time: a second window of the same annotator would ask (a modal box) whether to
        # open read-only.
        window.close_project()
        _, small_window = open_to_first_paint(app, path, "small")
        small = time_add_delete(app, small_window, args.runs)
        print(
            f"open to first paint:      median {statistics.median(opens) * 1000:7.0f} ms  "
            f"(runs: {', '.join(f'{s * 1000:.0f}' for s in opens)} ms; {spans_loaded:,} spans loaded)  "
            "target <= 1000"
        )
        for what in ("add", "delete", "view", "panels"):
            label = {
                "add": "add a span (core+view)",
                "delete": "delete a span (core+view)",
                "view": "view update alone",
                "panels": "side panels' rebuild",
            }[what]
            ratio = big[what] / small[what] if small[what] else float("nan")
            print(
                f"{label:<26}median {big[what]:7.1f} ms  (small article: {small[what]:.1f} ms; ratio {ratio:.1f}x)"
                + ("  target <= 30" if what in ("add", "delete") else "")
                + ("  (runs once after a pause in labelling, not per key)" if what == "panels" else "")
            )
        print(f"page scroll:              median {scroll:7.1f} ms  target <= 50")
        print(f"undo an add (Ctrl+Z):     median {undo_redo['undo']:7.1f} ms  target <= 16 (50 at worst)")
        print(f"redo it (Ctrl+Shift+Z):   median {undo_redo['redo']:7.1f} ms  target <= 16 (50 at worst)")
        print(
            f"jump to the end (Ctrl+End): median {jump['end']:5.1f} ms  "
            f"(back with Ctrl+Home: {jump['home']:.1f} ms)  target <= 16 (50 at worst)"
        )
        print(
            f"resident memory:          {rss_now:7.0f} MB now, peak {rss_peak:.0f} MB "
            f"(before opening: {rss_before:.0f} MB)  target <= 500"
        )
        if args.json:
            print(
                json.dumps(
                    {
                        "open_ms": round(statistics.median(opens) * 1000, 1),
                        "add_ms": round(big["add"], 2),
                        "delete_ms": round(big["delete"], 2),
                        "scroll_ms": round(scroll, 2),
                        "undo_ms": round(undo_redo["undo"], 2),
                        "redo_ms": round(undo_redo["redo"], 2),
                        "jump_ms": round(jump["end"], 2),
                        "jump_home_ms": round(jump["home"], 2),
                        "rss_mb": round(rss_now, 1),
                        "rss_peak_mb": round(rss_peak, 1),
                        "chars": args.chars,
                        "paragraph_chars": args.paragraph_chars,
                        "spans": spans_loaded,
                    }
                )
            )
        small_window.close_project()
    return 0


if __name__ == "__main__":
    sys.exit(main())
