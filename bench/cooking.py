"""Cooking hostile shapes of post at the longest length a post may have.

Each family of input that has made Markdown parsers or linkifiers slow (runs and nestings of
brackets, backticks, emphasis, quotes, entities; long unbroken lines; huge tables; deep
lists; many mentions and URLs; Arabic mixed in) is cooked at MAX_POST_LENGTH characters a
few times. Prints the median and worst time per family and the worst time's ratio to
cooking an ordinary 2,000-character post, measured in the same run so that the machine's
speed cancels out. Every family should stay well under a second.

Not a test: run `.venv/bin/python bench/cooking.py [--repeats N] [--only WORD]`.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import Config  # noqa: E402
from forum.markup import cook  # noqa: E402

LIMIT = Config.MAX_POST_LENGTH


def fill(unit, length=LIMIT):
    """unit repeated, cut to exactly length characters."""
    return (unit * (length // len(unit) + 1))[:length]


def half_and_half(opening, closing):
    """A nesting: length/2 characters of openings, then as many of closings."""
    count = LIMIT // (len(opening) + len(closing))
    return opening * count + closing * count


def alternating_backticks():
    parts, size = [], 0
    while size < LIMIT:
        part = "`" * (len(parts) % 40 + 1) + "ab"[len(parts) % 2]
        parts.append(part)
        size += len(part)
    return "".join(parts)[:LIMIT]


def deep_list():
    lines, size, depth = [], 0, 0
    while size < LIMIT:
        line = "  " * depth + "- عنصر\n"
        lines.append(line)
        size += len(line)
        depth += 1
    return "".join(lines)[:LIMIT]


def table(columns):
    header = "|" + "|".join(f"c{n}" for n in range(columns)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(columns)) + "|\n"
    row = "|" + "|".join("س" for _ in range(columns)) + "|\n"
    rows = (LIMIT - len(header) - len(rule)) // len(row)
    return header + rule + row * rows


FAMILIES = {
    "[ run": fill("["),
    "[ nesting": half_and_half("[", "]"),
    "![ run": fill("!["),
    "( run": fill("("),
    "]( run": fill("]("),
    "[a]( run": fill("[a]("),
    "![a]( run": fill("![a]("),
    "[]( nesting": half_and_half("[](", ")"),
    "( nesting in a link": "[x](" + half_and_half("(", ")")[: LIMIT - 5] + ")",
    "reference labels": fill("[a]: /x\n[a] "),
    "` run": fill("`"),
    "` alternating lengths": alternating_backticks(),
    "`a` pairs": fill("`a``b```c"),
    "* run": fill("*"),
    "_ run": fill("_"),
    "** run of openers": fill("**a"),
    "*a_ mixed openers": fill("*a _b **c __d "),
    "~~ run": fill("~~a"),
    "> nesting": fill("> "),
    "> nesting on lines": fill(">", LIMIT - 1) + "\n",
    "> growing quotes": "".join("> " * n + "x\n" for n in range(1, 180))[:LIMIT],
    "< run": fill("<"),
    "<a run": fill("<a "),
    "<http: run": fill("<http://"),
    "& run": fill("&"),
    "&# run": fill("&#"),
    "&#1 run": fill("&#1"),
    "\\ run": fill("\\"),
    "long word": fill("a"),
    "long Arabic word": fill("ب"),
    "long URL": "https://example.org/" + fill("a")[: LIMIT - 20],
    "dotted host": fill("a."),
    "many URLs": fill("https://example.org/x "),
    "bare domains": fill("example.org "),
    "URL ( run": fill("http://x.org/("),
    "bare domain ( run": fill("x.org/("),
    "bare domain { run": fill("x.org/{"),
    "URL with parentheses": "https://example.org/" + fill("(a", LIMIT - 20),
    "scheme run": fill("http:"),
    "emails": fill("a@example.org "),
    "many mentions": fill("@منى @mona.k "),
    "mention run": fill("@a"),
    "wide table": table(3000),
    "long table": table(3),
    "table pipes": fill("|", LIMIT // 2) + "\n" + fill("|-", LIMIT // 2 - 1),
    "deep list": deep_list(),
    "list markers on a line": fill("- "),
    "ordered markers on a line": fill("1. "),
    "# run": fill("#"),
    "- lines": fill("-\n"),
    "Arabic with [ and *": fill("نص [عربي *مائل ]("),
    "Arabic with ` and _": fill("الدرس `الأول _ "),
    "everything": fill("[![*_`<&#> ~~@a http://x.org ( ] ) | \n"),
}

ORDINARY = (
    "## تجربة التقييم القبلي مع الصف الثامن\n\n"
    "جربت هذا الفصل **التقييم القبلي** قبل كل وحدة جديدة، وكانت النتيجة أفضل مما توقعت. "
    "بدأت بأسئلة قصيرة عن المفاهيم الأساسية، ثم قسمت الطلاب إلى مجموعات حسب إجاباتهم. "
    "The idea comes from formative assessment research, et ça marche aussi en français.\n\n"
    "### الخطوات\n\n"
    "- أولًا: خمسة أسئلة قصيرة في بداية الحصة\n"
    "- ثانيًا: تصنيف الإجابات إلى ثلاث مجموعات\n"
    "- ثالثًا: نشاط مختلف لكل مجموعة\n\n"
    "التفاصيل في [الدليل](https://example.org/guide) الذي أعدته الزميلة، "
    "وقد أضفت إليه ملاحظاتي عن *إدارة الوقت* داخل الصف.\n\n"
)
ORDINARY = fill(ORDINARY, 2000)


def every_name_is_a_user(names):
    return {name.casefold(): name for name in names}


def timed(raw, repeats):
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        cook(raw, users=every_name_is_a_user)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", help="only the families whose name contains this")
    args = parser.parse_args()
    timed(ORDINARY, 5)
    base, _ = timed(ORDINARY, max(args.repeats, 20))
    print(f"{'input (' + str(LIMIT) + ' characters)':<32}{'median ms':>11}{'worst ms':>10}{'x ordinary':>12}")
    print(f"{'ordinary post (2,000 characters)':<32}{base * 1000:>11.1f}{base * 1000:>10.1f}{1:>12.1f}")
    worst_family, worst_time = None, 0.0
    for label, raw in FAMILIES.items():
        assert len(raw) <= LIMIT, label
        if args.only and args.only not in label:
            continue
        median, worst = timed(raw, args.repeats)
        print(f"{label:<32}{median * 1000:>11.1f}{worst * 1000:>10.1f}{worst / base:>12.1f}", flush=True)
        if worst > worst_time:
            worst_family, worst_time = label, worst
    print(f"\nworst: {worst_family}, {worst_time * 1000:.0f} ms, {worst_time / base:.0f}x the ordinary post")


if __name__ == "__main__":
    main()
