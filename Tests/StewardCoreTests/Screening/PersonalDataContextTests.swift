// Issue 20, screening item 3: a street without a house number, a date of birth whose cue is in the sentence before,
// and health or other special-category information about a named person. Each beside what must stay quiet.

import StewardCore
import Testing

@Suite("Screening: personal data said in passing")
struct PersonalDataContextTests {
    static let screener = Screener(
        context: ScreeningContext(
            pupils: [
                Pupil(legalForename: "Jack", surname: "Smith"), Pupil(legalForename: "Freya", surname: "Jones"),
                Pupil(legalForename: "Will", surname: "Turner"),
            ],
            staff: [StaffMember(forename: "James", surname: "Pike")]))

    static func personal(_ text: String) -> [Finding] {
        screener.screen(text).filter { $0.category == .personalData && $0.severity >= .warn }
    }

    @Test(
        "A street named without a number, where something or someone is on it, is a warning",
        arguments: [
            ("The bus stops on Wartnaby Road at 8am.", "Wartnaby Road"),
            ("Meet us at the corner of Beech Avenue.", "Beech Avenue"),
            ("Jack walks home along Mill Lane.", "Mill Lane"),
            ("We will wait outside Holly Close.", "Holly Close"),
            ("Pick-up is from Upper Park Street today.", "Upper Park Street"),
            ("We will meet on the High Street.", "High Street"),
        ])
    func streetWithoutNumber(text: String, street: String) {
        let found = Self.personal(text).filter { $0.kind == "street-name" }
        #expect(found.map(\.text) == [street], "\(text)")
        #expect(found.first?.severity == .warn)
    }

    @Test(
        "A street with its number blocks as a home address; a street nobody is placed on, or a park, stays quiet",
        arguments: [
            ("She lives at 14 Acacia Avenue now", ["14 Acacia Avenue"]), ("We visited Abbey Road studios.", []),
            ("Wartnaby Road is closed for resurfacing.", []), ("Our picnic in Hyde Park was lovely.", []),
            ("We walked up Tower Hill.", []), ("St Cleopas Road Safety Week starts today", []),
        ])
    func streetsQuiet(text: String, expected: [String]) {
        #expect(Self.personal(text).map(\.text) == expected, "\(text)")
    }

    @Test(
        "A date of birth whose cue is in the sentence before, as a short answer, is found",
        arguments: [
            ("Tell me your date of birth. It's 30/06/2015", "30/06/2015"),
            ("What is his date of birth? 12/03/2016, I think.", "12/03/2016"),
            ("When was she born? On 3rd March 2017.", "3rd March 2017"),
        ])
    func birthInSentenceBefore(text: String, date: String) {
        #expect(Self.personal(text).map(\.text) == [date], "\(text)")
    }

    @Test(
        "A date after a birthday in another, longer sentence is not a date of birth",
        arguments: [
            "Happy birthday to everyone in Oak class. Sports day is on 12/07/2025 at the park.",
            "Birthday cakes are welcome. Please bring them to the office by 3rd March.",
        ])
    func dateNotBirth(text: String) {
        #expect(Self.personal(text).isEmpty, "\(text)")
    }

    @Test(
        "Health beside a named person is special-category data",
        arguments: [
            ("Mrs Patel is off sick today", "off sick"), ("Jack is back from hospital", "hospital"),
            ("Freya Jones is in hospital after a fall", "hospital"), ("Mr Pike broke his arm skiing", "broke his arm"),
            ("Get well soon Mrs Rahman, we hope the surgery went well.", "surgery"),
            ("Jack has been diagnosed with diabetes.", "diagnosed"), ("Mr Pike has COVID.", "COVID"),
            ("Will has broken his arm but is in great spirits!", "broken his arm"),
            ("Miss Whitfield is on maternity leave.", "maternity"),
        ])
    func health(text: String, span: String) {
        let found = Self.personal(text).filter { $0.kind == "health" }
        #expect(found.first?.text == span, "\(text): \(found)")
        #expect(found.allSatisfy { $0.severity == .block })
    }

    @Test(
        "Health words about nobody, or naming something else, stay quiet",
        arguments: [
            "Flu jabs for Year 1 are on Monday.", "Operation Christmas Child boxes are due.",
            "Mental Health Awareness Week starts on Monday.", "Mr Pike is running for the hospital charity.",
            "Year 2 learned how to call an ambulance.", "Reception turned the role-play corner into a hospital.",
            "The cast list for the play is up: well done everyone!", "We are sick of the rain!",
            "Mr Pike fixed the broken printer.",
        ])
    func healthQuiet(text: String) {
        #expect(Self.personal(text).filter { $0.kind == "health" }.isEmpty, "\(text)")
    }
}
