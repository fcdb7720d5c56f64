import Foundation

/// Runs work on another thread and gives up waiting after a time limit: a wedged GPU can hang NVML or libcuda
/// inside the driver ("GPU has fallen off the bus"). The abandoned thread is left behind; the process exits
/// soon after the probe anyway.
enum WithTimeout {
    final class Box<T>: @unchecked Sendable {
        // Written once by the worker before it signals; read by the waiter after the signal.
        var value: T?
    }

    static func run<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () -> T) -> T? {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.value = work()
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.value
    }
}
