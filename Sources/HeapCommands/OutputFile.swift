// Where record and snapshot write: a path opened with open(2), or standard output for "-".

import Foundation
import HeapScenario

enum OutputFile {
    /// Opens `path` for writing ("-": standard output). open(2), not FileManager.createFile:
    /// that writes a temporary file and renames it over the path, which replaces a device such
    /// as /dev/full or a symlink's target. O_NONBLOCK so that a FIFO nobody reads is an error
    /// (ENXIO) instead of a wait forever; cleared at once, so writes block as usual.
    static func open(_ path: String) throws -> FileHandle {
        if path == "-" { return .standardOutput }
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            let why = errno == ENXIO ? "it is a FIFO that no process is reading" : String(cString: strerror(errno))
            throw ExitStatus.fail("cannot write \(SafeText.clean(path)): \(why)", ExitStatus.ioError)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Writes `text`; a failed write ends the command with exit 74 and the system's words.
    static func write(_ text: String, to handle: FileHandle, path: String) throws {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw ExitStatus.fail("cannot write \(path == "-" ? "standard output" : SafeText.clean(path)): \(reason(error))", ExitStatus.ioError)
        }
    }

    /// The operating system's words for a failed write ("No space left on device"), as the
    /// other commands print them, rather than Foundation's localized sentence.
    static func reason(_ error: Error) -> String {
        let e = error as NSError
        if let u = e.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        if e.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(e.code))) }
        return e.localizedDescription.replacingOccurrences(of: "\u{2019}", with: "'")
    }
}
