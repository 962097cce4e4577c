import Foundation

/// `forecast validate`: every problem a file would get, with nothing stored or moved.
public enum DryRun {
    /// What checking one file found.
    public struct Report: Sendable {
        public var file: String
        public var rowsRead: Int
        public var rowsRejected: Int
        public var problems: [Problem]
        public var fileRejected: Bool
    }

    /// Checks one file as the weekly run would, without the store (so no dedupe and no
    /// duplicate-file check, which depend on what was received before).
    public static func check(path: String, config: ForecastConfig, week: ForecastWeek, today: LocalDate) -> Report {
        let name = (path as NSString).lastPathComponent
        var report = Report(file: name, rowsRead: 0, rowsRejected: 0, problems: [], fileRejected: false)
        func refuse(_ rejection: FileRejection) -> Report {
            report.problems += rejection.problems
            report.fileRejected = true
            return report
        }
        var st = stat()
        if lstat(path, &st) != 0 {
            return refuse(FileRejection(.unreadableFile, file: name, detail: String(cString: strerror(errno))))
        }
        if (st.st_mode & S_IFMT) == S_IFLNK { return refuse(FileRejection(.symlinkRefused, file: name)) }
        if Int(st.st_size) > config.maxFileBytes {
            return refuse(FileRejection(.fileTooLarge, file: name, detail: "\(Int(st.st_size) / 1024) KB,上限 \(config.maxFileBytes / 1024) KB"))
        }
        do {
            let facts = try FileSniffer.sniff(path: path)
            var sheet = try SheetOpener.open(path: path, name: name, facts: facts, limits: config.sheetLimits)
            report.problems += sheet.fileProblems
            var validator = RowValidator(fileName: name, columns: sheet.columns, matcher: ReferenceMatcher(config: config),
                                         forecastWeek: week, today: today)
            while let record = try sheet.nextRecord() {
                guard let row = validator.validate(record) else { continue }
                report.rowsRead += 1
                if row.isRejected { report.rowsRejected += 1 }
                report.problems += row.problems
            }
        } catch let rejection as FileRejection {
            return refuse(rejection.naming(name))
        } catch let refusal as XMLRefusal {
            return refuse(refusal.rejection(file: name, part: ""))
        } catch is DecodeError {
            return refuse(FileRejection(.encodingError, file: name))
        } catch let error as FileReadError {
            return refuse(FileRejection(.unreadableFile, file: name, detail: error.detail))
        } catch {
            return refuse(FileRejection(.unreadableFile, file: name, detail: "\(error)"))
        }
        return report
    }
}
