/// Counts characters as the desk counts them (grapheme clusters: a letter with its combining accent is one) in
/// bounded memory, for text read and dropped: a paste far past the limit is counted, not kept.
struct CharacterTally {
    private var batch = String.UnicodeScalarView()
    private var batchScalars = 0
    private var counted = 0

    mutating func add(_ scalar: Unicode.Scalar) {
        batch.append(scalar)
        batchScalars += 1
        guard batchScalars >= 1_024 else { return }
        // The batch's last character is carried over: the scalars that follow may still join it.
        let text = String(batch)
        guard let last = text.last else { return }
        counted += text.count - 1
        batch = String(last).unicodeScalars
        batchScalars = batch.count
        // One character of a thousand marks would be counted again on every scalar: count it now instead.
        if batchScalars >= 512 {
            counted += 1
            batch = String.UnicodeScalarView()
            batchScalars = 0
        }
    }

    var total: Int { counted + String(batch).count }
}
