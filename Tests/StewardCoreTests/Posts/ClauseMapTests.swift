// Which clause each kind of finding cites: St Cleopas's numbering, suggestions from other schools' policies, and the
// school's corrections stored as JSON.

import Foundation
import StewardCore
import Testing

@Suite("Matching finding categories to a policy's clauses")
struct ClauseMapTests {
    static let stCleopas: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Policies/st-cleopas-social-media-policy.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// Numbered 7.1 … 9.1, the topics in another order, "learners" and "images" instead of "pupils" and "photographs".
    static let riverside = """
        # Riverside Academy Trust: Online Communication

        ## 7. Posting on the school's official accounts

        7.1 Images of learners may only be shared where a parent or carer has given written consent.
        7.2 Before an image is uploaded, location data and other metadata must be removed from the file.
        7.3 Content posted on the official accounts must be positive and about school life; staff must not share \
        personal content, opinions or family matters on school accounts.
        7.4 Staff must never use language that is offensive, discriminatory or obscene, nor hide words with symbols \
        or invisible characters.
        7.5 Learners' full names must not appear alongside their images unless the family has agreed.

        ## 8. Data protection

        8.1 Personal data about learners, families or staff (addresses, phone numbers, dates of birth) must not be \
        shared, in line with the UK GDPR and the Data Protection Act 2018.
        8.2 Information that is confidential to the school, including safeguarding and staffing matters, must not be \
        disclosed.

        ## 9. Professional conduct

        9.1 Staff must not criticise the school, colleagues, learners or parents online, or post anything that could \
        bring the school into disrepute.
        """

    /// Everything under section 12 ("clause 12.3"), with data protection in a section of its own after it.
    static let hillside = """
        # Hillside Primary: Staff Conduct Online

        ## Section 12: Social media

        12.1 This clause applies to every member of staff who posts for the school.
        12.2 Learners must not be identified by their full names in any post; first names may be used only where \
        the family has agreed.
        12.3 No pictures or video of learners may be posted without parental consent recorded on the register.
        12.4 Staff must not post anything that criticises the school, its staff, learners or parents, or is \
        defamatory.
        12.5 Language in posts must never be offensive, obscene or discriminatory.
        12.6 Information which is confidential, or not yet in the public domain, must not be disclosed.
        12.7 Posts on the school's accounts are made on behalf of the school: they must contain no personal content, \
        opinions or family news.

        ## Section 13: Data protection

        13.1 Personal data, including contact details, addresses and dates of birth, is handled under the UK GDPR \
        and must never appear in a post.
        """

    static func document(_ markdown: String) throws -> PolicyDocument { try PolicyImporter.parse(markdown).document }

    static func expect(
        _ map: ClauseMap, _ expected: [FindingCategory: String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for category in FindingCategory.allCases {
            #expect(
                map.clause(for: category) == expected[category], "\(category)", sourceLocation: sourceLocation)
        }
    }

    @Test("The standard map is St Cleopas's numbering")
    func standard() {
        Self.expect(
            .standard,
            [
                .pupilName: "4.7", .personalData: "4.7", .confidential: "4.7", .offensiveLanguage: "4.5",
                .hiddenText: "4.5", .negativeRemark: "4.6", .personalContent: "4.9", .photoConsent: "4.4",
                .imageLocation: "4.4",
            ])
    }

    @Test("St Cleopas's own policy suggests exactly the standard map")
    func stCleopasSuggestsStandard() throws {
        let document = try Self.document(Self.stCleopas)
        #expect(document.clauses.count > 20)

        #expect(ClauseMap.suggest(from: document) == .standard)
    }

    @Test("A policy numbered 7.1 to 9.1, in other words and another order, gets the clause about each subject")
    func riverside() throws {
        let map = ClauseMap.suggest(from: try Self.document(Self.riverside))

        Self.expect(
            map,
            [
                .photoConsent: "7.1", .imageLocation: "7.2", .personalContent: "7.3", .offensiveLanguage: "7.4",
                .hiddenText: "7.4", .pupilName: "7.5", .personalData: "8.1", .confidential: "8.2",
                .negativeRemark: "9.1",
            ])
    }

    @Test("A policy with everything in section 12 gets section 12's clauses, and data protection from section 13")
    func hillside() throws {
        let map = ClauseMap.suggest(from: try Self.document(Self.hillside))

        Self.expect(
            map,
            [
                .pupilName: "12.2", .photoConsent: "12.3", .imageLocation: "12.3", .negativeRemark: "12.4",
                .offensiveLanguage: "12.5", .hiddenText: "12.5", .confidential: "12.6", .personalContent: "12.7",
                .personalData: "13.1",
            ])
    }

    @Test("With no clause clearly on the subject: the standard number if the policy has it, else the best weak match")
    func fallbacks() throws {
        let document = try Self.document(
            """
            ## 4. Conduct
            4.4 Staff should be kind.
            4.5 Staff should be punctual.
            ## 5. Other
            5.1 Learners' work may be displayed.
            """)

        let map = ClauseMap.suggest(from: document)

        #expect(map.clause(for: .photoConsent) == "4.4")  // nothing on photos; 4.4 exists
        #expect(map.clause(for: .offensiveLanguage) == "4.5")
        #expect(map.clause(for: .pupilName) == "5.1")  // no 4.7; "learners" is a weak match
        #expect(map.clause(for: .negativeRemark) == "4.6")  // no 4.6 and nothing matches at all
    }

    @Test("A finding cites the clause its category maps to, and nothing else about it changes")
    func citing() {
        let finding = Finding(
            category: .pupilName, kind: "full-name", severity: .block, start: 3, end: 12, text: "Ann Smith",
            message: "Ann Smith's family has not agreed.")
        let map = ClauseMap.standard.setting(.pupilName, to: "7.5")

        let cited = finding.citing(map)

        #expect(cited.clause == "7.5")
        var expected = finding
        expected.clause = "7.5"
        #expect(cited == expected)
        #expect(finding.citing(.standard) == finding)
        #expect(ClauseMap.standard.setting(.pupilName, to: "  ").clause(for: .pupilName) == "4.7")
    }

    @Test("Every category has a short title and a one-line subject")
    func titlesAndSubjects() {
        #expect(
            FindingCategory.allCases.map(\.title) == [
                "Pupil's name", "Personal data", "Offensive language", "Negative remark", "Confidential matter",
                "Personal content", "Photo consent", "Photo location", "Hidden text",
            ])
        for category in FindingCategory.allCases {
            #expect(!category.subject.isEmpty && !category.subject.contains("\n"))
        }
        #expect(Set(FindingCategory.allCases.map(\.subject)).count == FindingCategory.allCases.count)
    }

    @Test("As JSON: an object keyed by category; missing categories read as standard, unknown keys are ignored")
    func json() throws {
        let map = ClauseMap([.pupilName: "7.5", .hiddenText: "12.5"])

        let data = try JSONEncoder().encode(map)

        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object.count == FindingCategory.allCases.count)
        #expect(object["pupil-name"] == "7.5" && object["hidden-text"] == "12.5" && object["confidential"] == "4.7")
        #expect(try JSONDecoder().decode(ClauseMap.self, from: data) == map)
        let partial = Data(#"{"pupil-name": "7.5", "hidden-text": "12.5", "spelling": "1.1", "version": 2}"#.utf8)
        #expect(try JSONDecoder().decode(ClauseMap.self, from: partial) == map)
        #expect(try JSONDecoder().decode(ClauseMap.self, from: Data("{}".utf8)) == .standard)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(ClauseMap.self, from: Data("[]".utf8)) }
    }
}
