import CanbaoRules

/// What a document-number field takes, by the document's kind, and what the number tells of the person.
enum DocumentEntry {
    /// Kinds numbered under GB 11643 (digits and a check character X), which carry the birth date and sex.
    static let carryingBirthAndSex: Set<DocumentKind> = [.residentID, .hmtResidencePermit, .foreignPermanentResidence]

    /// The character as the field stores it (a full-width digit or letter folded to ASCII, x upper-cased), or nil
    /// when a number of this kind has no such character (a Chinese character, punctuation). Spaces give nil too: a
    /// number is typed without them.
    static func accept(_ c: Character, kind: DocumentKind) -> Character? {
        guard c.unicodeScalars.count == 1, var scalar = c.unicodeScalars.first else { return nil }
        if (0xFF10...0xFF19).contains(scalar.value) || (0xFF21...0xFF3A).contains(scalar.value)
            || (0xFF41...0xFF5A).contains(scalar.value), let folded = Unicode.Scalar(scalar.value - 0xFEE0) {
            scalar = folded
        }
        let ch = Character(String(scalar).uppercased())
        guard ch.isASCII else { return nil }
        switch kind {
        case .residentID, .other, .hmtResidencePermit:
            return ch.isNumber || ch == "X" ? ch : nil
        case .taiwanPermit:
            return ch.isNumber ? ch : nil
        default:
            return ch.isNumber || ch.isLetter ? ch : nil
        }
    }

    /// What the kind's numbers are made of, for the message when a character is refused.
    static func allowed(_ kind: DocumentKind) -> String {
        switch kind {
        case .residentID, .other, .hmtResidencePermit: return "数字和 X"
        case .taiwanPermit: return "数字"
        default: return "字母和数字"
        }
    }

    /// The longest number of the kind (longer pastes are cut with a message).
    static func maxLength(_ kind: DocumentKind) -> Int {
        switch kind {
        case .residentID, .other, .hmtResidencePermit, .foreignPermanentResidence: return 18
        case .hkMacauPermit, .taiwanPermit: return 12
        // The rule's own limit: the field took 24, four characters the rule then refused.
        case .foreignPassport, .foreignResidencePermit: return IdentityValidation.freeFormLength.upperBound
        default: return 24
        }
    }

    enum Filtered: Equatable {
        case number(String)
        case refused(Character)
    }

    /// The text as the field takes it, or the first character refused.
    static func filter(_ text: String, kind: DocumentKind) -> Filtered {
        var out = ""
        for c in text where !c.isWhitespace {
            guard let ok = accept(c, kind: kind) else { return .refused(c) }
            out.append(ok)
        }
        return .number(out)
    }

    /// A short name of the kind for the field's tag, so that the whole number fits beside it at 80 columns.
    static func shortName(_ kind: DocumentKind) -> String {
        switch kind {
        case .residentID: return "身份证"
        case .hmtResidencePermit: return "港澳台居住证"
        case .hkMacauPermit: return "港澳通行证"
        case .taiwanPermit: return "台胞证"
        case .foreignPermanentResidence: return "永居证"
        case .foreignResidencePermit: return "居留许可"
        case .foreignPassport: return "外国护照"
        case .birthCertificate: return "出生证明"
        case .other: return "父母身份证"
        }
    }

    /// The birth date and sex the party's document carries: a valid GB 11643 number of a kind that encodes them (not
    /// `other`, which is a parent's number). Nil otherwise.
    static func carried(_ document: IdentityDocument?) -> DecodedIDNumber? {
        guard let document, carryingBirthAndSex.contains(document.kind) else { return nil }
        return IdentityValidation.decode(document.normalizedNumber)
    }
}
