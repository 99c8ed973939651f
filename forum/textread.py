"""The text of a document (PDF, Word, OpenDocument text), read in a child process:
`python -m forum.textread EXTENSION < document > text`. The parsers run on what members upload,
so they run apart, under limits of memory and CPU time (a crafted file costs that child, never
the worker that asked), and `read(extension, data)` gives up after a timeout.

Imports nothing of the forum: the child starts in a fraction of a second.
"""

import io
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 20
TIMEOUT_SECONDS = 30
# At most this much text, from at most this many pages of a PDF, for at most this long.
TEXT_MAX = 100_000
PDF_PAGES, PDF_SECONDS = 100, 10.0
# A document whose text part unpacks past this is left unread.
PART_MAX = 5 * 1024 * 1024
PARTS = {"docx": "word/document.xml", "odt": "content.xml"}
READABLE = ("pdf", "docx", "odt")


def read(extension, data: bytes) -> str:
    """The document's text; "" when it has none, or when reading it fails or takes too long."""
    if extension not in READABLE:
        return ""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "forum.textread", extension],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            cwd=ROOT,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return ""
    return done.stdout.decode("utf-8", "replace")


def _limit_self():
    """The child's limits, set by the child itself (a preexec_fn is unsafe in a threaded parent)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def text_of(extension, data: bytes) -> str:
    if extension in PARTS:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.getinfo(PARTS[extension]).file_size > PART_MAX:
                return ""
    if extension == "pdf":
        from pypdf import PdfReader

        parts, length, until = [], 0, time.monotonic() + PDF_SECONDS
        for page in PdfReader(io.BytesIO(data)).pages[:PDF_PAGES]:
            part = page.extract_text() or ""
            parts.append(part)
            length += len(part)
            if length > TEXT_MAX or time.monotonic() > until:
                break
        return "\n".join(parts)
    if extension == "docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
        return "\n".join([p.text for p in document.paragraphs] + list(cells))
    from odf import teletype, text as odf_text
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    blocks = document.getElementsByType(odf_text.P) + document.getElementsByType(odf_text.H)
    return "\n".join(teletype.extractText(block) for block in blocks)


if __name__ == "__main__":
    _limit_self()
    sys.stdout.buffer.write(text_of(sys.argv[1], sys.stdin.buffer.read())[:TEXT_MAX].encode("utf-8", "replace"))
