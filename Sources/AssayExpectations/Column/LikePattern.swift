/// SQL `LIKE` patterns as anchored regular expressions: `%` any run of characters, `_` one
/// character, everything else literal (no escape character, as GX passes patterns to SQL as they are).
enum LikePattern {
    static func regex(_ pattern: String) -> String {
        var out = "^"
        for character in pattern {
            switch character {
            case "%": out += ".*"
            case "_": out += "."
            case "\\", "^", "$", ".", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out + "$"
    }
}
