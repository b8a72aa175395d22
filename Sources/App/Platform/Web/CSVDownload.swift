// A spreadsheet download: formula-safe CSV, as an attachment named with today's date.

import StewardCore
import Vapor

enum CSVDownload {
    static func response(_ writer: CSVWriter, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.add(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return Response(status: .ok, headers: headers, body: .init(string: writer.text))
    }

    static func today() -> String { Display.today.description }
}
