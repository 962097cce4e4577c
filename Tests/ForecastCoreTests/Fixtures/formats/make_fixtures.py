#!/usr/bin/env python3
r"""Regenerate the input-format fixtures under Tests/ForecastCoreTests/Fixtures/formats/.

The committed files are the source of truth; this script documents how they were made and
regenerates them deterministically (fixed zip timestamps, fixed document properties, fixed
random seed).  Requires Python 3.11+ and openpyxl 3.1.x.

    python3 make_fixtures.py                  # everything except same-libreoffice.xlsx
    python3 make_fixtures.py --libreoffice    # also re-convert same-libreoffice.xlsx

"same-*" files: ONE organization, SIX activities for week 2016-W50, identical in every
format; `same-expected.json` is what the pipeline must store for each of them.

    same.csv                  UTF-8 + BOM, CRLF, the SPEC template header
    same.xml                  Forecast XML, UTF-8
    same-gbk.xml              the same document, encoding="GBK"
    same-gb2312.xml           the same document, encoding="GB2312"
    same-gb18030.xml          the same document, encoding="GB18030"
    same.spreadsheetml.xml    Excel 2003 XML Spreadsheet (title row, header, data, 2nd sheet)
    same.xls                  the same SpreadsheetML bytes under an .xls name
    same-openpyxl.xlsx        written by openpyxl 3.1.5: t="inlineStr" strings (openpyxl 3.1 writes
                              no sharedStrings.xml), custom numFmts 164 yyyy-mm-dd, 165 hh:mm,
                              166 yyyy"年"m"月"d"日", 49 (@) for credit code and phone
    same-libreoffice.xlsx     same-openpyxl.xlsx round-tripped through LibreOffice Calc: shared
                              strings (t="s"), numFmts 164 General, 165 @, 166 yyyy\-mm\-dd,
                              167 hh:mm, 168 yyyy\年m\月d\日; times rounded to 15 digits
    same-inline.xlsx          hand-built: inline strings, numFmt 14/20 serials, row gap,
                              boolean cell in an unknown column, no sharedStrings.xml

same-libreoffice.xlsx was made with LibreOffice 7.4.7.2 (Debian bookworm,
`apt-get install -y libreoffice-calc`) like this:

    mkdir -p /tmp/lo/in /tmp/lo/out
    cp same-openpyxl.xlsx /tmp/lo/in/same-libreoffice.xlsx
    soffice -env:UserInstallation=file:///tmp/lo/profile --headless \
            --convert-to xlsx --outdir /tmp/lo/out /tmp/lo/in/same-libreoffice.xlsx
    cp /tmp/lo/out/same-libreoffice.xlsx .

LibreOffice stamps its own times into the zip, so its bytes differ on every run; that file
is regenerated only with --libreoffice.

hostile/ files: see hostile/README.md (each one must be refused with the code given there);
the README itself is written by this script too.
"""
import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
HOSTILE = os.path.join(HERE, "hostile")
FIXED_ZIP_TIME = (2016, 12, 9, 16, 30, 0)

ORG = "雅安市雨城区阳光社会工作服务中心"
CREDIT = "51511802MJ0000001N"  # check character N is correct per GB 32100-2015
WEEK = "2016-W50"
SUBMITTED = "2016-12-09T16:30:00+08:00"
COUNTY_CODES = {"雨城区": "511802", "名山区": "511803", "荥经县": "511822"}

