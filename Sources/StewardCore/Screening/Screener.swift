// The screening engine's front door: one draft in, every finding out, ordered by position.

import Foundation

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
        personalData = PersonalDataDetector(allowed: context.allowed, health: HealthDetector())
        offensive = OffensiveLanguageDetector(lexicon: context.offensive)
        remarks = NegativeRemarkDetector(context: context)
        confidential = ConfidentialDetector(context: context)
        personal = PersonalContentDetector()
    }

    /// Every finding in `text`, plus photo-consent findings for the pupils a photo is tagged with.
    public func screen(_ text: String, taggedPupils: [Pupil] = []) -> [Finding] {
        var prepared = ScreeningText(text)
        prepared.classify(with: context)
        let nameFindings = names.findings(in: prepared)
        let offensiveFindings = asNames(offensive.findings(in: prepared), prepared, names: nameFindings)
        var all = nameFindings
        all += personalData.findings(in: prepared, names: nameFindings)
        all += offensiveFindings
        all += remarks.findings(in: prepared, names: nameFindings, offensive: offensiveFindings)
        all += confidential.findings(in: prepared, names: nameFindings)
        all += personal.findings(in: prepared)
        all += hidden(prepared, besides: all)
        all += photoConsent(taggedPupils)
        all.sort { ($0.start, $0.end, $0.category.rawValue) < ($1.start, $1.end, $1.category.rawValue) }
        return all
    }

    /// How long each stage takes on `text`, in nanoseconds, for finding where screening spends its time.
    public func stageTimings(_ text: String) -> [(String, UInt64)] {
        var result: [(String, UInt64)] = []
        func time<T>(_ name: String, _ body: () -> T) -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            let value = body()
            result.append((name, DispatchTime.now().uptimeNanoseconds - start))
            return value
        }
        var prepared = time("prepare") { ScreeningText(text) }
        time("classify") { prepared.classify(with: context) }
        let nameFindings = time("pupil-name") { names.findings(in: prepared) }
        var sink: [Finding] = []
        time("pd-emails") { personalData.emails(prepared, &sink) }
        time("pd-phones") { personalData.phones(prepared, &sink) }
        time("pd-identifiers") { personalData.tokenIdentifiers(prepared, &sink) }
        time("pd-addresses") { personalData.addresses(prepared, &sink) }
        time("pd-birth") { personalData.birthDates(prepared, &sink) }
        time("pd-ages") { personalData.ages(prepared, names: nameFindings, &sink) }
        time("pd-health") { personalData.health.findings(in: prepared, names: nameFindings, &sink) }
        let offensiveFindings = time("offensive") { offensive.findings(in: prepared) }
        _ = time("remarks") { remarks.findings(in: prepared, names: nameFindings, offensive: offensiveFindings) }
        _ = time("confidential") { confidential.findings(in: prepared, names: nameFindings) }
        _ = time("personal-content") { personal.findings(in: prepared) }
        return result
    }

    /// A listed word that is someone's name here (a pupil called Dick, a teacher called Mr Dick) is only noted:
    /// the name finding says what the post must not do, and the word is not a remark about anyone.
    private func asNames(_ found: [Finding], _ text: ScreeningText, names: [Finding]) -> [Finding] {
        guard !found.isEmpty else { return found }
        return found.map { finding in
            guard finding.severity >= .warn, finding.kind == "word" else { return finding }
            // Names are in order and never overlap: the only one that could hold the word is the last to start at
            // or before it.
            var low = 0
            var high = names.count
            while low < high {
                let middle = low + (high - low) / 2
                if names[middle].start > finding.start { high = middle } else { low = middle + 1 }
            }
            let pupil = low > 0 && finding.end <= names[low - 1].end
            var staff = false
            if !pupil, let i = text.token(startingAt: finding.start), text.tokens[i].end == finding.end,
                text.tokens[i].capitalised
            {
                staff = text.has(i, .staffSurname) || text.has(i, .staffForename)
            }
            guard pupil || staff else { return finding }
            var noted = finding
            noted.severity = .info
            noted.message =
                "\"\(finding.text)\" is the name of \(pupil ? "a pupil" : "a member of staff") here, and is also read as rude. Check the sense is clear."
            return noted
        }
    }

    /// Invisible characters and look-alike letters can hide a name or a word from a reader and from simpler filters.
    /// Words wholly in a decorative alphabet that hide nothing else found ("𝐒𝐏𝐎𝐑𝐓𝐒 𝐃𝐀𝐘") are only noted: screen
    /// readers stumble on them, but they disguise nothing.
    private func hidden(_ text: ScreeningText, besides others: [Finding]) -> [Finding] {
        var found: [Finding] = []
        if let first = text.hiddenSpans.first, let last = text.hiddenSpans.last {
            found.append(
                Finding(
                    category: .hiddenText, kind: "invisible-characters", severity: .warn, start: first.lowerBound,
                    end: last.upperBound, text: text.text(first.lowerBound, last.upperBound),
                    message:
                        "The text contains \(text.hiddenSpans.count) invisible character(s). Retype it before posting."
                ))
        }
        // Neighbouring words written the same way are one finding ("ＷＥＬＬ ＤＯＮＥ").
        var runs: [Range<Int>] = []
        for span in text.lookAlikeSpans {
            if let last = runs.last, span.lowerBound - last.upperBound <= 1 {
                runs[runs.count - 1] = last.lowerBound..<span.upperBound
            } else {
                runs.append(span)
            }
        }
        guard !runs.isEmpty else { return found }
        // The warnings found so far by where they start, with the furthest end reached by any of them up to each:
        // whether one overlaps a run is then a binary search.
        let warnings = others.filter { $0.severity >= .warn }.map { $0.start..<max($0.start, $0.end) }
            .sorted { $0.lowerBound < $1.lowerBound }
        var reach: [Int] = []
        reach.reserveCapacity(warnings.count)
        for warning in warnings { reach.append(max(reach.last ?? Int.min, warning.upperBound)) }
        func warned(_ run: Range<Int>) -> Bool {
            var low = 0
            var high = warnings.count
            while low < high {
                let middle = low + (high - low) / 2
                if warnings[middle].lowerBound < run.upperBound { low = middle + 1 } else { high = middle }
            }
            return low > 0 && reach[low - 1] > run.lowerBound
        }
        for run in runs {
            let span = text.text(run.lowerBound, run.upperBound)
            let disguise = ScreeningText.overlaps(text.mixedSpans, run) || warned(run)
            found.append(
                Finding(
                    category: .hiddenText, kind: disguise ? "look-alike-letters" : "decorative-letters",
                    severity: disguise ? .warn : .info, start: run.lowerBound, end: run.upperBound, text: span,
                    message: disguise
                        ? "\"\(span)\" is written with look-alike letters (fullwidth, bold or circled letters, letters of another alphabet, or piled-up accents). Screen readers and filters cannot read it: retype it in plain letters."
                        : "\"\(span)\" is written in decorative letters. Screen readers read them letter by letter or not at all: plain letters reach everyone."
                ))
        }
        return found
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
