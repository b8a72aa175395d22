// The screening engine's front door: one draft in, every finding out, ordered by position.

/// Screens drafts for one school. Cheap to call many times; build the context once.
public struct Screener: Sendable {
    public let context: ScreeningContext
    private let names: PupilNameDetector
    private let personalData: PersonalDataDetector
    private let offensive: OffensiveLanguageDetector
    private let remarks: NegativeRemarkDetector
    private let confidential: ConfidentialDetector
    private let personal: PersonalContentDetector

    public init(context: ScreeningContext) {
        self.context = context
        names = PupilNameDetector(context: context)
        personalData = PersonalDataDetector(allowed: context.allowed)
        offensive = OffensiveLanguageDetector(lexicon: context.offensive)
        remarks = NegativeRemarkDetector(context: context)
        confidential = ConfidentialDetector(context: context)
        personal = PersonalContentDetector()
    }

    /// Every finding in `text`, plus photo-consent findings for the pupils a photo is tagged with.
    public func screen(_ text: String, taggedPupils: [Pupil] = []) -> [Finding] {
        let prepared = ScreeningText(text)
        let nameFindings = names.findings(in: prepared)
        let offensiveFindings = offensive.findings(in: prepared)
        var all = nameFindings
        all += personalData.findings(in: prepared, names: nameFindings)
        all += offensiveFindings
        all += remarks.findings(in: prepared, names: nameFindings, offensive: offensiveFindings)
        all += confidential.findings(in: prepared, names: nameFindings)
        all += personal.findings(in: prepared)
        all += hidden(prepared)
        all += photoConsent(taggedPupils)
        all.sort { ($0.start, $0.end, $0.category.rawValue) < ($1.start, $1.end, $1.category.rawValue) }
        return all
    }

    /// Invisible characters can hide a name or a word from a reader and from simpler filters.
    private func hidden(_ text: ScreeningText) -> [Finding] {
        guard let first = text.hiddenSpans.first, let last = text.hiddenSpans.last else { return [] }
        return [
            Finding(
                category: .hiddenText, kind: "invisible-characters", severity: .warn, start: first.lowerBound,
                end: last.upperBound, text: text.text(first.lowerBound, last.upperBound),
                message: "The text contains \(text.hiddenSpans.count) invisible character(s). Retype it before posting."
            )
        ]
    }

    private func photoConsent(_ tagged: [Pupil]) -> [Finding] {
        let missing = tagged.filter { !$0.photoOnSocialMedia }
        guard !missing.isEmpty else { return [] }
        let names = missing.map(\.displayName).joined(separator: ", ")
        return [
            Finding(
                category: .photoConsent, kind: "tagged-pupils", severity: .block, start: 0, end: 0, text: "",
                message:
                    "No consent for a photo on social media: \(names). Remove them from the photo or choose another.")
        ]
    }
}

extension Array where Element == Finding {
    /// The worst severity, or nil when there are no findings.
    public var worstSeverity: Severity? { map(\.severity).max() }
}
