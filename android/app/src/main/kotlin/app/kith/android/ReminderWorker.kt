package app.kith.android

import android.app.NotificationChannel
import android.app.NotificationManager
import android.content.Context
import androidx.core.app.NotificationCompat
import androidx.work.CoroutineWorker
import androidx.work.WorkerParameters
import app.kith.shared.planReminders
import java.time.LocalDate

/** Turns the core's upcoming reminders into local notifications for follow-ups due today. */
class ReminderWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val app = applicationContext as KithApplication
        val prefs = applicationContext.getSharedPreferences("reminders", Context.MODE_PRIVATE)
        val scheduled = prefs.all.mapValues { it.value as String }
        val plan = planReminders(app.repository.upcomingReminders(days = 1), scheduled)
        val manager = applicationContext.getSystemService(NotificationManager::class.java)
        manager.createNotificationChannel(NotificationChannel("follow-ups", "Follow-ups", NotificationManager.IMPORTANCE_DEFAULT))
        val today = LocalDate.now().toString()
        for (reminder in plan.schedule.filter { it.due <= today }) {
            val notification = NotificationCompat.Builder(applicationContext, "follow-ups")
                .setSmallIcon(android.R.drawable.ic_popup_reminder)
                .setContentTitle(reminder.title)
                .setContentText(reminder.body)
                .setAutoCancel(true)
                .build()
            manager.notify(reminder.followUpId.hashCode(), notification)
        }
        prefs.edit().apply {
            plan.cancel.forEach { remove(it); manager.cancel(it.hashCode()) }
            plan.schedule.forEach { putString(it.followUpId, it.due) }
        }.apply()
        return Result.success()
    }
}
