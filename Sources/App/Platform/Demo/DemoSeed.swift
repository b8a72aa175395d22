// A demo trust of two schools, and a third school in another trust, with someone in every role.

import Fluent
import Foundation
import StewardCore
import Vapor

public enum DemoSeed {
    struct PersonSpec {
        var forename: String
        var surname: String
        var local: String
        var kind: PersonKind
        var jobTitle: String
        var roles: [Role]
    }

    struct SchoolSpec {
        var slug: String
        var name: String
        var domain: String
        var people: [PersonSpec]
    }

    static func staffOf(_ names: [(String, String)]) -> [PersonSpec] {
        [
            PersonSpec(
                forename: names[0].0, surname: names[0].1, local: "headteacher", kind: .employee,
                jobTitle: "Headteacher", roles: [.headteacher, .lineManager, .staff]),
            PersonSpec(
                forename: names[1].0, surname: names[1].1, local: "dsl", kind: .employee,
                jobTitle: "Deputy headteacher", roles: [.safeguardingLead, .lineManager, .staff]),
            PersonSpec(
                forename: names[2].0, surname: names[2].1, local: "hr", kind: .employee,
                jobTitle: "School business manager", roles: [.hr, .staff]),
            PersonSpec(
                forename: names[3].0, surname: names[3].1, local: "chair", kind: .governor,
                jobTitle: "Chair of governors", roles: [.chairOfGovernors, .governor]),
            PersonSpec(
                forename: names[4].0, surname: names[4].1, local: "governor", kind: .governor,
                jobTitle: "Parent governor", roles: [.governor]),
            PersonSpec(
                forename: names[5].0, surname: names[5].1, local: "manager", kind: .employee,
                jobTitle: "Key Stage 2 lead", roles: [.lineManager, .staff]),
            PersonSpec(
                forename: names[6].0, surname: names[6].1, local: "teacher", kind: .employee,
                jobTitle: "Class teacher, Year 4", roles: [.staff]),
            PersonSpec(
                forename: names[7].0, surname: names[7].1, local: "ta", kind: .employee, jobTitle: "Teaching assistant",
                roles: [.staff]),
            PersonSpec(
                forename: names[8].0, surname: names[8].1, local: "socialmedia", kind: .employee,
                jobTitle: "Office manager", roles: [.socialMediaAdmin, .staff]),
            PersonSpec(
                forename: names[9].0, surname: names[9].1, local: "volunteer", kind: .volunteer,
                jobTitle: "Reading volunteer", roles: [.staff]),
        ]
    }

    static let trusts: [(slug: String, name: String, schools: [SchoolSpec], admin: (String, String))] = [
        (
            "emmaus", "Emmaus Learning Trust",
            [
                SchoolSpec(
                    slug: "st-cleopas", name: "St Cleopas C of E Primary School", domain: "stcleopas.example.org",
                    people: staffOf([
                        ("Helen", "Ashworth"), ("David", "Okafor"), ("Priya", "Shah"), ("Margaret", "Ellis"),
                        ("Tom", "Brennan"), ("Sarah", "Whitfield"), ("James", "Pike"), ("Aisha", "Rahman"),
                        ("Lucy", "Fenwick"), ("Peter", "Doyle"),
                    ])),
                SchoolSpec(
                    slug: "holy-trinity", name: "Holy Trinity C of E Primary School", domain: "holytrinity.example.org",
                    people: staffOf([
                        ("Richard", "Hale"), ("Grace", "Mensah"), ("Owen", "Price"), ("Ann", "Carver"),
                        ("Mark", "Lowe"), ("Zoe", "Hart"), ("Ben", "Clarke"), ("Chloe", "Nash"),
                        ("Ravi", "Patel"), ("Joan", "Reid"),
                    ])),
            ], ("Catherine", "Moss")
        ),
        (
            "northfield", "Northfield Schools Partnership",
            [
                SchoolSpec(
                    slug: "northfield", name: "Northfield Community Primary School", domain: "northfield.example.org",
                    people: staffOf([
                        ("Andrew", "Black"), ("Fiona", "Grant"), ("Sam", "Hughes"), ("Brian", "Cole"),
                        ("Ellen", "Marsh"), ("Kate", "Byrne"), ("Liam", "Ford"), ("Nadia", "Ali"),
                        ("Hannah", "Webb"), ("George", "Tate"),
                    ]))
            ], ("Neil", "Foster")
        ),
    ]

