// A draft cut into runs of text at every finding's edges, so a page can mark exactly the words each finding concerns.

/// A run of the draft and the findings that cover all of it.
public struct MarkedSegment: Sendable, Equatable {
    public var text: String
    /// Indices into the findings passed to `MarkedText.segments`, ascending; empty for unmarked text.
    public var findings: [Int]
    /// The worst severity among `findings`, or nil when the run is unmarked.
    public var severity: Severity?

    public init(text: String, findings: [Int], severity: Severity?) {
        self.text = text
        self.findings = findings
        self.severity = severity
    }
}

/// Splits a draft at the edges of its findings for display.
public enum MarkedText {
    /// `text` cut at every finding's start and end (Unicode scalar offsets, `start..<end`).
    ///
    /// Joined back together the segments are `text`; none is empty; neighbours differ in their findings; and a scalar
    /// lies in a segment listing finding `i` exactly when `start_i <= offset < end_i`. Offsets outside the text are
    /// moved to its nearest end; a finding with `start >= end` marks nothing. A cut may fall inside a character built
    /// of several scalars (a letter and its accent); each side is still valid text.
    public static func segments(_ text: String, findings: [Finding]) -> [MarkedSegment] {
        let scalars = Array(text.unicodeScalars)
        let count = scalars.count
        guard count > 0 else { return [] }
        // Each finding becomes a start and an end event; a sweep in offset order keeps the set of findings open.
        var starts: [Int: [Int]] = [:]
        var ends: [Int: [Int]] = [:]
        var cuts: Set<Int> = [0, count]
        for (index, finding) in findings.enumerated() {
            let start = min(max(finding.start, 0), count)
            let end = min(max(finding.end, 0), count)
            guard start < end else { continue }
            starts[start, default: []].append(index)
            ends[end, default: []].append(index)
            cuts.insert(start)
            cuts.insert(end)
        }
        let offsets = cuts.sorted()
        var open: Set<Int> = []
        var segments: [MarkedSegment] = []
        for (from, to) in zip(offsets, offsets.dropFirst()) {
            for index in ends[from] ?? [] { open.remove(index) }
            for index in starts[from] ?? [] { open.insert(index) }
            let covering = open.sorted()
            let piece = String(String.UnicodeScalarView(scalars[from..<to]))
            if let last = segments.last, last.findings == covering {
                segments[segments.count - 1].text += piece
            } else {
                let severity = covering.map { findings[$0].severity }.max()
                segments.append(MarkedSegment(text: piece, findings: covering, severity: severity))
            }
        }
        return segments
    }
}
