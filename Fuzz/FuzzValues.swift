// libFuzzer target: the value parsers (date, time, audience, phone, credit code) and the
// text normalizer on arbitrary text.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValues(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let week = ForecastWeek(year: 2016, week: 50)!
    if let date = DateParser.parse(text, near: week) {
        precondition(LocalDate(year: date.year, month: date.month, day: date.day) == date, "invalid date returned")
    }
    switch TimeParser.parse(text) {
    case .single(let t): precondition((0..<1440).contains(t.minutes))
    case .range(let a, let b): precondition((0..<1440).contains(a.minutes) && (0..<1440).contains(b.minutes))
    case nil: break
    }
    if let audience = AudienceParser.parse(text) { precondition(audience.count >= 0) }
    if let phone = PhoneParser.parse(text) { precondition(!phone.isEmpty) }
    _ = CreditCode.check(text)
    let key = TextNormalizer.key(text)
    precondition(TextNormalizer.key(key) == key, "key is not idempotent")
    _ = TextNormalizer.clean(text)
    if size >= 8 {
        let serial = UnsafeRawPointer(data).loadUnaligned(as: Double.self)
        _ = DateParser.fromExcelSerial(serial)
        _ = TimeParser.fromExcelFraction(serial)
    }
    return 0
}
