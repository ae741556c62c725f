package app.kith.android

import android.app.Application
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import app.kith.shared.KithRepository
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/** Opens the one repository the app shares and schedules the daily reminder refresh. */
class KithApplication : Application() {
    lateinit var repository: KithRepository
        private set

    override fun onCreate() {
        super.onCreate()
        repository = KithRepository(filesDir.resolve("kith.db").path)
        // ~60 ms of phone-number metadata, paid off the capture screen.
        thread(name = "kith-warm-up") { app.kith.core.warmUp() }
        WorkManager.getInstance(this).enqueueUniquePeriodicWork(
            "kith-reminders",
            ExistingPeriodicWorkPolicy.KEEP,
            PeriodicWorkRequestBuilder<ReminderWorker>(12, TimeUnit.HOURS).build(),
        )
    }
}
