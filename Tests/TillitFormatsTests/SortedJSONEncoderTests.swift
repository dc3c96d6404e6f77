import Foundation
import PropertyBased
import Testing
@testable import TillitFormats

/// The API's JSON encoder must write the very bytes Foundation's `JSONEncoder` writes with the same
/// settings: the API's answers were Foundation's before.
@Suite("Formats: sorted JSON encoder")
struct SortedJSONEncoderTests {
    static func foundation(snake: Bool, slashes: Bool) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = slashes ? [.sortedKeys] : [.sortedKeys, .withoutEscapingSlashes]
        if snake { e.keyEncodingStrategy = .convertToSnakeCase }
        e.dateEncodingStrategy = .iso8601
        return e
    }

    static func same<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for snake in [true, false] {
            for slashes in [true, false] {
                let expected = String(decoding: try foundation(snake: snake, slashes: slashes).encode(value), as: UTF8.self)
                let got = String(decoding: try SortedJSONEncoder(snakeCaseKeys: snake, escapeSlashes: slashes).encode(value), as: UTF8.self)
                #expect(got == expected, "snake \(snake), slashes \(slashes)", sourceLocation: sourceLocation)
            }
        }
    }

    struct Inner: Encodable, Equatable {
        let unitID: Int64
        let responseRate: Double?
        let name: String
        let parentID: Int64?
    }

    struct Outer: Encodable {
        let items: [Inner]
        let byName: [String: Inner]
        let countsByDay: [Int: Int]
        let perPage: Int
        let createdAt: Date
        let homepageURL: URL
        let rawData: Data
        let amount: Decimal
        let flags: [Bool]
        let nested: [[String: [Double]]]
        let empty: [String: Int]
        let nothing: [Int]
        let URLString: String
        let _leading: Int
        let trailing_: Int
        let småOrd: Int
        let explicitNil: Int?

        enum CodingKeys: String, CodingKey {
            case items, byName, countsByDay, perPage, createdAt, homepageURL, rawData, amount, flags, nested, empty, nothing
            case URLString, _leading, trailing_, småOrd, explicitNil, nestedObject
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(items, forKey: .items)
            try c.encode(byName, forKey: .byName)
            try c.encode(countsByDay, forKey: .countsByDay)
            try c.encode(perPage, forKey: .perPage)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(homepageURL, forKey: .homepageURL)
            try c.encode(rawData, forKey: .rawData)
            try c.encode(amount, forKey: .amount)
            try c.encode(flags, forKey: .flags)
            try c.encode(nested, forKey: .nested)
            try c.encode(empty, forKey: .empty)
                        try c.encode(URLString, forKey: .URLString)
            try c.encode(_leading, forKey: ._leading)
            try c.encode(trailing_, forKey: .trailing_)
            try c.encode(småOrd, forKey: .småOrd)
            try c.encode(explicitNil, forKey: .explicitNil)
            var nestedObject = c.nestedContainer(keyedBy: CodingKeys.self, forKey: .nestedObject)
            var nestedList = c.nestedUnkeyedContainer(forKey: .nothing)
            try nestedList.encode(homepageURL)
            try nestedObject.encode("replaced", forKey: .byName)
        }
    }

    @Test("objects, arrays, dictionaries (keys left as they are), dates, URLs, data, decimals and optionals come out as Foundation writes them")
    func sameAsFoundation() throws {
        let a = Inner(unitID: 7, responseRate: 0.5, name: "Team Norr/A \"x\"", parentID: nil)
        let b = Inner(unitID: -1, responseRate: nil, name: "å\u{1}\t\n", parentID: 3)
        let value = Outer(items: [a, b], byName: ["someKey": a, "Zeta": b, "alpha": a, "ä": b, "a": a],
                          countsByDay: [3: 1, 10: 2, 1: 0], perPage: 20,
                          createdAt: Date(timeIntervalSince1970: 1_765_000_000.75), homepageURL: URL(string: "https://example.se/a?b=c")!,
                          rawData: Data([0, 1, 2, 250]), amount: Decimal(string: "12.5")!, flags: [true, false],
                          nested: [["x": [1, 2.5, -0.25]], [:]], empty: [:], nothing: [],
                          URLString: "u", _leading: 1, trailing_: 2, småOrd: 3, explicitNil: nil)
        try Self.same(value)
        try Self.same([a, b])
        try Self.same("a/b")
        try Self.same(42)
        try Self.same(Optional<Int>.none)
        try Self.same(["k": Optional<String>.none])
    }

    @Test("dates as Foundation writes them: whole seconds from 1970 to 9999, fractions, before 1970 and after 9999")
    func dates() async throws {
        await propertyCheck(count: 1000, input: Gen.int(in: -100_000_000_000...300_000_000_000), Gen.int(in: 0...3)) { seconds, fraction in
            let date = Date(timeIntervalSince1970: Double(seconds) + [0, 0.25, 0.5, 0.999][fraction])
            try? Self.same([date])
        }
        for edge in [0.0, 86_399, 86_400, 951_782_400, 253_402_300_799, 253_402_300_800, -1] {
            try Self.same(["at": Date(timeIntervalSince1970: edge)])
        }
    }

    @Test("keys of any text, prefixes of each other, upper and lower case and beyond ASCII, come in Foundation's order")
    func keyOrder() async throws {
        let letters = Gen.element(of: Array("aAbB_zZåÅé😀1 ")).map { $0 ?? "a" }
        await propertyCheck(count: 500, input: letters.array(of: 0...4).map { String($0) }.array(of: 0...12)) { keys in
            let object = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            try? Self.same(object)
        }
    }

    @Test("every ASCII character and any text is escaped as Foundation escapes it")
    func strings() async throws {
        var all = ""
        all.unicodeScalars.append(contentsOf: (0..<128).map { Unicode.Scalar(UInt8($0)) })
        try Self.same(all)
        try Self.same(["\u{2028}\u{2029}\u{7F}", "😀 e\u{301}", "\u{0}"])
        await propertyCheck(count: 300, input: Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 0...30)) { scalars in
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            try? Self.same([text: text])
        }
    }

    @Test("numbers: integers at their limits and doubles written shortest, with no .0")
    func numbers() async throws {
        try Self.same([Int64.min, Int64.max, 0])
        try Self.same([UInt64.max])
        try Self.same([Int8.min])
        try Self.same([0.0, -0.0, 1.0, 100.0, 1e21, 1e22, 1e-7, 0.1, 2.0 / 3.0, 123_456_789.125, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude])
        try Self.same([Float(1.5), Float(3), Float(0.1)])
        await propertyCheck(count: 500, input: Gen.double(in: -1e12...1e12)) { value in
            try? Self.same([value, value / 1e9, value.rounded()])
        }
    }

    @Test("a number JSON cannot hold is refused, as Foundation refuses it")
    func nonFinite() {
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try SortedJSONEncoder().encode([value]) }
            #expect(throws: EncodingError.self) { try JSONEncoder().encode([value]) }
        }
        // The error says where, as Foundation's does.
        func path(_ encode: () throws -> Void) -> [String] {
            do { try encode() } catch EncodingError.invalidValue(_, let context) {
                return context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            } catch {}
            return []
        }
        let value = ["outer": [Inner(unitID: 1, responseRate: .nan, name: "", parentID: nil)]]
        let mine = path { _ = try SortedJSONEncoder(snakeCaseKeys: true).encode(value) }
        #expect(mine == ["outer", "0", "responseRate"])
        #expect(mine == path { _ = try Self.foundation(snake: true, slashes: true).encode(value) })
    }

    @Test("super-encoders in objects and arrays write where Foundation's do")
    func superEncoders() throws {
        struct Base: Encodable {
            let baseName: String
        }
        struct Derived: Encodable {
            enum K: String, CodingKey { case ownValue, parentPart, aList }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                try c.encode(1, forKey: .ownValue)
                try Base(baseName: "super").encode(to: c.superEncoder())
                try Base(baseName: "keyed").encode(to: c.superEncoder(forKey: .parentPart))
                var list = c.nestedUnkeyedContainer(forKey: .aList)
                try list.encode(true)
                try Base(baseName: "element").encode(to: list.superEncoder())
                var single = list.superEncoder().singleValueContainer()
                try single.encode("one value")
            }
        }
        try Self.same(Derived())
        try Self.same([Derived(), Derived()])
    }

    @Test("a key given twice keeps its last value")
    func repeatedKey() throws {
        struct Twice: Encodable {
            enum K: String, CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                try c.encode(1, forKey: .b)
                try c.encode(2, forKey: .a)
                try c.encode(3, forKey: .b)
            }
        }
        try Self.same(Twice())
        #expect(String(decoding: try SortedJSONEncoder().encode(Twice()), as: UTF8.self) == #"{"a":2,"b":3}"#)
    }
}
