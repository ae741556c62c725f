package app.kith.android

import android.app.Application
import androidx.work.Constraints
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.NetworkType
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import app.kith.shared.KithRepository
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/**
 * Opens the one repository the app shares, its sync service (the core's transport), and
 * schedules the reminder refresh and a periodic background sync. The activity starts the
 * service in front and stops it behind.
 */
class KithApplication : Application() {
    lateinit var repository: KithRepository
        private set
    /** Null when the network service could not start (no network stack at all). */
    @Volatile
    var sync: app.kith.core.SyncService? = null
        private set

    private val started = java.util.concurrent.CompletableFuture<Result<app.kith.core.SyncService>>()

    /** The service once it has bound (the sync screen waits for it off the main thread), or why it could not. */
    fun awaitSync(): app.kith.core.SyncService = started.get().getOrThrow()

    /** Set by the activity: the service runs only while the app is in front. */
    @Volatile
    var inFront = false

    override fun onCreate() {
        super.onCreate()
        repository = KithRepository(filesDir.resolve("kith.db").path)
        // ~60 ms of phone-number metadata, paid off the capture screen.
        thread(name = "kith-warm-up") { app.kith.core.warmUp() }
        // Binding may wait for the relay: off the main thread, started once ready if in front.
        thread(name = "kith-sync-start") {
            val opened = runCatching { repository.syncService() }
            sync = opened.getOrNull()
            started.complete(opened)
            if (inFront) sync?.start()
        }
        WorkManager.getInstance(this).enqueueUniquePeriodicWork(
            "kith-reminders",
            ExistingPeriodicWorkPolicy.KEEP,
            PeriodicWorkRequestBuilder<ReminderWorker>(12, TimeUnit.HOURS).build(),
        )
        WorkManager.getInstance(this).enqueueUniquePeriodicWork(
            "kith-sync",
            ExistingPeriodicWorkPolicy.KEEP,
            PeriodicWorkRequestBuilder<SyncWorker>(1, TimeUnit.HOURS)
                .setConstraints(Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build())
                .build(),
        )
    }
}
