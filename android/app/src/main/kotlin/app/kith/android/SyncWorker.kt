package app.kith.android

import android.content.Context
import androidx.work.CoroutineWorker
import androidx.work.WorkerParameters
import app.kith.core.KithException

/** Periodic background sync (WorkManager, on any network): one pass over the paired devices. */
class SyncWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val service = (applicationContext as KithApplication).sync ?: return Result.success()
        return try {
            service.syncNow()
            Result.success()
        } catch (e: KithException) {
            Result.retry()
        }
    }
}
