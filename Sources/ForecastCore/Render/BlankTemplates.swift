import Foundation
import ZIPFoundation

/// The blank sheets organizations fill in (`forecast template`): CSV, XLSX with drop-down
/// lists from the config, a sample Forecast XML, and the XSD.
public enum BlankTemplates {
    /// File name → bytes, in the order they are written.
    public static func files(config: ForecastConfig) throws -> [(String, Data)] {
        let xsd = try Data(contentsOf: TemplateRenderer.builtInDirectory!.appendingPathComponent("forecast.xsd"))
        return [
            ("活动周预报模板.csv", CSVWriter.render(header: Field.templateOrder.map(\.templateHeader), rows: [])),
            ("活动周预报模板.xlsx", try xlsx(config: config)),
            ("活动周预报示例.xml", Data(sampleXML(config: config).utf8)),
            ("forecast.xsd", xsd),
        ]
    }

    /// A Forecast XML document with one sample activity, valid against the XSD.
    static func sampleXML(config: ForecastConfig) -> String {
        let county = config.counties.first?.name ?? ""
        let category = config.categories.first ?? ""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <forecast week="2016-W50" version="1">
              <organization code="51511802MJ0000001N">\(config.city)雨城区阳光社会工作服务中心</organization>
              <submitted>2016-12-09T16:30:00+08:00</submitted>
              <activity>
                <title>社区老人健康讲座</title>
                <category>\(escape(category))</category>
                <date>2016-12-13</date>
                <start>09:00</start>
                <end>11:00</end>
                <county>\(escape(county))</county>
                <venue>西城街道文化站</venue>
                <audience>60</audience>
                <contact>王芳</contact>
                <phone>13908161234</phone>
                <notes/>
                <status/>
              </activity>
            </forecast>

            """
    }

    /// Text escaped for XML content and attributes.
    public static func escape(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                                     || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) {
            return s
        }
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Column widths (characters) in template order.
    static let widths = [34, 22, 26, 14, 13, 10, 10, 10, 26, 13, 10, 15, 24]
    /// Rows the drop-downs and cell formats cover.
    static let fillRows = 500

    /// The XLSX template: a header row, column widths, date and time formats on their
    /// columns, text format on code and phone, and drop-down lists for 县区 and 活动类别
    /// from a hidden sheet of options.
    static func xlsx(config: ForecastConfig) throws -> Data {
        let fields = Field.templateOrder
        func column(_ i: Int) -> String { String(UnicodeScalar(UInt8(65 + i))) }
        func col(_ field: Field) -> String { column(fields.firstIndex(of: field)!) }
        func style(_ field: Field) -> Int {
            switch field {
            case .date: return 2
            case .start, .end: return 3
            case .creditCode, .phone: return 4
            default: return 0
            }
        }
        let header = fields.enumerated().map { i, f in
            "<c r=\"\(column(i))1\" s=\"1\" t=\"inlineStr\"><is><t>\(escape(f.templateHeader))</t></is></c>"
        }.joined()
        let cols = fields.enumerated().map { i, f in
            "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(widths[i])\" style=\"\(style(f))\" customWidth=\"1\"/>"
        }.joined()
        let last = fillRows + 1
        let sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
            <cols>\(cols)</cols>
            <sheetData><row r="1">\(header)</row></sheetData>
            <dataValidations count="2">
            <dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="县区" error="请从下拉列表中选择县区" sqref="\(col(.county))2:\(col(.county))\(last)"><formula1>'选项'!$A$1:$A$\(config.counties.count)</formula1></dataValidation>
            <dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="活动类别" error="请从下拉列表中选择活动类别" sqref="\(col(.category))2:\(col(.category))\(last)"><formula1>'选项'!$B$1:$B$\(config.categories.count)</formula1></dataValidation>
            </dataValidations>
            </worksheet>
            """
        let optionRows = (0..<max(config.counties.count, config.categories.count)).map { i -> String in
            var cells = ""
            if i < config.counties.count { cells += "<c r=\"A\(i + 1)\" t=\"inlineStr\"><is><t>\(escape(config.counties[i].name))</t></is></c>" }
            if i < config.categories.count { cells += "<c r=\"B\(i + 1)\" t=\"inlineStr\"><is><t>\(escape(config.categories[i]))</t></is></c>" }
            return "<row r=\"\(i + 1)\">\(cells)</row>"
        }.joined()
        let options = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(optionRows)</sheetData></worksheet>
            """
        let parts: [(String, String)] = [
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
                </Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """),
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="活动预报" sheetId="1" r:id="rId1"/><sheet name="选项" sheetId="2" state="hidden" r:id="rId2"/></sheets>
                </workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
                <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
                </Relationships>
                """),
            ("xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
                <fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts>
                <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
                <cellXfs count="5">
                <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
                <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
                <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
                <xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
                <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
                </cellXfs>
                <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
                </styleSheet>
                """),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/worksheets/sheet2.xml", options),
        ]
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: Date(timeIntervalSince1970: 1_481_500_800),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw TemplateError(name: "xlsx", reason: "archive has no data") }
        return data
    }
}
