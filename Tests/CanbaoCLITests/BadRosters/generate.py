#!/usr/bin/env python3
"""Writes the bad rosters of this folder (run from it: python3 generate.py). Every file is one way a school's
class list can be wrong: each is refused whole (exit 2) or has every row rejected (exit 1), so nothing is written.
expectations.json holds each file's exit status and its one line on stderr (after "PATH：")."""

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def rid(birth, seq, area="150621"):
    body = area + birth.replace("-", "") + "%03d" % seq
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def broken(number):
    return number[:-1] + ("1" if number[-1] == "0" else "0")


WANG = rid("2008-03-05", 11)  # male
LI = rid("2008-07-20", 22)    # female
H = "姓名,证件号码\n"

files = {
    # Files that cannot be read: exit 2.
    "01-empty.csv": b"",
    "02-blank-lines.csv": b"\n \n\r\n",
    "03-xlsx.csv": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
    "04-utf16.csv": "姓名,证件号码\r\n王小明,{}\r\n".format(WANG).encode("utf-16"),
    "05-unclosed-quote.csv": (H + '王小明,"' + WANG + "\n").encode(),
    "06-no-number-column.csv": ("姓名,身份证件\n王小明," + WANG + "\n").encode(),
    "07-no-name-column.csv": ("名字,证件号码\n王小明," + WANG + "\n").encode(),
    "08-column-twice.csv": ("姓名,证件号码,身份证号\n王小明," + WANG + "," + WANG + "\n").encode(),
    "09-bom-not-utf8.csv": b"\xef\xbb\xbf\xd0\xd5\xc3\xfb,\n",
    "10-undecodable.csv": b"\xff\xff,\x80\n",
    "11-header-escape.csv": ("姓名\x1b[2J,证件号码\n王小明," + WANG + "\n").encode(),
    # Every row rejected: exit 1, the first rejected row named.
    "12-check-character.csv": (H + "王小明," + broken(WANG) + "\n").encode(),
    "13-name-escape.csv": (H + "王\x1b[31m小明," + WANG + "\n").encode(),
    "14-name-osc-title.csv": (H + "\x1b]0;pwned\x07王小明," + WANG + "\n").encode(),
    "15-name-backspace.csv": (H + "王\b\b\b管理员," + WANG + "\n").encode(),
    "16-name-newline.csv": (H + '"王\n小明",' + WANG + "\n").encode(),
    "17-name-bidi-override.csv": (H + "王\u202e明小," + WANG + "\n").encode(),
    "18-name-bidi-isolate.csv": (H + "\u2066王小明\u2069," + WANG + "\n").encode(),
    "19-name-c1-control.csv": (H + "王\u0085小明," + WANG + "\n").encode(),
    "20-name-too-long.csv": (H + "王" * 5000 + "," + WANG + "\n").encode(),
    "21-class-escape.csv": ("姓名,证件号码,班级\n王小明," + WANG + ",高三\x1b[8m1班\n").encode(),
    "22-unknown-kind.csv": ("姓名,证件类型,证件号码\n王小明,学生证," + WANG + "\n").encode(),
    "23-birth-mismatch.csv": ("姓名,证件号码,出生日期\n王小明," + WANG + ",2008-03-06\n").encode(),
    "24-not-a-date.csv": ("姓名,证件号码,出生日期\n王小明," + WANG + ",2008-02-30\n").encode(),
    "25-sex-invalid.csv": ("姓名,证件号码,性别\n王小明," + WANG + ",未知\n").encode(),
    "26-sex-mismatch.csv": ("姓名,证件号码,性别\n李红," + LI + ",男\n").encode(),
    "27-too-few-fields.csv": (H + "王小明\n").encode(),
    "28-repeated-number.csv": (H + "王小明," + WANG + "\n王晓明," + WANG + "\n").encode(),
    "29-empty-name.csv": (H + "," + WANG + "\n").encode(),
    "30-gb18030-bad-rows.csv": ("姓名,证件号码,性别\n王小明," + broken(WANG) + ",男\n").encode("gb18030"),
}

for name, data in files.items():
    with open(name, "wb") as f:
        f.write(data)
