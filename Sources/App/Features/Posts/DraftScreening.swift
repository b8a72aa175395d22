// A draft screened with its school's context: the words, the photos and their pupils, each finding citing the
// school's own clause and linking to its text.

import Fluent
import Foundation
import StewardCore
import Vapor

/// A draft's findings, ready for a page: the text split into marked and unmarked runs, and each finding with the
/// clause of the school's policy it enforces.
struct DraftScreening: Sendable {
    struct Item: Encodable, Sendable {
        var number: Int
        var severity: String
        var severityTitle: String
        var category: String
        var message: String
        var words: String
        var clause: String
        var clauseHref: String?
    }

    struct Run: Encodable, Sendable {
        var text: String
        var marked: Bool
        var severity: String
        /// The number of the first finding the run belongs to, for its footnote link.
        var number: Int
        /// Whether this is the last run of that finding (where its footnote goes).
        var ends: Bool
    }

    var findings: [Finding]
    var items: [Item]
    var runs: [Run]

    var worst: Severity? { findings.worstSeverity }
    var blocking: Int { findings.filter { $0.severity == .block }.count }
    var warnings: Int { findings.filter { $0.severity == .warn }.count }

    /// Screens `text` and `images` for `schoolID`: roster, staff and terms from the school's cached screener.
    static func screen(
        text: String, images: [DraftImage], schoolID: UUID, req: Request
    ) async throws -> DraftScreening {
        let built = try await req.application.steward.screening.screener(for: schoolID, on: req.db)
        var findings: [Finding] = []
        let wanted = Set(images.flatMap(\.pupilIDs))
        let pupils =
            wanted.isEmpty
            ? []
            : try await RosterPupil.query(on: req.db).inSchool(schoolID)
                .filter(\.$id ~~ wanted).all()
        let byID = Dictionary(uniqueKeysWithValues: pupils.compactMap { p in p.id.map { ($0, p) } })
        var tagged: [Pupil] = []
        var seen = Set<UUID>()
        for (index, image) in images.enumerated() {
            let name = "Photo \(index + 1) (\(image.filename))"
            if !image.pupilsStated {
                findings.append(
                    Finding(
                        category: .photoConsent, kind: "pupils-not-stated", severity: .block, start: 0, end: 0,
                        text: "",
                        message: "\(name): say which pupils it shows, or that it shows none, before it can be approved."
                    ))
            }
            let missing = image.pupilIDs.filter { byID[$0] == nil }
            if !missing.isEmpty {
                findings.append(
                    Finding(
                        category: .photoConsent, kind: "pupil-not-on-roster", severity: .block, start: 0, end: 0,
                        text: "",
                        message:
                            "\(name): \(missing.count) pupil(s) chosen for it are no longer on the roster. Choose again."
                    ))
            }
            for id in image.pupilIDs where !seen.contains(id) {
                if let pupil = byID[id] {
                    tagged.append(pupil.pupil)
                    seen.insert(id)
                }
            }
            if !image.removed.isEmpty {
                findings.append(
                    Finding(
                        category: .imageLocation, kind: "metadata-removed", severity: .info, start: 0, end: 0,
                        text: "", message: "\(name): removed before it was kept: \(image.removed)."))
            }
        }
        findings = built.screener.screen(text, taggedPupils: tagged) + findings
        findings = findings.map { $0.citing(built.clauses) }
        let hrefs = try await clauseLinks(policyID: built.policyID, schoolID: schoolID, on: req.db)
        let items = findings.enumerated().map { index, finding in
            Item(
                number: index + 1, severity: finding.severity.rawValue, severityTitle: title(finding.severity),
                category: finding.category.title, message: finding.message, words: finding.text,
                clause: finding.clause, clauseHref: hrefs[finding.clause])
        }
        var runs: [Run] = []
        let segments = MarkedText.segments(text, findings: findings)
        for (index, segment) in segments.enumerated() {
            let first = segment.findings.first ?? -1
            let next = index + 1 < segments.count ? segments[index + 1].findings.first ?? -1 : -1
            runs.append(
                Run(
                    text: segment.text, marked: !segment.findings.isEmpty,
                    severity: segment.severity?.rawValue ?? "", number: first + 1,
                    ends: !segment.findings.isEmpty && next != first))
        }
        return DraftScreening(findings: findings, items: items, runs: runs)
    }

    static func title(_ severity: Severity) -> String {
        switch severity {
        case .block: "Blocks approval"
        case .warn: "Warning"
        case .info: "For information"
        }
    }

    /// Where each clause of the school's chosen policy is on its page, by clause number.
    static func clauseLinks(policyID: UUID?, schoolID: UUID, on db: any Database) async throws -> [String: String] {
        guard let policyID,
            let policy = try await Policy.query(on: db).inSchool(schoolID).filter(\.$id == policyID).first(),
            let versionID = policy.currentVersionID,
            let version = try await PolicyVersion.query(on: db).inSchool(schoolID).filter(\.$id == versionID).first()
        else { return [:] }
        var links: [String: String] = [:]
        for clause in (try version.document).clauses where links[clause.number] == nil {
            links[clause.number] = PolicyPaths.show(policyID) + "#" + clause.anchor
        }
        return links
    }
}
