import Review

/// Prints text for a person at a terminal: a value's control characters (an escape sequence stored in a field
/// or a file's name) are written as `\u{…}`, never sent to the terminal.
func printText(_ text: String) {
    print(TypedText.forTerminal(text))
}