# The six activities (canonical values only). Every "same-*" file must parse to exactly these.
ACTIVITIES = [
    dict(title="茶农生计技能培训", category="生计发展", date="2016-12-12", start="14:30", end="17:00",
         county="名山区", venue="蒙顶山镇村委会", audience=35, contact="李强", phone="0835-2221234",
         notes='请携带身份证,注意"防寒"'),  # comma and double quote
    dict(title="社区老人健康讲座", category="健康扶助", date="2016-12-13", start="09:00", end="11:00",
         county="雨城区", venue="西城街道文化站", audience=60, contact="王芳", phone="13908161234",
         notes=""),  # empty notes
    dict(title="防灾减灾应急演练", category="灾害管理", date="2016-12-15", start="09:30", end="11:30",
         county="荥经县", venue="严道镇中心小学", audience=600, contact="张伟", phone="18982345678",
         notes="与学校联合举办"),  # >= 500: large-audience warning
    dict(title="社区环境清洁志愿服务", category="社区发展", date="2016-12-16", start=None, end=None,
         county="雨城区", venue="青江街道各小区", audience=25, contact="刘洋", phone="15183561234",
         notes="全天分散进行"),  # no start/end time
    dict(title="青少年周末课堂", category="青少年服务", date="2016-12-17", start="14:00", end="16:00",
         county="雨城区", venue="河北街社区", audience=40, contact="王芳", phone="13908161234",
         notes="自带文具"),
    dict(title="困境儿童家庭走访", category="弱势群体关怀", date="2016-12-18", start="19:00", end="20:30",
         county="名山区", venue="永兴镇", audience=8, contact="陈静", phone="0835-3224567",
         notes="需提前预约"),
]

HEADER = ["组织名称", "统一社会信用代码", "活动名称", "活动类别", "活动日期", "开始时间", "结束时间",
          "县区", "活动地点", "预计受众人数", "负责人", "联系电话", "备注"]
TITLE = "雅安市社会组织活动周预报表"


def row_values(a):
    return [ORG, CREDIT, a["title"], a["category"], a["date"], a["start"] or "", a["end"] or "",
            a["county"], a["venue"], str(a["audience"]), a["contact"], a["phone"], a["notes"]]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def d(s):
    return dt.date.fromisoformat(s)


def t(s):
    return dt.time.fromisoformat(s) if s else None


def excel_serial(date_s):
    return (d(date_s) - dt.date(1899, 12, 30)).days


def excel_time(time_s):
    h, m = map(int, time_s.split(":"))
    return (h * 60 + m) / 1440


def col(i):  # 0 -> A
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


# ---------------------------------------------------------------------------------------
# zip helpers (fixed timestamps, fixed attributes => deterministic bytes)

def zinfo(name, compress=zipfile.ZIP_DEFLATED, level=None):
    zi = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    zi.compress_type = compress
    zi.create_system = 0
    zi.external_attr = 0
    if level is not None:
        try:
            zi.compress_level = level  # Python 3.13+ name
        except AttributeError:
            zi._compresslevel = level  # Python 3.11/3.12: honoured by ZipFile.open(zinfo, "w")
    return zi


