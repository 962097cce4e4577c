import Testing
@testable import ForecastCore

@Suite struct CreditCodeTests {
    @Test func weightsAreThePowersOfThreeMod31() {
        var w = 1
        for i in 0..<17 {
            #expect(CreditCode.weights[i] == w)
            w = w * 3 % 31
        }
        #expect(CreditCode.alphabet.count == 31)
        #expect(String(CreditCode.alphabet) == "0123456789ABCDEFGHJKLMNPQRTUWXY")
    }

    // Published example and codes whose check characters were computed independently
    // (Python, same GB 32100-2015 formula).
    @Test(arguments: [
        "91350100M000100Y43", "51511802MJ0000001N", "91510000MA6123456P",
        "12100000400000624D", "91110000600037341L", "52511802MJQ26123X8",
        "11100000000013127D",
    ])
    func validCodes(_ code: String) {
        #expect(CreditCode.check(code) == .valid(code))
        #expect(CreditCode.checkCharacter(for: String(code.prefix(17))) == code.last)
    }

    @Test func cleaningUppercasesAndRemovesWhitespace() {
        #expect(CreditCode.check(" 91350100m000100y43 ") == .valid("91350100M000100Y43"))
        #expect(CreditCode.check("9135 0100 M000 100Y 43") == .valid("91350100M000100Y43"))
        #expect(CreditCode.check("９１３５０１００Ｍ０００１００Ｙ４３") == .valid("91350100M000100Y43"))
        #expect(CreditCode.checkCharacter(for: "91350100m000100y4") == "3")
    }

    @Test(arguments: [
        ("91350100M000100Y44", "91350100M000100Y44"), ("51511802MJ0000001M", "51511802MJ0000001M"),
        ("515118 02mj0000001 0", "51511802MJ00000010"),
    ])
    func badCheckCharacter(_ text: String, cleaned: String) {
        #expect(CreditCode.check(text) == .badCheckCharacter(cleaned))
    }

    @Test func everyOtherCheckCharacterIsBad() {
        let first17 = "91350100M000100Y4"
        for c in CreditCode.alphabet where c != "3" {
            #expect(CreditCode.check(first17 + String(c)) == .badCheckCharacter(first17 + String(c)))
        }
    }

    @Test(arguments: [
        "", "91350100M000100Y4", "91350100M000100Y433", "91350100I000100Y43",
        "91350100O000100Y43", "91350100Z000100Y43", "91350100S000100Y43", "91350100V000100Y43",
        "91350100M000100Y4-3", "9135010M000100Y43", "91350100M000100Y4３３", "913501００M中00100Y43",
    ])
    func malformed(_ text: String) {
        #expect(CreditCode.check(text) == .malformed)
    }

    @Test func checkCharacterRejectsWrongInput() {
        #expect(CreditCode.checkCharacter(for: "9135010") == nil)
        #expect(CreditCode.checkCharacter(for: "91350100M000100Y43") == nil)
        #expect(CreditCode.checkCharacter(for: "91350100I000100Y4") == nil)
    }
}
