"""Files as members upload them, made here: photos with EXIF (orientation, GPS), documents, and
hostile ones."""

import io
import random
import struct
import zipfile
import zlib

from PIL import Image, ImageDraw


def photo(width=1600, height=1200, *, orientation=None, gps=False, fmt="JPEG", color=(200, 80, 40)) -> bytes:
    """An image with a gradient (so that it does not compress to nothing), and the EXIF a
    phone writes: where it was taken and which way up the phone was held."""
    image = Image.new("RGB", (width, height), color)
    for x in range(0, width, 16):
        image.paste((x % 256, (x * 3) % 256, 90), (x, 0, x + 8, height))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (31.0, 57.0, 0.0), 3: "E", 4: (35.0, 55.0, 0.0)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes(), **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()


def classroom(width=1600, height=1200, *, seed=0, quality=85) -> bytes:
    """A JPEG with a photo's texture (a board with chalk strokes, sensor noise): it compresses
    as a photo does, unlike flat colours. 4000 × 3000 at quality 95 weighs about 5 MB."""
    rnd = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.blend(image, Image.new("RGB", (width, height), (40, 70 + seed % 50, 60)), 0.6)
    draw = ImageDraw.Draw(image)
    for _ in range(width * height // 4000):
        x, y = rnd.randrange(width), rnd.randrange(height)
        end = (x + rnd.randrange(5, 60), y + rnd.randrange(-20, 20))
        draw.line((x, y, *end), fill=(rnd.randrange(150, 255),) * 3, width=rnd.choice((1, 2, 3)))
    image = Image.blend(image, Image.effect_noise((width, height), 40).convert("RGB"), 0.15)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def png(width=40, height=30) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 200, 10, 128)).save(out, "PNG")
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (20, 20), 3).save(out, "GIF")
    return out.getvalue()


def huge_png(width=50_000, height=50_000) -> bytes:
    """A PNG that says it is width × height pixels: a few hundred bytes that would decode to
    gigabytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


def _gif(image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "GIF", **options)
    return out.getvalue()


def _gif_frames(data) -> bytes:
    """A GIF's blocks after its header and global colour table, without the trailer."""
    flags = data[10]
    table = 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
    return data[13 + table : -1]


def gif_growing(side=6000) -> bytes:
    """A 10 × 10 GIF whose second frame is side × side: the header promises 100 pixels, the
    frames decode to side² (a few dozen kilobytes that would take gigabytes)."""
    return _gif(Image.new("P", (10, 10), 0))[:-1] + _gif_frames(_gif(Image.new("P", (side, side), 0))) + b";"


def gif_animation(frames=3, width=400, height=300) -> bytes:
    images = [
        Image.new("RGB", (width, height), ((n * 37) % 256, (n * 91) % 256, (n * 53) % 256)) for n in range(frames)
    ]
    return _gif(images[0], save_all=True, append_images=images[1:], duration=100, loop=0)


def docx(text) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt(text) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def pdf(text) -> bytes:
    """A one-page PDF showing text (Latin letters: enough for extraction)."""
    stream = f"BT /F1 18 Tf 40 700 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def zipped(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
