// Models whose Fluent properties are listed by hand list exactly what reflection finds, in the same order.

import Fluent
import Foundation
import Testing

@testable import App

@Suite("Models listing their properties by hand")
struct ModelPropertiesTests {
    /// Every model: each lists its properties by hand (checked below), so a new model must be added here.
    static let listed: [any Model.Type] = [
        Trust.self, School.self, ObligationReminder.self, RecoveryCode.self, BrowserSession.self, PasswordReset.self,
        LoginAttempt.self, Job.self, PendingImport.self, APIToken.self, AuditEntry.self, AuditHead.self,
        OutboxMessage.self, Person.self, RoleAssignment.self, SelfCheckHelp.self, SelfCheck.self,
        SelfCheckSettings.self, CaseEvidence.self, Case.self, CaseMember.self, CaseEntry.self, DeclarationSettings.self,
        DeclarationConfirmation.self, DeclarationOutcome.self, Declaration.self, OfficialAccount.self,
        AccountAdministrator.self, AccountHandover.self, PolicyAcknowledgement.self, PolicyReminder.self,
        PolicyVersion.self, PolicyLink.self, Policy.self, RosterPupil.self, DraftAccount.self, Draft.self,
        PostDelivery.self, DraftImage.self, DraftReview.self, ScreeningSettings.self, GovernorsReport.self,
        SignInProvider.self, SignInLink.self, SignInRequest.self, RetentionSetting.self, RetentionLimit.self,
        LegalHold.self, PurgeNotice.self, AuditBlank.self, PurgePermit.self, RecordsRequest.self,
    ]

    @Test("Each hand-written list is the one reflection finds: nothing missing, nothing extra, the same order")
    func sameAsReflection() {
        for type in Self.listed {
            let model = type.init()
            let byHand = model.properties.map { ObjectIdentifier($0 as AnyObject) }
            let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }
                .map { ObjectIdentifier($0 as AnyObject) }
            #expect(byHand == reflected, "\(type)")
            #expect(!byHand.isEmpty)
        }
    }

    @Test("Every model lists its properties by hand and is checked here")
    func everyHandWrittenListIsChecked() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/App")
        var found: Set<String> = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            guard let match = text.firstMatch(of: /final class (\w+): Model/) else { continue }
            found.insert(String(match.1))
            #expect(text.contains("var properties: [any AnyProperty]"), "\(match.1) lists its properties by hand")
        }
        #expect(found == Set(Self.listed.map { String(describing: $0) }))
    }
}
