/// A count of activities and their expected audience.
public struct Tally: Sendable, Equatable, Codable {
    public var activities: Int
    public var audience: Int
    public static let zero = Tally(activities: 0, audience: 0)

    public init(activities: Int, audience: Int) {
        self.activities = activities
        self.audience = audience
    }
}

/// One stored, current activity of a week, as reports show it.
public struct ActivityLine: Sendable, Equatable {
    /// The store's id: what staff quote to `forecast supervise record --activity`.
    public var id: Int64
    public var key: String
    public var orgName: String
    public var creditCode: String?
    public var title: String
    public var category: String
    public var date: LocalDate
    public var start: String?
    public var end: String?
    public var countyCode: String
    public var venue: String
    public var audience: Int
    public var contact: String
    public var phone: String
    public var notes: String
    /// The file whose version is current, and its SHA-256.
    public var fileName: String
    public var fileSHA256: String
    /// True when a later sheet changed the activity after it was first reported.
    public var revised: Bool

    /// Starts at 22:00 or later, or before 06:00.
    public var isUnusualHour: Bool {
        guard var start else { return false }
        return start.withUTF8(Self.isUnusualStart)
    }

    /// The night-hours rule on a start time as stored ("HH:MM"): at or after 22:00, or before 06:00.
    static func isUnusualStart(_ hhmm: UnsafeBufferPointer<UInt8>) -> Bool {
        !hhmm.lexicographicallyPrecedes("22:00".utf8) || hhmm.lexicographicallyPrecedes("06:00".utf8)
    }
}

/// One week of the running series, for the trend chart.
public struct WeekTally: Sendable, Equatable {
    public var week: ForecastWeek
    public var tally: Tally
}

/// The outcome of one video spot-check.
public struct SupervisionResult: Sendable, Equatable {
    public var activityID: Int64
    public var date: LocalDate
    public var orgName: String
    public var title: String
    public var countyCode: String
    public var result: String
    public var checker: String
    public var note: String
    public var evidence: String
}

/// The running figures over issued weeks (SPEC: year to date and all time).
public struct SeriesTotals: Sendable, Equatable {
    public var issues: Int
    public var activities: Int
    public var audience: Int
}

/// Everything the reports of one forecast week show, arranged per the config.
public struct WeeklyFigures: Sendable {
    public var week: ForecastWeek
    public var issue: Int
    public var totals: Tally
    public var previousWeek: Tally
    /// Every configured county, in config order, zeros included.
    public var byCounty: [(county: County, tally: Tally)]
    /// Every configured category, in config order, zeros included.
    public var byCategory: [(name: String, tally: Tally)]
    /// The seven days of the week.
    public var byDay: [(date: LocalDate, tally: Tally)]
    /// Organizations by activities, then audience, then name.
    public var byOrg: [(name: String, creditCode: String?, tally: Tally)]
    public var largeEvents: [ActivityLine]
    public var unusualHours: [ActivityLine]
    public var yearToDate: SeriesTotals
    public var allTime: SeriesTotals
    /// Problems found by this week's runs, per level.
    public var problemCounts: [ProblemLevel: Int]
    /// The twelve weeks ending with this one (issued or not), oldest first.
    public var trend: [WeekTally]
    /// Spot-check results recorded for last week's activities.
    public var lastWeekChecks: [SupervisionResult]
    /// Activities far above their organization's usual audience.
    public var audienceOutliers: [ActivityLine] = []
    /// Who reported (filled by the report writer, which knows the registry).
    public var completeness = Completeness()
    /// Completeness of the eight weeks ending with this one, oldest first.
    public var completenessTrend: [(week: ForecastWeek, completeness: Completeness)] = []
}
