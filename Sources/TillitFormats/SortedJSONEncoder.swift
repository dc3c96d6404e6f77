import Foundation
import Synchronization

/// Encodes a value as compact JSON with its objects' keys in byte order: the same bytes Foundation's
/// `JSONEncoder` gives with `.sortedKeys`, ISO 8601 dates and, when asked, snake-case keys.
///
/// Foundation's encoder asks the runtime for every value it wraps whether it is a date, data, a URL,
/// a decimal or a string-keyed dictionary (protocol conformance lookups); for an API list that was
/// half of a request's time. This one compares types (`T.self == Date.self`), which is cheap, and
/// knows a dictionary by the coding-key type the standard library encodes dictionaries with.
/// Converting a key to snake case is left to Foundation, once per key, so that stays the same.
public struct SortedJSONEncoder: Sendable {
    public let snakeCaseKeys: Bool
    public let escapeSlashes: Bool

    public init(snakeCaseKeys: Bool = false, escapeSlashes: Bool = true) {
        self.snakeCaseKeys = snakeCaseKeys
        self.escapeSlashes = escapeSlashes
    }

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let node = try JSONTreeEncoder(snakeCaseKeys: snakeCaseKeys, parent: nil, key: nil, keys: KeyMemo()).box(value)
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(node, into: &out)
        return out
    }

    func write(_ node: JSONNode, into out: inout [UInt8]) {
        switch node {
        case .literal(let text):
            out.append(contentsOf: text.utf8)
        case .encoded(let bytes):
            out.append(contentsOf: bytes)
        case .string(let text):
            writeString(text, into: &out)
        case .array(let box):
            out.append(UInt8(ascii: "["))
            for (index, element) in box.elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let box):
            out.append(UInt8(ascii: "{"))
            // A key given twice keeps its last value, as in Foundation.
            let members = box.members
            var inOrder = true
            for index in members.indices.dropFirst() where Self.compare(members[index - 1].key, members[index].key) >= 0 {
                inOrder = false
                break
            }
            let order = inOrder ? Array(members.indices) : members.indices.sorted { a, b in
                let order = Self.compare(members[a].key, members[b].key)
                return order == 0 ? a < b : order < 0
            }
            var first = true
            for (position, index) in order.enumerated() {
                let member = members[index]
                if !inOrder, position + 1 < order.count, members[order[position + 1]].key == member.key { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The order of two keys by their UTF-8 bytes (negative, zero or positive), as memcmp gives it.
    static func compare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                if common > 0, let p = x.baseAddress, let q = y.baseAddress {
                    let order = memcmp(p, q, common)
                    if order != 0 { return Int(order) }
                }
                return x.count - y.count
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() {
                let escape: StaticString?
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "/"): escape = escapeSlashes ? "\\/" : nil
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x00..<0x20: escape = nil
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                if let escape {
                    out.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
                } else if byte < 0x20 {
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0F)]])
                } else {
                    out.append(byte)
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A value ``SortedJSONEncoder`` wrote before, put into a larger value as it was written: a list
/// can keep its items as written and still be written whole by the encoder. Only this encoder
/// knows it; any other is refused.
public struct EncodedJSON: Encodable, Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: "written JSON goes only into SortedJSONEncoder"))
    }
}

// MARK: - The tree a value is encoded into

final class KeyMemo {
    var converted: [String: String] = [:]
}

enum JSONNode {
    case literal(String)          // null, true, false, a number
    case encoded([UInt8])         // a value this encoder wrote before (``EncodedJSON``)
    case string(String)
    case array(JSONArrayBox)
    case object(JSONObjectBox)
}

final class JSONArrayBox {
    var elements: [JSONNode] = []
}

final class JSONObjectBox {
    var members: [(key: String, value: JSONNode)] = []
}

/// Keys as Foundation's snake-case strategy writes them, found once per key.
enum SnakeCaseKeys {
    private static let kept = Mutex<[String: String]>([:])
    private static let limit = 4096

