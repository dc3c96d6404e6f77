import Foundation
import PropertyBased
import Testing
import TillitFormats

@Suite("A flat JSON object of strings, read without Foundation")
struct FlatJSONTests {
    static func foundation(_ text: String) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        var result: [String: String] = [:]
        for (key, value) in object {
            guard let string = value as? String else { return nil }
            result[key] = string
        }
        return result
    }

    static let characters = Gen.element(of: Array("aZå ö\"\\/\n\t\u{01}\u{1F}é😀,:{}[]0")).map { $0 ?? "a" }
    static let texts = characters.array(of: 0...8).map { String($0) }

    @Test("what the audit log writes reads back as it was, escapes, control characters and all")
    func roundTrip() async throws {
        await propertyCheck(count: 500, input: zip(Self.texts, Self.texts).array(of: 0...6)) { pairs in
            let dictionary = Dictionary(pairs.map { ($0.0, $0.1) }, uniquingKeysWith: { _, last in last })
            let written = String(decoding: try! JSONSerialization.data(withJSONObject: dictionary, options: [.sortedKeys]), as: UTF8.self)
            #expect(FlatJSON.stringObject(written) == dictionary, "\(written)")
        }
    }

    @Test("on generated JSON-like texts, whatever it reads is what Foundation reads; what it cannot read it leaves")
    func sameAsFoundation() async throws {
        let pieces = Gen.element(of: ["{", "}", "\"", "\"a\"", "\"b\"", ":", ",", " ", "\\", "\\u00e5", "\\ud83d\\ude00", "\\ud83d", "\\n", "\\x",
                                      "1", "null", "[\"x\"]", "\u{01}", "å", "\"\\\"\"", "\"k\":\"v\"", "\"k\":\"\\u00e5\\/\"", ",\"m\":\"w\""]).map { $0 ?? "" }
        var read = 0
        await propertyCheck(count: 3000, input: pieces.array(of: 0...8), Gen.bool) { parts, braced in
            let text = braced ? "{" + parts.joined() + "}" : parts.joined()
            if let flat = FlatJSON.stringObject(text) {
                read += 1
                #expect(flat == Self.foundation(text), "\(text)")
            }
        }
        #expect(read > 30, "the generated texts include objects it reads")
        #expect(FlatJSON.stringObject(#"{"a":"1","a":"2"}"#) == Self.foundation(#"{"a":"1","a":"2"}"#))
        #expect(FlatJSON.stringObject(#" { "role" : "chef" , "unit":"12\u00e5\ud83d\ude00" } "#) == ["role": "chef", "unit": "12å😀"])
        #expect(FlatJSON.stringObject("{}") == [:])
        #expect(FlatJSON.stringObject(#"{"a":1}"#) == nil)
        #expect(FlatJSON.stringObject(#"{"a":["x"]}"#) == nil)
        #expect(FlatJSON.stringObject(#"{"a":"x"} x"#) == nil)
        #expect(FlatJSON.stringObject("") == nil)
    }
}