    /// The file beside the database that remembers the demo's passwords, so a second `steward demo` can print them.
    static func accountsFile(_ config: StewardConfig) -> URL {
        config.dataDirectory.appendingPathComponent("demo-accounts.json")
    }

    /// Seeds the demo unless the database already holds a school; returns who can sign in either way.
    public static func seedIfEmpty(_ app: Application) async throws -> DemoAccounts {
        let config = app.steward.config
        if try await School.query(on: app.db).count() > 0 {
            guard let data = FileManager.default.contents(atPath: accountsFile(config).path),
                let accounts = try? JSONDecoder().decode(DemoAccounts.self, from: data)
            else {
                throw CommandExit.message(
                    "The database in \(config.dataDirectory.path) already holds schools that are not a demo. "
                        + "Use another --data-dir.")
            }
            return accounts
        }
        let accounts = try await seed(app)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(accounts)
        guard
            FileManager.default.createFile(
                atPath: accountsFile(config).path, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw CommandExit.message("Cannot write \(accountsFile(config).path): the demo's passwords would be lost.")
        }
        return accounts
    }

    static func seed(_ app: Application) async throws -> DemoAccounts {
        let config = app.steward.config
        var schoolsOut: [DemoAccounts.SchoolInfo] = []
        var plans: [(Person, [Role], UUID?, String, [UInt8]?)] = []  // person, roles, school for roles, password, totp
        var trustsToCreate: [Trust] = []
        var schoolsToCreate: [School] = []
        for trustSpec in trusts {
            let trust = Trust(id: UUID(), name: trustSpec.name, slug: trustSpec.slug)
            trustsToCreate.append(trust)
            for (index, spec) in trustSpec.schools.enumerated() {
                let school = School(id: UUID(), trustID: trust.id ?? UUID(), name: spec.name, slug: spec.slug)
                schoolsToCreate.append(school)
                schoolsOut.append(.init(slug: spec.slug, name: spec.name))
                var headID: UUID?
                var managerID: UUID?
                for personSpec in spec.people {
                    let person = Person(
                        id: UUID(), schoolID: school.id ?? UUID(), trustID: trust.id ?? UUID(),
                        email: "\(personSpec.local)@\(spec.domain)", forename: personSpec.forename,
                        surname: personSpec.surname, kind: personSpec.kind, jobTitle: personSpec.jobTitle,
                        startDate: "2021-09-01")
                    if personSpec.local == "headteacher" { headID = person.id }
                    if personSpec.local == "manager" { managerID = person.id }
                    if ["dsl", "hr", "manager", "socialmedia"].contains(personSpec.local) {
                        person.$lineManager.id = headID
                    }
                    if ["teacher", "ta", "volunteer"].contains(personSpec.local) { person.$lineManager.id = managerID }
                    let needsTOTP = personSpec.roles.contains { $0.requiresTwoFactor }
                    plans.append(
                        (
                            person, personSpec.roles, school.id, demoPassword(),
                            needsTOTP ? StewardCore.TOTP.generateSecret() : nil
                        ))
                }
                if index == 0 {
                    let (forename, surname) = trustSpec.admin
                    let admin = Person(
                        id: UUID(), schoolID: school.id ?? UUID(), trustID: trust.id ?? UUID(),
                        email: "trust.admin@\(trustSpec.slug).example.org", forename: forename, surname: surname,
                        kind: .employee, jobTitle: "Trust operations director", startDate: "2020-01-06")
                    plans.append((admin, [.trustAdmin], nil, demoPassword(), StewardCore.TOTP.generateSecret()))
                }
            }
        }
        // Hash on the thread pool, several at once: bcrypt is the slow part of seeding.
        let passwords = app.steward.passwords
        let hashes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, plan) in plans.enumerated() {
                let password = plan.3
                group.addTask { (index, try await passwords.hash(password)) }
            }
            var result = [Int: String]()
            for try await (index, hash) in group { result[index] = hash }
            return result
        }
        var accounts: [DemoAccounts.Account] = []
        for (index, plan) in plans.enumerated() {
            plan.0.passwordHash = hashes[index]
            if let secret = plan.4 {
                plan.0.totpSecret = try Secrets.seal(secret, key: config.secretKey, purpose: "totp")
            }
            let schoolSlug = schoolsToCreate.first { $0.id == plan.0.$school.id }?.slug ?? ""
            accounts.append(
                .init(
                    email: plan.0.email, password: plan.3, school: schoolSlug, roles: plan.1.map(\.rawValue),
                    totp_secret: plan.4.map(Base32.encode)))
        }
        let toCreate = plans
        let trustList = trustsToCreate
        let schoolList = schoolsToCreate
        let policyFile = app.directory.resourcesDirectory + "Policies/st-cleopas-social-media-policy.md"
        guard let policyBytes = FileManager.default.contents(atPath: policyFile) else {
            throw CommandExit.message("Cannot read \(policyFile); run Steward from its source directory.")
        }
        let resources = app.directory.resourcesDirectory
        try await AuditLog.write(on: app.db, context: .command("demo", app)) { db, audit in
            for trust in trustList { try await trust.create(on: db) }
            for school in schoolList { try await school.create(on: db) }
            // Everyone first, then line managers, so every reference points at a row that exists.
            for plan in toCreate {
                let manager = plan.0.$lineManager.id
                plan.0.$lineManager.id = nil
                try await plan.0.create(on: db)
                plan.0.$lineManager.id = manager
            }
            for plan in toCreate where plan.0.$lineManager.id != nil { try await plan.0.update(on: db) }
            for plan in toCreate {
                for role in plan.1 {
                    try await RoleAssignment(
                        personID: plan.0.id ?? UUID(), trustID: plan.0.trustID, schoolID: plan.2, role: role
                    ).create(on: db)
                }
            }
            // St Cleopas starts with its own policy, published ten days ago; its headteacher and DSL have read it.
            if let school = schoolList.first(where: { $0.slug == "st-cleopas" }), let schoolID = school.id {
                let head = toCreate.first { $0.0.email.hasPrefix("headteacher@") && $0.0.$school.id == schoolID }?.0
                let (_, version) = try await PolicyLibrary.importDraft(
                    Array(policyBytes), schoolID: schoolID, policyID: nil, createdBy: head?.id, on: db, audit: audit)
                let published = Date().addingTimeInterval(-10 * 86_400)
                try await PolicyLibrary.publish(
                    version, material: true, reason: nil, deadlineDays: PolicyLibrary.defaultDeadlineDays,
                    audience: Set(PersonKind.allCases), by: head?.id, on: db, audit: audit, now: published)
                for plan in toCreate
                where plan.0.$school.id == schoolID
                    && (plan.0.email.hasPrefix("headteacher@") || plan.0.email.hasPrefix("dsl@"))
                {
                    _ = try await PolicyLibrary.acknowledge(
                        version, person: plan.0, method: "page", address: "demo", userAgent: nil, on: db,
                        audit: audit, now: published.addingTimeInterval(86_400))
                }
            }
            // Each feature adds its own examples: a roster, official accounts, drafts in every state.
            for school in schoolList {
                guard let schoolID = school.id else { continue }
                var people: [String: UUID] = [:]
                for plan in toCreate where plan.0.$school.id == schoolID {
                    if let local = plan.0.email.split(separator: "@").first, let id = plan.0.id {
                        people[String(local)] = id
                    }
                }
                let demo = DemoSchool(
                    schoolID: schoolID, slug: school.slug, people: people, resources: resources)
                for feature in Features.all { try await feature.seedDemo(demo, on: db, audit: audit) }
            }
            try await audit.append(
                "demo.seeded", details: ["schools": String(schoolList.count), "people": String(toCreate.count)])
        }
        return DemoAccounts(schools: schoolsOut, accounts: accounts)
    }

    /// Three short words and a number: easy to type from a terminal, long enough to be a real password.
    static func demoPassword() -> String {
        let words = [
            "amber", "beacon", "candle", "daisy", "ember", "fable", "garnet", "harbour", "island", "jasmine", "kestrel",
            "lantern", "meadow", "nutmeg", "orchard", "pebble", "quartz", "robin", "saffron", "thistle", "umber",
            "violet", "willow", "yarrow",
        ]
        var generator = SystemRandomNumberGenerator()
        let picked = (0..<3).map { _ in words[Int.random(in: 0..<words.count, using: &generator)] }
        return picked.joined(separator: "-") + "-" + String(Int.random(in: 10...99, using: &generator))
    }
}

extension CommandExit {
    /// An exit with a message for the operator.
    static func message(_ text: String, code: Int32 = 1) -> CommandFailure { CommandFailure(message: text, code: code) }
}
