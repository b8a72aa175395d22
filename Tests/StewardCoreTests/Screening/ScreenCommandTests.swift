// The `steward screen` command: human and JSON output, exit statuses, and bad input.

import Foundation
import StewardCore
import Testing

@Suite("steward screen")
struct ScreenCommandTests {
    static let roster = """
        UPN,Legal Forename,Preferred Forename,Legal Surname,Year Group,Class,Date of Birth,Photo On Social Media,Name On Social Media
        R801200101001,Jack,,Smith,4,Oak,12/03/2016,yes,no
        ,Olivia,Liv,O'Neill-Brown,4,Oak,01/02/2016,,
        """

    static func run(_ request: ScreenCommand.Request, files: [String: String]) -> ScreenCommand.Output {
        ScreenCommand.run(request) { files[$0].map { Data($0.utf8) } }
    }

    @Test("Exit 2 when anything blocks, 1 for a warning, 0 when clean; JSON has one object per input")
    func exitCodesAndJSON() throws {
        let files = [
            "roster.csv": Self.roster, "a.txt": "Well done Jack Smith!", "b.txt": "Olivia was great",
            "c.txt": "Lovely day",
        ]
        #expect(Self.run(.init(rosterPath: "roster.csv", inputs: ["a.txt"]), files: files).code == 2)
        #expect(Self.run(.init(rosterPath: "roster.csv", inputs: ["b.txt"]), files: files).code == 1)
        #expect(Self.run(.init(rosterPath: "roster.csv", inputs: ["c.txt"]), files: files).code == 0)
        let stdin = Self.run(.init(rosterPath: "roster.csv"), files: files.merging(["-": "Jack Smith"]) { $1 })
        #expect(stdin.code == 2 && stdin.stdout.hasPrefix("<stdin>: "))
        let output = Self.run(.init(rosterPath: "roster.csv", inputs: ["a.txt", "c.txt"], json: true), files: files)
        let parsed = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 2)
        #expect(parsed?[0]["input"] as? String == "a.txt")
        let finding = (parsed?[0]["findings"] as? [[String: Any]])?.first
        #expect(
            Set(finding?.keys.map { $0 } ?? []) == [
                "category", "kind", "severity", "clause", "start", "end", "text", "message", "line", "column",
            ])
        #expect(finding?["text"] as? String == "Jack Smith")
        #expect(finding?["start"] as? Int == 10)
        #expect(finding?["line"] as? Int == 1)
        #expect(finding?["column"] as? Int == 11)
    }

    @Test("Findings say the line and column they start at, counting CRLF and CR as one ending and accents as one")
    func lineAndColumn() throws {
        let files = [
            "roster.csv": Self.roster, "a.txt": "Sports day\r\n\r\nZoe\u{0301} and Jack Smith won\rWell done Olivia",
        ]

        let text = Self.run(.init(rosterPath: "roster.csv", inputs: ["a.txt"]), files: files)
        let json = Self.run(.init(rosterPath: "roster.csv", inputs: ["a.txt"], json: true), files: files)

        #expect(text.stdout.contains("at 3:9 \"Jack Smith\""), "\(text.stdout)")
        #expect(text.stdout.contains("at 4:11 \"Olivia\""), "\(text.stdout)")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let findings = parsed?.first?["findings"] as? [[String: Any]] ?? []
        let places = findings.map {
            "\($0["text"] ?? "") \($0["line"] ?? "") \($0["column"] ?? "") \($0["start"] ?? "")"
        }
        #expect(places.contains("Jack Smith 3 9 23"), "\(places)")
        #expect(places.contains("Olivia 4 11 48"), "\(places)")
    }

    @Test("Without a roster, a warning says pupils' names were not checked; with one, or for photos alone, none")
    func noRosterWarning() {
        let files = ["roster.csv": Self.roster, "a.txt": "Well done Jack Smith!", "p.jpg": ""]

        let without = Self.run(.init(inputs: ["a.txt"]), files: files)
        let with = Self.run(.init(rosterPath: "roster.csv", inputs: ["a.txt"]), files: files)
        let photoOnly = Self.run(.init(images: ["p.jpg"]), files: files)

        #expect(without.stderr.contains("pupils' names were not checked"))
        #expect(without.stderr.contains("--roster"))
        #expect(without.code == 0)
        #expect(!with.stderr.contains("not checked"))
        #expect(!photoOnly.stderr.contains("not checked"))
    }

    @Test("A malformed roster exits 64 naming the line")
    func malformedRoster() {
        let missingColumn = Self.run(
            .init(rosterPath: "r.csv", inputs: ["a.txt"]), files: ["r.csv": "Name\nJack\n", "a.txt": "x"])
        #expect(missingColumn.code == 64)
        #expect(missingColumn.stderr.contains("line 1"))
        let duplicate = Self.run(
            .init(rosterPath: "r.csv", inputs: ["a.txt"]),
            files: ["r.csv": "Forename,Surname,DOB\nJack,Smith,01/01/2016\nJack,Smith,01/01/2016\n", "a.txt": "x"])
        #expect(duplicate.code == 64)
        #expect(duplicate.stderr.contains("line 3: the same pupil as on line 2"))
        let badConsent = Self.run(
            .init(rosterPath: "r.csv", inputs: ["a.txt"]),
            files: ["r.csv": "Forename,Surname,Name On Social Media\nJack,Smith,maybe\n", "a.txt": "x"])
        #expect(badConsent.stderr.contains("line 2"))
        let badUPN = Self.run(
            .init(rosterPath: "r.csv", inputs: ["a.txt"]),
            files: ["r.csv": "UPN,Forename,Surname\nA801200101001,Jack,Smith\n", "a.txt": "x"])
        #expect(badUPN.code == 64)
        #expect(Self.run(.init(inputs: ["missing.txt"]), files: [:]).code == 64)
    }

    @Test("Rosters are read with a BOM, semicolons and quoted separators; a line break inside a name is refused")
    func rosterFormats() throws {
        let text = "\u{FEFF}Legal Forename;Legal Surname;Class\n\"Mary Jane\";Smith;\"Oak; Ash\"\r\nTom;Jones;Elm\r\n"
        let pupils = try RosterCSV.pupils(text)
        #expect(pupils.count == 2)
        #expect(pupils[0].legalForename == "Mary Jane")
        #expect(pupils[0].className == "Oak; Ash")
        #expect(pupils[1].surname == "Jones")
        // Names and classes follow every other field's rules (issue 10): no line breaks, no invisible characters.
        for hostile in ["\"Mary\nJane\"", "\"Mary\rJane\"", "Mary\u{202E}Jane", "Mary\u{200B}Jane"] {
            let roster = "Legal Forename;Legal Surname;Class\n\(hostile);Smith;Oak\n"
            #expect(throws: (any Error).self, "\(hostile.debugDescription)") { try RosterCSV.pupils(roster) }
        }
        #expect(throws: (any Error).self) {
            try RosterCSV.pupils("Legal Forename,Legal Surname,Class\nTom,Jones,Elm\u{202E}\n")
        }
    }

    @Test("Invalid UTF-8 is screened with a warning, not a crash")
    func invalidUTF8() {
        let output = ScreenCommand.run(.init(inputs: ["x"])) { _ in
            Data([0x66, 0x75, 0xFF, 0x63, 0x6B, 0x20, 0x4A, 0xC3])
        }
        #expect(output.stderr.contains("not valid UTF-8"))
        #expect([0, 1, 2].contains(output.code))
    }

    @Test("UPN check letters follow the DfE algorithm")
    func upn() {
        #expect(Identifiers.upnCheckLetter("801200101001") == "R")
        #expect(Identifiers.isValidUPN("R801200101001"))
        #expect(!Identifiers.isValidUPN("A801200101001"))
        #expect(Identifiers.isValidNHSNumber([9, 4, 3, 4, 7, 6, 5, 9, 1, 9]))
        #expect(!Identifiers.isValidNHSNumber([9, 4, 3, 4, 7, 6, 5, 9, 1, 8]))
        #expect(Identifiers.isValidNINumber("JG103759A"))
        #expect(!Identifiers.isValidNINumber("QQ123456C"))
        #expect(!Identifiers.isValidNINumber("GB123456A"))
    }
}
