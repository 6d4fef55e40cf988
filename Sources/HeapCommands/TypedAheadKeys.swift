// Keys typed while a navigation runs on its worker thread. The terminal loop never waits for
// the engine, so a key can arrive while a step that is a whole GC cycle is still being
// computed; it is kept and done, in order, once that step is shown (three quick `l` are three
// steps, here as everywhere else). `q` and Esc are not kept: they act at once (Open.swift).

import HeapTUI

struct TypedAheadKeys {
    /// The most keys kept; more are dropped, and counted so that the busy line can say so (a
    /// key held down during a long jump would otherwise queue hundreds of jumps).
    static let limit = 64

    private(set) var keys: [Key] = []
    /// Keys read while the queue was full, since it last emptied.
    private(set) var dropped = 0

    var count: Int { keys.count }

    /// Keeps a key read while busy (not a resize: the loop redraws for that anyway).
    mutating func keep(_ key: Key?) {
        guard let key, key != .resize else { return }
        guard keys.count < Self.limit else { dropped += 1; return }
        keys.append(key)
    }

    /// Esc: the person changed their mind about what they typed too.
    mutating func forget() { keys.removeAll(); dropped = 0 }

    /// The key to act on now that nothing runs: the oldest kept one (the key just read waits
    /// behind it), or the key just read.
    mutating func next(after read: Key?) -> Key? {
        guard !keys.isEmpty else { dropped = 0; return read }
        if let read { keys.append(read) }
        return keys.removeFirst()
    }
}