    /// Without an upper-case letter (ASCII only), the strategy leaves a key as it is.
    static func isPlain(_ key: String) -> Bool {
        for byte in key.utf8 where byte >= 0x80 || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) {
            return false
        }
        return true
    }

    /// A key that is not plain (``isPlain(_:)``), converted.
    static func convert(_ key: String) -> String {
        if let found = kept.withLock({ $0[key] }) { return found }
        let converted = foundationConversion(key)
        kept.withLock { keys in
            if keys.count < limit { keys[key] = converted }
        }
        return converted
    }

    private struct OneKey: Encodable {
        let key: String
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encodeNil(forKey: AnyKey(stringValue: key))
        }
    }

    private static func foundationConversion(_ key: String) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(OneKey(key: key)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let converted = object.keys.first else { return key }
        return converted
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

/// The coding-key type the standard library encodes a dictionary's keys with (its keys are never
/// converted to snake case), found by encoding one dictionary.
enum DictionaryKeys {
    static let type: ObjectIdentifier? = {
        final class Probe: Encoder {
            var codingPath: [any CodingKey] = []
            var userInfo: [CodingUserInfoKey: Any] = [:]
            var found: ObjectIdentifier?
            func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
                found = ObjectIdentifier(Key.self)
                return KeyedEncodingContainer(Ignore<Key>())
            }
            func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("not used") }
            func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("not used") }
        }
        struct Ignore<Key: CodingKey>: KeyedEncodingContainerProtocol {
            var codingPath: [any CodingKey] = []
            mutating func encodeNil(forKey key: Key) throws {}
            mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {}
            mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
                KeyedEncodingContainer(Ignore<NestedKey>())
            }
            mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { fatalError("not used") }
            mutating func superEncoder() -> any Encoder { fatalError("not used") }
            mutating func superEncoder(forKey key: Key) -> any Encoder { fatalError("not used") }
        }
        let probe = Probe()
        try? ["key": 0].encode(to: probe)
        return probe.found
    }()
}

// MARK: - Encoder

final class JSONTreeEncoder: Encoder {
    let snakeCaseKeys: Bool
    /// The coding path, made only when asked for (an error, or a type that reads it): the parent
    /// encoder and the key below it.
    let parent: JSONTreeEncoder?
    let key: (any CodingKey)?
    var codingPath: [any CodingKey] {
        guard let parent else { return key.map { [$0] } ?? [] }
        return parent.path(key)
    }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var node: JSONNode?

    /// Keys converted during this encoding (a list repeats its items' keys).
    let keys: KeyMemo

    init(snakeCaseKeys: Bool, parent: JSONTreeEncoder?, key: (any CodingKey)?, keys: KeyMemo) {
        self.snakeCaseKeys = snakeCaseKeys
        self.parent = parent
        self.key = key
        self.keys = keys
    }

