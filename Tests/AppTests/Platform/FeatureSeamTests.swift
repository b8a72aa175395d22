// The feature seam answers for the whole database: every column that names a person is declared by a feature, what
// is held about a person follows each record's own access rule, and the registry has no duplicates (issue 12, item 2).

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("The feature seam")
struct FeatureSeamTests {
    /// Columns that name a person without a foreign key (an id kept after the person row could go, or an address).
    static let personColumnsWithoutKeys: Set<String> = [
        "audit_entries.actor_id", "policy_versions.created_by", "policy_versions.published_by",
        "policy_links.created_by", "login_attempts.email", "people.id",
    ]

    @Test("Every column that names a person is declared by exactly one feature, and every declaration is real")
    func personalDataCoversTheSchema() async throws {
        try await withSteward { app, _ in
            guard try app.sql.dialect.name == "sqlite" else { return }
            struct Table: Decodable { var name: String }
            struct Key: Decodable { var from: String; var table: String }
            struct Column: Decodable { var name: String }
            var naming = Self.personColumnsWithoutKeys
            var columns = Set<String>()
            let tables = try await app.sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(
                decoding: Table.self)
            for table in tables {
                for key in try await app.sql.raw(
                    "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(\(bind: table.name))"
                )
                .all(decoding: Key.self) where key.table == "people" {
                    naming.insert("\(table.name).\(key.from)")
                }
                for column in try await app.sql.raw("SELECT name FROM pragma_table_info(\(bind: table.name))").all(
                    decoding: Column.self)
                {
                    columns.insert("\(table.name).\(column.name)")
                }
            }
            let declared = Features.all.flatMap(\.personalData).map { "\($0.table).\($0.column)" }
            #expect(naming.count >= 20)
            for column in naming.sorted() {
                // One feature declares it (it may read it as more than one kind of record, each handled its own way).
                let owners = Features.all.filter { feature in
                    feature.personalData.contains { "\($0.table).\($0.column)" == column }
                }
                #expect(owners.count == 1, "\(column) names a person: declare it in one feature")
            }
            for column in declared { #expect(columns.contains(column), "\(column) is declared but does not exist") }
        }
    }

    @Test("What is held about a reporter shows their concern to the handling team and not to a colleague")
    func heldRecordsFollowAccess() async throws {
        try await withSteward { app, demo in
            let caseID = try await app.reportPlainConcern(demo)
            let item = try #require(try await Case.find(caseID, on: app.db))
            let teacherID = try await app.personID(demo.account("st-cleopas", "teacher").email)
            func viewer(_ local: String) async throws -> Actor {
                let person = try #require(
                    try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", local).email)
                        .first())
                return try await ActorLoader.load(person: person, currentSchoolID: nil, on: app.db)
            }
            func text(_ held: [HeldRecords]) -> String {
                held.flatMap { h in h.rows.flatMap { $0.values } }.joined(separator: "\n")
            }
            let byHead = try await Features.heldRecords(
                about: teacherID, viewer: try await viewer("headteacher"), on: app.db)
            let reported = try #require(byHead.first { $0.title == "Concerns they reported" })
            #expect(reported.rows.map { $0["reference"] } == [item.reference])
            #expect(text(byHead).contains(demo.account("st-cleopas", "teacher").email))
            // What they did in the case is held back for a decision, not with the rest of what they did.
            let inCases = try #require(byHead.first { $0.title == "Things they did in cases" })
            #expect(!inCases.rows.isEmpty)
            #expect(inCases.handling != .release)
            #expect(
                byHead.first { $0.title == "Things they did" }?.rows.allSatisfy {
                    !($0["target"] ?? "").hasPrefix("case:")
                } == true)

            let byColleague = try await Features.heldRecords(
                about: teacherID, viewer: try await viewer("ta"), on: app.db)
            #expect(!text(byColleague).contains(item.reference))
            #expect(!text(byColleague).contains("case:"))
            #expect(byColleague.first { $0.title == "Concerns they reported" }?.rows.isEmpty == true)

            // Another trust's headteacher is told nothing about a St Cleopas teacher, not even their sign-ins.
            let northfield = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("northfield", "headteacher").email)
                    .first())
            let outsider = try await ActorLoader.load(person: northfield, currentSchoolID: nil, on: app.db)
            let byOutsider = try await Features.heldRecords(about: teacherID, viewer: outsider, on: app.db)
            #expect(byOutsider.isEmpty)
        }
    }

    @Test("Names, job kinds, retention keys and navigation entries are each registered once")
    func registryHasNoDuplicates() {
        let names = Features.all.map(\.name)
        #expect(Set(names).count == names.count)
        let kinds = Features.recurringJobs.map(\.kind)
        #expect(Set(kinds).count == kinds.count)
        #expect(
            Set(kinds) == [
                "maintenance.purge", "policy.reminders", "policy.weekly_summary", "case.deadlines",
                "drafts.expire_approvals", "declarations.reminders", "self_checks.reminders", "backup.daily",
                "records.purge",
            ])
        let keys = Features.retention.map(\.key)
        #expect(Set(keys).count == keys.count)
        // The purge removes what it removed before the seam, under the same names in the audit log.
        #expect(
            Set(Features.retention.filter { $0.purge != nil }.map(\.key)) == [
                "sign_in_attempts", "sign_in_requests", "sessions", "pending_imports", "reset_links", "sent_mail",
                "finished_jobs",
                "account_handovers", "obligation_reminders",
            ])
        // Every line of the retention schedule is kept by exactly one feature's records, and nothing else is.
        let covered = Features.scheduledRecords.flatMap(\.rules)
        #expect(covered.sorted() == RetentionScheduleRule.defaults.map(\.key).sorted())
        #expect(
            Features.navigation.map(\.title) == [
                "Home", "Policies", "Declarations", "Privacy check", "Posts", "Concerns", "People", "Pupils",
                "Accounts", "Audit log", "Reports",
                "Mail", "Records kept", "Records requests", "Sign-in settings",
                "My account",
            ])
    }
}
