// Following a path (`c.next.buf`, `b[1]`) through the real objects: each object's type comes
// from the heap (the type recorded in its slot), so the machine never trusts a static guess.

import HeapEngine

/// Where a path leads.
enum Place {
    /// A variable: a root slot.
    case root(RootID)
    /// A pointer word of a heap object.
    case word(obj: UInt64, word: Int)
}

extension ScenarioMachine {
    func resolve(_ path: PathExpr) throws(StepFailure) -> Place {
        guard let root = variable(path.base) else {
            throw StepFailure(location: path.location, message: "\(path.base) is not a variable here (it was dropped or is out of scope)")
        }
        if path.elements.isEmpty { return .root(root) }
        var pointer = heap.roots[root.index].value
        var shown = path.base
        var object: UInt64 = 0
        var offset = 0
        var place: GoLayout? = nil
        var i = 0
        while i < path.elements.count {
            let e = path.elements[i]
            let loc: SourceLocation
            switch e { case .field(_, let l), .index(_, let l): loc = l }
            if let p = place {
                switch p.step(e) {
                case .inside(let off, let layout):
                    offset += off
                    place = layout
                case .follow:
                    do { pointer = try heap.loadPointer(from: object, word: offset / 8) } catch {
                        throw StepFailure(location: loc, message: error.description)
                    }
                    place = nil
                    continue
                case .invalid(let msg):
                    throw StepFailure(location: loc, message: "\(shown): \(msg)")
                }
            } else {
                guard pointer != 0 else {
                    throw StepFailure(location: loc, message: "nil pointer dereference: \(shown) is nil")
                }
                guard let o = heap.findObject(pointer), o.base == pointer else {
                    throw StepFailure(location: loc, message: "\(shown) (\(hexAddress(pointer))) does not point to a live object: it was freed"
                                      + (heap.config.writeBarrier ? "" : " (the write barrier is off, so a reachable object can be freed)"))
                }
                object = pointer
                let type = heap.slotType(o.span, o.slot)
                if type == .noscan {
                    throw StepFailure(location: loc, message: "\(shown) points to a pointer-free object: nothing in it holds a pointer")
                } else if type == .rawPointers {
                    guard case .index(let w, _) = e else {
                        throw StepFailure(location: loc, message: "\(shown) points to raw memory from alloc: it has words, not fields")
                    }
                    guard heap.isPointerWord(o, word: w) else {
                        throw StepFailure(location: loc, message: "\(shown) has \(heap.objectSize(o) / 8) words; word \(w) is out of range")
                    }
                    offset = w * 8
                    place = GoLayout.predeclared["unsafe.Pointer"]
                } else {
                    guard let layout = typeLayouts[type.raw] else {
                        throw StepFailure(location: loc, message: "\(shown) points to an object of an unknown type")
                    }
                    switch layout.step(e) {
                    case .inside(let off, let l):
                        offset = off
                        place = l
                    case .follow:
                        throw StepFailure(location: loc, message: "\(shown) points to a \(layout.name): follow one pointer per step")
                    case .invalid(let msg):
                        throw StepFailure(location: loc, message: "\(shown): \(msg)")
                    }
                }
            }
            switch e {
            case .field(let f, _): shown += "." + f
            case .index(let n, _): shown += "[\(n)]"
            }
            i += 1
        }
        guard let p = place, let w = p.storeWordOffset else {
            throw StepFailure(location: path.location, message: "\(shown) cannot hold a pointer")
        }
        return .word(obj: object, word: (offset + w) / 8)
    }
}

extension ScenarioMachine {
    /// The pointer the path `text` (`c.next`, `b[1]`) holds at this step, read as the program
    /// would read it, or why it cannot be: the view's `/` finds what a path leads to.
    public func pointer(atPath text: String) -> Result<UInt64, PathQueryError> {
        switch Parser.path(text) {
        case .success(let p): pointer(at: p)
        case .failure(let e): .failure(e)
        }
    }

    /// The pointer `path` holds at this step (`pointer(atPath:)` for a path already parsed).
    public func pointer(at path: PathExpr) -> Result<UInt64, PathQueryError> {
        do throws(StepFailure) {
            switch try resolve(path) {
            case .root(let id):
                return .success(heap.roots[id.index].value)
            case .word(let obj, let word):
                do { return .success(try heap.loadPointer(from: obj, word: word)) } catch {
                    return .failure(PathQueryError(message: error.description))
                }
            }
        } catch {
            return .failure(PathQueryError(message: error.message))
        }
    }
}
