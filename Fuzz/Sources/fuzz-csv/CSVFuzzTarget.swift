// libFuzzer entry point: reads the input as a staff file and as a pupil roster, in whatever encoding it is.

import Foundation
import FuzzDriver
import StewardCore

@main
enum CSVFuzzTarget {
    static func main() { FuzzDriver.run(csvFuzzInput) }

    static func run(_ bytes: [UInt8]) {
        // The staff import decodes the bytes itself: UTF-8 with or without a BOM, else Windows-1252.
        if case .success(let records) = StaffImport.parse(bytes, knownEmails: ["head@school.example"]),
            let today = CalendarDate(year: 2026, month: 11, day: 25)
        {
            let head = ExistingPerson(email: "head@school.example", forename: "A", surname: "B", kind: .employee)
            _ = StaffImport.plan(records, existing: [head], fullImport: true, today: today)
        }
        guard let (text, _) = try? TextDecoding.decode(bytes) else { return }
        if case .success(let pupils) = RosterCSV.pupilsReportingEveryRow(text) {
            _ = PupilImport.plan(pupils, existing: Array(pupils.prefix(3)), fullImport: true)
            _ = ScreeningContext(pupils: pupils)
        }
        _ = try? RosterCSV.staff(text)
        // What the exports write, the importers read back to the same cells.
        if let table = try? CSVTable(parsing: text) {
            var writer = CSVWriter(header: table.header)
            for row in table.rows { writer.append(row.fields) }
            _ = try? CSVTable(parsing: writer.text)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func csvFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    CSVFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
