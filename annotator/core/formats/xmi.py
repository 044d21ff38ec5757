"""UIMA CAS XMI (INCEpTION, DKPro) through dkpro-cassis: a folder with `TypeSystem.xml` and one `.xmi` per
document, the layout of INCEpTION's "UIMA CAS XMI (XML 1.0)" export.

Types (INCEpTION's Layers > Import reads them from TypeSystem.xml as layers):
- entities: de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity, label in `value` (INCEpTION's
  built-in Named Entity layer);
- quotation labels: webanno.custom.Quotation, a span layer with `label`, `kind`, `stance`, `target`,
  `attributes` (JSON of any others) and two link (slot) features: `speaker` (role SPEAKER, target a
  NamedEntity) and `cue` (role CUE, target a webanno.custom.Cue). INCEpTION relation layers need both
  ends in one layer, and a speaker is an entity while the quote is not, so relations travel as links;
- cue labels: webanno.custom.Cue (`label`); any other label: webanno.custom.Span (`label`);
- per document: DocumentMetaData (documentTitle = the document's name), webanno.custom.DocumentLabel
  (`task`, `target`, `value`: stance) and webanno.custom.AnnotatorLayer (`annotator`, `status`, `meta`).

In INCEpTION: import the layers from TypeSystem.xml (Project settings > Layers > Import) before the
documents; the entity labels go into its built-in Named Entity layer. DocumentLabel and AnnotatorLayer
are not annotation types, so INCEpTION skips them unless the project has document-metadata layers of
those names: the document stances travel in the XMI for this tool and for DKPro pipelines.

Offsets: UIMA counts UTF-16 units; cassis converts them to and from code points (an emoji before a span
shifts UIMA offsets by one more than ours; tested). An offset between the two units of such a character
points inside it: refused with the offset (cassis would keep the number unconverted, shifting the span).
Tokens and sentences are not written: INCEpTION adds its own on import when a document has none.

One layer per document (INCEpTION keeps one CAS per annotator): several annotators are refused
(choose --annotator or --gold). Not representable, and counted: relations other than SPEAKER to an
entity and CUE to a cue, and attributes of entities.

Import reads such a folder, or one .xmi with TypeSystem.xml beside it (our own type system when there
is none). Every XML file is first parsed by a hardened lxml parser (no DTD, no entities, no network),
whatever its encoding declaration says; one with a DOCTYPE or entity declarations is refused before
cassis sees it: XMI never needs them, and they are how external-entity and entity-expansion attacks work.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain import (
    CUE_LABEL,
    CUE_RELATION,
    KIND_ATTRIBUTE,
    QUOTE_LABEL,
    SPEAKER_RELATION,
    STANCE_ATTRIBUTE,
    STANCE_TASK,
    TARGET_ATTRIBUTE,
)
from ..errors import InputError
from ..files import atomic_folder
from ..intake_policy import is_folder, list_folder, parse_json, read_bytes
from ..model import CUE, ENTITY, QUOTATION, AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, Schema, SpanRecord
from .common import ExportResult, OneLayer, StemMaker
from .splits import ExportOptions
from .workers import in_chunks

if TYPE_CHECKING:  # cassis and lxml ship no types: these are Any to the checker, named for the reader
    from cassis import Cas, TypeSystem
    from cassis.typesystem import FeatureStructure
    from lxml.etree import DocInfo, XMLParser, _ElementTree

T = TypeVar("T")

NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
DMD = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
QUOTE_T = "webanno.custom.Quotation"
CUE_T = "webanno.custom.Cue"
SPAN_T = "webanno.custom.Span"
SPEAKER_LINK = "webanno.custom.QuotationSpeakerLink"
CUE_LINK = "webanno.custom.QuotationCueLink"
DOC_LABEL = "webanno.custom.DocumentLabel"
LAYER_INFO = "webanno.custom.AnnotatorLayer"
STRING = "uima.cas.String"
QUOTE_FEATURES = (KIND_ATTRIBUTE, STANCE_ATTRIBUTE, TARGET_ATTRIBUTE)


def type_system() -> TypeSystem:
    """The type system every export writes (and imports fall back to)."""
    from cassis import TypeSystem

    ts = TypeSystem()
    dmd = ts.create_type(DMD, "uima.tcas.DocumentAnnotation")
    for name in ("documentTitle", "documentId", "documentUri", "collectionId", "documentBaseUri"):
        ts.create_feature(dmd, name, STRING)
    ts.create_feature(dmd, "isLastSegment", "uima.cas.Boolean")
    ne = ts.create_type(NE, "uima.tcas.Annotation")
    ts.create_feature(ne, "value", STRING)
    ts.create_feature(ne, "identifier", STRING)
    cue = ts.create_type(CUE_T, "uima.tcas.Annotation", description="The reporting verb or phrase of a quotation")
    ts.create_feature(cue, "label", STRING)
    span = ts.create_type(
        SPAN_T, "uima.tcas.Annotation", description="A span whose label is neither entity nor quotation"
    )
    ts.create_feature(span, "label", STRING)
    ts.create_feature(span, "attributes", STRING, description="other attributes, JSON")
    links = {}
    for link_name, target in ((SPEAKER_LINK, NE), (CUE_LINK, CUE_T)):
        links[link_name] = ts.create_type(link_name, "uima.cas.TOP")
        ts.create_feature(links[link_name], "role", STRING)
        ts.create_feature(links[link_name], "target", target)
    quote = ts.create_type(QUOTE_T, "uima.tcas.Annotation", description="A quotation: what was said")
    for name in ("label", *QUOTE_FEATURES):
        ts.create_feature(quote, name, STRING)
    ts.create_feature(quote, "attributes", STRING, description="other attributes, JSON")
    # link (slot) features exactly as INCEpTION declares them (LinkFeatureSupport): an FSArray of link
    # structures that is not shared, so it is written inline; a shared one would read as an array in an array
    ts.create_feature(quote, "speaker", "uima.cas.FSArray", elementType=SPEAKER_LINK, multipleReferencesAllowed=False)
    ts.create_feature(quote, "cue", "uima.cas.FSArray", elementType=CUE_LINK, multipleReferencesAllowed=False)
    label = ts.create_type(DOC_LABEL, "uima.cas.AnnotationBase", description="A document label, e.g. a stance")
    for name in ("task", "target", "value"):
        ts.create_feature(label, name, STRING)
    info = ts.create_type(LAYER_INFO, "uima.cas.AnnotationBase", description="Whose annotations these are")
    for name in ("annotator", "status", "meta"):
        ts.create_feature(info, name, STRING)
    return ts


def layer_to_cas(ts: TypeSystem, doc: AnnotatedDocument, layer: Layer, schema: Schema, doc_id: str) -> tuple[Cas, int]:
    """A CAS of one document's layer; returns it and how many things it could not hold."""
    from cassis import Cas

    # one document annotation only, the DocumentMetaData (INCEpTION's import refuses a CAS with two, and
    # cassis adds a plain DocumentAnnotation when given a document language): the language goes on it
    cas = Cas(typesystem=ts, sofa_string=doc.text)
    cas.add(ts.get_type(DMD)(begin=0, end=len(doc.text), language="ar", documentTitle=doc.name, documentId=doc_id))
    made: dict[str, Any] = {}
    lost = 0
    categories = {lab.name: lab.category for lab in schema.labels}
    for span in layer.spans:
        category = categories.get(span.label)
        if category == ENTITY:
            fs = ts.get_type(NE)(begin=span.start, end=span.end, value=span.label)
            lost += bool(span.attributes)
        elif category == QUOTATION:
            others = {k: v for k, v in span.attributes.items() if k not in QUOTE_FEATURES or not isinstance(v, str)}
            fs = ts.get_type(QUOTE_T)(
                begin=span.start,
                end=span.end,
                label=span.label,
                attributes=json.dumps(others, ensure_ascii=False) if others else None,
                **{k: v for k, v in span.attributes.items() if k in QUOTE_FEATURES and isinstance(v, str)},
            )
        elif category == CUE:
            fs = ts.get_type(CUE_T)(begin=span.start, end=span.end, label=span.label)
            lost += bool(span.attributes)
        else:
            fs = ts.get_type(SPAN_T)(
                begin=span.start,
                end=span.end,
                label=span.label,
                attributes=json.dumps(span.attributes, ensure_ascii=False) if span.attributes else None,
            )
        made[span.id] = fs
        cas.add(fs)
    links: dict[tuple[str, str], list[FeatureStructure]] = {}
    for rel in layer.relations:
        source, target = made[rel.source], made[rel.target]
        wanted = {SPEAKER_RELATION: NE, CUE_RELATION: CUE_T}.get(rel.type)
        if source.type.name != QUOTE_T or target.type.name != wanted:
            lost += 1
            continue
        link_type = ts.get_type(SPEAKER_LINK if rel.type == SPEAKER_RELATION else CUE_LINK)
        links.setdefault((rel.source, rel.type.lower()), []).append(link_type(role=rel.type, target=target))
    fs_array = ts.get_type("uima.cas.FSArray")
    for (source_id, feature), items in links.items():
        made[source_id].set(feature, fs_array(elements=items))
    for d in layer.doc_labels:
        cas.add(ts.get_type(DOC_LABEL)(task=d.task, target=d.target, value=d.value))
    cas.add(
        ts.get_type(LAYER_INFO)(
            annotator=layer.annotator or None, status=layer.status, meta=json.dumps(doc.meta, ensure_ascii=False)
        )
    )
    return cas, lost


