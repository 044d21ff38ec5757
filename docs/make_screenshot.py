"""Draw the README's screenshot: the demo project with a few annotations, in the main window (offscreen).

    python docs/make_screenshot.py [OUT.png]
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.core.demo import build_demo  # noqa: E402


def annotate(project) -> None:
    doc = project.documents.get(project.documents.list()[0].id)
    text = doc.text

    def span(needle, label, attributes=None):
        at = text.index(needle)
        return project.spans.add(doc.id, "A", at, at + len(needle), label, attributes)

    for needle, label in (("إسرائيل", "GPE"), ("الولايات المتحدة", "GPE"), ("رفح", "GPE"), ("واشنطن", "GPE"),
                          ("بنيامين نتنياهو", "PER"), ("الرئيس بايدن", "PER"), ("الأمم المتحدة", "ORG"),
                          ("غزة", "GPE"), ("حماس", "ORG")):
        span(needle, label)
    speaker = project.spans.for_document(doc.id, "A")
    netanyahu = next(s for s in speaker if s.text == "بنيامين نتنياهو")
    quote = span("أنه لن يرسل وفدا رفيع المستوى إلى واشنطن", "QUOTE", {"kind": "indirect"})
    cue_at = text.index("قال رئيس الوزراء")
    cue = project.spans.add(doc.id, "A", cue_at, cue_at + 3, "CUE")
    project.relations.add("SPEAKER", quote.id, netanyahu.id, exclusive=True)
    project.relations.add("CUE", quote.id, cue.id)
    project.doc_labels.set(doc.id, "A", "stance", "إسرائيل", "NEUTRAL")


def main(out: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        path = Path(tmp) / "demo.annotator"
        with build_demo(path) as project:
            annotate(project)
        from annotator.gui import settings as prefs
        from annotator.gui.app import application
        from annotator.gui.main_window import MainWindow
        app = application()
        prefs.set_annotator_name("A")
        window = MainWindow(ask_name=lambda *a: "A")
        window.open_project(path)
        window.resize(1400, 820)
        window.show()
        for _ in range(5):
            QApplication.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.close_project()
        window.close()
        del app
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("screenshot.png"))
