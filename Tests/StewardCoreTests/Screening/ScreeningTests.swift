// The screening engine, detector by detector: what it must find, what it must leave alone, and exact spans.

import StewardCore
import Testing

@Suite("Screening")
struct ScreeningTests {
    static let pupils: [Pupil] = [
        Pupil(legalForename: "Jack", surname: "Smith", photoOnSocialMedia: true),
        Pupil(legalForename: "Olivia", preferredForename: "Liv", surname: "O'Neill-Brown"),
        Pupil(legalForename: "Zoë", surname: "Łukasik"),
        Pupil(legalForename: "Hope", surname: "Adeyemi"),
        Pupil(legalForename: "Mary-Jane", surname: "Watson Price", nameOnSocialMedia: true),
        Pupil(legalForename: "Grace", surname: "Taylor"),
        Pupil(legalForename: "May", surname: "Chen"),
        Pupil(legalForename: "Bill", surname: "Evans"),
    ]
    static let staff = [
        StaffMember(forename: "Sarah", surname: "Whitfield"), StaffMember(forename: "James", surname: "Pike"),
    ]
    static let screener = Screener(context: ScreeningContext(pupils: pupils, staff: staff))

    static func findings(_ text: String, _ category: FindingCategory) -> [Finding] {
        screener.screen(text).filter { $0.category == category }
    }