def _write_documents(folder: Path, schema: Schema, items: list[tuple[AnnotatedDocument, Layer, str]]) -> int:
    """Write one .xmi per (document, layer, stem) into folder; returns how many things were left out."""
    ts = type_system()
    lost = 0
    for doc, layer, stem in items:
        cas, n_lost = layer_to_cas(ts, doc, layer, schema, stem)
        cas.to_xmi(folder / f"{stem}.xmi")
        lost += n_lost
    return lost


def write(
    documents: Iterable[AnnotatedDocument], schema: Schema, out: Path, *, options: ExportOptions | None = None
) -> ExportResult:
    """Write the folder atomically (no options apply). Serialising a CAS is pure Python
    in cassis (about 2 ms an article), so a large export is spread over worker processes (workers.py)."""
    one = OneLayer("xmi")
    stem = StemMaker()
    counts = {"documents": 0, "spans": 0}

    def items() -> Iterator[tuple[AnnotatedDocument, Layer, str]]:
        for doc, layer in one(documents):
            counts["documents"] += 1
            counts["spans"] += len(layer.spans)
            yield doc, layer, stem(doc.name)

    with atomic_folder(out, "xmi") as tmp:
        (tmp / "TypeSystem.xml").write_text(type_system().to_xml(), encoding="utf-8")
        lost = sum(in_chunks(items(), functools.partial(_write_documents, tmp, schema)))
    notes = one.notes()
    if lost:
        notes.append(
            f"{lost} relations (other than SPEAKER to an entity and CUE to a cue) and attribute sets of "
            "entities or cues have no place in the XMI layers: left out"
        )
    return ExportResult([str(out)], counts["documents"], counts["spans"], notes)


