"""Reference data and sheet sniffing shared by the benchmark's peer pipelines.

The peers do forecast's job on the CSV part of an inbox the way an analyst would with
pandas or DuckDB: detect the encoding, find the header row, normalize and validate the
values of SPEC, dedupe by activity key (later received wins), aggregate, write tables.
"""
import csv
import datetime as dt
import os
import re
import unicodedata

COUNTIES = [  # code, name, short, pinyin
    ("511802", "雨城区", "雨城", "yucheng"), ("511803", "名山区", "名山", "mingshan"),
    ("511822", "荥经县", "荥经", "yingjing"), ("511823", "汉源县", "汉源", "hanyuan"),
    ("511824", "石棉县", "石棉", "shimian"), ("511825", "天全县", "天全", "tianquan"),
    ("511826", "芦山县", "芦山", "lushan"), ("511827", "宝兴县", "宝兴", "baoxing"),
]
CATEGORIES = ["弱势群体关怀", "社区发展", "灾害管理", "生计发展", "青少年服务", "健康扶助", "咨询评估", "其他"]
CATEGORY_ALIASES = {
    "弱势群体": "弱势群体关怀", "关爱弱势群体": "弱势群体关怀", "社区": "社区发展", "社区建设": "社区发展",
    "防灾减灾": "灾害管理", "应急管理": "灾害管理", "生计": "生计发展", "技能培训": "生计发展",
    "青少年": "青少年服务", "儿童青少年": "青少年服务", "健康": "健康扶助", "医疗健康": "健康扶助",
    "咨询": "咨询评估", "评估": "咨询评估", "其它": "其他",
}
CITY = "雅安市"

HEADERS = {
    "org": ["组织名称", "社会组织名称", "单位名称", "申报单位", "organization", "org"],
    "credit_code": ["统一社会信用代码", "信用代码", "credit_code"],
    "title": ["活动名称", "活动主题", "title", "activity"],
    "category": ["活动类别", "服务类别", "服务领域", "category"],
    "date": ["活动日期", "日期", "date"],
    "start": ["开始时间", "start", "start_time"],
    "end": ["结束时间", "end", "end_time"],
    "county": ["县区", "所属县区", "区县", "county", "district"],
    "venue": ["活动地点", "地点", "venue", "location"],
    "audience": ["预计受众人数", "受众人数", "预计人数", "参与人数", "audience"],
    "contact": ["负责人", "联系人", "contact"],
    "phone": ["联系电话", "电话", "手机", "phone"],
    "notes": ["备注", "notes"],
    "status": ["状态", "status"],
}
HEADER_TO_FIELD = {unicodedata.normalize("NFKC", h).strip().casefold(): f for f, hs in HEADERS.items() for h in hs}
REQUIRED = ["org", "title", "category", "date", "county", "venue", "audience", "contact", "phone"]
FIELDS = list(HEADERS)


def county_lookup():
    """Every accepted county spelling (lower-cased, NFKC) -> code."""
    table = {}
    for code, name, short, pinyin in COUNTIES:
        for form in (code, name, short, pinyin, pinyin + "qu", pinyin + "xian", CITY + name, CITY + short):
            table[form.casefold()] = code
    table["名山县"] = "511803"
    return table


def week_monday(week):
    """'2016-W50' -> date of its Monday."""
    year, w = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(w), 1)


def sniff(path):
    """(encoding, header line index, delimiter, received mtime) of one sheet, from its first 64 KB."""
    with open(path, "rb") as f:
        head = f.read(65536)
    if head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    else:
        try:
            head.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as e:
            # A cut multi-byte character at the 64 KB edge is still UTF-8.
            encoding = "utf-8" if e.start >= len(head) - 3 else "gb18030"
    text = head.decode(encoding, errors="ignore")
    lines = text.splitlines()[:10]
    for i, line in enumerate(lines):
        delimiter = max(",\t;", key=line.count)
        cells = next(csv.reader([line], delimiter=delimiter), [])
        known = {HEADER_TO_FIELD.get(unicodedata.normalize("NFKC", c).strip().casefold()) for c in cells} - {None}
        if len(known) >= 3:
            return encoding, i, delimiter, os.stat(path).st_mtime
    return encoding, None, ",", os.stat(path).st_mtime


def sheets(inbox):
    """The inbox's CSV sheets in received order (mtime, then name), with their sniffed facts."""
    out = []
    for name in os.listdir(inbox):
        if not name.lower().endswith(".csv") or name.startswith((".", "~$")):
            continue
        path = os.path.join(inbox, name)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        encoding, header, delimiter, mtime = sniff(path)
        if header is not None:
            out.append((mtime, name, path, encoding, header, delimiter))
    out.sort(key=lambda s: (s[0], s[1]))
    return out


TEXT_KEY = re.compile(r"[\W_]+")
