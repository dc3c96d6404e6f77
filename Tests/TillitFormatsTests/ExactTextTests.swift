import Testing
import TillitFormats

@Suite("Exact text keys")
struct ExactTextTests {
    @Test("equal by their bytes, so two spellings of å are two keys while String calls them one")
    func bytes() {
        let composed = "Tillitsbaserad styrning på förvaltningen"          // å as one scalar
        let decomposed = "Tillitsbaserad styrning pa\u{30A} förvaltningen"  // a + combining ring
        #expect(composed == decomposed)
        #expect(ExactText(composed) != ExactText(decomposed))
        #expect(ExactText(composed) == ExactText(String(decoding: Array(composed.utf8), as: UTF8.self)))
        var keys: [ExactText: Int] = [ExactText(composed): 1]
        keys[ExactText(decomposed)] = 2
        #expect(keys.count == 2)
        #expect(keys[ExactText("Tillitsbaserad styrning på förvaltningen")] == 1)
    }

    @Test("a prefix is another key")
    func prefix() {
        #expect(ExactText("omsorg") != ExactText("omsorgen"))
        #expect(ExactText("") == ExactText(""))
    }
}

@Suite("Kept values")
struct KeptValuesTests {
    @Test("a value is made once and kept; past the capacity all are let go and keeping starts over")
    func keepsAndStartsOver() {
        let kept = KeptValues<ExactText, Int>(capacity: 3)
        var made = 0
        func value(_ text: String) -> Int {
            kept.value(ExactText(text)) { made += 1; return text.utf8.count }
        }
        #expect(value("ett") == 3)
        #expect(value("ett") == 3)
        #expect(made == 1)
        #expect(value("två") == 4)
        #expect(value("tre") == 3)
        #expect(made == 3)
        #expect(kept.value(ExactText("ett")) == 3)
        // a fourth lets the first three go
        #expect(value("fyra") == 4)
        #expect(kept.value(ExactText("ett")) == nil)
        #expect(kept.value(ExactText("fyra")) == 4)
        #expect(value("ett") == 3)
        #expect(made == 5)
    }

    @Test("many values at once: in the keys' order, each made once, only the missing ones made, kept together under the same bound")
    func many() {
        let kept = KeptValues<Int, String>(capacity: 4)
        var made: [Int] = []
        func values(_ keys: [Int]) -> [String] {
            kept.values(keys) { index in made.append(keys[index]); return "v\(keys[index])" }
        }
        #expect(values([3, 1, 2]) == ["v3", "v1", "v2"])
        #expect(made == [3, 1, 2])
        #expect(values([2, 4, 3]) == ["v2", "v4", "v3"])
        #expect(made == [3, 1, 2, 4])
        #expect(kept.value(4) == "v4")
        // two more than the bound holds: what was kept is let go, the new ones are kept
        #expect(values([5, 1, 6]) == ["v5", "v1", "v6"])
        #expect(made == [3, 1, 2, 4, 5, 6])
        #expect(kept.value(2) == nil && kept.value(5) == "v5" && kept.value(6) == "v6")
        #expect(values([]) == [])
    }

    @Test("a value that cannot be made is not kept")
    func failureNotKept() {
        struct Broken: Error {}
        let kept = KeptValues<Int, String>(capacity: 2)
        #expect(throws: Broken.self) { try kept.value(1) { throw Broken() } }
        #expect(kept.value(1) == nil)
        #expect(try kept.value(1) { "ett" } == "ett")
    }
}
