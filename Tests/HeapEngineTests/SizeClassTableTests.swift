import Testing
@testable import HeapEngine

@Suite("go1.12 size classes")
struct SizeClassTableTests {
    let table = RuntimeProfile.go112.sizeClasses

    @Test("every row matches the reference table, derived columns included")
    func rowsMatchReference() throws {
        let ref = try referenceTable()
        #expect(ref.count == 67)
        #expect(table.count == 67)
        for r in ref where r.sizeclass > 0 {
            let row = table[r.sizeclass]
            #expect(row.bytesPerObject == r.bytesPerObj, "class \(r.sizeclass)")
            #expect(row.bytesPerSpan == r.bytesPerSpan, "class \(r.sizeclass)")
            #expect(row.objects == r.objects, "class \(r.sizeclass) objects")
            #expect(Int(table.classToObjects[r.sizeclass]) == r.objects)
            #expect(row.tailWaste == r.tailWaste, "class \(r.sizeclass) tail")
            #expect(row.maxWastePercentText == r.maxWaste, "class \(r.sizeclass) max waste")
        }
    }

    @Test("class 10 is 144 B × 56 with 128 B tail waste")
    func classTen() {
        let row = table[10]
        #expect(row.bytesPerObject == 144)
        #expect(row.objects == 56)
        #expect(row.tailWaste == 128)
        #expect(row.pagesPerSpan == 1)
    }

    @Test("size→class for every size 1…32768 is the smallest class that fits")
    func everySize() throws {
        let ref = try referenceTable().filter { $0.sizeclass > 0 }
        var c = 0
        for size in 1...32768 {
            while ref[c].bytesPerObj < size { c += 1 }
            let got = table.sizeclass(forSize: size)
            if got != ref[c].sizeclass {
                Issue.record("size \(size): got class \(got), want \(ref[c].sizeclass)")
                return
            }
        }
    }

    @Test("lookup tables have the runtime's lengths and split at 1016 B")
    func lookupTables() {
        #expect(table.sizeToClass8.count == 129)
        #expect(table.sizeToClass128.count == 249)
        #expect(table.sizeclass(forSize: 1016) == 31)   // via size_to_class8
        for size in 1017...1024 { #expect(table.sizeclass(forSize: size) == 31) }  // via size_to_class128[0]
        #expect(table.sizeclass(forSize: 1025) == 32)
        #expect(table.sizeclass(forSize: 100) == 8)
        #expect(table[8].bytesPerObject == 112)
    }

    @Test("span classes pack class and noscan")
    func spanClasses() {
        #expect(SpanClass(sizeclass: 10, noscan: false).rawValue == 20)
        #expect(SpanClass(sizeclass: 10, noscan: true).rawValue == 21)
        #expect(RuntimeProfile.go112.tinySpanClass.rawValue == 5)
        #expect(RuntimeProfile.go112.numSpanClasses == 134)
        #expect(SpanClass(rawValue: 21).sizeclass == 10)
        #expect(SpanClass(rawValue: 21).noscan)
    }

    @Test("class_to_divmagic divides every word offset of a span exactly; class 4 is {4, 9, 171, 0}")
    func divMagic() {
        let t = RuntimeProfile.go112.sizeClasses
        #expect(t.classToDivMagic.count == 67)
        #expect(t.classToDivMagic[4] == DivMagic(4, 9, 171, 0))
        #expect(t.classToDivMagic[66] == DivMagic(15, 0, 1, 32768))
        for c in 1..<t.count {
            let size = Int(t.classToSize[c]), span = Int(t.classToAllocNPages[c]) * 8192
            let m = t.classToDivMagic[c]
            // Powers of two: a plain shift, and baseMask = 1<<16 - size.
            if size.nonzeroBitCount == 1 { #expect(m.mul == 1 && m.shift2 == 0 && Int(m.baseMask) == 65536 - size) }
            var bad = 0
            for off in stride(from: 0, to: span, by: 8) where m.slot(off) != off / size { bad += 1 }
            #expect(bad == 0, "class \(c) (\(size) B): \(bad) offsets in the wrong slot")
        }
        // Go 1.20+'s divMul is exact too (a later profile uses it).
        let modern = DivMagic.divMul(size: 48)
        #expect((0..<8192).allSatisfy { modern.slot($0) == $0 / 48 })
    }
}
