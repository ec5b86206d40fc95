"""Bad input: every case gives findings in Chinese with a location, and nothing crashes."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.ingest import read_bytes, read_file, read_text
from tests.conftest import ACCOUNTS, GOALS

GOALS_TEXT = GOALS.read_text(encoding="utf-8")
ACCOUNTS_TEXT = ACCOUNTS.read_text(encoding="utf-8")


def codes(doc):
    return {f.code for f in doc.findings}


def test_missing_file():
    doc = read_file("/nonexistent/目标表.txt")
    assert codes(doc) == {"file-unreadable"} and not doc.readable
    assert "无法读取文件" in doc.findings[0].message


def test_empty_file():
    doc = read_bytes(b"  \n\n", "empty.txt")
    assert codes(doc) == {"file-empty"} and not doc.readable
    assert doc.findings[0].source.path == "empty.txt"


def test_binary_file():
    doc = read_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100, "scan.bin")
    assert codes(doc) == {"file-binary"} and not doc.readable


def test_gbk_file_reads_the_same_as_utf8():
    doc = read_bytes(GOALS_TEXT.encode("gb18030"), "gbk.txt")
    assert doc.encoding == "gb18030" and "encoding-fallback" in codes(doc)
    assert len(doc.goals.projects) == 10
    assert doc.goals.projects[8].indicators[0].target.raw == "≤140全年发放办案补贴140万元"


def test_utf8_bom():
    doc = read_bytes(b"\xef\xbb\xbf" + GOALS_TEXT.encode("utf-8"), "bom.txt")
    assert doc.encoding == "utf-8-sig" and doc.department.name == "青岛市司法局"


def test_invalid_bytes_are_kept_as_replacement_characters():
    data = GOALS_TEXT.encode("utf-8")
    broken = data[:200] + b"\xff\xfe\xfd" + data[200:]
    doc = read_bytes(broken, "broken.txt")
    assert "encoding-invalid" in codes(doc) or doc.encoding == "gb18030"
    assert doc.kind == "goal_tables"


def test_other_kind_of_file():
    doc = read_text("会议纪要\n今天讨论了明年的工作安排。\n", "minutes.txt")
    assert doc.kind == "unknown" and "document-kind-unknown" in codes(doc)
    assert {u.text for u in doc.unplaced} == {"会议纪要", "今天讨论了明年的工作安排。"}


def test_truncated_final_accounts():
    lines = ACCOUNTS_TEXT.split("\n")
    doc = read_text("\n".join(lines[:300]), "half.txt")  # cut inside table 05
    assert doc.kind == "final_accounts"
    assert [t.number for t in doc.accounts.tables] == ["公开01表", "公开02表", "公开03表", "公开04表", "公开05表"]
    assert doc.accounts.self_evaluations == ()


def test_table_missing_a_column():
    lines = ACCOUNTS_TEXT.split("\n")
    # drop the last column (项目支出) of every data row of table 05 (lines 304–338)
    cut = [ln.rsplit("\t", 1)[0] if 303 <= i < 338 and ln.count("\t") == 4 else ln for i, ln in enumerate(lines)]
    doc = read_text("\n".join(cut), "cut.txt")
    short = [f for f in doc.findings if f.code == "table-column-count"]
    assert short and all(f.source.table == "一般公共预算财政拨款支出决算表" for f in short)
    assert "表头为5列" in short[0].message


def test_goal_table_row_cut_short():
    lines = GOALS_TEXT.split("\n")
    del lines[50]  # line 51: the 依据政策要求 cell of the first indicator
    doc = read_text("\n".join(lines), "short.txt")
    found = [f for f in doc.findings if f.code == "goal-indicator-incomplete"]
    assert found and found[0].source.line == 46 and "有5个单元格" in found[0].message
    first = doc.goals.projects[0].indicators[0]
    assert first.target.raw == "≤550元（每人每天）" and first.basis is None
    assert len(doc.goals.projects) == 10


def test_goal_rows_without_separator_are_split():
    lines = GOALS_TEXT.split("\n")
    del lines[51]  # line 52: the empty line between the first two indicator rows
    doc = read_text("\n".join(lines), "merged.txt")
    assert "goal-rows-merged" in codes(doc)
    assert [i.name for i in doc.goals.projects[0].indicators[:2]] == ["培训费支出标准", "组织培训次数"]


def test_goal_table_without_code_line():
    text = GOALS_TEXT.replace("\t37020023P88002811020P\n", "")
    doc = read_text(text, "nocode.txt")
    missing = [f for f in doc.findings if f.code == "goal-field-missing"]
    assert any("项目编码" in f.message for f in missing)


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(empty)])
    assert result.exit_code == 2 and "文件为空" in result.output
    result = runner.invoke(app, ["parse", str(GOALS), "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    (doc,) = payload["documents"]
    assert doc["kind"] == "goal_tables" and doc["year"] == 2023
    assert doc["projects"][2]["budget"] == "208.40"
    assert doc["projects"][2]["indicators"][0]["source"]["line"] > 0


# -- property: corrupting the seeds never raises and never loses a line ------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "swap", "noise", "truncate", "tabs"]),
        st.integers(min_value=0, max_value=10**6),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    ),
    max_size=8,
)


def corrupt(text: str, ops) -> str:
    lines = text.split("\n")
    for op, n, noise in ops:
        if not lines:
            break
        i = n % len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = (n // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "noise":
            lines.insert(i, noise)
        elif op == "truncate":
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: n % (len(lines[-1]) + 1)]
        elif op == "tabs":
            lines[i] = lines[i].replace("\t", "", 1) if n % 2 else "\t" + lines[i]
    return "\n".join(lines)


def assert_nothing_lost(text: str, doc) -> None:
    raw = text.split("\n")
    nonblank = {i + 1 for i, ln in enumerate(raw) if ln.strip()}
    unplaced = {u.source.line for u in doc.unplaced}
    assert nonblank <= (doc.placed | unplaced)
    for u in doc.unplaced:  # kept as written (a trailing \r is the CRLF line ending, not content)
        assert u.text == raw[u.source.line - 1].rstrip("\r")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS)
def test_corrupted_goal_tables_never_raise_or_lose_text(ops):
    text = corrupt(GOALS_TEXT, ops)
    doc = read_text(text, "fuzz.txt")
    assert_nothing_lost(text, doc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS)
def test_corrupted_final_accounts_never_raise_or_lose_text(ops):
    text = corrupt(ACCOUNTS_TEXT, ops)
    doc = read_text(text, "fuzz.txt")
    assert_nothing_lost(text, doc)


def test_seeds_lose_nothing(goals_doc, accounts_doc):
    assert_nothing_lost(GOALS_TEXT, goals_doc)
    assert_nothing_lost(ACCOUNTS_TEXT, accounts_doc)


# -- limits and the system's own errors, in Chinese (issue 16) --------------------------------------


def test_a_folder_a_pipe_and_a_missing_file_are_chinese_findings(tmp_path):
    import os

    from jixiao.ingest import read_file

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)  # opening it would block for ever: it is never opened
    for path, said in ((tmp_path, "文件夹"), (pipe, "不是普通文件"), (tmp_path / "none.txt", "文件不存在")):
        doc = read_file(path)
        (f,) = doc.findings
        assert f.code == "file-unreadable" and said in f.message, f.message
        assert not any(c.isascii() and c.isalpha() for c in f.message.replace(str(path), "")), f.message
    assert read_file(tmp_path / "none.txt").findings[0].to_dict()["detail"].startswith("FileNotFoundError")


def test_an_oversized_text_is_refused_before_reading(tmp_path, monkeypatch):
    import jixiao.ingest as ingest
    from jixiao.ingest.limits import Limits

    monkeypatch.setattr(ingest, "LIMITS", Limits(10**9, 1000, 500, 10**9, 200))
    path = tmp_path / "big.txt"
    path.write_text("绩效目标表\n" * 500, encoding="utf-8")
    (f,) = ingest.read_file(path).findings
    assert f.code == "file-unreadable" and "超过上限" in f.message


def test_a_zip_bomb_workbook_is_refused_from_its_directory(tmp_path):
    import zipfile

    from jixiao.ingest import read_file

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros, ~20 KB packed
    assert path.stat().st_size < 2 * 1024 * 1024
    (f,) = read_file(path).findings
    assert f.code == "file-unreadable" and ("压缩" in f.message or "解压" in f.message), f.message
