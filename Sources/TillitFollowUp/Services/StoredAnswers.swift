import Foundation

/// Reads responses as ``FollowUp/encodeAnswers(_:)`` stores them — a JSON object with sorted keys:
/// `{"a":3,"b":{"vet_ej":true},"c":{"choice":"ja"},"f":{"text":"…"}}` — straight into a
/// ``ResponseTable``, without building a dictionary or a string per answer, so that a national round
/// loads in seconds. Anything it does not recognise (an escaped character in a text, a shape from an
/// older version) goes through the JSON parser instead, with the same result.
struct StoredAnswerReader {
    private struct Entry {
        let bytes: [UInt8]
        /// For an item: its place among the table's counted items (or text items, for a text
        /// item); for an option: its code.
        let value: Int
        let isText: Bool
    }
    private var items: [UInt64: [Entry]] = [:]
    /// By counted item place: the item's options.
    private var options: [[UInt64: [Entry]]] = []
    private var likert: [Bool] = []
    let questionnaire: Questionnaire

    init(questionnaire: Questionnaire) {
        self.questionnaire = questionnaire
        let table = ResponseTable(questionnaire: questionnaire)
        for (place, item) in table.counted.enumerated() {
            items[Self.hash(item.id.utf8), default: []].append(Entry(bytes: Array(item.id.utf8), value: place, isText: false))
            var codes: [UInt64: [Entry]] = [:]
            if case .choice(let list) = item.kind {
                for (index, option) in list.enumerated() {
                    codes[Self.hash(option.id.utf8), default: []].append(
                        Entry(bytes: Array(option.id.utf8), value: Int(ResponseTable.firstOptionCode) + index, isText: false))
                }
            }
            options.append(codes)
            likert.append(item.kind.name == "likert")
        }
        for (place, item) in table.textItems.enumerated() {
            items[Self.hash(item.id.utf8), default: []].append(Entry(bytes: Array(item.id.utf8), value: place, isText: true))
        }
    }

    private static func hash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return value
    }

    private static func find<Bytes: Collection<UInt8>>(_ bytes: Bytes, in table: [UInt64: [Entry]]) -> Entry? {
        table[hash(bytes)]?.first { $0.bytes.elementsEqual(bytes) }
    }

    /// One row's answers before they are added: counted items' codes and texts, by place.
    struct Scratch {
        var codes: [(place: Int, code: UInt16)] = []
        var texts: [(place: Int, text: String)] = []
    }

    /// Adds the response; returns false (adding nothing) when `stored` is not in the common shape.
    func appendFast(_ stored: String, unit: Int64, to table: inout ResponseTable, scratch: inout Scratch) -> Bool {
        scratch.codes.removeAll(keepingCapacity: true)
        scratch.texts.removeAll(keepingCapacity: true)
        var stored = stored
        let parsed = stored.withUTF8 { buffer in parse(buffer, into: &scratch) }
        guard parsed else { return false }
        let row = table.beginRow(unit: unit)
        for (place, code) in scratch.codes { table.setCode(row: row, place: place, code) }
        for (place, text) in scratch.texts { table.addText(row: row, place: place, text) }
        return true
    }

    /// Adds the response, through the JSON parser when the fast path does not apply.
    func append(_ stored: String, unit: Int64, to table: inout ResponseTable, scratch: inout Scratch) {
        if appendFast(stored, unit: unit, to: &table, scratch: &scratch) { return }
        table.append(unit: unit, answers: FollowUp.decodeAnswers(stored, questionnaire))
    }

    private func parse(_ input: UnsafeBufferPointer<UInt8>, into scratch: inout Scratch) -> Bool {
        var i = input.startIndex
        let end = input.endIndex
        func expect(_ byte: UInt8) -> Bool {
            guard i < end, input[i] == byte else { return false }
            i += 1
            return true
        }
        /// A string without escapes: its bytes (the opening quote already read).
        func plainString() -> Slice<UnsafeBufferPointer<UInt8>>? {
            let start = i
            while i < end {
                switch input[i] {
                case UInt8(ascii: "\""):
                    defer { i += 1 }
                    return input[start..<i]
                case UInt8(ascii: "\\"):
                    return nil
                default:
                    i += 1
                }
            }
            return nil
        }
        func literal(_ text: StaticString) -> Bool {
            let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
            guard end - i >= expected.count, input[i..<(i + expected.count)].elementsEqual(expected) else { return false }
            i += expected.count
            return true
        }
        // Each answer is kept only where the table would keep it (``ResponseTable/append``): an
        // unknown item, a kind that does not fit the item, or a value out of range counts as skipped.
        guard expect(UInt8(ascii: "{")) else { return false }
        if expect(UInt8(ascii: "}")) { return i == end }
        while true {
            guard expect(UInt8(ascii: "\"")), let key = plainString(), expect(UInt8(ascii: ":")), i < end else { return false }
            let entry = Self.find(key, in: items)
            let counted = entry.flatMap { $0.isText ? nil : $0.value }
            if input[i] >= UInt8(ascii: "0") && input[i] <= UInt8(ascii: "9") {
                var value = 0
                var digits = 0
                while i < end, input[i] >= UInt8(ascii: "0"), input[i] <= UInt8(ascii: "9") {
                    guard digits < 3 else { return false }
                    value = value * 10 + Int(input[i] - UInt8(ascii: "0"))
                    digits += 1
                    i += 1
                }
                if let counted, likert[counted], (1...5).contains(value) { scratch.codes.append((counted, UInt16(value))) }
            } else if literal("{\"vet_ej\":true}") {
                if let counted { scratch.codes.append((counted, ResponseTable.dontKnowCode)) }
            } else if literal("{\"choice\":\"") {
                guard let option = plainString(), expect(UInt8(ascii: "}")) else { return false }
                if let counted, let code = Self.find(option, in: options[counted]) {
                    scratch.codes.append((counted, UInt16(code.value)))
                }
            } else if literal("{\"text\":\"") {
                guard let text = plainString(), expect(UInt8(ascii: "}")) else { return false }
                if let entry, entry.isText { scratch.texts.append((entry.value, String(decoding: text, as: UTF8.self))) }
            } else {
                return false
            }
            if expect(UInt8(ascii: ",")) { continue }
            return expect(UInt8(ascii: "}")) && i == end
        }
    }
}
