// Keys typed while a navigation runs on its worker thread. The terminal loop never waits for
// the engine, so a key can arrive while a step that is a whole GC cycle is still being
// computed; it is kept and done, in order, once that step is shown (three quick `l` are three
// steps, here as everywhere else). `q` and Esc are not kept: they act at once (Open.swift).

import HeapTUI

struct TypedAheadKeys {
    /// The most keys kept; more are dropped.
    static let limit = 64

    private(set) var keys: [Key] = []

    var count: Int { keys.count }

    /// Keeps a key read while busy (not a resize: the loop redraws for that anyway).
    mutating func keep(_ key: Key?) {
        guard let key, key != .resize, keys.count < Self.limit else { return }
        keys.append(key)
    }

    /// Esc: the person changed their mind about what they typed too.
    mutating func forget() { keys.removeAll() }

    /// The key to act on now that nothing runs: the oldest kept one (the key just read waits
    /// behind it), or the key just read.
    mutating func next(after read: Key?) -> Key? {
        guard !keys.isEmpty else { return read }
        if let read { keys.append(read) }
        return keys.removeFirst()
    }
}
