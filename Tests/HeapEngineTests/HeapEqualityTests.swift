import Testing
@testable import HeapEngine

/// A heap's identity is its state: recording events must not change what `==` says.
@Suite("heap equality")
struct HeapEqualityTests {
    @Test("== compares every stored property but the event log and its switch")
    func everyPropertyCompared() throws {
        let heap = try Heap(config: HeapConfig(procs: 2))
        let stored = Set(Mirror(reflecting: heap).children.compactMap(\.label))
        #expect(stored == Heap.comparedProperties.union(Heap.uncomparedProperties),
                "add the new property to Heap.== and Heap.comparedProperties")
        #expect(Heap.comparedProperties.isDisjoint(with: Heap.uncomparedProperties))
    }

    @Test("a heap with events recorded equals one without; a changed field does not")
    func eventsTakeNoPart() throws {
        var on = try Heap(config: HeapConfig(procs: 2, gogc: 100))
        var off = on
        on.recordsEvents = true
        for heap in [0, 1] {
            for i in 0..<2_000 {
                if heap == 0 { _ = try on.mallocgc(size: 8 + i % 500, noscan: i % 3 == 0, p: i % 2) }
                else { _ = try off.mallocgc(size: 8 + i % 500, noscan: i % 3 == 0, p: i % 2) }
            }
        }
        on.runtimeGC()
        off.runtimeGC()
        #expect(!on.events.isEmpty)
        #expect(off.events.isEmpty)
        #expect(on == off)
        _ = try off.mallocgc(size: 16, noscan: true, p: 0)
        #expect(on != off)
    }
    @Test("new(T) takes its size's span class whether events are on (looked up) or off (remembered by the type), under both profiles")
    func typedAllocationsAgree() throws {
        for profile in RuntimeProfile.all {
            var off = try Heap(config: HeapConfig(profileName: profile.name, gogc: nil))
            let sizes = [8, 24, 64, 144, 520, 1024, 4000, 32760]
            var ids: [TypeID] = []
            for s in sizes { ids.append(try off.registerType(GoType(name: "t\(s)", size: s, pointerWords: [0]))) }
            var on = off
            on.recordsEvents = true
            for i in 0..<400 {
                _ = try on.mallocgc(type: ids[i % ids.count])
                _ = try off.mallocgc(type: ids[i % ids.count])
            }
            #expect(Bool(on == off), "\(profile.name)")   // Bool(…): a failure would print two heaps
            for (s, t) in zip(sizes, ids) {
                let x = try off.mallocgc(type: t)
                let o = try #require(off.findObject(x), "\(profile.name) \(s) B at \(x)")
                let expected: SpanClass
                switch profile.placement(size: s, noscan: false) {
                case let .small(_, _, c, _, _): expected = c
                case let .large(_, c): expected = c
                default: Issue.record("\(s) B is neither small nor large"); continue
                }
                #expect(off.mheap.allspans[o.span.index].spanclass == expected, "\(profile.name) \(s) B")
            }
        }
    }
}

