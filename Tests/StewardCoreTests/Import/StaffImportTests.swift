// Staff imports, checked whole and planned before anything is written (issue 3, first part: the core rules).

import StewardCore
import Testing

@Suite("Staff import")
struct StaffImportTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 25)!

    static func parse(_ text: String, known: Set<String> = []) -> Result<[StaffRecord], StaffImport.Rejected> {
        StaffImport.parse(Array(text.utf8), knownEmails: known)
    }

    @Test("Headers as exports write them, in any order, with a BOM and semicolons, quoted newlines and UK dates")
    func formats() throws {
        let text =
            "\u{FEFF}Work Email;Legal Surname;Legal Forename;Staff Type;Job Title;Start Date;Line Manager Email\n"
            + "Head@School.example.org;Ashworth;Helen;Teacher;\"Headteacher\nand DSL\";01/09/2015;\n"
            + "ta@school.example.org;Rahman;Aisha;Teaching Assistant;TA;2024-09-02;head@school.example.org\n"
        let records = try Self.parse(text).get()
        #expect(records.count == 2)
        #expect(records[0].email == "head@school.example.org")
        #expect(records[0].jobTitle == "Headteacher and DSL")
        #expect(records[0].startDate == CalendarDate(year: 2015, month: 9, day: 1))
        #expect(records[1].lineManagerEmail == "head@school.example.org")
        #expect(records[1].kind == .employee)
    }

    @Test("Windows-1252 files are read, and binary files refused")
    func encodings() throws {
        var bytes = Array("Forename,Surname,Email\nZo".utf8)
        bytes.append(0xEB)  // ë in Windows-1252
        bytes += Array(",Lefevre,zoe@school.example.org\n".utf8)
        #expect(try StaffImport.parse(bytes).get().first?.forename == "Zoë")
        let binary: [UInt8] = [0x4D, 0x5A, 0x00, 0x90, 0x00]
        #expect(throws: StaffImport.Rejected.self) { try StaffImport.parse(binary).get() }
        #expect(throws: StaffImport.Rejected.self) { try StaffImport.parse([]).get() }
    }

    @Test("Every bad row is reported with its line, and nothing is returned to import")
    func allOrNothing() {
        let text = """
            Forename,Surname,Email,Start Date,Line Manager Email,Staff Type
            Helen,Ashworth,head@school.example.org,01/09/2015,,Teacher
            ,Pike,pike@school.example.org,,,Teacher
            James,Okafor,not-an-email,,,Teacher
            Sarah,Whitfield,head@school.example.org,,,Teacher
            Peter,Doyle,doyle@school.example.org,31/02/2020,,Teacher
            Lucy,Fenwick,fenwick@school.example.org,,boss@elsewhere.example.org,Teacher
            Ann,Carver,carver@school.example.org,,,Astronaut
            """
        guard case .failure(let rejected) = Self.parse(text) else {
            Issue.record("A file with bad rows must be refused")
            return
        }
        #expect(rejected.errors.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(rejected.errors[0].message.contains("name is missing"))
        #expect(rejected.errors[1].message.contains("not a valid email"))
        #expect(rejected.errors[2].message.contains("also on line 2"))
        #expect(rejected.errors[3].message.contains("not a real date"))
        #expect(rejected.errors[4].message.contains("line manager boss@elsewhere.example.org is not known"))
        #expect(rejected.errors[5].message.contains("not a staff type"))
    }

    @Test("A line manager already in Steward may be named")
    func knownManager() throws {
        let text =
            "Forename,Surname,Email,Line Manager Email\nLucy,Fenwick,lf@school.example.org,head@school.example.org\n"
        #expect(try Self.parse(text, known: ["head@school.example.org"]).get().count == 1)
    }

    @Test("Importing the same file twice changes nothing; changes and leavers are planned")
    func planning() throws {
        let text = """
            Forename,Surname,Email,Job Title,Leaving Date
            Helen,Ashworth,head@school.example.org,Headteacher,
            James,Pike,pike@school.example.org,Class teacher,31/08/2026
            Nina,Cole,nina@school.example.org,Teaching assistant,
            """
        let records = try Self.parse(text).get()
        let first = StaffImport.plan(records, existing: [], fullImport: false, today: Self.today)
        #expect(
            first.additions.map(\.email) == [
                "head@school.example.org", "pike@school.example.org", "nina@school.example.org",
            ])

        let existing = records.map {
            ExistingPerson(
                email: $0.email, forename: $0.forename, surname: $0.surname, kind: $0.kind, jobTitle: $0.jobTitle,
                startDate: $0.startDate, leavingDate: $0.leavingDate, active: $0.email != "pike@school.example.org")
        }
        let again = StaffImport.plan(records, existing: existing, fullImport: false, today: Self.today)
        #expect(again.isEmpty)
        #expect(again.unchanged == 3)

        var stillActive = existing
        stillActive[1].active = true
        let leaver = StaffImport.plan(records, existing: stillActive, fullImport: false, today: Self.today)
        #expect(
            leaver.deactivations == [
                .init(email: "pike@school.example.org", reason: "leaving date 31 August 2026 has passed")
            ])

        let extra =
            existing + [
                ExistingPerson(email: "gone@school.example.org", forename: "Old", surname: "Hand", kind: .employee)
            ]
        let full = StaffImport.plan(records, existing: extra, fullImport: true, today: Self.today)
        #expect(full.deactivations.map(\.email) == ["gone@school.example.org"])
        #expect(full.deactivations.first?.reason == "not in the full staff import")
        let partial = StaffImport.plan(records, existing: extra, fullImport: false, today: Self.today)
        #expect(partial.deactivations.isEmpty)

        var renamed = existing
        renamed[0].jobTitle = "Head"
        let change = StaffImport.plan(records, existing: renamed, fullImport: false, today: Self.today)
        #expect(
            change.changes == [.init(email: "head@school.example.org", fields: ["job title": ["Head", "Headteacher"]])])
    }

    @Test(
        "A full import leaves governors and volunteers alone unless its file says who is what",
        arguments: [false, true])
    func fullImportKinds(fileHasKindColumn: Bool) throws {
        let text =
            fileHasKindColumn
            ? "Forename,Surname,Email,Staff Type\nHelen,Ashworth,head@school.example.org,Teacher\n"
            : "Forename,Surname,Email\nHelen,Ashworth,head@school.example.org\n"
        let records = try Self.parse(text).get()
        let existing =
            [ExistingPerson(email: "head@school.example.org", forename: "Helen", surname: "Ashworth", kind: .employee)]
            + PersonKind.allCases.map {
                ExistingPerson(email: "\($0.rawValue)@school.example.org", forename: "A", surname: "B", kind: $0)
            }
            + [
                ExistingPerson(
                    email: "inactive@school.example.org", forename: "C", surname: "D", kind: .employee, active: false)
            ]
        let plan = StaffImport.plan(records, existing: existing, fullImport: true, today: Self.today)
        let expected =
            fileHasKindColumn
            ? ["employee@school.example.org", "governor@school.example.org", "volunteer@school.example.org"]
            : ["employee@school.example.org"]
        #expect(plan.deactivations.map(\.email) == expected)
        // Without --full nobody missing from the file is touched, whatever the file says.
        #expect(
            StaffImport.plan(records, existing: existing, fullImport: false, today: Self.today).deactivations.isEmpty)
    }

    @Test("A 5,000-row file parses whole")
    func largeFile() throws {
        var text = "Legal Forename,Legal Surname,Email,Start Date\n"
        for i in 0..<5_000 { text += "Person\(i),Surname\(i),person\(i)@trust.example.org,01/09/2020\n" }
        #expect(try Self.parse(text).get().count == 5_000)
    }
}

@Suite("Staff import columns")
struct StaffImportColumnTests {
    @Test("A column the file does not have leaves that detail as it is")
    func missingColumnsChangeNothing() throws {
        let records = try StaffImport.parse(
            Array("Forename,Surname,Email\nHelen,Ashworth,head@school.example.org\n".utf8)
        ).get()
        let existing = [
            ExistingPerson(
                email: "head@school.example.org", forename: "Helen", surname: "Ashworth", kind: .employee,
                jobTitle: "Headteacher", startDate: CalendarDate(year: 2015, month: 9, day: 1),
                lineManagerEmail: "chair@school.example.org")
        ]
        let plan = StaffImport.plan(
            records, existing: existing, fullImport: false, today: CalendarDate(year: 2026, month: 11, day: 25)!)
        #expect(plan.isEmpty)
        #expect(plan.unchanged == 1)
    }
}
