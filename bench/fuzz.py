"""Mutated inputs through the CLI (issue 16, item 8): no traceback, no hang, no English, no bad exit code.

Makes ``--count`` mutated inputs (default 500) from the seeds (numbers replaced by huge, tiny,
negative, full-width and 万/亿 forms; cells deleted, duplicated, swapped, shifted; bytes: BOM, CRLF,
NUL, invalid bytes, GBK, truncation), the fixture PDF (truncated, bytes flipped, a page stream that
inflates to 40 MB, too many pages), exported .xlsx files (zip bomb, broken XML, truncated), a named
pipe, a folder, a missing file and a huge text. Runs ``jixiao parse``, ``check`` and ``score --json``
over them as subprocesses, a batch of files per run (a batch that goes wrong is run again file by
file, to name the input), each file given 30 s.

Counts, with the target of each (all 0): tracebacks, runs over 30 s, messages with English library
text (ASCII words in a ``message`` field or on stderr that come neither from the input nor from the
names a Chinese message may use: PDF, GBK, MB, JIXIAO_…), exit codes outside {0, 1, 2}.

    PYTHONPATH=$PWD .venv/bin/python bench/fuzz.py [--count 500] [--seed 1] [--quick] [--keep DIR]

``--quick`` makes 60 inputs. Most text inputs are a window of a seed (one table, a few forms), so
that the default run stays within a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.messages import english_words, words  # noqa: E402
from tests.pdfmake import inflating_pdf, text_pdf  # noqa: E402

SEEDS = [ROOT / "tests" / "data" / "000_9e54d6a05597118f.txt", ROOT / "tests" / "data" / "002_898987880c89420a.txt"]
PDF = ROOT.parent / "shared" / "fixtures" / "pdf" / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"
TIMEOUT = 30
BATCH = 40
COMMANDS = ("parse", "check", "score")
NUMBER_FORMS = (
    lambda r: "9" * r.choice((16, 30, 401)),
    lambda r: "-" + "9" * r.choice((5, 15, 40)),
    lambda r: "0." + "0" * r.choice((10, 20, 60)) + "1",
    lambda r: str(r.randint(0, 10**6)).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    lambda r: f"{r.randint(1, 999)}{r.choice(('万', '亿', '万元', '亿元'))}",
    lambda r: r.choice(("-0", "+0", "0.", ".5", "1e400", "NaN", "Infinity", "1,2", "1,234,5678")),
    lambda r: f"≥{'9' * r.choice((16, 401))}{r.choice(('次', '%', '万元', ''))}",
)


# -- inputs ------------------------------------------------------------------------------------------------


def window(r: random.Random, lines: list[str]) -> list[str]:
    """A run of a seed's lines (the whole seed now and then): one table, a few forms."""
    if r.random() < 0.03:
        return list(lines)
    size = r.randint(80, 400)
    start = r.randrange(max(1, len(lines) - size))
    return lines[start : start + size]


def mutate_numbers(r: random.Random, lines: list[str]) -> str:
    out = list(lines)
    numeric = [i for i, ln in enumerate(out) if re.search(r"(?:^|\t)[\d.,%]+(?:\t|$)", ln)]
    for i in r.sample(numeric, min(len(numeric), r.randint(1, 12))):
        form = r.choice(NUMBER_FORMS)(r)
        out[i] = re.sub(r"(?<![^\t])[\d.,]+(?=%?(?:\t|$))", form.replace("\\", "\\\\"), out[i], count=1)
    return "\n".join(out)


def mutate_cells(r: random.Random, lines: list[str]) -> str:
    out = list(lines)
    for _ in range(r.randint(1, 8)):
        if not out:
            break
        i = r.randrange(len(out))
        op = r.choice(("delete", "duplicate", "swap", "shift", "split", "noise"))
        if op == "delete":
            del out[i]
        elif op == "duplicate":
            out.insert(i, out[i])
        elif op == "swap":
            j = r.randrange(len(out))
            out[i], out[j] = out[j], out[i]
        elif op == "shift":
            out[i] = ("\t" + out[i]) if r.random() < 0.5 else out[i].replace("\t", "", 1)
        elif op == "split":
            cells = out[i].split("\t")
            k = r.randrange(len(cells))
            out[i : i + 1] = ["\t".join(cells[:k]), "\t".join(cells[k:])]
        else:
            noise = "合计总计行次\t0123456789.,%万亿≥≤（）()ABCabc -"
            out.insert(i, "".join(r.choice(noise) for _ in range(r.randint(1, 40))))
    return "\n".join(out)


def mutate_bytes(r: random.Random, data: bytes) -> bytes:
    for _ in range(r.randint(1, 3)):
        op = r.choice(("bom", "crlf", "nul", "bad", "gbk", "utf16", "truncate"))
        i = r.randrange(len(data) + 1)
        if op == "bom":
            data = b"\xef\xbb\xbf" + data
        elif op == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif op == "nul":
            data = data[:i] + b"\x00" * r.randint(1, 4) + data[i:]
        elif op == "bad":
            data = data[:i] + bytes(r.randrange(128, 256) for _ in range(r.randint(1, 4))) + data[i:]
        elif op == "gbk":
            data = data.decode("utf-8", "replace").encode("gb18030", "replace")
        elif op == "utf16":
            data = data.decode("utf-8", "replace").encode("utf-16")
        else:
            data = data[:i]
    return data


