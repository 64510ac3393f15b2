#!/usr/bin/env python3
"""Extracts the articles of the five policy texts into Forms/articles/*.yaml.

The texts (plain UTF-8 text, one file per document, named as in DOCUMENTS below) are:
  国家规程     《基本医疗保险参保管理经办规程》，医保办函〔2021〕11号，2021年12月1日起实施
  内蒙古细则   《内蒙古自治区基本医疗保险参保管理经办实施细则》，2022年6月30日印发，2022年8月1日起施行
  达拉特旗方案 《达拉特旗基本医疗保险全民参保缴费工作实施方案》，2023年8月6日印发
  江门规程     《江门市基本医疗保险参保管理经办规程（征求意见稿）》，2024年1月1日起实施，有效期至2028年12月31日
  某市通知     《关于加强和改进基本医疗保险参保工作有关问题的通知》，2021年7月6日印发，2021年9月1日起施行，有效期五年

F1 at the counter shows the article behind a finding; ArticleIndex (Sources/CanbaoRules/Forms) reads these files.
Units: 第N条 for 国家规程, 内蒙古细则 and 江门规程; the top-level sections 一、… for 达拉特旗方案 and 某市通知.
The text is kept verbatim except for markdown '#' marks, conversion artefacts ([bookmark: …]) and lines broken
by a page break, which are joined again.

Usage: scripts/extract-articles.py TEXTS_DIR [--out DIR] [--check]
  TEXTS_DIR  the directory holding the five texts (or $CANBAO_POLICY_TEXTS)
  --check    write nothing; exit 1 if the committed files differ from what the texts produce.
Python 3 standard library only; the output is deterministic.
"""

import argparse
import json
import os
import re
import sys

# (output file, short name used in citations, text file, title, unit style, line that ends the last unit)
DOCUMENTS = [
    ("national", "国家规程", "001_23c086c972430d68.txt", "基本医疗保险参保管理经办规程", "article", None),
    ("inner-mongolia", "内蒙古细则", "000_11ef9c212fcd1eb7.txt", "内蒙古自治区基本医疗保险参保管理经办实施细则",
     "article", None),
    ("dalate", "达拉特旗方案", "003_957e29add8a66eef.txt", "达拉特旗基本医疗保险全民参保缴费工作实施方案", "section", None),
    ("jiangmen", "江门规程", "004_a041b2e30c3aebbc.txt", "江门市基本医疗保险参保管理经办规程（征求意见稿）", "article",
     r"^附表"),
    ("city-notice", "某市通知", "002_f1aad38ad6d93b55.txt", "关于加强和改进基本医疗保险参保工作有关问题的通知",
     "section", r"^市医保局"),
]

# Where each text comes from, by issuer, number and date (as the texts themselves state them): written at the top of
# each generated file, so the provenance is named inside the repository.
PROVENANCE = {
    "national": "国家医保局办公室、财政部办公厅、国家税务总局办公厅，医保办函〔2021〕11号，2021年12月1日起实施",
    "inner-mongolia": "内蒙古自治区医疗保障局，2022年6月30日印发，2022年8月1日起施行",
    "dalate": "达拉特旗人民政府办公室，2023年8月6日印发",
    "jiangmen": "征求意见稿，2024年1月1日起实施，有效期至2028年12月31日",
    "city-notice": "市医保局、市财政局、市人社局、市税务局，2021年7月6日印发，2021年9月1日起施行，有效期五年",
}

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL = "零〇一二三四五六七八九十百"

ARTICLE_RE = re.compile(r"^第([%s]+)条\s*(.*)$" % NUMERAL)
CHAPTER_RE = re.compile(r"^第[%s]+[章节](?:\s|$)\s*(.*)$" % NUMERAL)
SECTION_RE = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
# A sub-clause marker at the start of a line: （一） (二) （1） 1. 1、 一、
CLAUSE_RE = re.compile(r"^(?:[（(]\s*[%s\d]+\s*[)）]|\d+\s*[.．、]|[%s]+、)" % (NUMERAL, NUMERAL))
BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
# A paragraph ending in one of these (before closing quotes/brackets) is complete; anything else before a blank
# line is a sentence cut by a page break.
TERMINAL = "。；;：:！!？?…"
CLOSERS = "”’」』）)》】"


def chinese_number(text):
    """一 → 1, 十二 → 12, 二十 → 20, 三十一 → 31, 一百零一 → 101."""
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = DIGITS[ch]
    return total + current


class Line:
    def __init__(self, text, heading, blank_before):
        self.text = text
        self.heading = heading  # was a markdown heading
        self.blank_before = blank_before


def read_lines(raw):
    """Non-empty lines with markdown marks and artefacts removed, remembering headings and blank lines."""
    lines, blank = [], False
    for original in raw.splitlines():
        text = BOOKMARK_RE.sub("", original).strip()
        heading = False
        m = re.match(r"^#+\s*", text)
        if m:
            heading = True
            text = text[m.end():].strip()
        if not text:
            blank = True
            continue
        lines.append(Line(text, heading, blank))
        blank = False
    return lines


def is_complete(paragraph):
    return paragraph.rstrip(CLOSERS)[-1:] in TERMINAL