    /// Every finding's span slices the original text back to its `text`, in code points.
    static func checkSpans(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        for finding in screener.screen(text) where finding.end > finding.start {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[finding.start..<finding.end])
            #expect(String(view) == finding.text, "\(finding)")
        }
    }

    @Test(
        "A pupil's full name blocks, in any usual form",
        arguments: [
            ("Well done Jack Smith!", "Jack Smith"), ("Well done JACK SMITH!", "JACK SMITH"),
            ("Jack Smith's painting", "Jack Smith"), ("Liv O'Neill-Brown won", "Liv O'Neill-Brown"),
            ("Olivia O’Neill-Brown won", "Olivia O’Neill-Brown"), ("Zoe Lukasik read", "Zoe Lukasik"),
            ("Zoë Łukasik read", "Zoë Łukasik"), ("Congratulations to J. Smith", "J. Smith"),
            ("Thanks to O O'Neill-Brown", "O O'Neill-Brown"), ("well done jack\nsmith", "jack\nsmith"),
            ("Hope Adeyemi sang", "Hope Adeyemi"),
        ])
    func fullNames(text: String, name: String) {
        let found = Self.findings(text, .pupilName)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.text == name)
        #expect(found.first?.severity == .block)
        #expect(found.first?.clause == "4.7")
        Self.checkSpans(text)
    }

    @Test("A pupil with consent for their name on social media is only noted")
    func consent() {
        let found = Self.findings("Mary-Jane Watson Price read to the class", .pupilName)
        #expect(found.map(\.severity) == [.info])
        #expect(found.first?.text == "Mary-Jane Watson Price")
    }

    @Test("A forename alone warns")
    func forenameAlone() {
        let found = Self.findings("Olivia painted a lovely picture.", .pupilName)
        #expect(found.map(\.severity) == [.warn])
        #expect(found.first?.text == "Olivia")
    }

    @Test(
        "Names are never found inside other words, and ordinary words need evidence of a person",
        arguments: [
            "Jackson and the jackpot", "We hope you have a lovely half term.", "Say grace before lunch.",
            "Sports day is in May.", "The bill for the trip is due.", "Amazing Grace was sung beautifully.",
            "We May be late.", "Smithsonian trip", "Mrs Smith's class", "Ms Grace Taylor-Jones",
        ])
    func noFalseNames(text: String) {
        let found = Self.findings(text, .pupilName).filter { $0.severity >= .warn }
        #expect(found.isEmpty, "\(text): \(found)")
    }

    @Test(
        "Ordinary-word names with evidence are found",
        arguments: ["Well done Hope!", "Grace's poem was read out.", "Thank you May for helping."])
    func ordinaryWordNames(text: String) {
        #expect(Self.findings(text, .pupilName).count == 1, "\(text)")
    }

    @Test("Zero-width characters do not hide a name and are reported")
    func hiddenName() {
        let text = "Well done Ja\u{200B}ck Sm\u{200D}ith"
        let names = Self.findings(text, .pupilName)
        #expect(names.first?.severity == .block)
        #expect(Self.findings(text, .hiddenText).count == 1)
        Self.checkSpans(text)
    }

    @Test(
        "Personal data is found, with its kind",
        arguments: [
            ("Email me at jane.doe@gmail.com please", "email", "jane.doe@gmail.com"),
            ("Call 07700 900123 now", "uk-phone", "07700 900123"),
            ("Call +44 7700 900123 now", "uk-phone", "+44 7700 900123"),
            ("Ring (01632) 960 001 today", "uk-phone", "(01632) 960 001"),
            ("Ring 020 7946 0018.", "uk-phone", "020 7946 0018"),
            ("Pick up from SW1A 1AA at 3", "uk-postcode", "SW1A 1AA"),
            ("She lives at 14 Acacia Avenue now", "street-address", "14 Acacia Avenue"),
            ("Jack Smith was born on 12/03/2018", "date-of-birth", "12/03/2018"),
            ("Happy birthday to our star, born 3rd March 2017", "date-of-birth", "3rd March 2017"),
            ("Jack Smith, aged 7, won", "age", "aged 7"),
            ("UPN R801200101001 on file", "upn", "R801200101001"),
            ("NHS number 943 476 5919 attached", "nhs-number", "943 476 5919"),
            ("NI number JG103759A", "ni-number", "JG103759A"),
            ("NI number JG 10 37 59 A", "ni-number", "JG 10 37 59 A"),
        ])
    func personalData(text: String, kind: String, span: String) {
        let found = Self.findings(text, .personalData)
        #expect(found.contains { $0.kind == kind && $0.text == span }, "\(text): \(found)")
        Self.checkSpans(text)
    }

    @Test(
        "Numbers that are not personal data are left alone",
        arguments: [
            "We raised £1,234.50 for charity", "Year 6 scored 21-14", "Trip on 12/03/2026 to the zoo",
            "Class 3 read 1500 pages", "Meet at 08:45 in the hall", "Page 943 476 5918 of nonsense",
            "Room 101 Road safety week", "office@stcleopas.example.org",
        ])
    func noFalsePersonalData(text: String) {
        let found = Self.findings(text, .personalData).filter { $0.severity >= .warn }
        #expect(found.isEmpty, "\(text): \(found)")
    }

    @Test(
        "Offensive words are found however they are disguised",
        arguments: [
            ("What the fuck", "fuck"), ("f*ck this", "f*ck"), ("sh1t happens", "sh1t"), ("f.u.c.k off", "f.u.c.k"),
            ("fuuuuck", "fuuuuck"), ("$hit", "$hit"), ("b*tch", "b*tch"), ("F U C K", "F U C K"),
            ("fu\u{200B}ck", "fu\u{200B}ck"), ("FUCKING brilliant", "FUCKING"), ("a wanker", "wanker"),
        ])
    func offensive(text: String, span: String) {
        let found = Self.findings(text, .offensiveLanguage)
        #expect(found.contains { $0.text == span && $0.severity == .block }, "\(text): \(found)")
        #expect(found.first?.clause == "4.5")
        Self.checkSpans(text)
    }

    @Test(
        "The Scunthorpe problem does not arise",
        arguments: [
            "Trip to Scunthorpe", "Penistone Grammar", "Essex cricket", "cocktail sticks", "a classic book",
            "we assess reading", "Dick Whittington panto", "Sussex and Middlesex", "the cockerel crowed",
            "shuttlecock", "grass and assemblies", "Hancock", "document", "therapist", "analysis", "Cumbria",
            "circumstances", "as you know", "bob the builder", "passion", "title", "Shitake? No: shiitake mushrooms",
            "a pass mark", "the donkey, or ass, in the nativity",
        ])
    func scunthorpe(text: String) {
        let found = Self.findings(text, .offensiveLanguage).filter { $0.severity >= .warn }
        #expect(found.isEmpty, "\(text): \(found)")
    }

    @Test("A remark against an identifiable person is found, in the same sentence only")
    func negativeRemarks() {
        #expect(Self.findings("Mrs Whitfield is useless.", .negativeRemark).first?.text == "useless")
        #expect(Self.findings("Jack Smith is a liar.", .negativeRemark).first?.text == "liar")
        #expect(Self.findings("Jack's mum is always late.", .negativeRemark).first?.text == "always late")
        #expect(Self.findings("The weather was terrible. Mr Pike led the walk.", .negativeRemark).isEmpty)
        #expect(Self.findings("Mr Pike was not rude at all.", .negativeRemark).isEmpty)
        #expect(Self.findings("The traffic was awful on the way.", .negativeRemark).isEmpty)
    }

    @Test("Confidential terms warn, and block beside a named pupil")
    func confidential() {
        #expect(Self.findings("A reminder about our safeguarding training", .confidential).first?.severity == .warn)
        #expect(Self.findings("Jack Smith has an EHCP now", .confidential).first?.severity == .block)
        #expect(Self.findings("Please send a card", .confidential).isEmpty)
        #expect(Self.findings("Our SEND coordinator", .confidential).first?.text == "SEND")
    }

    @Test("The author's private life is flagged")
    func personalContent() {
        #expect(
            Self.findings("Great day! Now home to my husband and a glass of wine", .personalContent).first?.text
                == "my husband")
        #expect(Self.findings("Suffering with my hangover today", .personalContent).first?.text == "my hangover")
        #expect(Self.findings("My class loved the trip", .personalContent).isEmpty)
    }

    @Test("A photo tagged with a pupil without photo consent blocks, naming them")
    func photoConsent() {
        let found = Self.screener.screen("Sports day!", taggedPupils: [Self.pupils[0], Self.pupils[1]])
            .filter { $0.category == .photoConsent }
        #expect(found.count == 1)
        #expect(found.first?.severity == .block)
        #expect(found.first?.message.contains("Liv O'Neill-Brown") == true)
        #expect(!(found.first?.message.contains("Jack Smith") ?? true))
    }

    @Test("Spans are code points of the original text, whatever the script")
    func spansInAnyLanguage() {
        for text in ["🎉🎉 Well done Jack Smith 🎉", "مرحبا Jack Smith", "Zoë Łukasik 👩🏽‍🏫 fuck", "日本語 jane@x.example.org"] {
            #expect(!Self.screener.screen(text).isEmpty)
            Self.checkSpans(text)
        }
    }

    @Test("Hostile input gives findings or nothing, never a crash")
    func hostileInput() {
        #expect(Self.screener.screen("").isEmpty)
        let big = String(repeating: "Lovely sunny day at the park with Year 3. ", count: 25_000)
        #expect(big.utf8.count > 1_000_000)
        #expect(Self.screener.screen(big).isEmpty)
        _ = Self.screener.screen("\u{202E}kcuf\u{202C} and \u{0000}\u{FFFF}")
        _ = Self.screener.screen(String(repeating: "*", count: 10_000))
        _ = Self.screener.screen(String(repeating: "1", count: 10_000))
        _ = Self.screener.screen(String(repeating: "a.", count: 10_000))
    }
}
