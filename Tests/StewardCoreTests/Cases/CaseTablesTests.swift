// Who sees a case and how a case may move, as whole tables written from the issues and the policy (issue 21): every
// role × subject, reporter, added or neither × about the headteacher or not; every state × state.

import Foundation
import StewardCore
import Testing

@Suite("Case tables")
struct CaseTablesTests {
    static let school = UUID()
    static let other = UUID()

    enum Relation: String, CaseIterable { case neither, reporter, added, subject }

    /// What a holder of `role` with `relation` to a case sees, written from issue 6 and issue 10: the subject never;
    /// the headteacher and the safeguarding lead handle every case, except that a concern about the headteacher is
    /// handled by the chair of governors and hidden from every headteacher; people added see it without handling it;
    /// the reporter sees its status; nobody else, trust administrators and governors included, sees anything.
    static func expected(_ role: Role, _ relation: Relation, aboutHead: Bool) -> CaseVisibility {
        if relation == .subject { return .none }
        if aboutHead {
            if role == .chairOfGovernors { return .full(canHandle: true) }
            if role == .headteacher { return relation == .reporter ? .reporterStatus : .none }
        } else if role == .headteacher || role == .safeguardingLead {
            return .full(canHandle: true)
        }
        switch relation {
        case .added: return .full(canHandle: false)
        case .reporter: return .reporterStatus
        case .neither, .subject: return .none
        }
    }

    @Test("Every role, in every relation to a case, about the headteacher or not", arguments: Role.allCases)
    func visibility(role: Role) {
        for aboutHead in [false, true] {
            for relation in Relation.allCases {
                let me = UUID()
                let facts = CaseFacts(
                    schoolID: Self.school, reporterID: relation == .reporter ? me : UUID(),
                    subjectIDs: relation == .subject ? [me] : [UUID()], aboutHeadteacher: aboutHead,
                    addedIDs: relation == .added ? [me] : [UUID()])
                let actor = Actor(personID: me, schoolID: Self.school, rolesBySchool: [Self.school: [role]])
                #expect(
                    CaseAccess.visibility(of: facts, to: actor) == Self.expected(role, relation, aboutHead: aboutHead),
                    "\(role) \(relation) aboutHead=\(aboutHead)")
                // The same role held at another school gives nothing here.
                let elsewhere = Actor(personID: me, schoolID: Self.other, rolesBySchool: [Self.other: [role]])
                let wanted: CaseVisibility =
                    relation == .reporter ? .reporterStatus : relation == .added ? .full(canHandle: false) : .none
                #expect(
                    CaseAccess.visibility(of: facts, to: elsewhere) == (relation == .subject ? .none : wanted),
                    "\(role) at another school, \(relation)")
            }
        }
        #expect(CaseAccess.visibility(of: CaseFacts(schoolID: Self.school, reporterID: UUID()), to: nil) == .none)
    }

    @Test("A chair who is also headteacher handles a concern about the headteacher unless it is about them")
    func chairAndHead() {
        let me = UUID()
        let actor = Actor(
            personID: me, schoolID: Self.school, rolesBySchool: [Self.school: [.headteacher, .chairOfGovernors]])
        let aboutOther = CaseFacts(
            schoolID: Self.school, reporterID: UUID(), subjectIDs: [UUID()], aboutHeadteacher: true)
        #expect(CaseAccess.visibility(of: aboutOther, to: actor) == .full(canHandle: true))
        let aboutMe = CaseFacts(schoolID: Self.school, reporterID: UUID(), subjectIDs: [me], aboutHeadteacher: true)
        #expect(CaseAccess.visibility(of: aboutMe, to: actor) == .none)
    }

    /// The moves a case may make, written from issue 6's flow (new → triage → investigation / support → outcome →
    /// closed) and issue 21's rule that no case closes after an investigation without an outcome: a concern can be
    /// closed at once when it needs no case; outcome can be reopened for more investigation; a closed case can be
    /// reopened to triage. Nothing moves to itself.
    static let allowed: Set<[CaseState]> = [
        [.new, .triage], [.new, .closed],
        [.triage, .investigation], [.triage, .support], [.triage, .outcome], [.triage, .closed],
        [.investigation, .support], [.investigation, .outcome],
        [.support, .investigation], [.support, .outcome],
        [.outcome, .closed], [.outcome, .investigation],
        [.closed, .triage],
    ]

    @Test("Every state × state pair is allowed or refused as the flow says", arguments: CaseState.allCases)
    func transitions(from: CaseState) {
        for to in CaseState.allCases {
            #expect(
                CaseTransitions.canMove(from: from, to: to) == Self.allowed.contains([from, to]), "\(from) → \(to)")
        }
    }

    @Test("Figures count a case only when every reader of figures may know it exists")
    func figures() {
        // From the issue: figures are read by the headteacher, the chair, governors and trust administrators.
        #expect(FigureReaders.roles == [.headteacher, .chairOfGovernors, .governor, .trustAdmin])
        let reader = UUID()
        let other = UUID()
        for aboutHead in [false, true] {
            for subjects in [[], [other], [reader], [reader, other]] as [Set<UUID>] {
                let counted = CaseAccess.countsInFigures(
                    subjectIDs: subjects, aboutHeadteacher: aboutHead, figureReaders: [reader, UUID()])
                #expect(counted == (!aboutHead && !subjects.contains(reader)), "\(subjects) aboutHead=\(aboutHead)")
            }
        }
    }

    @Test(
        "Only its subject, and a headteacher for a case about the headteacher, may not learn a case exists",
        arguments: Role.allCases)
    func mayLearn(role: Role) {
        let me = UUID()
        let actor = Actor(personID: me, schoolID: Self.school, rolesBySchool: [Self.school: [role]])
        for aboutHead in [false, true] {
            #expect(
                !CaseAccess.mayLearnItExists(
                    schoolID: Self.school, subjectIDs: [me], aboutHeadteacher: aboutHead, for: actor),
                "the subject, \(role)")
            let learns = CaseAccess.mayLearnItExists(
                schoolID: Self.school, subjectIDs: [UUID()], aboutHeadteacher: aboutHead, for: actor)
            #expect(learns == !(aboutHead && role == .headteacher), "\(role) aboutHead=\(aboutHead)")
        }
    }
}
