import KithCore

/// What UNUserNotificationCenter must change: reminders to (re)schedule, identifiers to remove.
public struct ReminderPlan: Equatable {
    public let schedule: [Reminder]
    public let cancel: Set<String>
}

/// Compares the core's upcoming reminders with the pending notification requests (identifier =
/// follow-up id, value = the day it fires).
public func planReminders(upcoming: [Reminder], scheduled: [String: String]) -> ReminderPlan {
    let wanted = Set(upcoming.map(\.followUpId))
    return ReminderPlan(
        schedule: upcoming.filter { scheduled[$0.followUpId] != $0.due },
        cancel: Set(scheduled.keys.filter { !wanted.contains($0) })
    )
}

/// What a person can read and act on, per error kind.
public func describe(_ error: KithError) -> String {
    switch error {
    case let .NotFound(kind, _): return "That \(kind) is gone. Pull to refresh."
    case let .InvalidInput(field, reason): return "Check \(field): \(reason)"
    case .Conflict: return "This changed on another device. Pull to refresh."
    case .Busy: return "Kith is busy. Try again in a moment."
    case let .Storage(reason): return "Kith cannot save: \(reason)"
    case let .Incompatible(reason): return "This data needs a newer Kith: \(reason)"
    case .Closed: return "Kith was closed. Reopen the app."
    case .Internal: return "Something went wrong inside Kith."
    }
}