def write_zip(path, entries, compress=zipfile.ZIP_DEFLATED):
    """entries: list of (name, bytes|str)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            if isinstance(data, str):
                data = data.encode("utf-8")
            zf.writestr(zinfo(name, compress), data)
    write(path, buf.getvalue())


NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def content_types(shared_strings=False, styles=False, sheets=1):
    parts = ['<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    for i in range(1, sheets + 1):
        parts.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    if styles:
        parts.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
    if shared_strings:
        parts.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    return (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(parts) + "</Types>")


ROOT_RELS = (XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
             "</Relationships>")


def workbook_xml(sheet_names):
    sheets = "".join(f'<sheet name={quoteattr(n)} sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(sheet_names, 1))
    return XML_DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheets>{sheets}</sheets></workbook>'


def workbook_rels(nsheets, styles=False, shared_strings=False):
    rels = [f'<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, nsheets + 1)]
    n = nsheets
    if styles:
        n += 1
        rels.append(f'<Relationship Id="rId{n}" Type="{NS_REL}/styles" Target="styles.xml"/>')
    if shared_strings:
        n += 1
        rels.append(f'<Relationship Id="rId{n}" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>')
    return XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}">' + "".join(rels) + "</Relationships>"


# ---------------------------------------------------------------------------------------
# same.csv

def make_csv():
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(HEADER)
    for a in ACTIVITIES:
        w.writerow(row_values(a))
    write(os.path.join(HERE, "same.csv"), b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


# ---------------------------------------------------------------------------------------
# Forecast XML (UTF-8, GBK, GB2312, GB18030)

def forecast_xml(encoding="UTF-8"):
    L = [f'<?xml version="1.0" encoding="{encoding}"?>',
         f'<forecast week="{WEEK}" version="1">',
         f'  <organization code="{CREDIT}">{escape(ORG)}</organization>',
         f'  <submitted>{SUBMITTED}</submitted>']

    def el(name, value):
        return f"    <{name}/>" if value in (None, "") else f"    <{name}>{escape(str(value))}</{name}>"

    for a in ACTIVITIES:
        L.append("  <activity>")
        for k in ("title", "category", "date", "start", "end", "county", "venue", "audience",
                  "contact", "phone", "notes"):
            L.append(el(k, a[k]))
        L.append("    <status/>")
        L.append("  </activity>")
    L.append("</forecast>")
    return "\n".join(L) + "\n"


def make_xml():
    write(os.path.join(HERE, "same.xml"), forecast_xml("UTF-8").encode("utf-8"))
    for enc, codec, name in (("GBK", "gbk", "same-gbk.xml"), ("GB2312", "gb2312", "same-gb2312.xml"),
                             ("GB18030", "gb18030", "same-gb18030.xml")):
        write(os.path.join(HERE, name), forecast_xml(enc).encode(codec))


# ---------------------------------------------------------------------------------------
# Excel 2003 XML Spreadsheet (SpreadsheetML)

def make_spreadsheetml():
    def cell(value, typ="String", style=None, index=None, merge=None):
        attrs = ""
        if index:
            attrs += f' ss:Index="{index}"'
        if merge:
            attrs += f' ss:MergeAcross="{merge}"'
        if style:
            attrs += f' ss:StyleID="{style}"'
        return f'<Cell{attrs}><Data ss:Type="{typ}">{escape(str(value))}</Data></Cell>'

    widths = [180, 120, 120, 72, 72, 54, 54, 54, 108, 72, 54, 90, 150]
    out = ['<?xml version="1.0"?>',
           '<?mso-application progid="Excel.Sheet"?>',
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"',
           ' xmlns:o="urn:schemas-microsoft-com:office:office"',
           ' xmlns:x="urn:schemas-microsoft-com:office:excel"',
           ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"',
           ' xmlns:html="http://www.w3.org/TR/REC-html40">',
           ' <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">',
           '  <Author>王芳</Author>',
           '  <LastAuthor>王芳</LastAuthor>',
           '  <Created>2016-12-09T08:10:00Z</Created>',
           '  <LastSaved>2016-12-09T08:29:00Z</LastSaved>',
           '  <Version>12.00</Version>',
           ' </DocumentProperties>',
           ' <ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel">',
           '  <WindowHeight>9000</WindowHeight>',
           '  <WindowWidth>20000</WindowWidth>',
           '  <ProtectStructure>False</ProtectStructure>',
           '  <ProtectWindows>False</ProtectWindows>',
           ' </ExcelWorkbook>',
           ' <Styles>',
           '  <Style ss:ID="Default" ss:Name="Normal">',
           '   <Alignment ss:Vertical="Center"/>',
           '   <Borders/>',
           '   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="11"/>',
           '   <Interior/>',
           '   <NumberFormat/>',
           '   <Protection/>',
           '  </Style>',
           '  <Style ss:ID="sTitle">',
           '   <Alignment ss:Horizontal="Center" ss:Vertical="Center"/>',
           '   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="16" ss:Bold="1"/>',
           '  </Style>',
           '  <Style ss:ID="sHead">',
           '   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="11" ss:Bold="1"/>',
           '   <Interior ss:Color="#D9D9D9" ss:Pattern="Solid"/>',
           '  </Style>',
           '  <Style ss:ID="sDate">',
           '   <NumberFormat ss:Format="yyyy\\-mm\\-dd"/>',
           '  </Style>',
           '  <Style ss:ID="sTime">',
           '   <NumberFormat ss:Format="hh:mm"/>',
           '  </Style>',
           '  <Style ss:ID="sText">',
           '   <NumberFormat ss:Format="@"/>',
           '  </Style>',
           ' </Styles>',
           ' <Worksheet ss:Name="活动预报">',
           f'  <Table ss:ExpandedColumnCount="13" ss:ExpandedRowCount="{2 + len(ACTIVITIES)}" x:FullColumns="1"',
           '   x:FullRows="1" ss:DefaultColumnWidth="54" ss:DefaultRowHeight="14.25">']
    for w_ in widths:
        out.append(f'   <Column ss:AutoFitWidth="0" ss:Width="{w_}"/>')
    out.append('   <Row ss:AutoFitHeight="0" ss:Height="27">')
    out.append('    ' + cell(TITLE, style="sTitle", merge=12))
    out.append('   </Row>')
    out.append('   <Row>')
    for h in HEADER:
        out.append('    ' + cell(h, style="sHead"))
    out.append('   </Row>')
    for a in ACTIVITIES:
        out.append('   <Row>')
        cells = [cell(ORG), cell(CREDIT, style="sText"), cell(a["title"]), cell(a["category"]),
                 cell(a["date"] + "T00:00:00.000", "DateTime", "sDate")]
        skip = False
        if a["start"]:
            cells.append(cell(f"1899-12-31T{a['start']}:00.000", "DateTime", "sTime"))
            cells.append(cell(f"1899-12-31T{a['end']}:00.000", "DateTime", "sTime"))
        else:
            skip = True  # 开始时间/结束时间 (columns 6, 7) absent: next cell carries ss:Index="8"
        cells.append(cell(a["county"], index=8 if skip else None))
        cells += [cell(a["venue"]), cell(a["audience"], "Number"), cell(a["contact"]),
                  cell(a["phone"], style="sText")]
        cells.append(cell(a["notes"]) if a["notes"] else "<Cell/>")  # the one empty <Cell/>
        out += ['    ' + c for c in cells]
        out.append('   </Row>')
    out += ['  </Table>',
            '  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">',
            '   <PageSetup>',
            '    <Layout x:Orientation="Landscape"/>',
            '   </PageSetup>',
            '   <Selected/>',
            '   <ProtectObjects>False</ProtectObjects>',
            '   <ProtectScenarios>False</ProtectScenarios>',
            '  </WorksheetOptions>',
            ' </Worksheet>',
            ' <Worksheet ss:Name="说明">',
            '  <Table ss:ExpandedColumnCount="3" ss:ExpandedRowCount="5" x:FullColumns="1" x:FullRows="1">',
            '   <Row>',
            '    ' + cell("填表说明", style="sHead"),
            '   </Row>',
            '   <Row>',
            '    ' + cell("1"),
            '    ' + cell("每周五18:00前报送下周活动"),
            '   </Row>',
            '   <Row>',
            '    ' + cell("2"),
            '    ' + cell("日期、时间请按模板格式填写"),
            '   </Row>',
            '   <Row>',
            '    ' + cell("项目"),
            '    ' + cell("数量"),
            '    ' + cell("金额"),
            '   </Row>',
            '   <Row>',
            '    ' + cell("宣传单"),
            '    ' + cell(500, "Number"),
            '    ' + cell(250.5, "Number"),
            '   </Row>',
            '  </Table>',
            '  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">',
            '   <ProtectObjects>False</ProtectObjects>',
            '   <ProtectScenarios>False</ProtectScenarios>',
            '  </WorksheetOptions>',
            ' </Worksheet>',
            '</Workbook>']
    data = ("\r\n".join(out) + "\r\n").encode("utf-8")  # Excel 2003 writes CRLF, no BOM
    write(os.path.join(HERE, "same.spreadsheetml.xml"), data)
    write(os.path.join(HERE, "same.xls"), data)


# ---------------------------------------------------------------------------------------
# same-openpyxl.xlsx

def repack_deterministic(path, fixed_iso="2016-12-09T08:30:00Z"):
    """Rewrite an openpyxl-written zip with fixed entry times and a fixed core.xml timestamp."""
    with zipfile.ZipFile(path) as zf:
        entries = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    fixed = []
    for name, data in entries:
        if name == "docProps/core.xml":
            data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                          rb"\g<1>" + fixed_iso.encode() + rb"\g<2>", data)
            data = re.sub(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)",
                          rb"\g<1>" + fixed_iso.encode() + rb"\g<2>", data)
        fixed.append((name, data))
    write_zip(path, fixed)


def make_openpyxl():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    wb.properties.creator = "王芳"
    wb.properties.created = dt.datetime(2016, 12, 9, 8, 30, 0)
    ws = wb.active
    ws.title = "活动预报"  # the data sheet is the FIRST sheet in workbook order
    ws.merge_cells("A1:M1")
    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 27
    for i, h in enumerate(HEADER, 1):
        c = ws.cell(row=2, column=i, value=h)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="D9D9D9")
    for r, a in enumerate(ACTIVITIES, 3):
        vals = [ORG, CREDIT, a["title"], a["category"], d(a["date"]), t(a["start"]), t(a["end"]),
                a["county"], a["venue"], a["audience"], a["contact"], a["phone"], a["notes"] or None]
        for ci, v in enumerate(vals, 1):
            c = ws.cell(row=r, column=ci, value=v)
            if ci in (2, 12):
                c.number_format = "@"  # credit code and phone as text
            elif ci == 5:
                # one date in Chinese long form, the rest ISO
                c.number_format = 'yyyy"年"m"月"d"日"' if a["date"] == "2016-12-15" else "yyyy-mm-dd"
            elif ci in (6, 7) and v is not None:
                c.number_format = "hh:mm"
    for i, w_ in enumerate([34, 22, 22, 13, 16, 10, 10, 10, 18, 13, 10, 15, 28], 1):
        ws.column_dimensions[col(i - 1)].width = w_
    ws2 = wb.create_sheet("说明")
    ws2["A1"] = "填表说明"
    ws2["A2"] = "1. 每周五18:00前报送下周活动"
    ws2["A3"] = "2. 日期、时间请按模板格式填写"
    ws2["A5"], ws2["B5"], ws2["C5"] = "组织名称", "活动名称", "活动日期"  # looks like a header: must still be ignored
    ws2["A6"], ws2["B6"], ws2["C6"] = "示例组织", "示例活动", dt.date(2016, 1, 1)
    path = os.path.join(HERE, "same-openpyxl.xlsx")
    wb.save(path)
    repack_deterministic(path)


def make_libreoffice():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: same-libreoffice.xlsx left as committed", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in", "same-libreoffice.xlsx")
        os.makedirs(os.path.dirname(src))
        shutil.copy(os.path.join(HERE, "same-openpyxl.xlsx"), src)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "xlsx", "--outdir", os.path.join(tmp, "out"), src],
                       check=True, timeout=300)
        shutil.copy(os.path.join(tmp, "out", "same-libreoffice.xlsx"), os.path.join(HERE, "same-libreoffice.xlsx"))


# ---------------------------------------------------------------------------------------
# same-inline.xlsx (hand-built, inline strings, no sharedStrings.xml)

INLINE_STYLES = (XML_DECL + f'<styleSheet xmlns="{NS_MAIN}">'
                 '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
                 '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                 '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                 '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                 '<cellXfs count="3">'
                 '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                 '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                 '<xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                 '</cellXfs>'
                 '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                 '</styleSheet>')


def inline_cell(ref, value):
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def make_inline():
    # header row 1; data rows 2,3,4, row 5 absent (gap), data rows 6,7,8.
    # column N "已审核" is not a contract column (-> unknown-column info) and holds booleans.
    data_rows = [2, 3, 4, 6, 7, 8]
    rows = ['<row r="1">' + "".join(inline_cell(f"{col(i)}1", h) for i, h in enumerate(HEADER + ["已审核"])) + "</row>"]
    for n, (r, a) in enumerate(zip(data_rows, ACTIVITIES)):
        cells = [inline_cell(f"A{r}", ORG), inline_cell(f"B{r}", CREDIT), inline_cell(f"C{r}", a["title"]),
                 inline_cell(f"D{r}", a["category"]), f'<c r="E{r}" s="1"><v>{excel_serial(a["date"])}</v></c>']
        if a["start"]:
            cells.append(f'<c r="F{r}" s="2"><v>{excel_time(a["start"])!r}</v></c>')
            cells.append(f'<c r="G{r}" s="2"><v>{excel_time(a["end"])!r}</v></c>')
        cells += [inline_cell(f"H{r}", a["county"]), inline_cell(f"I{r}", a["venue"]),
                  f'<c r="J{r}"><v>{a["audience"]}</v></c>', inline_cell(f"K{r}", a["contact"]),
                  inline_cell(f"L{r}", a["phone"])]
        if a["notes"]:
            cells.append(inline_cell(f"M{r}", a["notes"]))
        cells.append(f'<c r="N{r}" t="b"><v>{1 if n % 2 == 0 else 0}</v></c>')
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    sheet = (XML_DECL + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
             '<dimension ref="A1:N8"/><sheetData>' + "".join(rows) + "</sheetData></worksheet>")
    write_zip(os.path.join(HERE, "same-inline.xlsx"), [
        ("[Content_Types].xml", content_types(styles=True)),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook_xml(["活动预报"])),
        ("xl/_rels/workbook.xml.rels", workbook_rels(1, styles=True)),
        ("xl/styles.xml", INLINE_STYLES),
        ("xl/worksheets/sheet1.xml", sheet),
    ])


def make_expected():
    out = []
    for a in ACTIVITIES:
        out.append(dict(org=ORG, credit_code=CREDIT, title=a["title"], category=a["category"],
                        date=a["date"], start=a["start"], end=a["end"],
                        county_code=COUNTY_CODES[a["county"]], venue=a["venue"],
                        audience=a["audience"], contact=a["contact"], phone=a["phone"],
                        notes=a["notes"]))
    write(os.path.join(HERE, "same-expected.json"),
          (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------------------
# hostile/

def xml_head(extra=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + extra +
            f'<forecast week="{WEEK}" version="1">\n'
            f'  <organization code="{CREDIT}">{ORG}</organization>\n'
            f'  <submitted>{SUBMITTED}</submitted>\n')


ACT_BODY = ("    <category>健康扶助</category>\n"
            "    <date>2016-12-13</date>\n"
            "    <start>09:00</start>\n"
            "    <end>11:00</end>\n"
            "    <county>雨城区</county>\n"
            "    <venue>西城街道文化站</venue>\n"
            "    <audience>60</audience>\n"
            "    <contact>王芳</contact>\n"
            "    <phone>13908161234</phone>\n")


def hostile_xml():
    h = lambda name, text: write(os.path.join(HOSTILE, name), text.encode("utf-8"))
    h("xxe.xml", xml_head('<!DOCTYPE forecast [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n') +
      "  <activity>\n    <title>&xxe;</title>\n" + ACT_BODY + "  </activity>\n</forecast>\n")
    lol = ['<!DOCTYPE forecast [\n', '  <!ENTITY lol "lol">\n']
    prev = "lol"
    for i in range(1, 10):
        lol.append(f'  <!ENTITY lol{i} "' + f"&{prev};" * 10 + '">\n')
        prev = f"lol{i}"
    lol.append("]>\n")
    h("billion-laughs.xml", xml_head("".join(lol)) +
      "  <activity>\n    <title>&lol9;</title>\n" + ACT_BODY + "  </activity>\n</forecast>\n")
    # line 7: <category> is never closed
    h("malformed.xml", xml_head() + "  <activity>\n    <title>社区老人健康讲座</title>\n"
      "    <category>健康扶助\n" + ACT_BODY.split("\n", 1)[1] + "  </activity>\n</forecast>\n")
    # second <activity> has no <title> and an unknown <price>
    h("schema-violation.xml", xml_head() +
      "  <activity>\n    <title>社区老人健康讲座</title>\n" + ACT_BODY + "  </activity>\n"
      "  <activity>\n" + ACT_BODY.replace("2016-12-13", "2016-12-14") + "    <price>20</price>\n"
      "  </activity>\n</forecast>\n")
    h("unknown-root.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
      '<html xmlns="http://www.w3.org/1999/xhtml">\n  <head><title>活动预报</title></head>\n'
      '  <body><p>社区老人健康讲座 2016-12-13</p></body>\n</html>\n')


MIN_SHEET = (XML_DECL + f'<worksheet xmlns="{NS_MAIN}"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>组织名称</t></is></c></row>'
             '</sheetData></worksheet>')


def minimal_parts(sheet=MIN_SHEET):
    return [("[Content_Types].xml", content_types()),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook_xml(["活动预报"])),
            ("xl/_rels/workbook.xml.rels", workbook_rels(1)),
            ("xl/worksheets/sheet1.xml", sheet)]


def hostile_zip():
    # zip-bomb.xlsx: valid minimal workbook; sheet1.xml is a well-formed worksheet padded with
    # 2**30 spaces (1 GiB) between <sheetData> and </sheetData>; deflate level 9, streamed.
    path = os.path.join(HOSTILE, "zip-bomb.xlsx")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in minimal_parts()[:4]:
            zf.writestr(zinfo(name), data.encode("utf-8"))
        with zf.open(zinfo("xl/worksheets/sheet1.xml", level=9), "w", force_zip64=True) as w:
            w.write((XML_DECL + f'<worksheet xmlns="{NS_MAIN}"><sheetData>').encode())
            chunk = b" " * (1 << 20)
            for _ in range(1024):
                w.write(chunk)
            w.write(b"</sheetData></worksheet>")

    # many-entries.xlsx: the minimal workbook plus empty stored entries, 20,000 entries in all
    parts = [(n, d_.encode("utf-8")) for n, d_ in minimal_parts()]
    parts += [(f"pad/{i:05d}", b"") for i in range(20000 - len(parts))]
    write_zip(os.path.join(HOSTILE, "many-entries.xlsx"), parts, compress=zipfile.ZIP_STORED)

    # no-sheets.xlsx: workbook with an empty <sheets/> and no worksheet part
    write_zip(os.path.join(HOSTILE, "no-sheets.xlsx"), [
        ("[Content_Types].xml", content_types(sheets=0)),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", XML_DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheets/></workbook>'),
    ])

    # garbage.xlsx: 4 KiB of seeded random bytes
    write(os.path.join(HOSTILE, "garbage.xlsx"), random.Random(20161209).randbytes(4096))

    # not-a-zip.xlsx: CSV text under an .xlsx name
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    w.writerow(row_values(ACTIVITIES[1]))
    write(os.path.join(HOSTILE, "not-a-zip.xlsx"), buf.getvalue().encode("utf-8"))

    # xlsx-xxe.xlsx: sharedStrings.xml declares an external entity
    sst_items = HEADER + ["&xxe;"]
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
           '<!DOCTYPE sst [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
           f'<sst xmlns="{NS_MAIN}" count="{len(sst_items)}" uniqueCount="{len(sst_items)}">' +
           "".join(f"<si><t>{s}</t></si>" for s in sst_items) + "</sst>")
    row1 = "".join(f'<c r="{col(i)}1" t="s"><v>{i}</v></c>' for i in range(len(HEADER)))
    a = ACTIVITIES[1]
    row2 = (f'<c r="A2" t="s"><v>{len(HEADER)}</v></c>' +
            "".join(f'<c r="{col(i)}2" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                    for i, v in enumerate(row_values(a)) if i > 0 and v))
    sheet = (XML_DECL + f'<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1">{row1}</row>'
             f'<row r="2">{row2}</row></sheetData></worksheet>')
    write_zip(os.path.join(HOSTILE, "xlsx-xxe.xlsx"), [
        ("[Content_Types].xml", content_types(shared_strings=True)),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook_xml(["活动预报"])),
        ("xl/_rels/workbook.xml.rels", workbook_rels(1, shared_strings=True)),
        ("xl/sharedStrings.xml", sst),
        ("xl/worksheets/sheet1.xml", sheet),
    ])


HOSTILE_README = """\
# Hostile input fixtures

