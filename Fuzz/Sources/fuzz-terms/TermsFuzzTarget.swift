// libFuzzer entry point: reads the input as a terms list and screens a few sentences with what it lists.

import Foundation
import FuzzDriver
import StewardCore

@main
enum TermsFuzzTarget {
    static func main() { FuzzDriver.run(termsFuzzInput) }

    static let drafts = [
        "Well done Dick Smith for a brilliant effort! Ring 01632 960 555.",
        "Crook led the assembly today; the Ofsted visit is not yet announced.",
    ]

    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let terms = try? ScreeningTerms(parsing: text) else { return }
        let context = ScreeningContext(
            pupils: [Pupil(legalForename: "Dick", surname: "Smith")],
            staff: [StaffMember(forename: "Ann", surname: "Crook")],
            terms: terms)
        let screener = Screener(context: context)
        for draft in drafts + terms.blocked.prefix(3) + terms.confidential.prefix(3) {
            let scalars = Array(draft.unicodeScalars)
            for finding in screener.screen(draft) {
                guard finding.start >= 0, finding.start <= finding.end, finding.end <= scalars.count else {
                    fatalError("finding outside the text: \(finding)")
                }
            }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func termsFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    TermsFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
