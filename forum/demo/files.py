"""The demo's shared files: a photo-like chart of a practice's results, the worksheet that went
with it, and a tracker as CSV, made here (no file ships with the code)."""

import io

from PIL import Image, ImageDraw


def results_chart() -> bytes:
    """Bars of the share of groups that finished the silent lab, week by week (JPEG)."""
    width, height = 1200, 800
    image = Image.new("RGB", (width, height), (36, 64, 52))  # a green board
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, width - 20, height - 20), outline=(150, 110, 60), width=14)
    for n, share in enumerate((35, 50, 70, 85)):
        left = 180 + n * 240
        top = height - 120 - share * 5
        draw.rectangle((left, top, left + 140, height - 120), fill=(235, 232, 220))
        for stroke in range(3):  # chalk texture
            draw.line(
                (left + 10, top + 15 + 40 * stroke, left + 130, top + 25 + 40 * stroke), fill=(200, 200, 190), width=3
            )
    draw.line((120, height - 118, width - 100, height - 118), fill=(235, 232, 220), width=6)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def worksheet() -> bytes:
    """The silent lab's observation sheet (Word)."""
    import docx

    document = docx.Document()
    document.add_heading("ورقة الملاحظة في المختبر الصامت", level=1)
    for line in (
        "لا كلام طوال عشر دقائق: نتواصل بالكتابة على هذه الورقة فقط.",
        "1. ماذا نلاحظ قبل بدء التجربة؟",
        "2. ماذا تغيّر بعد خمس دقائق؟",
        "3. ما السؤال الذي نريد أن نطرحه على المجموعة الأخرى؟",
        "بعد التجربة: نقرأ الأوراق معًا ونناقش الملاحظات المختلفة.",
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def homework_tracker() -> bytes:
    rows = [
        "الطالب,الأحد,الاثنين,الثلاثاء,الأربعاء,الخميس",
        "الطالب 1,✓,✓,✗,✓,✓",
        "الطالب 2,✓,✓,✓,✓,✓",
        "الطالب 3,✗,✓,✓,✗,✓",
    ]
    return ("\n".join(rows) + "\n").encode()
