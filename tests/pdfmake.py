"""Small PDFs made by hand for the tests and bench/fuzz.py: one page whose content stream is
compressed (FlateDecode), e.g. a stream that inflates to many megabytes from a few kilobytes."""

from __future__ import annotations

import zlib


def one_page_pdf(content: bytes, *, pages: int = 1) -> bytes:
    """A valid PDF of ``pages`` pages, each drawing ``content`` (compressed) in Helvetica."""
    stream = zlib.compress(content, 9)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_pdf(lines: list[str], *, pages: int = 1) -> bytes:
    """A PDF whose pages show ``lines`` (ASCII) one under the other."""
    ops = [b"BT /F1 12 Tf 50 800 Td 14 TL"]
    for line in lines:
        ops.append(b"(" + line.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return one_page_pdf(b"\n".join(ops), pages=pages)


def inflating_pdf(megabytes: int = 40) -> bytes:
    """A PDF of a few kilobytes whose one page stream inflates to ``megabytes`` MB (of path operators)."""
    unit = b"10 10 m 20 20 l S\n"
    return one_page_pdf(unit * (megabytes * 1024 * 1024 // len(unit)))
