// Issue 20, screening item 4: fullwidth, mathematical, circled and small-capital letters, letters of another alphabet
// and piled-up accents used to slip a name or a word past the engine. Whatever the disguise, the engine finds what the
// plain text holds, at the same place, and says the letters are look-alikes; plain text and whole words in another
// alphabet never draw that warning.

import PropertyBased
import StewardCore
import Testing

@Suite("Screening: look-alike letters")
struct LookAlikeLettersTests {
    static let pupils = [
        Pupil(legalForename: "Jack", surname: "Smith"), Pupil(legalForename: "Poppy", surname: "Marsh"),
        Pupil(legalForename: "Freya", surname: "Jones"), Pupil(legalForename: "Zoë", surname: "Łukasik"),
        Pupil(legalForename: "Nicola", surname: "Stone"),
    ]
    static let screener = Screener(context: ScreeningContext(pupils: pupils))

    /// Ways of writing an ASCII letter that a reader still reads as that letter.
    enum Disguise: CaseIterable {
        case fullwidth, bold, script, circled, overlay, cyrillic

        func write(_ scalar: Unicode.Scalar) -> String {
            let v = scalar.value
            let upper = (0x41...0x5A).contains(v)
            let lower = (0x61...0x7A).contains(v)
            guard upper || lower else { return String(scalar) }
            let index = upper ? v - 0x41 : v - 0x61
            func make(_ value: UInt32) -> String { Unicode.Scalar(value).map { String($0) } ?? String(scalar) }
            switch self {
            case .fullwidth: return make((upper ? 0xFF21 : 0xFF41) + index)
            case .bold: return make((upper ? 0x1D400 : 0x1D41A) + index)
            case .script: return make((upper ? 0x1D4D0 : 0x1D4EA) + index)
            case .circled: return make((upper ? 0x24B6 : 0x24D0) + index)
            case .overlay: return String(scalar) + "\u{0334}"
            case .cyrillic:
                let map: [Unicode.Scalar: String] = ["a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "J": "Ј"]
                return map[scalar] ?? String(scalar)
            }
        }
    }

    /// `text` with the words `words` (by index among the space-separated words) written in `disguise`, and the
    /// code-point map from the plain text's offsets to the disguised one's.
    static func disguise(_ text: String, words: Set<Int>, _ disguise: Disguise) -> (String, [Int]) {
        var out = ""
        var offsets: [Int] = []
        var position = 0
        for (index, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0 {
                offsets.append(position)
                out += " "
                position += 1
            }
            for scalar in word.unicodeScalars {
                offsets.append(position)
                let written = words.contains(index) ? disguise.write(scalar) : String(scalar)
                out += written
                position += written.unicodeScalars.count
            }
        }
        offsets.append(position)
        return (out, offsets)
    }

    static let posts = [
        "Well done Jack Smith for a super race!", "What the fuck happened to the printer", "Great to see Poppy reading",
        "Congratulations to Freya Jones on her medal", "This shit weather again", "Thank you Nicola for helping",
        "Jack scored twice today", "Pure bollocks from the council",
    ]

    @Test(
        "Any post with any of its words disguised: the same names and words found, at the same places, and the disguise named"
    )
    func disguisedWordsAreFound() async {
        await propertyCheck(
            count: 300, input: Gen.element(of: Self.posts), Gen.element(of: Disguise.allCases),
            Gen.int(in: 0...7).array(of: 1...3)
        ) { post, disguise, chosen in
            guard let post, let disguise else { return }
            let wordCount = post.split(separator: " ").count
            let words = Set(chosen.map { $0 % wordCount })
            let (text, offsets) = Self.disguise(post, words: words, disguise)
            let plain = Self.screener.screen(post).filter { [.pupilName, .offensiveLanguage].contains($0.category) }
            let found = Self.screener.screen(text)
            let disguised = found.filter { [.pupilName, .offensiveLanguage].contains($0.category) }
            // The same findings, category and severity, moved to where the disguised text puts them.
            #expect(
                disguised.map { "\($0.category) \($0.severity) \($0.start)" }
                    == plain.map { "\($0.category) \($0.severity) \(offsets[$0.start])" }, "\(text)")
            ScreeningPropertyTests.expectWellFormed(found, in: text)
            Self.expectDisguiseNamed(post, text, offsets, words, disguise, plain: plain, found: found)
        }
    }

