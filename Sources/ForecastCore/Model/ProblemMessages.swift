/// All Chinese wording for problems lives here, so staff-facing text has one voice.
///
/// Messages speak to the organization that sent the sheet: what is wrong and how to fix it.
public enum ProblemMessages {
    /// The message for `code` about `value` in column `field`; `detail` adds the specifics a
    /// code needs (the threshold, the original file name, the parsed value…).
    public static func text(_ code: ProblemCode, field: String = "", value: String = "", detail: String = "") -> String {
        let column = field.isEmpty ? "" : "“\(field)”"
        switch code {
        case .unreadableFile:
            return "文件无法读取(\(detail)),请重新导出后再发送。"
        case .unsupportedFormat:
            return "不支持的文件格式\(detail.isEmpty ? "" : "(\(detail))"),请使用预报表模板,保存为 CSV、XLSX 或 XML 后再发送。"
        case .encodingError:
            return "文件不是可识别的文本(编码既不是 UTF-8,也不是 GBK/GB18030 或带 BOM 的 UTF-16),请用 Excel 另存为 CSV 后再发送。"
        case .emptyFile:
            return "文件是空的,请填写后再发送。"
        case .fileTooLarge:
            return "文件过大(\(detail)),请只填写下周的活动预报后再发送。"
        case .symlinkRefused:
            return "收件箱中的符号链接不予读取,请把文件本身放入收件箱。"
        case .noHeaderRow:
            return "前10行中找不到表头(至少需要3个可识别的列名,如“组织名称、活动名称、活动日期”),请使用预报表模板。"
        case .missingColumn:
            return "缺少必填列\(column),请使用预报表模板补齐该列后重新报送。"
        case .xmlMalformed:
            return "XML 文件格式错误\(detail.isEmpty ? "" : ":\(detail)"),请重新导出。"
        case .xmlSchemaInvalid:
            return "XML 文件不符合预报格式\(detail.isEmpty ? "" : ":\(detail)")。"
        case .xmlForbiddenDTD:
            return "XML 文件包含 DOCTYPE 声明,出于安全原因不予读取,请重新导出。"
        case .duplicateFile:
            return "与已收到的文件\(detail.isEmpty ? "" : "“\(detail)”")内容完全相同,已跳过,不重复统计。"
        case .unknownColumn:
            return "无法识别的列\(column),该列已忽略。"
        case .missingValue:
            return "必填项\(column)为空,请补填。"
        case .invalidDate:
            return "活动日期“\(value)”无法识别,请写成 2016-12-13 这样的格式。"
        case .invalidTime:
            return "时间“\(value)”无法识别,请写成 09:00 或 14:30-16:00 这样的格式。"
        case .endBeforeStart:
            return "结束时间早于开始时间(\(detail)),请核对;跨过午夜的活动请把结束时间写为 23:59。"
        case .unknownCounty:
            return "县区“\(value)”不在本市县区名单中,请填写如“雨城区”。"
        case .invalidAudience:
            return "预计受众人数“\(value)”无法识别,请填写一个整数,如 60。"
        case .unknownCategory:
            return "活动类别“\(value)”不在类别目录中,已暂按“其他”统计,请改为目录中的类别。"
        case .invalidPhone:
            return "联系电话“\(value)”格式有误,请填写11位手机号或带区号的座机号(如 0835-2221234)。"
        case .invalidCreditCode:
            return "统一社会信用代码“\(value)”\(detail.isEmpty ? "格式有误" : detail),请核对。"
        case .audienceRange:
            return "预计受众人数填写了范围“\(value)”,已按上限 \(detail) 人统计,请填写一个确定的数字。"
        case .largeAudience:
            return "预计受众 \(detail) 人,属于大型活动,请做好安全预案并提前报备。"
        case .unusualHour:
            return "活动开始时间 \(detail) 在夜间(22:00 至次日 06:00),请确认无误。"
        case .pastDate:
            return "活动日期 \(detail) 已过,请只预报尚未举行的活动。"
        case .unregisteredOrg:
            return "组织“\(value)”不在组织库中,请与孵化中心联系登记。"
        case .duplicateRow:
            return "与此前报送的同一活动(\(detail))内容相同,按一条统计。"
        case .revised:
            return "已更新此前报送的同一活动(\(detail)),以最新报送的内容为准。"
        case .cancelled:
            return "已撤销活动(\(detail)),不再统计。"
        case .lateSubmission:
            return "报送时间晚于截止时间(\(detail)),请下次按时报送。"
        }
    }
}
