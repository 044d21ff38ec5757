"""compute(project): span F1, confusion, disagreements, quotations, stances, token kappa and u-alpha on a
small project whose expected figures are worked out by hand."""

import pytest

from annotator.core.agreement import NONE, Cancelled, compute
from annotator.core.agreement.coefficients import cohen_kappa, fleiss_kappa, krippendorff_alpha_nominal
from annotator.core.agreement.unitizing import unitizing_alpha
from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, SpanRecord
from annotator.core.tokens import split_at, tokenize

TEXT = "قال أحمد علي إن لواشنطن دورا وأكد الوزير: «سنواصل العمل» في غزة اليوم."


def at(word, text=TEXT, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def span(id_, word, label, text=TEXT, **attributes):
    start, end = at(word, text)
    return SpanRecord(id_, start, end, label, attributes)


def layer_a():
    return Layer(
        "A",
        spans=[
            span("T1", "أحمد علي", "PER"),
            span("T2", "لواشنطن", "GPE"),
            span("T3", "الوزير", "ORG"),
            span("T4", "«سنواصل العمل»", "QUOTE", kind="direct"),
            span("T5", "وأكد", "CUE"),
        ],
        relations=[RelationRecord("SPEAKER", "T4", "T3"), RelationRecord("CUE", "T4", "T5")],
        doc_labels=[DocLabelRecord("stance", "إسرائيل", "AGAINST"), DocLabelRecord("stance", "حماس", "FAVOR")],
    )


def layer_b():
    return Layer(
        "B",
        spans=[
            span("T1", "أحمد علي", "PER"),
            span("T2", "واشنطن", "GPE"),
            span("T3", "الوزير", "LOC"),
            span("T6", "غزة", "MISC"),
            span("T7", "أحمد", "PER"),
            span("T4", "«سنواصل العمل»", "QUOTE", kind="indirect"),
            span("T5", "وأكد", "CUE"),
        ],
        relations=[RelationRecord("SPEAKER", "T4", "T7"), RelationRecord("CUE", "T4", "T5")],
        doc_labels=[DocLabelRecord("stance", "إسرائيل", "AGAINST"), DocLabelRecord("stance", "حماس", "AGAINST")],
    )


@pytest.fixture
def team(project):
    project.import_documents(
        [
            AnnotatedDocument(
                "one", TEXT, layers=[layer_a(), layer_b(), Layer("gold", spans=[span("T1", "غزة", "GPE")])]
            ),
            AnnotatedDocument(
                "only-a", "نص لم يعمل عليه إلا أحمد.", layers=[Layer("A", spans=[SpanRecord("T1", 0, 2, "PER")])]
            ),
        ]
    )
    return project


def test_entity_exact_and_overlap_counts(team):
    report = compute(team)
    assert report.annotators == ["A", "B"]  # gold is left out unless named
    pair = report.pair("A", "B")
    assert pair.documents == 1  # "only-a" is not B's yet
    # A: PER, GPE, ORG; B: PER (same), GPE (clitic left out), LOC (same span), MISC, PER (inside A's PER)
    assert (pair.entity.exact.tp, pair.entity.exact.only_a, pair.entity.exact.only_b) == (1, 2, 4)
    assert pair.entity.exact.f1 == pytest.approx(2 / 8)
    # overlap pairing: PER=PER, GPE~GPE, ORG~LOC (label differs); MISC and the inner PER are B's alone
    assert (pair.entity.overlap.tp, pair.entity.overlap.only_a, pair.entity.overlap.only_b) == (2, 1, 3)
    exact_per, overlap_per = pair.entity.per_label["PER"]
    assert (exact_per.tp, exact_per.only_a, exact_per.only_b) == (1, 0, 1)
    exact_gpe, overlap_gpe = pair.entity.per_label["GPE"]
    assert (exact_gpe.tp, overlap_gpe.tp) == (0, 1)
    assert pair.confusion == {
        ("PER", "PER"): 1,
        ("GPE", "GPE"): 1,
        ("ORG", "LOC"): 1,
        (NONE, "MISC"): 1,
        (NONE, "PER"): 1,
    }


def test_disagreements_carry_document_and_offsets(team):
    report = compute(team)
    entity = {
        (d.what, d.a_has and d.a_has[2], d.b_has and d.b_has[2]): d for d in report.disagreements if d.layer == "entity"
    }
    assert set(entity) == {
        ("boundaries", "GPE", "GPE"),
        ("label", "ORG", "LOC"),
        ("only_b", None, "MISC"),
        ("only_b", None, "PER"),
    }
    gpe = entity[("boundaries", "GPE", "GPE")]
    assert gpe.document == "one" and (gpe.start, gpe.end) == at("لواشنطن")
    assert TEXT[gpe.b_has[0] : gpe.b_has[1]] == "واشنطن"
    quotation = {d.what: d for d in report.disagreements if d.layer == "quotation"}
    assert set(quotation) == {"speaker", "kind"}
    assert quotation["kind"].a_has == "direct" and quotation["kind"].b_has == "indirect"
    assert TEXT[quotation["speaker"].a_has[0] : quotation["speaker"].a_has[1]] == "الوزير"
    stance = [d for d in report.disagreements if d.layer == "stance"]
    assert [(d.target, d.a_has, d.b_has, d.start) for d in stance] == [("حماس", "FAVOR", "AGAINST", None)]


def test_quotations_cues_and_stances(team):
    pair = compute(team).pair("A", "B")
    assert pair.quotation.exact.f1 == 1.0 and pair.cue.exact.f1 == 1.0
    assert (pair.speaker_agreement.value, pair.speaker_agreement.items) == (0.0, 1)
    assert (pair.cue_agreement.value, pair.cue_agreement.items) == (1.0, 1)
    # one item: direct vs indirect -> p_o = 0, p_e = 0, kappa 0
    assert (pair.kind.value, pair.kind.observed, pair.kind.items) == (0.0, 0.0, 1)
    stance = pair.doc_label("stance")
    # (AGAINST, AGAINST), (FAVOR, AGAINST): p_o = 0.5, p_e = (1*2 + 1*0) / 4 = 0.5 -> kappa 0
    assert (stance.value, stance.observed, stance.items) == (0.0, 0.5, 2)


def reference_token_tags(text, entities, cuts):
    """Tags of every token, the slow obvious way: CoNLL tokens cut at all boundaries, outermost entities."""
    toks = split_at(tokenize(text), cuts)
    kept = []
    for s, e, label in sorted(entities, key=lambda x: (x[0], -x[1])):
        if not kept or s >= kept[-1][1]:
            kept.append((s, e, label))
    tags = []
    for s, e in toks:
        inside = [k for k in kept if k[0] <= s and e <= k[1]]
        if not inside:
            tags.append("O")
        else:
            k = inside[0]
            tags.append(("B-" if s == k[0] else "I-") + k[2])
    return tags


def test_token_kappa_equals_conll_tags_cut_at_both_annotators_boundaries(team):
    pair = compute(team).pair("A", "B")
    ents_a = [(s.start, s.end, s.label) for s in layer_a().spans if s.label in ("PER", "GPE", "ORG")]
    ents_b = [(s.start, s.end, s.label) for s in layer_b().spans if s.label in ("PER", "GPE", "LOC", "MISC")]
    cuts = [b for s, e, _ in ents_a + ents_b for b in (s, e)]
    expected = cohen_kappa(
        zip(reference_token_tags(TEXT, ents_a, cuts), reference_token_tags(TEXT, ents_b, cuts), strict=True)
    )
    assert pair.token_kappa.items == expected.items == len(split_at(tokenize(TEXT), cuts))
    assert pair.token_kappa.value == pytest.approx(expected.value)
    assert sum(pair.token_table.values()) == expected.items


def test_unitizing_alpha_of_a_pair_matches_the_direct_computation(team):
    pair = compute(team).pair("A", "B")
    ents = lambda lay: [(s.start, s.end, s.label) for s in lay.spans if s.label not in ("QUOTE", "CUE")]  # noqa
    direct = unitizing_alpha(len(TEXT), [ents(layer_a()), ents(layer_b())])
    assert pair.unitizing["entity"].alpha.value == pytest.approx(direct.alpha.value)
    assert pair.unitizing["entity"].per_category.keys() == direct.per_category.keys()


def test_three_annotators_fleiss_and_alpha_over_stances(project):
    values = {
        "A": ["AGAINST", "FAVOR", "NEUTRAL", "AGAINST"],
        "B": ["AGAINST", "FAVOR", "AGAINST", None],
        "C": ["AGAINST", "NEUTRAL", "NEUTRAL", "AGAINST"],
    }
    docs = []
    for i in range(4):
        layers = [
            Layer(name, doc_labels=[DocLabelRecord("stance", "إسرائيل", v[i])]) for name, v in values.items() if v[i]
        ]
        docs.append(AnnotatedDocument(f"d{i}", f"نص رقم {i}", layers=layers))
    project.import_documents(docs)
    report = compute(project)
    stance = report.multi_doc_labels["stance"]
    complete = [{"AGAINST": 3}, {"FAVOR": 2, "NEUTRAL": 1}, {"NEUTRAL": 2, "AGAINST": 1}]
    assert stance.fleiss.value == pytest.approx(fleiss_kappa(complete).value) and stance.fleiss.items == 3
    units = [[v[i] for v in values.values() if v[i]] for i in range(4)]
    assert stance.alpha.value == pytest.approx(krippendorff_alpha_nominal(units).value) and stance.alpha.items == 4
    assert report.to_json()["multi"]["stance"]["fleiss_kappa"] == pytest.approx(stance.fleiss.value, abs=1e-6)


def test_annotator_choice_and_errors(team):
    assert compute(team, ["A", "gold"]).annotators == ["A", "gold"]
    with pytest.raises(InputError, match="no annotator 'Z'"):
        compute(team, ["A", "Z"])
    with pytest.raises(InputError, match="at least two annotators"):
        compute(team, ["A"])
    with pytest.raises(InputError, match="no document named"):
        compute(team, documents=["nope"])


def test_documents_are_chosen_by_name_without_reading_the_texts(team, monkeypatch):
    # the ids come from the names' index: every document's fingerprint walked the texts' pages first
    def no_fingerprints(*args, **kwargs):
        raise AssertionError("agreement read every document's fingerprint")

    monkeypatch.setattr(type(team.store), "document_fingerprints", no_fingerprints)
    assert compute(team).documents == 2
    chosen = compute(team, ["A", "gold"], documents=["one"])
    assert chosen.documents == 1 and [row[0] for row in chosen.document_rows] == ["one"]
    assert compute(team, documents=["only-a"]).documents == 1


def test_no_spans_gives_undefined_figures_with_reasons(project):
    project.import_documents(
        [
            AnnotatedDocument(
                "d",
                "نص",
                layers=[
                    Layer("A", doc_labels=[DocLabelRecord("stance", "t", "FAVOR")]),
                    Layer("B", doc_labels=[DocLabelRecord("stance", "t", "FAVOR")]),
                ],
            )
        ]
    )
    out = compute(project).to_json()
    pair = out["pairs"][0]
    assert pair["entity"]["exact"]["f1"] is None and pair["entity"]["exact"]["reason"]
    assert pair["doc_labels"]["stance"]["cohen_kappa"] is None
    assert "one and the same" in pair["doc_labels"]["stance"]["cohen_kappa_reason"]
    assert out["multi"]["unitizing_alpha"]["entity"]["alpha"] is None
    assert pair["entity"]["token_kappa"]["cohen_kappa"] is None


def test_progress_can_cancel(project):
    project.import_documents(
        [
            AnnotatedDocument(
                f"d{i}",
                f"نص {i}",
                layers=[Layer("A"), Layer("B")],
            )
            for i in range(250)
        ]
    )
    seen = []

    class StopAfterTheFirstStep:  # the core's Progress (core/progress.py)
        def report(self, done, total, what):
            seen.append((done, total))

        def cancelled(self):
            return bool(seen)

    with pytest.raises(Cancelled):
        compute(project, ["A", "B"], progress=StopAfterTheFirstStep())
    assert seen == [(100, 250)]


def random_team(n_docs, seed=3):
    import random

    rng = random.Random(seed)
    words = ["قال", "الوزير", "إن", "غزة", "واشنطن", "لبحث", "المحادثات", "الأمم", "المتحدة", "وأكد", "رفح"]
    docs = []
    for d in range(n_docs):
        tokens = [rng.choice(words) for _ in range(rng.randint(5, 40))]
        text = " ".join(tokens)
        starts = [sum(len(t) + 1 for t in tokens[:i]) for i in range(len(tokens))]
        base = []
        for i in rng.sample(range(len(tokens)), k=min(len(tokens), rng.randint(0, 6))):
            j = min(len(tokens) - 1, i + rng.randint(0, 2))
            base.append((starts[i], starts[j] + len(tokens[j]), rng.choice(["PER", "GPE", "ORG", "QUOTE"])))
        layers = []
        for name in "ABC":
            if rng.random() < 0.1:
                continue  # this annotator has not worked on the document
            spans = []
            for k, (s, e, label) in enumerate(base):
                if rng.random() < 0.15:
                    label = rng.choice(["PER", "GPE", "LOC"])
                if rng.random() < 0.1:
                    continue
                spans.append(
                    SpanRecord(
                        f"T{k}", s, e, label, {"kind": rng.choice(["direct", "indirect"])} if label == "QUOTE" else {}
                    )
                )
            labels = [DocLabelRecord("stance", "إسرائيل", rng.choice(["FAVOR", "AGAINST", "NEUTRAL"]))]
            layers.append(Layer(name, spans=spans, doc_labels=labels))
        docs.append(AnnotatedDocument(f"doc-{d:04d}", text, layers=layers))
    return docs


WORKERS_CHECK = """
import gc, json, sys, weakref
from annotator.core import clitics
from annotator.core.agreement import compute, spill
from annotator.core.agreement.parallel import worth_workers
from annotator.core.agreement.report import _Run, compare
from annotator.core.project import Project

spill.SPILL_FROM = 1  # every share's texts to the temporary file
written_here = []  # texts this process wrote there (each worker process appends to its own copy)
append = spill._append
spill._append = lambda fd, data: (written_here.append(len(data)), append(fd, data))[1]
merged = []  # the shares' runs merged so far (weak references)
held = []  # at each merge, how many of those before are still alive
merge = _Run.merge


def merging(self, other):
    gc.collect()
    held.append(sum(ref() is not None for ref in merged))
    merged.append(weakref.ref(other))
    merge(self, other)


_Run.merge = merging
with Project(sys.argv[1], create=False) as project:
    if not worth_workers(project.documents.count()):
        print("skip")
        sys.exit()
    if sys.argv[2:] == ["word-list-loaded"]:  # (as in the window, where snapping to words loads it)
        clitics.is_clitic("و", "الرئيس", "والرئيس")
    report = compute(project)
    word_list_kept = clitics.word_list_loaded()
    chunks = report.disagreements._chunks  # (before the report is read: reading decodes them into one list)
    in_file = all(isinstance(chunk._text, spill.Spilled) for chunk in chunks)
    single = compare(project.annotated_documents(), project.schema.get(), ["A", "B", "C"])
    same = report.to_json() == single.to_json() and report.json_text() == single.json_text()
    print("same" if same else "differ")
    print(json.dumps(report.to_json()["pairs"][0]["unitizing_alpha"]["entity"]["alpha"]))
    print(len(held), max(held))
    print(len(chunks), "in-file" if in_file else "in-memory", len(written_here), word_list_kept)
"""


def test_worker_processes_give_the_same_report_as_one_process(project):
    # in a fresh interpreter: workers are forked only from a process without other threads
    import subprocess
    import sys

    from annotator.core.agreement.parallel import PARALLEL_FROM

    project.import_documents(random_team(PARALLEL_FROM + 50))
    result = subprocess.run(
        [sys.executable, "-c", WORKERS_CHECK, str(project.path)], capture_output=True, text=True, check=True
    )
    if result.stdout.startswith("skip"):
        pytest.skip("no second core or no fork here: compute runs in one process")
    same, alpha, merges, most_held, chunks, where, written_here, word_list_kept = result.stdout.split()
    assert same == "same" and alpha != "null"
    # each share's run is let go once merged (the futures held them all: 150 MB at 100,000 articles)
    assert int(merges) >= 3 and most_held == "0"
    # the workers wrote their texts to the main process's temporary file: none crossed back to be written
    assert int(chunks) == int(merges) + 1 and where == "in-file" and written_here == "0"
    # the tokenizer's word list (110 MB), loaded for the workers to share, is let go once they have it
    assert word_list_kept == "False"
    again = subprocess.run(
        [sys.executable, "-c", WORKERS_CHECK, str(project.path), "word-list-loaded"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert again.stdout.split()[:2] == ["same", alpha] and again.stdout.split()[-1] == "True"  # (not if it was there)


WRITTEN_MEANWHILE_CHECK = """
import sys, time
from pathlib import Path
from annotator.core.agreement import compute, parallel
from annotator.core.agreement.parallel import worth_workers
from annotator.core.agreement.report import compare
from annotator.core.project import Project

path, when = sys.argv[1], sys.argv[2]
writer = Project(path)
written = []
gate = Path(path + ".gate")


def write():
    # another program adds an entity of B's to every document, and a document of its own, in one commit
    # (once; or each time, "every-time")
    if written and when != "every-time":
        return
    with writer.store.transaction():
        for doc_id in writer.documents.ids():
            writer.spans.add(doc_id, "B", 0, 3 + len(written), "MISC")
        new = writer.documents.add(f"added-meanwhile-{len(written)}", "قال الوزير إن غزة")
        for annotator in "ABC":
            writer.spans.add(new.id, annotator, 4, 10, "PER")
    written.append(True)
    gate.touch()


class Steps:
    def __init__(self):
        self.said = []

    def report(self, done, total, what):
        self.said.append(what)

    def cancelled(self):
        return False


if when == "between-shares":  # once the first share is back; the other shares wait for it
    step, share = parallel.checkpoint, parallel._share

    def stepping(*args):
        write()
        step(*args)

    def gated(*args):
        ids = next(a for a in args if isinstance(a, list) and a and isinstance(a[0], int))
        if ids[0] != 1:
            while not gate.exists():
                time.sleep(0.01)
        return share(*args)

    gated.__module__, gated.__qualname__ = share.__module__, share.__qualname__
    parallel.checkpoint, parallel._share = stepping, gated
else:  # after the documents are chosen, before the workers start (as their temporary file is made)
    shared = parallel.spill.shared

    def sharing(*args):
        write()
        return shared(*args)

    parallel.spill.shared = sharing
with Project(path, create=False, read_only=True) as project:
    if not worth_workers(project.documents.count()):
        print("skip")
        sys.exit()
    before = compare(project.annotated_documents(), project.schema.get(), ["A", "B", "C"]).json_text()
    steps = Steps()
    report = compute(project, progress=steps).json_text()
    after = compare(project.annotated_documents(), project.schema.get(), ["A", "B", "C"]).json_text()
print(len(written), before != after, "before" if report == before else "after" if report == after else "mixed")
print(sum(what == "the project changed meanwhile: comparing again" for what in steps.said), steps.said[-1])
"""


@pytest.mark.parametrize(
    "when, written, version, again",
    [("between-shares", 1, "before", 0), ("before-workers", 1, "after", 1), ("every-time", 3, "after", 3)],
)
def test_worker_processes_read_one_version_while_another_program_writes(project, when, written, version, again):
    """The shares are read by several processes at different moments: a change saved between them made the
    report mix two versions of the project (some documents with B's new entity, some without), with nothing
    to say so. Each worker now reads in one read transaction from its start: a change saved once they run
    is not in the report; one saved after the documents were chosen and before the workers began is, all of
    it (the workers saw another version than the documents were chosen in: compared again). A project
    changed before every start of the workers is compared in one process at the last attempt."""
    import subprocess
    import sys

    project.import_documents(random_team(1000))
    result = subprocess.run(
        [sys.executable, "-c", WRITTEN_MEANWHILE_CHECK, str(project.path), when], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    if result.stdout.startswith("skip"):
        pytest.skip("no second core or no fork here: compute runs in one process")
    lines = result.stdout.splitlines()
    assert lines[0].split() == [str(written), "True", version]
    assert lines[1] == f"{again} compared"  # (said as often as it starts over; it ends with the work done)


SERVER_CHECK = """
import sys
from annotator.core.agreement import compute
from annotator.core.agreement.parallel import worth_workers
from annotator.core.agreement.report import compare
from annotator.core.project import Project

with Project(sys.argv[1], create=False, read_only=True) as project:
    if not worth_workers(project.documents.count()):
        print("skip")
        sys.exit()
    single = compare(project.annotated_documents(), project.schema.get(), ["A", "B", "C"])
    print("same" if compute(project).json_text() == single.json_text() else "differ", project.history.version())
"""


def test_worker_processes_read_a_project_on_a_server_in_one_version_each(url):
    """On a PostgreSQL server too each worker reads in one transaction of its own and says the version it
    saw (the newest event): the report of one process."""
    import subprocess
    import sys

    from annotator.core.agreement.parallel import PARALLEL_FROM
    from annotator.core.project import Project

    with Project(url) as project:
        project.import_documents(random_team(PARALLEL_FROM + 50))
        version = project.history.version()
    result = subprocess.run([sys.executable, "-c", SERVER_CHECK, url], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    if result.stdout.startswith("skip"):
        pytest.skip("no second core or no fork here: compute runs in one process")
    assert version is not None and result.stdout.split(maxsplit=1) == ["same", f"{version}\n"]


THREAD_CHECK = """
import _thread, os, sys, threading
from annotator.core import clitics
from annotator.core.agreement import compute, parallel, spill
from annotator.core.agreement.report import compare
from annotator.core.project import Project


def main():
    written_here = []  # texts this process wrote to the report's temporary file
    append = spill._append
    spill._append = lambda fd, data: (written_here.append(len(data)), append(fd, data))[1]
    out = {}

    def on_a_thread():
        try:
            with Project(sys.argv[1], create=False) as project:
                out["report"] = compute(project, fork_server=True)
                out["word list"] = clitics.word_list_loaded()
                out["single"] = compare(project.annotated_documents(), project.schema.get(), ["A", "B", "C"])
            out["methods"] = [parallel.start_method(), parallel.start_method(fork_server=True)]
        finally:
            finished.set()

    def no_fork():
        raise AssertionError("forked from a process with another thread at work")

    os.fork = no_fork  # (a fork server is started by fork and exec at once, and forks its workers itself)
    # a thread Python's threading module does not list, as the window's (Qt's) are not
    finished = threading.Event()
    _thread.start_new_thread(on_a_thread, ())
    finished.wait()
    report, single = out["report"], out["single"]
    chunks = report.disagreements._chunks
    print(*out["methods"])
    print("same" if report.json_text() == single.json_text() else "differ")
    long = [chunk for chunk in chunks if len(spill.text_of(chunk._text)) >= spill.SPILL_FROM]
    in_file = [chunk for chunk in chunks if isinstance(chunk._text, spill.Spilled)]
    print(len(long), len(in_file), len(written_here))
    print(out["word list"])


if __name__ == "__main__":
    main()
"""


def test_from_a_thread_the_workers_come_from_a_fork_server_and_give_the_same_report(project, tmp_path):
    """A worker forked while another thread is inside SQLite copies its locks mid-use (a wait forever, or a
    read without the lock it believes it holds): from a thread (the window's), workers come from a fork
    server, and only when asked (its workers import the main script again); forked only from a main thread."""
    import multiprocessing
    import subprocess
    import sys

    from annotator.core.agreement.parallel import PARALLEL_FROM, worker_count

    if worker_count() < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("one core or no fork server here: compute runs in one process")
    project.import_documents(random_team(PARALLEL_FROM + 50))
    script = tmp_path / "from_a_thread.py"
    script.write_text(THREAD_CHECK, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(project.path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    methods, same, chunks, word_list = result.stdout.splitlines()
    # a thread of a script: no workers unless asked; asked, a fork server's
    assert methods == "None forkserver" and same == "same"
    # the workers wrote their texts to this process's temporary file, handed to them as they started
    long, in_file, written_here = chunks.split()  # (shares' texts, and those of SPILL_FROM characters or more)
    assert int(long) >= 2 and in_file == long and written_here == "0"
    assert word_list == "False"  # (the workers load their own; nothing is shared with them)


@pytest.mark.parametrize(
    "text",
    ["الأمم المتحدة في غزة", "قال لواشنطن: «نعم»", "المُتَحَدِّثُ باسم  الوزارة", "👩‍👩‍👧 عائلة في رفح", "سطر\nآخر هنا"],
)
def test_entity_tokens_are_the_conll_tokens(text):
    from annotator.core.agreement.iob import DocumentTokens, entity_layer, tagged

    def entity_tags(doc, entities):
        """The tokens inside the outermost entities with their tags, and the boundaries inside a token."""
        kept, _, inside = entity_layer(doc, entities)
        return {piece: tag for entity in kept for piece, tag in tagged(doc, entity)}, inside

    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", text)]
    spans = [(s, e, "X") for s, e in words] + [(words[0][0], words[-1][1], "Y")] + [(1, 3, "Z")]
    for start, end, label in spans:
        tags, inside = entity_tags(DocumentTokens(text), [(start, end, label)])
        expected = [t for t in split_at(tokenize(text), [start, end]) if start <= t[0] and t[1] <= end]
        assert sorted(tags) == expected
        assert inside == {b for b in (start, end) for t in tokenize(text) if t[0] < b < t[1]}


def test_overlap_pairing_prefers_identical_then_same_label_then_largest_overlap():
    from annotator.core.agreement.spans import match

    pairs, only_a, only_b = match([(0, 10, "PER")], [(0, 7, "ORG"), (7, 10, "PER")])
    assert pairs == [((0, 10, "PER"), (7, 10, "PER"))] and only_a == [] and only_b == [(0, 7, "ORG")]
    pairs, _, only_b = match([(0, 10, "PER")], [(0, 3, "ORG"), (2, 9, "LOC")])
    assert pairs == [((0, 10, "PER"), (2, 9, "LOC"))] and only_b == [(0, 3, "ORG")]
    pairs, only_a, only_b = match([(0, 4, "X"), (4, 8, "X")], [(0, 4, "X"), (3, 6, "X")])
    assert pairs == [((0, 4, "X"), (0, 4, "X")), ((4, 8, "X"), (3, 6, "X"))] and not only_a and not only_b
    # touching is not overlapping
    assert match([(0, 4, "X")], [(4, 8, "X")]) == ([], [(0, 4, "X")], [(4, 8, "X")])


def test_the_worst_documents_are_those_sorting_every_row_gives_made_only_for_those_shown(project, monkeypatch):
    """The terminal and HTML reports list the documents with the lowest entity overlap F1; 300,000 rows
    at 100,000 articles made 200 MB of objects to show 10."""
    from annotator.core.agreement.results import DocumentPair

    docs = random_team(60)
    for doc in docs[:5]:  # documents where nobody marked an entity have no F1, and are not listed
        for layer in doc.layers:
            layer.spans = [s for s in layer.spans if s.label == "QUOTE"]
    for doc in docs[5:8]:  # where only b marked entities, F1 is 0: listed first
        doc.layers[0].spans = [s for s in doc.layers[0].spans if s.label == "QUOTE"]
    project.import_documents(docs[::-1])  # rows in the project's order, names descending: ties go by name
    report = compute(project)
    every = sorted(
        (DocumentPair.of(row) for row in report.document_rows if DocumentPair.of(row).entity_overlap.f1 is not None),
        key=lambda d: (d.entity_overlap.f1, d.document),
    )
    assert 40 < len(every) <= len(report.document_rows) - 15 and len({d.entity_overlap.f1 for d in every[:40]}) > 5
    assert {(d.document, d.a, d.b) for d in every[:6]} >= {(f"doc-{k:04d}", "A", b) for k in (5, 6, 7) for b in "BC"}
    made = []
    of = DocumentPair.of
    monkeypatch.setattr(DocumentPair, "of", staticmethod(lambda row: made.append(row) or of(row)))
    for count in (0, 1, 10, 100, 1000):
        made.clear()
        assert report.worst_documents(count) == every[:count]
        assert len(made) == min(count, len(every))
