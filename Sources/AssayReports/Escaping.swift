import AssayColumns

/// Every string that reaches a report — data values, suite names, kwargs, paths — goes through
/// one of these. Values are first cut to a bounded length (`Inert.clip`), then escaped for the
/// format; control characters are shown, never passed through.
public enum Inert {
    /// Characters kept of one value; the rest is replaced by a marker naming how many were cut.
    public static let valueLengthMax = 200

    /// `text` cut to `limit` characters, with "… (N more characters)" when cut.
    public static func clip(_ text: String, limit: Int = valueLengthMax) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count - limit) more characters)"
    }

    /// Control characters (C0, DEL, C1, line and paragraph separators) as visible `\u{…}` escapes,
    /// tab, newline and carriage return included: one value stays on one line.
    public static func visible(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 || value == 0xFEFF {
                result += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// For HTML text and attribute values (double-quoted).
    public static func html(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in visible(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// For XML 1.0 text and attribute values: as HTML (every character left is legal XML once
    /// control characters are shown as escapes).
    public static func xml(_ text: String) -> String { html(text) }

    /// For Markdown table cells as GitHub and GitLab render them: HTML-escaped (they accept inline
    /// HTML), and the characters Markdown reads (`|`, `` ` ``, `*`, `_`, `[`, `]`, `\`, `#`, `~`)
    /// backslash-escaped.
    public static func markdown(_ text: String) -> String {
        var result = ""
        for character in html(text) {
            if "|`*_[]\\#~!".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// A JSON value as short display text (strings unquoted), clipped.
    public static func display(_ value: JSONValue, limit: Int = valueLengthMax) -> String {
        if case .string(let text) = value { return clip(text, limit: limit) }
        return clip(value.compact, limit: limit)
    }

    /// JSON for a `<script type="application/json">` block: nothing in it can close the element
    /// or start markup (`<`, `>`, `&` and the line separators as \u escapes).
    public static func scriptJSON(_ json: String) -> String {
        var result = ""
        result.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
