// How a form shows its errors, written once for every form: `#errorSummary()` lists them at the top, each linked to
// its field; `#fieldError("email")` is the message under the label, `#invalid("email")` marks the input for
// assistive technology, `#errorClass("email")` outlines the field. Each takes the page's `errors`, or another set
// named as a further value (`#fieldError("password", passwordErrors)`, `#errorSummary(passwordErrors, "password")`),
// and, where a page has two forms with a field of the same name, the form's name (`#fieldError("code", tokenErrors,
// "token")` is `token-code-error`).

import LeafKit

enum FieldErrorTags {
    static var all: [String: any LeafTag] {
        [
            "fieldError": Message(), "invalid": Invalid(), "ariaInvalid": AriaInvalid(), "errorClass": ErrorClass(),
            "errorID": ErrorID(), "errorSummary": Summary(),
        ]
    }

    /// The id of the field's message (`email-error`, or `token-code-error` when the page has two forms and names
    /// this one `token`), and the message if the field has one.
    static func error(_ ctx: LeafContext) throws -> (id: String, message: String?) {
        guard let field = ctx.parameters.first?.string, !field.isEmpty else {
            throw PathTag.UnknownPath(description: "a field error tag needs the field's name")
        }
        let set = ctx.parameters.count > 1 ? ctx.parameters[1] : (ctx.data["errors"] ?? .trueNil)
        let form = ctx.parameters.count > 2 ? (ctx.parameters[2].string ?? "") : ""
        let message = set.dictionary?["byField"]?.dictionary?[field]?.string
        let id = escape(form.isEmpty ? field : form + "-" + field) + "-error"
        return (id, message.flatMap { $0.isEmpty ? nil : $0 })
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `<p class="field-error" id="email-error">Enter an email address.</p>`, or nothing.
    struct Message: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let (id, message) = try FieldErrorTags.error(ctx)
            guard let message else { return .string("") }
            return .string(
                "<p class=\"field-error\" id=\"\(id)\">\(FieldErrorTags.escape(message))</p>")
        }
    }

    /// ` aria-describedby="email-error" aria-invalid="true"` on a field with an error, or nothing.
    struct Invalid: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let (id, message) = try FieldErrorTags.error(ctx)
            guard message != nil else { return .string("") }
            return .string(" aria-describedby=\"\(id)\" aria-invalid=\"true\"")
        }
    }

    /// ` has-error` for the field's wrapper when it has an error, or nothing.
    struct ErrorClass: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            try FieldErrorTags.error(ctx).message == nil ? .string("") : .string(" has-error")
        }
    }

    /// ` email-error` to add to an input's own `aria-describedby` (beside its hint) when it has an error.
    struct ErrorID: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let (id, message) = try FieldErrorTags.error(ctx)
            return message == nil ? .string("") : .string(" " + id)
        }
    }

    /// ` aria-invalid="true"` alone, for an input that builds its own `aria-describedby` with `#errorID`.
    struct AriaInvalid: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            try FieldErrorTags.error(ctx).message == nil ? .string("") : .string(" aria-invalid=\"true\"")
        }
    }

    /// The summary at the top of a refused form: "There is a problem", then each message linked to its field.
    struct Summary: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let set = ctx.parameters.first ?? (ctx.data["errors"] ?? .trueNil)
            let prefix = ctx.parameters.count > 1 ? (ctx.parameters[1].string ?? "") + "-" : ""
            let items = (set.dictionary?["list"]?.array ?? []).compactMap { item -> String? in
                guard let field = item.dictionary?["field"]?.string, let message = item.dictionary?["message"]?.string
                else { return nil }
                return
                    "    <li><a href=\"#\(FieldErrorTags.escape(field))\">\(FieldErrorTags.escape(message))</a></li>\n"
            }
            guard !items.isEmpty else { return .string("") }
            let title = FieldErrorTags.escape(prefix) + "error-summary-title"
            return .string(
                "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"\(title)\" tabindex=\"-1\" autofocus>\n"
                    + "  <h2 id=\"\(title)\">There is a problem</h2>\n  <ul>\n" + items.joined() + "  </ul>\n</div>")
        }
    }
}