Each file here must be refused by a safe reader, as a whole file, with the problem code given.
None of them may make the reader load an external entity, touch the network, expand entities,
or inflate more than its limits allow. All are regenerated by `../make_fixtures.py`.

| file | what it is | expected code |
|---|---|---|
| `xxe.xml` | Forecast XML (otherwise valid) whose DOCTYPE declares `<!ENTITY xxe SYSTEM "file:///etc/passwd">`, used as `<title>&xxe;</title>` | `xml-forbidden-dtd` |
| `billion-laughs.xml` | Forecast XML with the classic `lol`, `lol1`..`lol9` entity expansion (10^9 x "lol"), `<title>&lol9;</title>` | `xml-forbidden-dtd` |
| `malformed.xml` | Forecast XML whose `<category>` on line 7 is never closed. xmllint: `malformed.xml:16: parser error : Opening and ending tag mismatch: category line 7 and activity` (then line 17 `activity line 5 and forecast`, line 18 premature end) | `xml-malformed` |
| `schema-violation.xml` | well-formed Forecast XML; the second `<activity>` (line 17) has no `<title>` and an unknown `<price>` (line 27). xmllint reports only `schema-violation.xml:27: element price: Schemas validity error : Element 'price': This element is not expected. Expected is one of ( title, notes, status ).` (without `<price>` it would report line 17: `Element 'activity': Missing child element(s). Expected is one of ( title, notes, status ).`) | `xml-schema-invalid` |
| `unknown-root.xml` | well-formed XHTML document, root `<html>` | `unsupported-format` |
| `zip-bomb.xlsx` | minimal valid workbook (~1.0 MB) whose `xl/worksheets/sheet1.xml` is a well-formed worksheet padded with 2^30 spaces: 1,073,741,992 bytes uncompressed (deflate level 9, zip64 local header) | `file-too-large` |
| `many-entries.xlsx` | minimal valid workbook plus empty stored entries `pad/00000`..: 20,000 zip entries in all (~1.9 MB) | `file-too-large` |
| `no-sheets.xlsx` | valid zip with `[Content_Types].xml`, `_rels/.rels` and an `xl/workbook.xml` with an empty `<sheets/>`; no worksheet part | `unreadable-file` |
| `garbage.xlsx` | 4096 random bytes (Python `random.Random(20161209).randbytes(4096)`) | `unreadable-file` |
| `not-a-zip.xlsx` | a UTF-8 CSV (template header + one row) saved under an `.xlsx` name | `unreadable-file` |
| `xlsx-xxe.xlsx` | otherwise minimal valid xlsx whose `xl/sharedStrings.xml` has `<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` and a string `&xxe;` used by cell A2 | `xml-forbidden-dtd` |
"""


def main():
    os.makedirs(HOSTILE, exist_ok=True)
    make_csv()
    make_xml()
    make_spreadsheetml()
    make_openpyxl()
    if "--libreoffice" in sys.argv:
        make_libreoffice()
    make_inline()
    make_expected()
    hostile_xml()
    hostile_zip()
    write(os.path.join(HOSTILE, "README.md"), HOSTILE_README.encode("utf-8"))


if __name__ == "__main__":
    main()

# template-filled-libreoffice.xlsx (not regenerated by this script; made once by hand):
#   forecast template --out T
#   python: openpyxl.load_workbook(T/活动周预报模板.xlsx), fill rows 2-3 (two activities of
#           雅安市雨城区阳光社会工作服务中心 on 2016-12-13 and 2016-12-17), save filled-openpyxl.xlsx
#   soffice --headless --convert-to xlsx --outdir out filled-openpyxl.xlsx   (LibreOffice 7.4)
