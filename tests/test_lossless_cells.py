"""Nothing lost, per cell (issue 16, item 5): every cell of every table row is placed in the model or
reported (``tests/lossless.py``), over both seeds, their corruptions, the fixture PDF, an exported
.xlsx and raw-byte mutations (BOM, CRLF, NUL, truncation, GBK)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jixiao.ingest import read_bytes, read_file, read_text
from jixiao.ingest.text import decode
from tests.conftest import ACCOUNTS, GOALS, shared_path
from tests.lossless import lost_cells
from tests.messages import english_words, words
from tests.test_bad_input import OPS, assert_nothing_lost, corrupt

GOALS_TEXT = GOALS.read_text(encoding="utf-8")
ACCOUNTS_TEXT = ACCOUNTS.read_text(encoding="utf-8")
FAST = (Phase.explicit, Phase.reuse, Phase.generate)  # a failure is reported as found: shrinking the seeds takes minutes
PDF = "fixtures/pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf"


def test_the_seeds_lose_no_cell(goals_doc, accounts_doc):
    assert lost_cells(GOALS_TEXT, goals_doc) == []
    assert lost_cells(ACCOUNTS_TEXT, accounts_doc) == []


def test_a_row_number_with_a_blank_label_is_kept_issue_16(accounts_doc):
    """The two-sided tables of seed 002 print 行次 9–26 and 30 on the income side with no label (text
    lines 116–137, 256–287): each is a row of its side, placed with its source line."""
    rows = {}
    for table in accounts_doc.accounts.tables:
        for entry in table.entries:
            rows.setdefault(entry.source.line, set()).add(entry.row_no)
    for line, row_no in ((116, "9"), (123, "16"), (133, "26"), (137, "30"), (137, "61"), (256, "4"), (287, "63")):
        assert row_no in rows.get(line, set()), (line, row_no, rows.get(line))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=FAST)
@given(ops=OPS)
def test_corrupted_final_accounts_lose_no_cell(ops):
    text = corrupt(ACCOUNTS_TEXT, ops)
    doc = read_text(text, "fuzz.txt")
    assert lost_cells(text, doc) == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=FAST)
@given(ops=OPS)
def test_corrupted_goal_tables_lose_no_cell(ops):
    text = corrupt(GOALS_TEXT, ops)
    doc = read_text(text, "fuzz.txt")
    assert lost_cells(text, doc) == []


def test_the_fixture_pdf_loses_no_cell():
    from jixiao.ingest.pdf import extract_text

    data = shared_path(PDF).read_bytes()
    text, _ = extract_text(data).joined()
    doc = read_bytes(data, "putuo.pdf")
    assert doc.kind == "final_accounts" and lost_cells(text, doc) == []


def test_an_exported_workbook_loses_no_cell(tmp_path, goals_doc):
    from openpyxl import load_workbook

    from jixiao import xlsx_layout
    from jixiao.export.xlsx import write_workbook
    from jixiao.ingest.xlsx.cells import cell_text
    from jixiao.serialize import document_dict, jsonable

    book = write_workbook(goals_doc, tmp_path / "goals.xlsx")
    doc = read_file(book)
    model = "".join(str(jsonable(document_dict(doc))).split())
    kept = "".join("".join(f"{f.message}{f.actual or ''}" for f in doc.findings).split())
    layout = "".join(str(v) for v in vars(xlsx_layout).values() if isinstance(v, (str, tuple, dict)))
    labels = "".join(layout.split()) + "".join((xlsx_layout.__doc__ or "").split())
    wb = load_workbook(book)
    lost = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue  # the hidden lists of choices and the metadata sheet
        for row in ws.iter_rows(max_col=xlsx_layout.RAW_COLUMN - 1):  # not the hidden originals
            for cell in row:
                shown = "".join(cell_text(cell.value, cell.number_format).split())
                if not shown or shown in kept or shown in labels:
                    continue
                # in the model as it is, or as its parts (124001青岛市司法局本级: the code and the name)
                if shown not in model and not all(part in model for part in re.findall(r"\d+|\D+", shown)):
                    lost.append((ws.title, cell.coordinate, shown))
    assert lost == []


BYTE_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["bom", "crlf", "nul", "truncate", "gbk", "bad-byte"]),
        st.integers(min_value=0, max_value=10**7),
    ),
    min_size=1,
    max_size=4,
)


def mutate_bytes(data: bytes, ops) -> bytes:
    for op, n in ops:
        if op == "bom":
            data = b"\xef\xbb\xbf" + data
        elif op == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif op == "nul":
            i = n % (len(data) + 1)
            data = data[:i] + b"\x00" + data[i:]
        elif op == "truncate":
            data = data[: n % (len(data) + 1)]
        elif op == "gbk":
            data = data.decode("utf-8", "replace").encode("gb18030", "replace")
        else:
            i = n % (len(data) + 1)
            data = data[:i] + b"\xff" + data[i:]
    return data


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=FAST)
@given(ops=BYTE_MUTATIONS, which=st.sampled_from(["goals", "accounts"]))
def test_raw_byte_mutations_never_raise_and_lose_nothing(ops, which):
    original = (GOALS_TEXT if which == "goals" else ACCOUNTS_TEXT).encode("utf-8")
    data = mutate_bytes(original, ops)
    doc = read_bytes(data, "bytes.txt")
    quoted = words(data.decode("utf-8", "replace") + data.decode("gb18030", "replace") + "bytes.txt")
    for f in doc.findings:
        assert english_words(f.message, quoted) == [], f.message
    invalid = [f for f in doc.findings if f.code == "encoding-invalid"]
    for f in invalid:
        assert f.source.line is not None and f"第{f.source.line}行" in f.message
    if not doc.readable or doc.kind == "unknown":
        return
    text = decode(data).text
    assert_nothing_lost(text, doc)
    assert lost_cells(text, doc) == []


def test_encoding_invalid_names_the_line():
    data = GOALS_TEXT.encode("utf-8")
    at = data.index("\n".join(GOALS_TEXT.split("\n")[:40]).encode()) + len("\n".join(GOALS_TEXT.split("\n")[:40]).encode())
    doc = read_bytes(data[:at] + b"\n\xff\xfe" + data[at:], "bad.txt")
    (f,) = [f for f in doc.findings if f.code == "encoding-invalid"]
    assert f.source.line == 41 and "第41行" in f.message
