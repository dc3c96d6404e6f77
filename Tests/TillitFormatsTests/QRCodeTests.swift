import Foundation
import Testing
@testable import TillitFormats

@Suite("QR code")
struct QRCodeTests {
    @Test("matches reference symbols module for module", arguments: qrReferences)
    func matchesReference(_ reference: QRReference) throws {
        #expect(reference.text.utf8.count == reference.bytes, "the fixture text changed (Unicode normalisation?)")
        let code = try QRCode.encode(reference.text, correction: reference.correction, mask: reference.fixedMask)
        #expect(code.version == reference.version)
        #expect(code.mask == reference.mask)
        try #require(code.size == reference.rows.count)
        var differing: [String] = []
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) != reference.isDark(x: x, y: y) {
                differing.append("(\(x), \(y))")
            }
        }
        #expect(differing.isEmpty, "modules differ at \(differing.prefix(12).joined(separator: " "))")
    }

    @Test("counts overlapping finder-like patterns one by one when choosing the mask")
    func overlappingFinderLikePatterns() throws {
        // With mask 7 one column of this link's symbol ends 0000 1011101011101: two 1011101
        // patterns sharing a module, the first after four light modules, the second against the
        // light quiet zone. segno resumes its search after a scored pattern, scores only the first
        // and picks mask 7 (the reference above uses that mask); scoring each occurrence, as
        // table 11 of ISO/IEC 18004 reads, adds 40 to mask 7 and makes mask 2 the lowest.
        let code = try QRCode.encode("https://tillit.example.se/rost/363VLEKV", correction: .medium)
        #expect(code.version == 3)
        #expect(code.mask == 2)
    }

    @Test("picks the smallest version that holds the bytes")
    func smallestVersion() throws {
        let cases: [(bytes: Int, QRCode.ErrorCorrection, version: Int)] = [
            (14, .medium, 1), (15, .medium, 2), (17, .low, 1), (18, .low, 2),
            (2953, .low, 40), (2331, .medium, 40), (1663, .quartile, 40), (1273, .high, 40),
        ]
        for (bytes, correction, version) in cases {
            let code = try QRCode.encode(String(repeating: "a", count: bytes), correction: correction)
            #expect(code.version == version, "\(bytes) bytes at \(correction)")
            #expect(code.size == 4 * version + 17)
        }
        // Two UTF-8 bytes per letter: 7 letters fill version 1 at medium, 8 do not.
        #expect(try QRCode.encode(String(repeating: "ö", count: 7)).version == 1)
        #expect(try QRCode.encode(String(repeating: "ö", count: 8)).version == 2)
    }

    @Test("text beyond version 40 throws tooLong")
    func tooLong() {
        #expect(throws: QRCodeError.tooLong) { try QRCode.encode(String(repeating: "a", count: 2954), correction: .low) }
        #expect(throws: QRCodeError.tooLong) { try QRCode.encode(String(repeating: "a", count: 2332)) }
        #expect(throws: QRCodeError.tooLong) { try QRCode.encode(String(repeating: "å", count: 637), correction: .high) }
    }

    @Test("modules outside the symbol are light")
    func outside() throws {
        let code = try QRCode.encode("Tillit")
        #expect(code.isDark(x: 0, y: 0))
        #expect(!code.isDark(x: -1, y: 0))
        #expect(!code.isDark(x: 0, y: code.size))
    }

    @Test("SVG is one path of horizontal runs under an escaped title")
    func svg() throws {
        let code = try QRCode.encode("https://tillit.se", correction: .low)
        let svg = code.svg(title: #"Tyck till om "Enhet A" & <B> 'nu'"#)

        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" role="img" "#))
        #expect(svg.hasSuffix("</svg>"))
        let root = try #require(svg.split(separator: ">", maxSplits: 1).first)
        #expect(!root.contains("width=") && !root.contains("height="), "size is left to CSS")
        #expect(svg.contains(">Tyck till om &quot;Enhet A&quot; &amp; &lt;B&gt; &#39;nu&#39;</title>"))
        let id = try #require(attribute("aria-labelledby", in: svg))
        #expect(svg.contains(#"<title id="\#(id)">"#))
        #expect(svg.components(separatedBy: "<path ").count == 2)
        #expect(svg.contains(#"shape-rendering="crispEdges""#))
        #expect(code.svg(title: "x", quietZone: 0).contains(#"viewBox="0 0 21 21""#))

        // The runs cover exactly the dark modules, shifted by the four-module quiet zone.
        var painted = Set<[Int]>()
        for run in try #require(attribute("d", in: svg)).split(separator: "z") {
            let numbers = run.split(whereSeparator: { "Mhv ".contains($0) }).compactMap { Int($0) }
            try #require(numbers.count == 5 && numbers[3] == 1 && numbers[4] == -numbers[2], "run \(run)")
            for x in numbers[0]..<numbers[0] + numbers[2] {
                #expect(painted.insert([x - 4, numbers[1] - 4]).inserted)
            }
        }
        let dark = (0..<code.size).flatMap { y in (0..<code.size).filter { code.isDark(x: $0, y: y) }.map { [$0, y] } }
        #expect(painted == Set(dark))
    }

    private func attribute(_ name: String, in svg: String) -> String? {
        guard let start = svg.range(of: " \(name)=\"") else { return nil }
        return String(svg[start.upperBound...].prefix { $0 != "\"" })
    }
}

