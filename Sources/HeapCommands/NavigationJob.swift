// A navigation (a step, a jump, a search for the next mark) running on a worker thread, on a
// copy of the app, while the terminal loop goes on reading keys and signals. The loop adopts
// the copy when the job is done, or drops it when the person cancels (Esc) or quits (q,
// Ctrl-C): the process then exits with the worker still running, which is harmless because
// the worker touches nothing but its own copy.

import Dispatch
import Foundation
import HeapTUI
import Synchronization

final class NavigationJob: Sendable {
    let progress = NavigationProgress()
    let navigation: Navigation
    private let result = Mutex<App?>(nil)
    private let done = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `navigation` on a copy of `app`.
    init(_ navigation: Navigation, on app: App) {
        self.navigation = navigation
        let thread = Thread { [self] in
            var copy = app
            if copy.navigate(navigation, progress: progress) {
                result.withLock { $0 = copy }
            }
            done.store(true, ordering: .releasing)
            finished.signal()
        }
        // The engine and the scenario machine recurse only as deep as a scenario nests, but a
        // worker's default stack is smaller than the main thread's.
        thread.stackSize = 64 << 20
        thread.start()
    }

    /// Waits up to `seconds` for the job to end; true when it has.
    func wait(seconds: Double) -> Bool {
        if isDone { return true }
        return finished.wait(timeout: .now() + seconds) == .success
    }

    var isDone: Bool { done.load(ordering: .acquiring) }

    /// The app after the navigation (nil if it was cancelled or is not done).
    func take() -> App? { isDone ? result.withLock { $0.take() } : nil }

    func cancel() { progress.cancel() }
}
