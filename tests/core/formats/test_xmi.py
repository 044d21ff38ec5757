"""UIMA CAS XMI for INCEpTION: types, UTF-16 offsets, round trip, and hostile XML refused."""

import re

import pytest
from format_fixtures import relation_view, span_view, with_annotator

from annotator.core.errors import InputError
from annotator.core.formats.registry import FORMATS, format_of
from annotator.core.formats.xmi import NE, QUOTE_T, read

cassis = pytest.importorskip("cassis")


def test_folder_round_trip(tmp_path, all_docs, schema):
    out = tmp_path / "xmi"
    result = FORMATS["xmi"].write(all_docs, schema, out)
    assert result.documents == len(all_docs) and (out / "TypeSystem.xml").exists()
    assert format_of(out).name == "xmi"
    back = {d.name: d for d in read(out)}
    for doc in all_docs:
        got = back[doc.name]
        assert got.text == doc.text and got.meta == doc.meta
        layer = got.layers[0]
        assert (layer.annotator, layer.status) == ("A", "done")
        assert span_view(got) == span_view(doc)
        assert relation_view(layer) == relation_view(doc.layers[0])
        assert [(d.task, d.target, d.value) for d in layer.doc_labels] == [
            (d.task, d.target, d.value) for d in doc.layers[0].doc_labels
        ]


def test_offsets_in_the_file_are_utf16_units(tmp_path, tricky, schema):
    out = tmp_path / "xmi"
    FORMATS["xmi"].write([tricky], schema, out)
    (xmi_file,) = out.glob("*.xmi")
    xml = xmi_file.read_text(encoding="utf-8")
    start = tricky.text.index("علَمان")  # after 🇺🇸🇮🇱: four astral code points, eight UTF-16 units
    utf16 = len(tricky.text[:start].encode("utf-16-le")) // 2
    assert utf16 == start + 4
    assert re.search(rf'<type\d*:NamedEntity [^>]*begin="{utf16}" end="{utf16 + 6}" value="MISC"', xml)
    ts = cassis.load_typesystem((out / "TypeSystem.xml").open("rb"))
    cas = cassis.load_cas_from_xmi(xmi_file.open("rb"), typesystem=ts)
    assert "علَمان" in [a.get_covered_text() for a in cas.select(NE)]
    quote = next(iter(cas.select(QUOTE_T)))
    assert quote.get("kind") == "direct" and quote.get("speaker").elements[0].get("role") == "SPEAKER"


def test_single_file_with_foreign_annotator(tmp_path, corpus, schema):
    out = tmp_path / "xmi"
    FORMATS["xmi"].write(corpus[:1], schema, out)
    (xmi_file,) = out.glob("*.xmi")
    (doc,) = read(xmi_file, annotator="B")
    assert doc.layers[0].annotator == "B" and doc.name == corpus[0].name


def test_several_annotators_are_refused(tmp_path, corpus, schema):
    with pytest.raises(InputError, match="--annotator NAME or --gold"):
        FORMATS["xmi"].write(corpus[:1] + with_annotator(corpus[1:2], "B"), schema, tmp_path / "x")


XXE = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmi:version="2.0">
<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text/plain" sofaString="&secret;"/></xmi:XMI>"""
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmi:version="2.0"><a b="&lol3;"/></xmi:XMI>"""


@pytest.mark.parametrize("content, line", [(XXE, 2), (BOMB, 2)])
def test_doctype_and_entities_are_refused_before_parsing(tmp_path, content, line):
    path = tmp_path / "evil.xmi"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="DOCTYPE or entities") as err:
        read(path, annotator="A")
    assert err.value.line == line


def test_hostile_type_system_is_refused_too(tmp_path, corpus, schema):
    out = tmp_path / "xmi"
    FORMATS["xmi"].write(corpus[:1], schema, out)
    (out / "TypeSystem.xml").write_text(XXE, encoding="utf-8")
    with pytest.raises(InputError, match="DOCTYPE") as err:
        read(out, annotator="A")
    assert err.value.file.endswith("TypeSystem.xml")


def test_truncated_and_utf16_files_are_refused(tmp_path, corpus, schema):
    out = tmp_path / "xmi"
    FORMATS["xmi"].write(corpus[:1], schema, out)
    (xmi_file,) = out.glob("*.xmi")
    data = xmi_file.read_bytes()
    xmi_file.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="not well-formed XML") as err:
        read(out, annotator="A")
    assert err.value.file == str(xmi_file) and err.value.line is not None
    xmi_file.write_bytes(data.decode("utf-8").encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        read(out, annotator="A")


def test_offsets_beyond_the_text_are_refused(tmp_path, corpus, schema):
    out = tmp_path / "xmi"
    FORMATS["xmi"].write(corpus[:1], schema, out)
    (xmi_file,) = out.glob("*.xmi")
    xml = xmi_file.read_text(encoding="utf-8")
    xmi_file.write_text(re.sub(r'(NamedEntity [^>]*?)end="\d+"', r'\1end="999999"', xml, count=1), encoding="utf-8")
    with pytest.warns(UserWarning), pytest.raises(InputError, match="outside the text") as err:
        read(out, annotator="A")
    assert err.value.file == str(xmi_file)


def test_what_inception_requires_one_document_annotation_and_inline_link_arrays(tmp_path, corpus, schema):
    """INCEpTION's import refuses a CAS with two document annotations (CasDoctor), and declares its link
    features unshared; a shared FSArray would read back there as an array inside an array."""
    out = tmp_path / "xmi"
    FORMATS["xmi"].write(corpus[:1], schema, out)
    xml = next(out.glob("*.xmi")).read_text(encoding="utf-8")
    assert "DocumentAnnotation" not in xml and xml.count(":DocumentMetaData ") == 1
    assert re.search(r'<type\d*:DocumentMetaData [^>]*language="ar"', xml)
    quote = re.search(r'<custom:Quotation [^>]*speaker="(\d+)"', xml)
    assert quote and re.search(rf'<custom:QuotationSpeakerLink xmi:id="{quote.group(1)}" role="SPEAKER"', xml)
    assert "<cas:FSArray" not in xml
    types = (out / "TypeSystem.xml").read_text(encoding="utf-8")
    assert "<multipleReferencesAllowed>true" not in types