def paragraphs(lines):
    """Joins a line to the previous one when a page break (a blank line) cut a sentence."""
    result = []  # [text, from_heading]
    for line in lines:
        if (result and line.blank_before and not line.heading and not result[-1][1]
                and not is_complete(result[-1][0]) and not CLAUSE_RE.match(line.text)):
            result[-1][0] += line.text
        else:
            result.append([line.text, line.heading])
    return [text for text, _ in result]


def split_units(lines, style, end):
    """Returns (preamble lines, [(id, heading, lines)])."""
    preamble, units = [], []
    expected = 1
    skip_title = False  # a chapter marker on its own heading line is followed by the chapter's title
    want_heading = False  # an article marker on its own heading line may be followed by the article's title
    for line in lines:
        text = line.text
        if end and re.match(end, text):
            break
        if skip_title:
            skip_title = False
            if line.heading:
                continue
        if style == "article":
            chapter = CHAPTER_RE.match(text)
            if chapter:
                skip_title = line.heading and not chapter.group(1)
                want_heading = False
                continue
            m = ARTICLE_RE.match(text)
            if m and chinese_number(m.group(1)) == expected:
                expected += 1
                rest = m.group(2).strip()
                unit = ["第%s条" % m.group(1), None, []]
                if line.heading:
                    if rest:
                        unit[1] = rest
                    want_heading = not rest
                elif rest:
                    unit[2].append(Line(rest, False, line.blank_before))
                    want_heading = False
                else:
                    want_heading = False
                units.append(unit)
                continue
        else:
            m = SECTION_RE.match(text)
            if m and chinese_number(m.group(1)) == expected:
                expected += 1
                units.append([m.group(1), m.group(2).strip() or None, []])
                continue
        if want_heading:
            want_heading = False
            if line.heading and not CLAUSE_RE.match(text):
                units[-1][1] = text
                continue
        if units:
            units[-1][2].append(line)
        else:
            preamble.append(line)
    return preamble, units


def scalar(text):
    """A YAML scalar: plain when safe, else double-quoted (JSON escaping is valid YAML)."""
    if re.search(r"[:#'\"{}\[\],&*!|>%@`\\]", text) or text != text.strip() or text[:1] in "-?" or not text:
        return json.dumps(text, ensure_ascii=False)
    return text


def block(text, indent):
    pad = " " * indent
    return "|\n" + "".join(pad + line + "\n" for line in text.split("\n"))


def render(name, short, seed, title, style, end, raw):
    preamble, units = split_units(read_lines(raw), style, end)
    out = [
        "# Generated by scripts/extract-articles.py from 《%s》（%s）; do not edit by hand." % (title, PROVENANCE[name]),
        "source: %s" % scalar(short),
        "title: %s" % scalar(title),
    ]
    # Preamble lines are headers (issuer, number, date): never joined.
    pre = [line.text for line in preamble]
    if pre:
        out.append("preamble: " + block("\n".join(pre), 2).rstrip("\n"))
    out.append("articles:")
    for uid, heading, body in units:
        out.append("  - id: %s" % scalar(uid))
        if heading:
            out.append("    heading: %s" % scalar(heading))
        text = "\n".join(paragraphs(body))
        if not text:
            raise SystemExit("%s: %s 没有正文" % (seed, uid))
        out.append("    text: " + block(text, 6).rstrip("\n"))
    return "\n".join(out) + "\n"


def hand_written(name):
    """Article files kept by hand beside the generated ones: the State Council's holiday schedules behind
    Forms/calendar/ (holidays-<year>.yaml), which are not among the five texts."""
    return re.match(r"^holidays-\d{4}\.yaml$", name) is not None


def main():
    repo = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", nargs="?", default=os.environ.get("CANBAO_POLICY_TEXTS"),
                        help="directory holding the five policy texts (or $CANBAO_POLICY_TEXTS)")
    parser.add_argument("--out", default=os.path.join(repo, "Forms", "articles"))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    if not args.seeds or not os.path.isdir(args.seeds):
        print("extract-articles: the directory of the policy texts is missing: %s" % args.seeds, file=sys.stderr)
        return 2
    generated = {}
    for name, short, seed, title, style, end in DOCUMENTS:
        with open(os.path.join(args.seeds, seed), encoding="utf-8") as f:
            generated[name + ".yaml"] = render(name, short, seed, title, style, end, f.read())

    if args.check:
        existing = set(n for n in os.listdir(args.out) if n.endswith(".yaml")) if os.path.isdir(args.out) else set()
        problems = []
        for file, text in sorted(generated.items()):
            path = os.path.join(args.out, file)
            if not os.path.exists(path):
                problems.append("missing: %s" % file)
                continue
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    problems.append("differs: %s" % file)
        problems += ["not generated: %s" % n for n in sorted(existing - set(generated)) if not hand_written(n)]
        for p in problems:
            print("extract-articles: %s" % p, file=sys.stderr)
        return 1 if problems else 0

    os.makedirs(args.out, exist_ok=True)
    for file, text in sorted(generated.items()):
        with open(os.path.join(args.out, file), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print("extract-articles: wrote %d files to %s" % (len(generated), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