// MARK: - Reference symbols

/// A symbol made by an independent encoder, segno 1.6.6:
/// `segno.make_qr(text, error=…, mode='byte', encoding='utf-8', eci=False, boost_error=False)`,
/// with `mask=` given only where `fixedMask` is set. segno appends a spare zero byte before the
/// pad codewords when the bit stream already ends on a codeword boundary (segno issue #148);
/// the symbols were made with that one line corrected to the standard's padding rule.
///
/// Each row is hexadecimal, leftmost module in the most significant bit, `1` dark, padded
/// with zero bits to whole hex digits.
struct QRReference: Sendable, CustomTestStringConvertible {
    let text: String
    let correction: QRCode.ErrorCorrection
    /// UTF-8 length of `text`, to catch an editor re-normalising å, ä and ö.
    let bytes: Int
    let version: Int
    let mask: Int
    let fixedMask: Int?
    let rows: [String]

    init(
        _ text: String, _ correction: QRCode.ErrorCorrection, bytes: Int, version: Int, mask: Int,
        fixedMask: Int? = nil, rows: String
    ) {
        self.text = text
        self.correction = correction
        self.bytes = bytes
        self.version = version
        self.mask = mask
        self.fixedMask = fixedMask
        self.rows = rows.split(separator: "\n").map(String.init)
    }

    var testDescription: String {
        "version \(version), \(correction), \(bytes) bytes" + (fixedMask.map { ", mask \($0)" } ?? "")
    }

    func isDark(x: Int, y: Int) -> Bool {
        let digit = Array(rows[y].utf8)[x / 4]
        let value = Int(digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : digit - UInt8(ascii: "a") + 10)
        return value >> (3 - x % 4) & 1 == 1
    }
}

