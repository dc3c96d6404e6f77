import Synchronization

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

/// Values kept by key in memory, shared by every request: up to `capacity` of them, past which all
/// are let go and keeping starts over (a bound on memory, not an eviction policy). For what is
/// worked out again and again from the same input (a parsed file, a text's snippet, a search's
/// evaluation), keyed so that a changed input is another key.
public final class KeptValues<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let capacity: Int
    private let kept = Mutex<[Key: Value]>([:])

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public func value(_ key: Key) -> Value? {
        kept.withLock { $0[key] }
    }

    public func keep(_ value: Value, for key: Key) {
        kept.withLock { kept in
            if kept.count >= capacity { kept.removeAll(keepingCapacity: true) }
            kept[key] = value
        }
    }

    /// The kept values for `keys`, in their order, looked up under one lock: a page that needs
    /// fifty rows takes the lock twice, not fifty times. `make` makes the value for the key at an
    /// index where none is kept; those are kept together afterwards.
    public func values(_ keys: [Key], orMake make: (Int) throws -> Value) rethrows -> [Value] {
        let known = kept.withLock { kept in keys.map { kept[$0] } }
        var made: [(Key, Value)] = []
        var values: [Value] = []
        values.reserveCapacity(keys.count)
        for (index, value) in known.enumerated() {
            if let value {
                values.append(value)
            } else {
                let value = try make(index)
                made.append((keys[index], value))
                values.append(value)
            }
        }
        if !made.isEmpty {
            kept.withLock { kept in
                if kept.count + made.count > capacity { kept.removeAll(keepingCapacity: true) }
                for (key, value) in made { kept[key] = value }
            }
        }
        return values
    }

    /// The kept value for `key`, or the one `make` makes (then kept).
    public func value(_ key: Key, orMake make: () throws -> Value) rethrows -> Value {
        if let known = value(key) { return known }
        let made = try make()
        keep(made, for: key)
        return made
    }
}
