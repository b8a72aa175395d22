// The policy library (policy 1.1, 3a–b): reading and acknowledging, versions, reminders and coverage.

import Fluent
import StewardCore
import Vapor

struct PoliciesFeature: Feature {
    let name = "policies"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: PolicyController())
        try pages.register(collection: PolicyLinkController())
        try api.register(collection: PolicyAPIController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Policies", path: PolicyPaths.list(), action: .viewPolicies, order: 10)]
    }

    var recurringJobs: [RecurringJob] {
        [
            RecurringJob(kind: PolicyReminders.dailyKind, schedule: .schoolTime(hour: 7, weekday: nil)) { job, app in
                try await Jobs.forSchool(job, app) { school, schoolID in
                    try await PolicyReminders.run(app: app, schoolID: schoolID, today: school.clock.date(of: Date()))
                }
            },
            RecurringJob(kind: PolicyReminders.weeklyKind, schedule: .schoolTime(hour: 7, weekday: 1)) { job, app in
                try await Jobs.forSchool(job, app) { school, schoolID in
                    try await PolicyReminders.weeklySummary(
                        app: app, schoolID: schoolID, today: school.clock.date(of: Date()))
                }
            },
        ]
    }

    var personalData: [PersonalData] {
        [
            PersonalData(title: "Policies acknowledged", table: "policy_acknowledgements", column: "person_id") {
                id, viewer, db in
                try await PolicyAcknowledgement.query(on: db).filter(\.$person.$id == id)
                    .inSchools(viewer.schoolIDs).with(\.$policy).sort(\.$acknowledgedAt).all().map {
                        [
                            "policy": $0.policy.title, "version": String($0.versionNumber),
                            "at": Display.time($0.acknowledgedAt), "address": $0.clientAddress, "how": $0.method,
                        ]
                    }
            },
            PersonalData(title: "Policy reminders sent", table: "policy_reminders", column: "person_id") {
                id, viewer, db in
                try await PolicyReminder.query(on: db).filter(\.$person.$id == id).with(\.$policy).sort(\.$sentAt)
                    .all().filter { viewer.schoolIDs.contains($0.policy.$school.id) }.map {
                        [
                            "policy": $0.policy.title, "version": String($0.versionNumber), "kind": $0.kind,
                            "sent": Display.time($0.sentAt),
                        ]
                    }
            },
            PersonalData(title: "Policy links mailed to them", table: "policy_links", column: "person_id") {
                id, viewer, db in
                try await PolicyLink.query(on: db).filter(\.$person.$id == id)
                    .inSchools(viewer.schoolIDs).with(\.$policy).sort(\.$createdAt).all().map {
                        [
                            "policy": $0.policy.title, "sent": Display.time($0.createdAt),
                            "expires": Display.time($0.expiresAt), "used": Display.time($0.usedAt),
                        ]
                    }
            },
            PersonalData(
                title: "Policy links they sent", table: "policy_links", column: "created_by",
                handling: .review("the people they sent links to")
            ) {
                id, viewer, db in
                try await PolicyLink.query(on: db).filter(\.$createdBy == id)
                    .inSchools(viewer.schoolIDs).with(\.$policy).sort(\.$createdAt).all().map {
                        ["policy": $0.policy.title, "sent": Display.time($0.createdAt)]
                    }
            },
            PersonalData(title: "Policy versions they imported", table: "policy_versions", column: "created_by") {
                id, viewer, db in
                try await PolicyVersion.query(on: db).filter(\.$createdBy == id)
                    .inSchools(viewer.schoolIDs).sort(\.$createdAt).all().map {
                        ["title": $0.title, "version": String($0.number), "imported": Display.time($0.createdAt)]
                    }
            },
            PersonalData(title: "Policy versions they published", table: "policy_versions", column: "published_by") {
                id, viewer, db in
                try await PolicyVersion.query(on: db).filter(\.$publishedBy == id)
                    .inSchools(viewer.schoolIDs).sort(\.$createdAt).all().map {
                        ["title": $0.title, "version": String($0.number), "published": Display.time($0.publishedAt)]
                    }
            },
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "policy_acknowledgements", records: "Acknowledgements of policies", period: nil,
                after: "kept under the retention schedule (Records kept), counted from when the person leaves",
                purge: nil),
            RetentionRule(
                key: "policy_versions", records: "Policy versions", period: nil,
                after: "kept: an acknowledgement names the exact text read", purge: nil),
        ]
    }
}
