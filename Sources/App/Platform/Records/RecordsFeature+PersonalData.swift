// What records management holds about a person: requests about their records, and legal holds, each read as the
// viewer may see it.

import Fluent
import StewardCore
import Vapor

extension RecordsFeature {
    var personalData: [PersonalData] {
        @Sendable func requestRow(_ request: RecordsRequest) -> [String: String] {
            [
                "kind": request.kind.shortTitle, "received": request.receivedOn, "due": request.dueOn,
                "details": request.details, "outcome": request.outcome?.title ?? "waiting",
                "reason": request.reason ?? "",
            ]
        }
        @Sendable func requests(_ viewer: Actor) -> Set<UUID> {
            viewer.schools(where: AccessPolicy.roles(for: .handleRecordsRequests))
        }
        @Sendable func holdRows(
            _ holds: [LegalHold], _ viewer: Actor, _ db: any Database
        ) async throws
            -> [[String: String]]
        {
            let known = try await CaseSideDoors.knowable(Set(holds.compactMap(\.caseID)), to: viewer, on: db)
            // A hold on the viewer themselves, or on a case they may not know of, is in nobody's reading by them.
            return holds.filter { hold in
                hold.personID != viewer.personID && (hold.caseID.map(known.contains) ?? true)
            }.map {
                [
                    "on": $0.caseID == nil ? "everything about a person" : "a case",
                    "reason": $0.reason, "placed": Display.time($0.placedAt),
                    "lifted": $0.liftedAt.map { Display.time($0) } ?? "",
                ]
            }
        }
        @Sendable func holdSchools(_ viewer: Actor) -> Set<UUID> {
            viewer.schools(where: AccessPolicy.roles(for: .manageLegalHolds))
        }
        return [
            PersonalData(title: "Requests about their records", table: "records_requests", column: "person_id") {
                id, viewer, db in
                // Requests about the viewer are answered to them by someone else, not read here.
                try await RecordsRequest.query(on: db).filter(\.$personID == id).filter(\.$personID != viewer.personID)
                    .inSchools(requests(viewer)).sort(\.$recordedAt).all().map(requestRow)
            },
            PersonalData(
                title: "Requests about records they recorded", table: "records_requests", column: "recorded_by",
                handling: .review("the colleagues who made the requests")
            ) { id, viewer, db in
                try await RecordsRequest.query(on: db).filter(\.$recordedBy == id).filter(
                    \.$personID != viewer.personID
                )
                .inSchools(requests(viewer)).sort(\.$recordedAt).all().map(requestRow)
            },
            PersonalData(
                title: "Requests about records they answered", table: "records_requests", column: "closed_by",
                handling: .review("the colleagues who made the requests")
            ) { id, viewer, db in
                try await RecordsRequest.query(on: db).filter(\.$closedBy == id).filter(\.$personID != viewer.personID)
                    .inSchools(requests(viewer)).sort(\.$recordedAt).all().map(requestRow)
            },
            PersonalData(
                title: "Legal holds on them", table: "legal_holds", column: "person_id",
                handling: .decide("a hold placed for a claim or an inquiry")
            ) { id, viewer, db in
                try await holdRows(
                    try await LegalHold.query(on: db).filter(\.$personID == id).inSchools(holdSchools(viewer))
                        .sort(\.$placedAt).all(), viewer, db)
            },
            PersonalData(
                title: "Legal holds they placed", table: "legal_holds", column: "placed_by",
                handling: .decide("a hold placed for a claim or an inquiry")
            ) { id, viewer, db in
                try await holdRows(
                    try await LegalHold.query(on: db).filter(\.$placedBy == id).inSchools(holdSchools(viewer))
                        .sort(\.$placedAt).all(), viewer, db)
            },
            PersonalData(
                title: "Legal holds they lifted", table: "legal_holds", column: "lifted_by",
                handling: .decide("a hold placed for a claim or an inquiry")
            ) { id, viewer, db in
                try await holdRows(
                    try await LegalHold.query(on: db).filter(\.$liftedBy == id).inSchools(holdSchools(viewer))
                        .sort(\.$placedAt).all(), viewer, db)
            },
        ]
    }
}
