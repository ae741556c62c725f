package app.kith.shared

import app.kith.core.Reminder

/** What the notification scheduler (WorkManager, UNUserNotificationCenter) must change. */
data class ReminderPlan(val schedule: List<Reminder>, val cancel: Set<String>)

/**
 * Compares the core's upcoming reminders with the notifications already scheduled (by
 * follow-up id, with the day each fires): new or moved ones are scheduled, gone ones cancelled.
 */
fun planReminders(upcoming: List<Reminder>, scheduled: Map<String, String>): ReminderPlan {
    val wanted = upcoming.associateBy { it.followUpId }
    val schedule = upcoming.filter { scheduled[it.followUpId] != it.due }
    val cancel = scheduled.keys.filter { it !in wanted }.toSet()
    return ReminderPlan(schedule, cancel)
}