def pdf_inputs(r: random.Random, n: int) -> list[tuple[str, bytes]]:
    base = PDF.read_bytes() if PDF.exists() else text_pdf(["2024", "1,234.00"], pages=3)
    out: list[tuple[str, bytes]] = [("inflate-40mb", inflating_pdf(40)), ("pages-900", text_pdf(["2024"], pages=900))]
    for k in range(max(0, n - len(out))):
        data = bytearray(base)
        if k % 3 == 0:
            data = data[: r.randrange(len(data))]
            kind = "truncated"
        elif k % 3 == 1:
            for _ in range(r.randint(1, 200)):
                data[r.randrange(len(data))] ^= r.randrange(1, 256)
            kind = "flipped"
        else:
            at = r.randrange(len(data))
            data[at:at] = r.choice((b"endstream", b"%%EOF", b"<< /Length 999999999 >>", b"xref\n0 1\n"))
            kind = "spliced"
        out.append((kind, bytes(data)))
    return out[:n]


def xlsx_inputs(r: random.Random, n: int, export: bytes | None) -> list[tuple[str, bytes]]:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))  # 300 MB of zeros, ~300 KB packed
    out: list[tuple[str, bytes]] = [("zip-bomb", bomb.getvalue())]
    if export is None:
        return out[:n]
    with zipfile.ZipFile(io.BytesIO(export)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    for k in range(max(0, n - len(out))):
        if k % 3 == 2:
            out.append(("truncated", export[: r.randrange(len(export))]))
            continue
        broken = dict(parts)
        name = r.choice([p for p in parts if p.endswith(".xml")])
        xml = broken[name]
        if k % 3 == 0:
            at = r.randrange(len(xml))
            splice = (b"<", b"&bogus;", b"</x>", b"\x00", b"<c r='A1' t='n'><v>1e400</v></c>")
            broken[name] = xml[:at] + r.choice(splice) + xml[at:]
        else:
            broken[name] = xml[: r.randrange(len(xml))]
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
            for part, data in broken.items():
                z.writestr(part, data)
        out.append(("broken-xml", packed.getvalue()))
    return out[:n]


def exported_workbook(tmp: Path) -> bytes | None:
    out = tmp / "export.xlsx"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = [sys.executable, "-m", "jixiao", "export", str(SEEDS[0]), "-o", str(out)]
    subprocess.run(run, capture_output=True, timeout=120, env=env, check=False)
    return out.read_bytes() if out.exists() else None


def make_inputs(tmp: Path, count: int, seed: int) -> list[Path]:
    r = random.Random(seed)
    texts = [p.read_text(encoding="utf-8").split("\n") for p in SEEDS]
    n_pdf, n_xlsx, n_special = max(3, count // 12), max(3, count // 12), 5
    n_text = max(0, count - n_pdf - n_xlsx - n_special)
    inputs: list[tuple[str, bytes]] = []
    for k in range(n_text):
        lines = window(r, r.choice(texts))
        kind = ("numbers", "cells", "bytes")[k % 3]
        if kind == "numbers":
            inputs.append(("numbers.txt", mutate_numbers(r, lines).encode("utf-8")))
        elif kind == "cells":
            inputs.append(("cells.txt", mutate_cells(r, lines).encode("utf-8")))
        else:
            inputs.append(("bytes.txt", mutate_bytes(r, "\n".join(lines).encode("utf-8"))))
    inputs += [(f"{kind}.pdf", data) for kind, data in pdf_inputs(r, n_pdf)]
    inputs += [(f"{kind}.xlsx", data) for kind, data in xlsx_inputs(r, n_xlsx, exported_workbook(tmp))]
    paths = []
    for k, (name, data) in enumerate(inputs):
        path = tmp / f"{k:04d}-{name}"
        path.write_bytes(data)
        paths.append(path)
    huge = tmp / "huge.txt"
    with huge.open("wb") as f:  # 50 MB of a seed repeated: over the text limit
        chunk = SEEDS[1].read_bytes()
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    pipe = tmp / "pipe.txt"
    os.mkfifo(pipe)
    folder = tmp / "folder.txt"
    folder.mkdir()
    paths += [huge, pipe, folder, tmp / "missing.txt", tmp / "empty.txt"]
    (tmp / "empty.txt").write_bytes(b"")
    return paths


# -- runs --------------------------------------------------------------------------------------------------


def messages(node) -> list[str]:
    """Every ``message`` of a JSON answer (findings, notes), wherever it sits."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "message" and isinstance(value, str):
                found.append(value)
            else:
                found += messages(value)
    elif isinstance(node, list):
        for value in node:
            found += messages(value)
    return found


def run(command: str, paths: list[Path], timeout: float) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = [sys.executable, "-m", "jixiao", command, *map(str, paths), "--json"]
    started = time.monotonic()
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        return {"timeout": True, "seconds": time.monotonic() - started}
    out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    try:
        texts = messages(json.loads(out)) if out.strip() else []
    except json.JSONDecodeError:
        texts = [out[:300]]
    texts += [line for line in err.splitlines() if line.strip()]
    return {
        "timeout": False,
        "seconds": time.monotonic() - started,
        "code": done.returncode,
        "traceback": "Traceback (most recent call last)" in err,
        "texts": texts,
    }


def input_words(paths: list[Path]) -> set[str]:
    allowed: set[str] = set()
    for path in paths:
        allowed |= words(str(path))
        if path.is_file() and path.suffix == ".txt" and path.stat().st_size < 20 * 1024 * 1024:
            data = path.read_bytes()
            for encoding in ("utf-8", "gb18030", "utf-16"):
                allowed |= words(data.decode(encoding, "replace"))
        elif path.is_file() and path.suffix in (".pdf", ".xlsx"):
            allowed |= words(path.read_bytes()[:2_000_000].decode("latin-1"))
    return allowed


def pdf_words(path: Path) -> set[str]:
    """The words of a PDF's text layer (a damaged PDF's text is the input's, however odd)."""
    from jixiao.ingest.pdf import extract_text

    try:
        return words(extract_text(path.read_bytes()).joined()[0])
    except Exception:
        return set()


def _names_of_the_product() -> set[str]:
    """Words a message may name: the finding codes (``file-binary``), the schemes (``mof-2020-10``)."""
    from jixiao.findings import CATALOGUE

    names = set()
    for code in CATALOGUE:
        names |= words(code)
    for scheme in (ROOT / "jixiao" / "schemes").glob("*.yaml"):
        names |= words(scheme.stem)
    return names


PRODUCT_WORDS = _names_of_the_product()


def english(text: str, allowed: set[str]) -> list[str]:
    """English words of a message: not the input's (a quoted cell, cut short, is part of one of
    its words), not the product's names, not a one-letter column mark such as (A)."""
    joined = " ".join(allowed)
    text = FACT_KEY.sub(" ", text)  # a narrative fact's key (three_public.budget) is a code, like a finding's
    return [w for w in english_words(text, allowed | PRODUCT_WORDS) if len(w) > 1 and w not in joined]


FACT_KEY = re.compile(r"\b[a-z_]+(?:\.(?:[a-z_0-9]+|\*))+")


def judge(command: str, paths: list[Path], result: dict, allowed: set[str]) -> Counter:
    bad: Counter = Counter()
    if result["timeout"]:
        bad["runs over 30 s"] += 1
        return bad
    if result["traceback"]:
        bad["tracebacks"] += 1
    if result["code"] not in (0, 1, 2):
        bad["exit codes outside {0,1,2}"] += 1
    found = [t for t in result["texts"] if english(t, allowed)]
    if found:
        bad["messages with English library text"] += len(found)
    return bad


def check_batch(command: str, batch: list[Path], failures: list[str]) -> Counter:
    """One run over the batch; if anything is wrong, one run per file (naming the input)."""
    result = run(command, batch, TIMEOUT * len(batch))
    allowed = input_words(batch)
    bad = judge(command, batch, result, allowed)
    if not bad and not (result["timeout"] or result["seconds"] > TIMEOUT * len(batch)):
        return Counter()
    total: Counter = Counter()
    for path in batch:
        single = run(command, [path], TIMEOUT)
        allowed = input_words([path]) | (pdf_words(path) if path.suffix == ".pdf" and path.is_file() else set())
        found = judge(command, [path], single, allowed)
        if found:
            said = [f"{t[:100]} {english(t, allowed)}" for t in single.get("texts", []) if english(t, allowed)][:2]
            failures.append(f"{command} {path.name}: {dict(found)} {said}")
        total += found
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="60 inputs")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the inputs here (kept) instead of a temporary folder")
    args = parser.parse_args()
    count = 60 if args.quick else args.count
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jixiao-fuzz-") as scratch:
        tmp = args.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        paths = make_inputs(tmp, count, args.seed)
        specials = [p for p in paths if not p.is_file() or p.stat().st_size > 10 * 1024 * 1024]
        regular = [p for p in paths if p not in specials]
        batches = [regular[k : k + BATCH] for k in range(0, len(regular), BATCH)] + [[p] for p in specials]
        failures: list[str] = []
        totals: Counter = Counter()
        jobs = [(c, b) for c in COMMANDS for b in batches]
        with ThreadPoolExecutor(args.jobs) as pool:
            for found in pool.map(lambda job: check_batch(job[0], job[1], failures), jobs):
                totals += found
    seconds = time.monotonic() - started
    print(f"fuzz: {len(paths)} mutated inputs × {len(COMMANDS)} commands ({', '.join(COMMANDS)}), "
          f"{len(jobs)} runs, {seconds:.0f} s")
    for name in ("tracebacks", "runs over 30 s", "messages with English library text", "exit codes outside {0,1,2}"):
        print(f"  {name:<38} {totals[name]:>5}   target 0")
    for line in failures[:40]:
        print("  !", line)
    return 1 if sum(totals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
