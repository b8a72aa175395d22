// The readers of files people upload never crash: the policy importer, the CSV readers, the terms list, photos.

import PropertyBased
import StewardCore
import Testing

@Suite("Readers of uploaded files hold for any input")
struct ParserPropertyTests {
    static let anyBytes = Gen<UInt8>.value(in: 0...255).array(of: 0...300)

    /// Text made of the characters each format gives meaning to, so that random input reaches deep into the parser.
    static func text(
        _ syntax: String, length: ClosedRange<Int> = 0...200
    ) -> Generator<String, some SendableSequenceType> {
        let pieces = Array(syntax) + Array("aZé\u{0301} 1\n")
        return Gen.element(of: pieces).compactMap { $0 }.string(of: length)
    }

    /// The text as a school's system might save it: UTF-8, UTF-8 with a byte-order mark, or Windows-1252.
    static func encoded(_ text: String, as encoding: Int) -> [UInt8] {
        switch encoding {
        case 0: return Array(text.utf8)
        case 1: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        default:
            return text.unicodeScalars.map { scalar in
                scalar.value < 0x100 ? UInt8(scalar.value) : 0x80  // 0x80 is the euro sign in Windows-1252
            }
        }
    }

    @Test("The policy importer refuses or reads any bytes, and any Markdown-like text")
    func policyImporter() async {
        await propertyCheck(count: 300, input: Self.anyBytes, Self.text("#-*+_=.:()abc123\t·•–")) { bytes, markdown in
            _ = try? PolicyImporter.import(bytes)
            if let result = try? PolicyImporter.parse(markdown) {
                #expect(!result.document.clauses.isEmpty)
                _ = result.document.contentHash
                _ = PolicyDiff(from: result.document, to: PolicyDocument(title: ""))
            }
            _ = PolicyQuestions.parse(markdown)
        }
    }

    @Test("The staff and pupil CSV readers refuse or read any bytes, in every encoding")
    func csvReaders() async {
        let header = Gen.element(of: [
            "Forename,Surname,Email,Staff Type,Start Date,Leaving Date,Line Manager Email\n",
            "UPN;Legal Forename;Preferred Forename;Legal Surname;Date of Birth;Name On Social Media\n",
            "Legal Forename,Legal Surname,Photo On Social Media\r\n", "",
        ])
        await propertyCheck(
            count: 300, input: Self.anyBytes, header, Self.text(",;\"'\r\n=@/-yn"), Gen.int(in: 0...2)
        ) { bytes, header, body, encoding in
            for input in [bytes, Self.encoded((header ?? "") + body, as: encoding)] {
                _ = StaffImport.parse(input, knownEmails: ["a@b.example"])
                guard let (text, _) = try? TextDecoding.decode(input) else { continue }
                _ = RosterCSV.pupilsReportingEveryRow(text)
                _ = try? RosterCSV.pupils(text)
                _ = try? RosterCSV.staff(text)
            }
        }
    }

    @Test("Windows-1252 text decodes as such, and UTF-8 as UTF-8")
    func encodings() async {
        await propertyCheck(count: 200, input: Self.text("éèà£€’“”ŠžŸ,;")) { text in
            let utf8 = try? TextDecoding.decode(Self.encoded(text, as: 1))
            #expect(utf8?.0 == text && utf8?.1 == .utf8)
            let windows = try? TextDecoding.decode(Self.encoded(text, as: 2))
            #expect(windows != nil)
        }
    }

    @Test("The terms-list reader refuses or reads any text, and a context builds from what it reads")
    func termsList() async {
        await propertyCheck(count: 200, input: Self.text("#:blockedalowcnfti \n", length: 0...80)) { text in
            guard let terms = try? ScreeningTerms(parsing: text) else { return }
            let screener = Screener(context: ScreeningContext(terms: terms))
            for term in terms.blocked + terms.allowed + terms.confidential {
                _ = screener.screen(term)
            }
        }
    }

    @Test("Photo metadata is read or refused, and stripped, for any bytes after a JPEG or PNG signature")
    func photos() async {
        let signature = Gen.element(of: [
            [0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], [] as [UInt8],
        ])
        let segment = zip(Gen<UInt8>.value(in: 0...255), Gen<UInt8>.value(in: 0...3), Self.anyBytes).map {
            marker, high, body -> [UInt8] in
            [0xFF, marker, high, UInt8(truncatingIfNeeded: body.count)] + body
        }
        await propertyCheck(count: 300, input: signature, segment.array(of: 0...4)) { signature, segments in
            let bytes = (signature ?? []) + segments.flatMap { $0 }
            _ = ImageMetadata.findings(bytes, name: "photo.jpg")
            if let stripped = try? ImageMetadata.strip(bytes) {
                #expect((try? ImageMetadata.inspect(stripped))?.hasGPS != true)
            }
        }
    }
}
