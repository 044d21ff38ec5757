"""The domain's names and defaults are spelled in core/domain.py only, so they stay in one place."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from annotator.core import domain

PACKAGE = Path(domain.__file__).resolve().parents[1]
NAMES = {domain.SPEAKER_RELATION, domain.CUE_RELATION, domain.QUOTE_LABEL, domain.STANCE_TASK, *domain.QUOTE_KINDS}
COLOURS = {
    c.lower()
    for c in (
        *domain.ENTITY_COLOURS.values(),
        domain.QUOTE_COLOUR,
        domain.CUE_COLOUR,
        domain.UNKNOWN_COLOUR,
        *domain.SPARE_COLOURS,
    )
}
# Strings that look like a domain name but name something else, each with why.
ALLOWED = {("core/formats/registry.py", "stance"): "the stance table's format name, a CLI contract"}


def _translates(func: ast.expr) -> bool:
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in ("tr", "translate", "QT_TRANSLATE_NOOP")


def spelled(package: Path = PACKAGE) -> Counter[tuple[str, str]]:
    """(module, literal) -> how often a domain name, the key pool or a default colour is spelled as a
    string literal outside domain.py."""
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted(package.rglob("*.py")):
        module = path.relative_to(package).as_posix()
        if module == "core/domain.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # English shown to the user and handed to translators (tr("direct")) is display text, not the value
        shown = {
            id(arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _translates(node.func)
            for arg in node.args
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in shown:
                continue
            value = node.value
            hits = [value] if value in NAMES else []
            hits += [domain.LABEL_KEYS] if domain.LABEL_KEYS in value else []
            hits += [c for c in COLOURS if c in value.lower()]
            found.update((module, hit) for hit in hits if (module, hit) not in ALLOWED)
    return found


def test_domain_names_and_defaults_are_spelled_only_in_domain_py():
    assert dict(spelled()) == {}


def test_the_scan_finds_a_spelled_name(tmp_path):
    (tmp_path / "gui").mkdir()
    (tmp_path / "gui" / "panel.py").write_text(
        'RELATION = "SPEAKER"\nKEYS = "123456789"\n'
        'STYLE = "color: #E0533D"\n"""stance in a docstring"""\n'
        'SHOWN = QT_TRANSLATE_NOOP("Terms", "direct")\nKIND = "direct"\n'
    )
    assert spelled(tmp_path) == {
        ("gui/panel.py", "SPEAKER"): 1,
        ("gui/panel.py", "123456789"): 1,
        ("gui/panel.py", "#e0533d"): 1,
        ("gui/panel.py", "direct"): 1,
    }


def test_the_schema_answers_a_labels_category():
    from annotator.core.model import CUE, ENTITY, QUOTATION, default_schema

    schema = default_schema()
    assert [schema.category_of(name) for name in ("PER", domain.QUOTE_LABEL, domain.CUE_LABEL, "NEW")] == [
        ENTITY,
        QUOTATION,
        CUE,
        ENTITY,
    ]  # a label it does not know is handled as an entity