    /// Each disguised word with a letter changed lies inside a hidden-text finding; a warning when the word is part
    /// of a name or a rude word (what the disguise hides), at least a note otherwise.
    static func expectDisguiseNamed(
        _ post: String, _ text: String, _ offsets: [Int], _ words: Set<Int>, _ disguise: Disguise, plain: [Finding],
        found: [Finding]
    ) {
        let hidden = found.filter { $0.category == .hiddenText }
        for index in words {
            let word = post.split(separator: " ")[index]
            let changed = word.unicodeScalars.contains { disguise.write($0) != String($0) }
            guard changed, disguise != .overlay || word.unicodeScalars.count >= 3 else { continue }
            let plainStart = post.split(separator: " ").prefix(index).map { $0.unicodeScalars.count + 1 }.reduce(0, +)
            let start = offsets[plainStart]
            let covering = hidden.filter { ($0.start..<$0.end).contains(start) }
            #expect(!covering.isEmpty, "\(text): word \(word)")
            if plain.contains(where: { ($0.start..<$0.end).contains(plainStart) }) {
                #expect(covering.contains { $0.severity == .warn }, "\(text): word \(word)")
            }
        }
    }

    @Test(
        "Plain text, accents, and whole words in another alphabet are not look-alikes",
        arguments: [
            "Well done Jack Smith!", "Zoë Łukasik read", "Zoe\u{308} \u{141}ukasik read", "Phở day in the canteen",
            "Nguyễn family, thank you!", "Привіт to our new Ukrainian families", "Καλημέρα from our Greek club",
            "مرحبا to all our families", "Year 4 made crêpes", "Our choir sang Ave Mari\u{301}a",
            "Keycap 1\u{FE0F}\u{20E3}",
            "日本語クラブ meets on Tuesday", "Thank you to all our parents ❤️", "A day at the seaside 🏖️",
            "Swimming gala 🏊‍♀️ and a family 👨‍👩‍👧‍👦 picnic", "Snow day ❄️ tomorrow", "Go England 🏴󠁧󠁢󠁥󠁮󠁧󠁿!",
        ])
    func notLookAlikes(text: String) {
        #expect(Self.screener.screen(text).filter { $0.kind == "look-alike-letters" }.isEmpty, "\(text)")
    }

    @Test(
        "Negative circled, squared, parenthesised and superscript letters are read too",
        arguments: ["🅹🅰🅲🅺 Smith", "⒥⒜⒞⒦ Smith", "ᴶᵃᶜᵏ Smith", "🄹🄰🄲🄺 Smith"])
    func moreDecorations(text: String) {
        let found = Self.screener.screen(text)
        #expect(found.contains { $0.category == .pupilName && $0.severity == .block }, "\(text)")
        #expect(found.contains { $0.kind == "look-alike-letters" }, "\(text)")
    }

    @Test("A decomposed accent reads as the accented letter: Zoe + combining diaeresis is Zoë")
    func decomposedAccent() {
        let found = Self.screener.screen("Well done Zoe\u{308} \u{141}ukasik!").filter { $0.category == .pupilName }
        #expect(found.map(\.severity) == [.block])
        #expect(found.first?.text == "Zoe\u{308} \u{141}ukasik")
    }

    @Test("Fullwidth and mathematical digits are digits: a date of birth in them is still found")
    func decorativeDigits() {
        let found = Self.screener.screen("Born on １２/０３/２０１６").filter { $0.category == .personalData }
        #expect(found.count == 1, "\(found)")
    }
}
