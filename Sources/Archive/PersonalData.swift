import Crypto
import Foundation
import IngestCore

/// The key that encrypts an archive's personal numbers at rest: 32 bytes, in a file as 64 hex digits (e.g.
/// `openssl rand -hex 32 > archive.key`) or as the raw bytes.
public struct PersonalDataKey: Sendable {
    let encryption: SymmetricKey
    /// A second key derived from it, for the keyed digest that links one person's records without the number.
    let linking: SymmetricKey

    public init(bytes: Data) throws {
        guard bytes.count == 32 else { throw PersonalDataError.badKeyFile("it holds \(bytes.count) bytes, not 32") }
        let key = SymmetricKey(data: bytes)
        encryption = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("certarchive personal numbers".utf8), outputByteCount: 32)
        linking = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("certarchive person link".utf8), outputByteCount: 32)
    }

    public init(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PersonalDataError.badKeyFile("\(path) cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 64, let hex = Self.hexBytes(text) {
            try self.init(bytes: hex)
        } else {
            do { try self.init(bytes: data) } catch { throw PersonalDataError.badKeyFile("\(path) holds neither 64 hex digits nor 32 bytes") }
        }
    }

    static func hexBytes(_ text: String) -> Data? {
        var bytes = Data()
        var chars = text.makeIterator()
        while let high = chars.next(), let low = chars.next() {
            guard let byte = UInt8(String([high, low]), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// What the archive stores to recognise its key: a keyed digest of a fixed text (it reveals nothing of the key).
    package var check: String { Hex.string(HMAC<SHA256>.authenticationCode(for: Data("certarchive key check".utf8), using: linking)) }

    func link(_ number: String) -> String {
        String(Hex.string(HMAC<SHA256>.authenticationCode(for: Data(number.utf8), using: linking)).prefix(32))
    }
}

public enum PersonalDataError: Error, CustomStringConvertible, Equatable {
    case badKeyFile(String)
    case wrongKey
    case keyNeeded
    case notEncrypted

    public var description: String {
        switch self {
        case let .badKeyFile(why): return "the key file is not usable: \(why)"
        case .wrongKey: return "the key given is not this archive's key: nothing was read or written with it"
        case .keyNeeded:
            return "the archive's personal numbers are encrypted: give its key with --key-file FILE (or CERTARCHIVE_KEY_FILE) to change them"
        case .notEncrypted:
            return "the archive's personal numbers are not encrypted: to encrypt them, run 'certarchive rekey --new-key-file FILE'"
        }
    }
}

/// Seals and opens personal numbers (身份证号, and the 特种作业操作证 number that holds one) as the archive stores
/// them. A sealed value is `enc:v1:MASK:LINK:CIPHERTEXT` — the mask for anyone without the key, a keyed digest
/// linking one person's records, AES-256-GCM of the number (nonce, ciphertext and tag, base64url).
package struct PersonalDataSealer: Sendable {
    /// Whether the archive encrypts its personal numbers.
    package let encrypted: Bool
    /// Its key; nil: sealed values open as their mask, and nothing personal can be written.
    package let key: PersonalDataKey?

    package init(encrypted: Bool, key: PersonalDataKey?) {
        self.encrypted = encrypted; self.key = key
    }

    /// The sealer of an archive whose stored key check is `check` (nil: not encrypted), opened with `key`: a key
    /// for an archive that encrypts nothing, or that is not the archive's, is refused.
    package static func forArchive(check: String?, key: PersonalDataKey?) throws -> PersonalDataSealer {
        switch (check, key) {
        case (nil, nil): return .plain
        case (nil, .some): throw PersonalDataError.notEncrypted
        case let (.some(check), .some(key)):
            guard check == key.check else { throw PersonalDataError.wrongKey }
            return PersonalDataSealer(encrypted: true, key: key)
        case (.some, nil): return PersonalDataSealer(encrypted: true, key: nil)
        }
    }

    package static let plain = PersonalDataSealer(encrypted: false, key: nil)

    /// The sealer a rekey to `newKey` (nil: clear) seals with, and what the change is called. Refused without the
    /// current key, or to decrypt what is in clear.
    package func rekeying(to newKey: PersonalDataKey?) throws -> (PersonalDataSealer, change: String) {
        guard !encrypted || key != nil else { throw PersonalDataError.keyNeeded }
        guard encrypted || newKey != nil else { throw PersonalDataError.notEncrypted }
        return (PersonalDataSealer(encrypted: newKey != nil, key: newKey),
                !encrypted ? "encrypted" : newKey == nil ? "decrypted" : "new key")
    }
    static let prefix = "enc:v1:"
    /// A sealed value inside a longer text (the page's OCR text).
    nonisolated(unsafe) static let token = /enc:v1:[0-9*Xx]+:[0-9a-f]{32}:[A-Za-z0-9_\-]+/

    package func sealValue(_ value: String) throws -> String {
        guard encrypted, !value.isEmpty, !value.hasPrefix(Self.prefix) else { return value }
        guard let key else { throw PersonalDataError.keyNeeded }
        let box = try AES.GCM.seal(Data(value.utf8), using: key.encryption)
        guard let combined = box.combined else { throw PersonalDataError.keyNeeded }
        let text = combined.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return Self.prefix + Masking.mask(value) + ":" + key.link(value) + ":" + text
    }

    static let secretPrefix = "enc:s1:"

    /// A secret (a second factor's) sealed like a personal number but showing nothing of it: no mask, no link.
    /// In clear in an archive that encrypts nothing.
    package func sealSecret(_ secret: String) throws -> String {
        guard encrypted, !secret.isEmpty, !secret.hasPrefix(Self.secretPrefix) else { return secret }
        guard let key else { throw PersonalDataError.keyNeeded }
        let box = try AES.GCM.seal(Data(secret.utf8), using: key.encryption)
        guard let combined = box.combined else { throw PersonalDataError.keyNeeded }
        return Self.secretPrefix + combined.base64EncodedString()
    }

    /// The secret; without the key (or damaged) its sealed text, which no code matches: a second factor fails
    /// closed, never open.
    package func openSecret(_ stored: String) -> String {
        guard stored.hasPrefix(Self.secretPrefix), let key,
              let data = Data(base64Encoded: String(stored.dropFirst(Self.secretPrefix.count))),
              let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: key.encryption) else { return stored }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The account as it is stored (its second-factor secret sealed), and as it is read (opened).
    package func sealed(_ account: Account) throws -> Account {
        var account = account
        account.totpSecret = try account.totpSecret.map(sealSecret)
        return account
    }

    package func opened(_ account: Account) -> Account {
        var account = account
        account.totpSecret = account.totpSecret.map(openSecret)
        return account
    }

    /// The number, or its mask without the key.
    package func openValue(_ value: String) -> String {
        guard value.hasPrefix(Self.prefix) else { return value }
        let parts = value.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3 else { return value }
        guard let key else { return parts[0] }
        var base64 = parts[2].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        // A value that does not open with the archive's own key was damaged in the file: it reads as its mask,
        // never as garbage, and `verify` names its item (its stored state no longer matches its history).
        guard let data = Data(base64Encoded: base64), let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: key.encryption) else { return parts[0] }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The keyed digest a sealed value carries: what links one person's records without the key.
    static func link(_ value: String) -> String? {
        guard value.hasPrefix(prefix) else { return nil }
        let parts = value.dropFirst(prefix.count).split(separator: ":", maxSplits: 2)
        return parts.count == 3 ? String(parts[1]) : nil
    }

    package static func isPersonal(_ field: String, _ type: DocumentType) -> Bool { Masking.isPersonal(field: field, type: type) }

    /// Every value of the personal fields sealed: the value, what was read, readings and corrections.
    package func seal(_ fields: [String: ExtractedField], type: DocumentType) throws -> [String: ExtractedField] {
        try transform(fields, type: type, sealValue)
    }

    /// A reviewer's change to a personal field, kept sealed like the field.
    package func seal(_ event: AuditEvent, type: DocumentType) throws -> AuditEvent {
        guard let field = event.field, Self.isPersonal(field, type) else { return event }
        var sealed = event
        sealed.oldValue = try event.oldValue.map(sealValue)
        sealed.newValue = try event.newValue.map(sealValue)
        return sealed
    }

    /// An event as its readers get it: sealed values opened (or masked without the key).
    package func open(_ event: AuditEvent) -> AuditEvent {
        var opened = event
        opened.oldValue = event.oldValue.map(openValue)
        opened.newValue = event.newValue.map(openValue)
        return opened
    }

    package func open(_ fields: [String: ExtractedField], type: DocumentType) -> [String: ExtractedField] {
        transform(fields, type: type, openValue)
    }

    private func transform(_ fields: [String: ExtractedField], type: DocumentType,
                           _ change: (String) throws -> String) rethrows -> [String: ExtractedField] {
        guard encrypted else { return fields }
        var result = fields
        for (name, field) in fields where Self.isPersonal(name, type) {
            var changed = field
            changed.value = try change(field.value)
            changed.raw = try change(field.raw)
            changed.readings = try field.readings?.map(change)
            changed.corrections = try field.corrections?.map {
                FieldCorrection(from: try change($0.from), to: try change($0.to), reason: $0.reason)
            }
            result[name] = changed
        }
        return result
    }

    /// The page's text with each of the item's personal numbers sealed where it appears.
    func seal(text: String, numbers: [String]) throws -> String {
        guard encrypted else { return text }
        var sealed = text
        for number in Set(numbers.filter { $0.count >= 15 && !$0.hasPrefix(Self.prefix) }).sorted(by: { $0.count > $1.count }) {
            guard sealed.contains(number) else { continue }
            sealed = sealed.replacingOccurrences(of: number, with: try sealValue(number))
        }
        return sealed
    }

    func open(text: String) -> String {
        guard encrypted, text.contains(Self.prefix) else { return text }
        return text.replacing(Self.token) { openValue(String($0.output)) }
    }

    /// A page outcome as stored (sealed) or as used (opened).
    package func seal(_ page: PageOutcome) throws -> PageOutcome {
        guard encrypted else { return page }
        var sealed = page
        let numbers = page.fields.filter { Self.isPersonal($0.key, page.type) }.flatMap { [$0.value.value, $0.value.raw] + ($0.value.readings ?? []) }
            .map { SpecialOperationNumber.idNumber(in: $0) ?? $0 }
        sealed.fields = try seal(page.fields, type: page.type)
        sealed.text = try seal(text: page.text, numbers: numbers)
        return sealed
    }

    package func open(_ page: PageOutcome) -> PageOutcome {
        guard encrypted else { return page }
        var opened = page
        opened.fields = open(page.fields, type: page.type)
        opened.text = open(text: page.text)
        return opened
    }
}

extension PersonalDataSealer {
    /// An item as the compliance answers read it, from its stored columns: personal numbers opened (or their
    /// masks), and the key that links one person's records (the number, or its keyed digest without the key).
    package func summary(id: Int64, source: String, page: Int?, type typeName: String, status: String, fields json: String,
                         flags: String, intakeDay: String, rules: [String]) throws -> RecordSummary {
        let type = DocumentType(rawValue: typeName) ?? .unknown
        let stored = try JSONText.decode([String: String].self, from: json)
        var fields = stored
        for (name, value) in stored where Self.isPersonal(name, type) {
            fields[name] = openValue(value)
        }
        return RecordSummary(
            id: id, source: source, page: page, type: type, status: ItemStatus(rawValue: status) ?? .review,
            fields: fields, intakeDay: intakeDay, rules: rules,
            personKey: personKey(stored: stored, opened: fields, type: type),
            flags: try JSONText.decode([String].self, from: flags))
    }

    private func personKey(stored: [String: String], opened: [String: String], type: DocumentType) -> String? {
        let field = stored[FieldName.idNumber] != nil ? FieldName.idNumber
            : type.numberContainsIDNumber ? FieldName.certificateNumber : nil
        guard let field, let value = stored[field] else { return nil }
        if let link = Self.link(value), key == nil { return EncryptedPersonKey.key(digest: link) }
        let number = opened[field] ?? value
        return field == FieldName.certificateNumber ? SpecialOperationNumber.idNumber(in: number) : number
    }
}