let qrReferences: [QRReference] = [
    QRReference(
        "",
        .medium, bytes: 0, version: 1, mask: 6,
        rows: """
        fedbf8
        82e208
        baeae8
        ba6ae8
        baeae8
        821a08
        feabf8
        005800
        9facb8
        98aaa8
        4a26b0
        299068
        e3a220
        00d958
        feaf90
        82bdc8
        bafb68
        baf8e0
        ba4238
        8206b8
        fed060
        """),
    QRReference(
        "Tillit",
        .medium, bytes: 6, version: 1, mask: 6,
        rows: """
        fe8bf8
        82b208
        ba92e8
        ba32e8
        baeae8
        825a08
        feabf8
        005800
        9fccb8
        1dea80
        ef46b8
        c53020
        722248
        009848
        fecfa0
        82bce0
        baba58
        bad900
        ba62f8
        826778
        fe9100
        """),
    QRReference(
        "https://tillit.se",
        .low, bytes: 17, version: 1, mask: 7,
        rows: """
        fe33f8
        828208
        baf2e8
        ba6ae8
        bac2e8
        828208
        feabf8
        00f000
        d32bb0
        596b88
        aef828
        d5d2d8
        b38540
        009d08
        fee8f0
        827180
        ba54d8
        baec88
        ba1ea8
        82b400
        fee290
        """),
    QRReference(
        "https://tillit.se/rost/K7QX3M9P",
        .low, bytes: 31, version: 2, mask: 1,
        rows: """
        fe8abf8
        828ea08
        ba552e8
        ba362e8
        bad42e8
        828ca08
        feaabf8
        0091000
        e6f1798
        b8d5b58
        b719de8
        e9c3d40
        8a40a08
        018b318
        c213868
        09a29c0
        e711f90
        008b888
        fe34a88
        82d9898
        ba73f80
        ba154b0
        bab15d8
        82f2f80
        fecce48
        """),
    QRReference(
        "Återkoppling: fikarummet är för trångt",
        .high, bytes: 42, version: 5, mask: 3,
        rows: """
        fe569a8bf8
        8244d86a08
        ba0c47dae8
        ba39254ae8
        bab733bae8
        825beb2208
        feaaaaabf8
        00b2661800
        3385143e80
        d903e6abc0
        322be7a020
        10c42fd530
        232a8c6ef0
        5c65691a98
        32538cc950
        f5b7dc3b78
        bfbdb6c018
        e801267340
        e39e039af0
        3d8aa32458
        e6a1c93f88
        6ccf018b30
        cf69da0cc0
        6941f25e68
        dabc3d01f8
        482f353f98
        6766b8c130
        8dd2a89918
        2a17dbcfe0
        00f12748e8
        fe8ca74a98
        82401c28d0
        ba5f0c3fd8
        bab8e02f80
        badd1447f0
        8204c18420
        fe40b5a138
        """),
    QRReference(
        "https://tillit.example.se/rost/K7QX3M9P?enhet=F%C3%B6rskolan%20Solrosen&kanal=affisch",
        .quartile, bytes: 85, version: 7, mask: 2,
        rows: """
        fedfd3464bf8
        826845211208
        ba0fc63cd2e8
        ba5089011ae8
        baf5af8efae8
        82ad48954208
        feaaaaaaabf8
        0034e8ddd800
        7f797fc75988
        1d05c34a1d18
        efc58aad9630
        85547e2a3bf8
        56a3be611018
        a9cb0ecb1dc8
        2a3532ad7aa0
        4c96a7fa77e0
        afd2f5217710
        249eb317cd88
        8f27f12870d0
        f4290278cef0
        2fda2fa65f90
        18edb8ef1888
        cab21a956ab0
        489d78d9c8e8
        ff835fc70fd0
        68c8956f8548
        77516b519510
        093489cad878
        4fd936852d98
        259d3f1edd28
        4b9e9e112950
        051f9208de68
        1325c4f728d8
        a5e290779468
        0b2960d7e470
        79321fbeda68
        9a69cfb00fc0
        00a9d8c798b8
        fe9c1aa47af0
        82adc8dda8f0
        badddfc43f88
        babbcdb640b0
        bae2f26cf870
        82b2f73abd60
        fe22f2c54e10
        """),
    QRReference(
        "Hur upplever du arbetsmiljön på enheten? Berätta gärna vad som fungerar bra, vad som kan bli bättre och vem som bör få veta det. Svaren läses av närmaste chef och följs upp på nästa arbetsplatsträff i Örebro.",
        .medium, bytes: 222, version: 11, mask: 2,
        rows: """
        fe2f2556754c1bf8
        82128f03ef379a08
        baeda1b6c0a83ae8
        baa066498c70eae8
        bab1bcafc821f2e8
        82fabf989c672208
        feaaaaaaaaaaabf8
        00fcaa28c4ac5000
        be19abdfda55bbe0
        1d5ced339df94610
        863211136b173578
        98c0c36e00fa45c8
        3674ef314bf0bd78
        449def2bdce5c740
        96f3bc997b57b918
        4dc304272d644208
        964e4ed0709dc9b8
        11ab2032c5c846e8
        8309f8f472beb058
        b0166ca70dac5380
        e66389f59555cd30
        c4a18413cc818040
        8bc5b2576f47a118
        8080314b37cc22c8
        0a2a8adf7a07db70
        3d78ff6f3fc91610
        3eff107e58233c58
        e5fca70707cc4298
        ff9a5b5f9a71cfa8
        f88e99b8816948d0
        3ac26b5afb1aead8
        b8dc4a98c13d1888
        dffb645fc495cff8
        952de0e811f0c090
        0e4df710ab97bfd8
        1cd894b4d8256808
        daceacd7cd47d3b8
        84ddb320180a1518
        abfb4e168b1db610
        94e47acf50ea0008
        22db5d86d8039da8
        35b136c10de0d740
        eb4b5b9eef8e3658
        749078ab40bc0908
        8bd9896f9c7796e8
        b4510791c9297ac0
        efe570bc9d7687f8
        4dfe01d1318d0808
        671911147977b2e8
        b5588da28df08a20
        3e91259c6f16bf60
        e947c3f1cfa84930
        f390885fb0779fc8
        00ed71b8896888d0
        fe1420caeac2bab8
        82fb3ed8c96d9888
        baf7805fb0e21fb8
        baea867a85bf5c48
        bae4ed6db29af1e8
        8263e6ba21cc17c8
        feffb8e7e833f978
        """),
    QRReference(
        "Deltagarnas röst: " + (1...8).map { "Synpunkt nummer \($0) om lokaler, schema, bemötande och övrigt på enheten." }.joined(separator: " "),
        .low, bytes: 610, version: 17, mask: 4,
        rows: """
        fea0b6899b70377e90abf8
        829b6df5b5835348d77208
        babe71396c0df14c5ba2e8
        ba803eac81160b554912e8
        ba2dcc8fabfdafaca8e2e8
        82db5d28ec0bc8e8069208
        feaaaaaaaaaaaaaaaaabf8
        00081e28a3c9d8de7e5800
        ce52c07fc9aaffb4925978
        15df3f98daf4e7a0924280
        5bba4a9c161c26ab2054c0
        49f7c833bf0bfee91c0670
        b20c79615b6da02238bab8
        e184762c897ced1c200680
        4b0167c2c0e8aea7b159e0
        d5630777996f866e5cbb20
        e3284b3cbb39984cf8daa0
        1c79b843fef5dfe4b84a90
        cbec38076c786cb79071f8
        fc1f93147509c00856aea8
        d7be23e7956db2221c2e28
        ddc57ec06ab72f07a231c0
        4a7ef4e076672c849138d0
        05ea64187d6fed781c9a30
        8e16c3671b48c37c1a5af8
        21805684d36c2c8dcbc860
        8eabaf45ce32ae14e164d0
        f5b1c775bdabdc405a2720
        5f95417fabedafc4f8fff8
        b8ddd208ce54288681f8d0
        4abec59a83dd7aa4b07aa0
        18ea45b8f5cc88e83ea8a0
        6f8fd2dfb649ff821c7fb8
        c1c12e0606ed2a00117208
        e7931b334a346a94b2f560
        b9b5b705f92f9deede89f8
        6f81e962996bf40e1010e8
        b91e3e9f44e1a215956270
        fb657b374fe53a86a57480
        8485b1017f0fcfe83ab8a8
        7f798549dd79dfee1238a8
        ddf59a771976a21528e3e8
        1b35c62b28bf7805815748
        08a28d557d4ffc885288a0
        9205a14eed2fbae6b8b0f0
        cc021c13ab7b2a26a29cd0
        3e4643a1dfe13a05b155e0
        68260530991fa9e25ab828
        4f4327ce1d2ff8eefa2020
        4cac9a874f3daa0e5bef80
        dfb78fca52e0288781d660
        8c27428c29498cc83e08b0
        8f94037fbe4ddf86b2eff8
        f8ff3698d20ce8969228e0
        3afda90a83253aa6a13ae0
        c8f1cd58e16b888858d8a0
        ffe71a6f8e6defe8b2cff0
        4c1f77a11afd92bf18fc80
        6a11469c926191178375c0
        3d9904071d49ee2ede9df8
        4ae5e3abfd69ffe01c1328
        788ff64bda212087befc98
        638a8dd2d7e5b596a27300
        5070e7fd180fca4e5aaa30
        efd6ab2cbb2edba4367f28
        e53578c37e6ba58e2bf8c0
        97504d58e5f475952052a0
        1c0c1f07392a9aa83a3fa0
        1341e1465d5bb9c6560738
        ed143e91127cf2a4307c80
        a38d1fd8d2f93595a1f2a0
        71b69b23185dc8ec74f7b8
        aa5167cdef2dadc058c730
        f5acdc19d6f4a59cb2f8c0
        ea1b190b567c7797bbd320
        555ecfac7f0feaec3e8bb8
        837c435fb90cffa8da2fb0
        00fade98dbf8f88eb988c0
        fe365eeadbb4aab7a14ae0
        82fb76b8b72b88ea3e58a0
        bab2b2efb5198fcc908fb0
        ba05ac2e836c53af28d708
        ba2dff1c4eb5241f906e70
        82c8b558fd3fede8549430
        fea2e198fe298d2e92b138
        """),
    QRReference(
        "https://tillit.example.se/rost/363VLEKV",
        .medium, bytes: 39, version: 3, mask: 7, fixedMask: 7,
        rows: """
        fe7a7bf8
        8263aa08
        ba6a6ae8
        ba7e32e8
        ba1282e8
        82935a08
        feaaabf8
        00526800
        96b21500
        79c7ce48
        3f189af0
        7d2e39b0
        47ea6658
        344c9800
        c2be8ff8
        8000fcd0
        6fecc810
        54962748
        bf2a6598
        1892c598
        ba480fa0
        00ca18b8
        fe18ca90
        82e2a8e8
        ba19cf98
        bab4e3f0
        ba74a8e8
        823de910
        feb6cd90
        """),
]
