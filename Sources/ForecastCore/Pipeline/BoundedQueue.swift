import Foundation

/// A first-in first-out queue between threads that holds at most `capacity` items: `put`
/// waits while it is full, `take` while it is empty, and `cancel` releases both (then
/// `put` returns false and `take` nil), so a failing side never leaves the other blocked.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Taken items leave a nil behind: the queue keeps no reference to what it handed out,
    /// so it is freed where its taker lets it go (`ReadAhead.recycle`).
    private var items: [Element?] = []
    private var head = 0
    private var cancelled = false
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Adds an item, waiting for room; false once cancelled.
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The oldest item, waiting for one; nil once cancelled.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !cancelled { condition.wait() }
        guard !cancelled else { return nil }
        let item = items[head]
        items[head] = nil
        head += 1
        if head >= capacity {   // drop the taken slots
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
