// Pupil roster imports: matched by UPN when there is one, otherwise by name and date of birth.

/// What a roster import would do.
public struct PupilImportPlan: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        /// Index into the existing roster.
        public var existing: Int
        public var pupil: Pupil
        public var fields: [String]
    }

    public var additions: [Pupil] = []
    public var changes: [Change] = []
    /// Indexes into the existing roster of pupils missing from a full import.
    public var removals: [Int] = []
    public var unchanged = 0

    public var isEmpty: Bool { additions.isEmpty && changes.isEmpty && removals.isEmpty }
}

public enum PupilImport {
    /// The key a pupil is matched by.
    public static func identity(_ pupil: Pupil) -> String {
        if let upn = pupil.upn { return "upn:" + upn.uppercased() }
        return "name:" + ScreeningContext.fold(pupil.legalForename) + "|" + ScreeningContext.fold(pupil.surname) + "|"
            + (pupil.dateOfBirth?.description ?? "")
    }

    public static func plan(_ pupils: [Pupil], existing: [Pupil], fullImport: Bool) -> PupilImportPlan {
        var plan = PupilImportPlan()
        var index: [String: Int] = [:]
        for (i, pupil) in existing.enumerated() {
            index[identity(pupil)] = i
            // A pupil first imported without a UPN is still found by name once the UPN arrives.
            if pupil.upn != nil {
                index[
                    identity(
                        Pupil(
                            legalForename: pupil.legalForename, surname: pupil.surname, dateOfBirth: pupil.dateOfBirth))
                ] = i
            }
        }
        var matched = Set<Int>()
        for pupil in pupils {
            let byName = identity(
                Pupil(legalForename: pupil.legalForename, surname: pupil.surname, dateOfBirth: pupil.dateOfBirth))
            guard let i = index[identity(pupil)] ?? index[byName] else {
                plan.additions.append(pupil)
                continue
            }
            matched.insert(i)
            let old = existing[i]
            var fields: [String] = []
            if old.upn != pupil.upn { fields.append("UPN") }
            if old.legalForename != pupil.legalForename || old.surname != pupil.surname { fields.append("name") }
            if old.preferredForename != pupil.preferredForename { fields.append("preferred forename") }
            if old.yearGroup != pupil.yearGroup || old.className != pupil.className { fields.append("class") }
            if old.dateOfBirth != pupil.dateOfBirth { fields.append("date of birth") }
            if old.photoInSchool != pupil.photoInSchool || old.photoOnWebsite != pupil.photoOnWebsite
                || old.photoOnSocialMedia != pupil.photoOnSocialMedia
                || old.nameOnSocialMedia != pupil.nameOnSocialMedia
            {
                fields.append("consents")
            }
            if fields.isEmpty {
                plan.unchanged += 1
            } else {
                plan.changes.append(.init(existing: i, pupil: pupil, fields: fields))
            }
        }
        if fullImport { plan.removals = existing.indices.filter { !matched.contains($0) } }
        return plan
    }
}