# ---- reading ----------------------------------------------------------------------------------------


def _hardened_parser(recover: bool = False) -> XMLParser:
    from lxml import etree

    # no DTD loaded or validated, no entity substituted, nothing fetched, libxml2's size guards on
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, dtd_validation=False, no_network=True, huge_tree=False, recover=recover
    )


def _refuse_doctype(path: Path, data: bytes, info: DocInfo) -> None:
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise InputError(
            "the XML declares a DOCTYPE or entities; refused (XMI never needs them, and they can "
            "read local files or expand without bound)",
            file=str(path),
            line=_doctype_line(data, info.encoding),
        )


def _doctype_line(data: bytes, encoding: str | None) -> int | None:
    try:
        text = data.decode(encoding or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return None
    found = re.search(r"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _safe_xml(path: Path) -> bytes:
    """The bytes of an XML file that is safe to hand to cassis (see `_checked_xml`)."""
    return _checked_xml(path)[0]


def _checked_xml(path: Path) -> tuple[bytes, _ElementTree]:
    """The bytes of an XML file that is safe to hand to cassis, checked by parsing them once with a
    hardened parser, whatever encoding they declare (UTF-7, UTF-16, UTF-32 included): refused when the
    XML has a DOCTYPE (XMI never needs one, and DTDs are how external-entity and entity-expansion attacks
    work) or is not UTF-8. What cassis then parses is UTF-8 XML without a DTD, in which no entity but the
    five predefined ones can occur."""
    from lxml import etree

    if not path.exists() and not path.is_symlink():
        raise InputError("no such file; an .xmi needs its TypeSystem.xml beside it (or none)", file=str(path))
    data = read_bytes(path)
    try:
        tree = etree.fromstring(data, _hardened_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        try:  # say why a file with a DTD failed (an undefined entity, say): the DTD is the problem
            recovered = etree.fromstring(data, _hardened_parser(recover=True))
        except etree.XMLSyntaxError:
            recovered = None
        if recovered is not None:
            _refuse_doctype(path, data, recovered.getroottree().docinfo)
        if b"\x00" in data[:4096]:
            raise InputError("not UTF-8 XML (UTF-16, UTF-32 or binary); XMI files are UTF-8", file=str(path)) from None
        raise InputError(
            f"not well-formed XML ({exc.msg}); a truncated file?", file=str(path), line=exc.lineno
        ) from None
    info = tree.docinfo
    _refuse_doctype(path, data, info)
    if (info.encoding or "UTF-8").upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        raise InputError(
            f"the XML is {info.encoding}, not UTF-8; XMI files are UTF-8: save it as UTF-8", file=str(path)
        )
    return data, tree


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each: emoji, flags, rare scripts


def _refuse_split_pairs(tree: _ElementTree, path: Path) -> None:
    """Refuse an annotation whose begin or end (UTF-16 units, as UIMA counts) falls between the two halves
    of a character beyond U+FFFF (an emoji): no code point offset means that, and cassis would keep the
    number unconverted, silently shifting the span."""
    inside: dict[str, set[int]] = {}  # sofa xmi:id -> UTF-16 offsets between the halves of a pair
    for sofa in tree.getroot().iter("{http:///uima/cas.ecore}Sofa"):
        text = sofa.get("sofaString") or ""
        halves = {m.start() + k + 1 for k, m in enumerate(_ASTRAL.finditer(text))}
        if halves:
            inside[sofa.get("{http://www.omg.org/XMI}id", "")] = halves
    if not inside:
        return
    for element in tree.getroot().iter("{*}*"):
        split = inside.get(element.get("sofa", ""))
        if split is None:
            continue
        for name in ("begin", "end"):
            value = element.get(name, "")
            if value.isdigit() and int(value) in split:
                kind = element.tag.rsplit("}", 1)[-1]
                raise InputError(
                    f"a {kind}'s {name} offset {value} falls between the two UTF-16 units of one "
                    "character (an emoji or another character beyond U+FFFF), so it points inside "
                    "that character; UIMA offsets count UTF-16 units: fix the offset in the tool that "
                    "wrote the file",
                    file=str(path),
                    line=element.sourceline,
                )


def _parse(what: str, path: Path, parse: Callable[[], T]) -> T:
    from lxml.etree import XMLSyntaxError

    try:
        return parse()
    except XMLSyntaxError as exc:
        raise InputError(
            f"not well-formed XML ({exc.msg}); a truncated file?", file=str(path), line=exc.lineno
        ) from None
    except InputError:
        raise
    except Exception as exc:  # cassis raises many kinds for content that does not fit the type system
        raise InputError(f"cannot read as {what} ({type(exc).__name__}: {exc})", file=str(path)) from None


def load_type_system(folder: Path) -> TypeSystem:
    from io import BytesIO

    from cassis import load_typesystem, merge_typesystems

    ours = type_system()
    for name in ("TypeSystem.xml", "typesystem.xml"):
        path = folder / name
        if path.exists() or path.is_symlink():
            data = _safe_xml(path)
            theirs = _parse("a UIMA type system", path, functools.partial(load_typesystem, BytesIO(data)))
            return _parse("a UIMA type system", path, functools.partial(merge_typesystems, theirs, ours))
    return ours


def cas_to_document(cas: Cas, file: str, annotator: str | None) -> AnnotatedDocument:
    """A CAS (offsets already code points, cassis converts) as a document with one layer."""
    text = cas.sofa_string or ""
    name, meta, who, status = _document_info(cas, file)
    layer = Layer(annotator or who or "", status=status)
    spans = _SpanReader(text, layer, file)
    quotes = spans.read(cas)
    _read_quotation_links(quotes, spans.ids, layer, file)
    for fs in _select(cas, cas.typesystem, DOC_LABEL):
        layer.doc_labels.append(
            DocLabelRecord(fs.get("task") or STANCE_TASK, fs.get("target") or "", fs.get("value") or "")
        )
    if not layer.annotator and (layer.spans or layer.doc_labels):
        raise InputError("the XMI names no annotator: say whose work it is with --annotator NAME", file=file)
    keep = layer.spans or layer.doc_labels or layer.status
    return AnnotatedDocument(name, text, meta, [layer] if keep else [], source_file=file)


def _document_info(cas: Cas, file: str) -> tuple[str, dict[str, Any], str | None, str | None]:
    """The document's name (its title, else the file's stem), meta, annotator and status, as the CAS says."""
    ts = cas.typesystem
    meta: dict[str, Any] = {}
    name, status, who = Path(file).stem, None, None
    for fs in _select(cas, ts, DMD):
        name = fs.get("documentTitle") or name
    for fs in _select(cas, ts, LAYER_INFO):
        who, status = fs.get("annotator"), fs.get("status")
        meta = _json(fs.get("meta"), dict, file, "AnnotatorLayer.meta") or {}
    return name, meta, who, status


class _SpanReader:
    """The CAS's spans into `layer` (entities, cues, other spans, quotations, in that order), numbered T1, T2,
    ...; `ids` maps each one's xmi:id to its span id, for the quotations' links."""

    def __init__(self, text: str, layer: Layer, file: str) -> None:
        self.text, self.layer, self.file = text, layer, file
        self.ids: dict[int, str] = {}

    def read(self, cas: Cas) -> list[FeatureStructure]:
        """Read the spans; returns the quotations' feature structures."""
        ts, file = cas.typesystem, self.file
        for fs in _select(cas, ts, NE):
            self.add(fs, fs.get("value") or "ENTITY", {})
        for fs in _select(cas, ts, CUE_T):
            self.add(fs, fs.get("label") or CUE_LABEL, {})
        for fs in _select(cas, ts, SPAN_T):
            self.add(fs, fs.get("label") or "SPAN", _json(fs.get("attributes"), dict, file, "Span.attributes") or {})
        quotes = list(_select(cas, ts, QUOTE_T))
        for fs in quotes:
            attrs = {k: fs.get(k) for k in QUOTE_FEATURES if fs.get(k) is not None}
            attrs.update(_json(fs.get("attributes"), dict, file, "Quotation.attributes") or {})
            self.add(fs, fs.get("label") or QUOTE_LABEL, attrs)
        return quotes

    def add(self, fs: FeatureStructure, label: str, attributes: dict[str, Any]) -> str:
        text = self.text
        if not (isinstance(fs.begin, int) and isinstance(fs.end, int) and 0 <= fs.begin < fs.end <= len(text)):
            raise InputError(
                f"a {fs.type.name.rsplit('.', 1)[-1]} at [{fs.begin}, {fs.end}) lies outside the text "
                f"(length {len(text)}) or is empty",
                file=self.file,
            )
        span_id = f"T{len(self.layer.spans) + 1}"
        self.ids[fs.xmiID] = span_id
        self.layer.spans.append(SpanRecord(span_id, fs.begin, fs.end, label, attributes, text[fs.begin : fs.end]))
        return span_id


def _read_quotation_links(quotes: list[FeatureStructure], ids: dict[int, str], layer: Layer, file: str) -> None:
    """Each quotation's speaker and cue links as relations of `layer` (`ids`: xmi:id -> span id)."""
    for fs in quotes:
        for feature, default_role in (("speaker", SPEAKER_RELATION), ("cue", CUE_RELATION)):
            array = fs.get(feature)
            for link in array.elements if array is not None and array.elements else []:
                target = link.get("target")
                if target is None or target.xmiID not in ids:
                    raise InputError(
                        f"a {feature} link of the quotation at [{fs.begin}, {fs.end}) points to no "
                        "span of this document",
                        file=file,
                    )
                layer.relations.append(
                    RelationRecord(link.get("role") or default_role, ids[fs.xmiID], ids[target.xmiID])
                )


def _select(cas: Cas, ts: TypeSystem, type_name: str) -> list[FeatureStructure]:
    if not ts.contains_type(type_name):
        return []
    found: list[FeatureStructure] = cas.select(type_name)
    return found


def _json(value: str | None, kind: type[T], file: str, where: str) -> T | None:
    if value is None:
        return None
    try:
        parsed = parse_json(value, file)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where} is not valid JSON ({exc.msg})", file=file) from None
    if not isinstance(parsed, kind):
        raise InputError(f"{where} must be a JSON {kind.__name__}", file=file)
    return parsed


def read(path: Path, *, annotator: str | None = None) -> list[AnnotatedDocument]:
    """Documents of a folder of .xmi files (or of one .xmi), checked and parsed before anything returns."""
    from io import BytesIO

    from cassis import load_cas_from_xmi

    folder_given = is_folder(path)
    files = list_folder(path, (".xmi",)) if folder_given else [path]
    folder = path if folder_given else path.parent
    if not files:
        raise InputError("no .xmi files in the folder", file=str(path))
    ts = load_type_system(folder)
    docs = []
    for file in files:
        data, tree = _checked_xml(file)
        _refuse_split_pairs(tree, file)
        del tree
        cas = _parse(
            "UIMA CAS XMI", file, functools.partial(load_cas_from_xmi, BytesIO(data), typesystem=ts, lenient=True)
        )
        docs.append(_parse("UIMA CAS XMI", file, functools.partial(cas_to_document, cas, str(file), annotator)))
    return docs
