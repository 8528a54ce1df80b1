extension Character {
    /// A Latin letter or digit of ASCII (the letters and digits of certificate numbers and codes).
    public var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
}