    func child(_ key: (any CodingKey)?) -> JSONTreeEncoder {
        JSONTreeEncoder(snakeCaseKeys: snakeCaseKeys, parent: self, key: key, keys: keys)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: JSONObjectBox
        if case .object(let existing) = node { box = existing } else { box = JSONObjectBox(); node = .object(box) }
        let convert = snakeCaseKeys && ObjectIdentifier(Key.self) != DictionaryKeys.type
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self, box: box, convertKeys: convert))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: JSONArrayBox
        if case .array(let existing) = node { box = existing } else { box = JSONArrayBox(); node = .array(box) }
        return JSONUnkeyedContainer(encoder: self, box: box)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleContainer(encoder: self)
    }

    func key(_ key: some CodingKey, convert: Bool) -> String {
        guard convert else { return key.stringValue }
        let name = key.stringValue
        if SnakeCaseKeys.isPlain(name) { return name }
        if let found = keys.converted[name] { return found }
        let converted = SnakeCaseKeys.convert(name)
        keys.converted[name] = converted
        return converted
    }

    static func number<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath(), debugDescription: "Unable to encode \(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .literal(text)
    }

    /// A value as a node: dates, URLs, data and decimals as Foundation writes them, anything else by
    /// its own `encode(to:)`.
    func box<T: Encodable>(_ value: T, key: (any CodingKey)? = nil) throws -> JSONNode {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .literal(String(value as! Int)) }
        if T.self == Int64.self { return .literal(String(value as! Int64)) }
        if T.self == Bool.self { return .literal((value as! Bool) ? "true" : "false") }
        if T.self == Double.self { return try Self.number(value as! Double, codingPath: path(key)) }
        if T.self == Date.self { return .string(Self.iso8601(value as! Date)) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == Decimal.self { return .literal((value as! Decimal).description) }
        if T.self == EncodedJSON.self { return .encoded((value as! EncodedJSON).bytes) }
        let encoder = child(key)
        try value.encode(to: encoder)
        return encoder.node ?? .object(JSONObjectBox())
    }

    /// A date as Foundation's ISO 8601 style writes it (`2026-03-02T09:00:00Z`): whole seconds
    /// from 1970 to 9999 are what `RFC3339` writes, anything else is left to Foundation.
    static func iso8601(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds >= 0, seconds < 253_402_300_800, seconds == seconds.rounded(.down) else { return date.formatted(.iso8601) }
        return RFC3339.string(date)
    }

    func path(_ key: (any CodingKey)?) -> [any CodingKey] {
        guard let key else { return codingPath }
        return codingPath + [key]
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONTreeEncoder
    let box: JSONObjectBox
    let convertKeys: Bool
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func put(_ node: JSONNode, _ key: Key) {
        box.members.append((encoder.key(key, convert: convertKeys), node))
    }

    mutating func encodeNil(forKey key: Key) throws { put(.literal("null"), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.literal(value ? "true" : "false"), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(try JSONTreeEncoder.number(value, codingPath: encoder.path(key)), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(try JSONTreeEncoder.number(value, codingPath: encoder.path(key)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { put(try encoder.box(value, key: key), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = encoder.child(key)
        let container = nested.container(keyedBy: keyType)
        put(nested.node!, key)
        return container
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = encoder.child(key)
        let container = nested.unkeyedContainer()
        put(nested.node!, key)
        return container
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: encoder.key(key, convert: convertKeys)) }

    private func superEncoder(named name: String) -> any Encoder {
        let nested = encoder.child(AnyKey(stringValue: name))
        nested.node = .object(JSONObjectBox())
        box.members.append((name, nested.node!))
        let index = box.members.count - 1
        return JSONPlacedEncoder(inner: nested) { [box] node in box.members[index].value = node }
    }
}

/// A super-encoder: whatever is encoded into it replaces its placeholder (a member of the parent
/// object, or an element of the parent array).
final class JSONPlacedEncoder: Encoder {
    let inner: JSONTreeEncoder
    let place: (JSONNode) -> Void
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(inner: JSONTreeEncoder, place: @escaping (JSONNode) -> Void) {
        self.inner = inner
        self.place = place
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let container = inner.container(keyedBy: type)
        place(inner.node!)
        return container
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let container = inner.unkeyedContainer()
        place(inner.node!)
        return container
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleContainer(encoder: inner, placed: place)
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: JSONTreeEncoder
    let box: JSONArrayBox
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { box.elements.count }

    private var nextKey: AnyKey { AnyKey(intValue: box.elements.count) }

    mutating func encodeNil() throws { box.elements.append(.literal("null")) }
    mutating func encode(_ value: Bool) throws { box.elements.append(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { box.elements.append(.string(value)) }
    mutating func encode(_ value: Double) throws { box.elements.append(try JSONTreeEncoder.number(value, codingPath: encoder.path(nextKey))) }
    mutating func encode(_ value: Float) throws { box.elements.append(try JSONTreeEncoder.number(value, codingPath: encoder.path(nextKey))) }
    mutating func encode(_ value: Int) throws { box.elements.append(.literal(String(value))) }
    mutating func encode(_ value: Int8) throws { box.elements.append(.literal(String(value))) }
    mutating func encode(_ value: Int16) throws { box.elements.append(.literal(String(value))) }
    mutating func encode(_ value: Int32) throws { box.elements.append(.literal(String(value))) }
    mutating func encode(_ value: Int64) throws { box.elements.append(.literal(String(value))) }
    mutating func encode(_ value: UInt) throws { box.elements.append(.literal(String(value))) }
    mutating func encode(_ value: UInt8) throws { box.elements.append(.literal(String(value))) }
    mutating func encode(_ value: UInt16) throws { box.elements.append(.literal(String(value))) }
    mutating func encode(_ value: UInt32) throws { box.elements.append(.literal(String(value))) }
    mutating func encode(_ value: UInt64) throws { box.elements.append(.literal(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { box.elements.append(try encoder.box(value, key: nextKey)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = encoder.child(nextKey)
        let container = nested.container(keyedBy: keyType)
        box.elements.append(nested.node!)
        return container
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = encoder.child(nextKey)
        let container = nested.unkeyedContainer()
        box.elements.append(nested.node!)
        return container
    }

    mutating func superEncoder() -> any Encoder {
        let nested = encoder.child(nextKey)
        let index = box.elements.count
        box.elements.append(.object(JSONObjectBox()))
        return JSONPlacedEncoder(inner: nested) { [box] node in box.elements[index] = node }
    }
}

struct JSONSingleContainer: SingleValueEncodingContainer {
    let encoder: JSONTreeEncoder
    var placed: ((JSONNode) -> Void)?
    var codingPath: [any CodingKey] { encoder.codingPath }

    init(encoder: JSONTreeEncoder, placed: ((JSONNode) -> Void)? = nil) {
        self.encoder = encoder
        self.placed = placed
    }

    private func set(_ node: JSONNode) {
        encoder.node = node
        placed?(node)
    }

    mutating func encodeNil() throws { set(.literal("null")) }
    mutating func encode(_ value: Bool) throws { set(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try JSONTreeEncoder.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try JSONTreeEncoder.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { set(.literal(String(value))) }
    mutating func encode(_ value: Int8) throws { set(.literal(String(value))) }
    mutating func encode(_ value: Int16) throws { set(.literal(String(value))) }
    mutating func encode(_ value: Int32) throws { set(.literal(String(value))) }
    mutating func encode(_ value: Int64) throws { set(.literal(String(value))) }
    mutating func encode(_ value: UInt) throws { set(.literal(String(value))) }
    mutating func encode(_ value: UInt8) throws { set(.literal(String(value))) }
    mutating func encode(_ value: UInt16) throws { set(.literal(String(value))) }
    mutating func encode(_ value: UInt32) throws { set(.literal(String(value))) }
    mutating func encode(_ value: UInt64) throws { set(.literal(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { set(try encoder.box(value)) }
}
