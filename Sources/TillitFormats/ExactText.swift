/// A text as a dictionary key by its exact UTF-8 bytes. `String` hashes and compares by canonical
/// equivalence, normalising (NFC) first, which for a long Swedish text costs more than the work a
/// cache keyed by it saves. Two texts that differ only in normalisation are two keys here.
public struct ExactText: Hashable, Sendable {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public func hash(into hasher: inout Hasher) {
        var bytes = text
        bytes.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
    }

    public static func == (a: ExactText, b: ExactText) -> Bool {
        a.text.utf8.elementsEqual(b.text.utf8)
    }
}
