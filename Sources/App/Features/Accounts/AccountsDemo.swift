// The demo school's official accounts, run by its social media administrator.

import Fluent
import Foundation

enum AccountsDemo {
    static func seed(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        guard school.slug == "st-cleopas" else { return }
        let accounts = [
            OfficialAccount(
                schoolID: school.schoolID, platform: .facebook, handle: "St Cleopas Primary",
                address: "https://www.facebook.com/StCleopasPrimary",
                purpose: "News, celebrations and reminders for parents and carers."),
            OfficialAccount(
                schoolID: school.schoolID, platform: .x, handle: "@StCleopasSchool",
                address: "https://x.com/StCleopasSchool", purpose: "Class life and school events, in brief."),
        ]
        for account in accounts {
            try await account.create(on: db)
            try await AccountAdministrator(
                schoolID: school.schoolID, accountID: try account.requireID(), personID: school.person("socialmedia"),
                addedBy: school.person("headteacher")
            ).create(on: db)
        }
    }
}
