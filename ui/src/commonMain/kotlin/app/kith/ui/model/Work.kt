package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.KithException
import app.kith.shared.describe
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.util.concurrent.atomic.AtomicInteger

/** What the person last needs to read: an error, or what a finished action did. */
data class Notice(val text: String, val error: Boolean)

/**
 * Runs core calls off the UI thread and applies their results on it, in one task, so a screen
 * never recomposes between two fields of one update. (State is written only on [ui]: writes
 * from several threads into snapshots conflict.) A failed call changes no state but [notice]:
 * the core has already rolled its transaction back.
 */
class Work(private val scope: CoroutineScope, private val ui: CoroutineDispatcher) {
    /** Store calls, one at a time and in order (the core serializes them anyway). */
    private val lane = Dispatchers.IO.limitedParallelism(1)
    private val inFlight = AtomicInteger()

    /** Something is running: the screens show it. */
    var busy by mutableStateOf(false)
        private set
    var notice by mutableStateOf<Notice?>(null)

    /** True when no call is queued, running or waiting to apply its result (tests wait for it). */
    val idle: Boolean get() = inFlight.get() == 0

    fun <T> run(call: () -> T, onError: (KithException) -> Unit = {}, done: (T) -> Unit = {}) = launch(lane, call, onError, done)

    /**
     * Runs a call that waits on the network (a sync round, a pairing) beside the lane, so the
     * screens keep answering meanwhile.
     */
    fun <T> aside(call: () -> T, done: (T) -> Unit) = launch(Dispatchers.IO, call, {}, done)

    /** Runs [call] and says [done]'s text when it succeeds. */
    fun <T> act(call: () -> T, done: (T) -> String) = run(call, done = { notice = Notice(done(it), error = false) })

    fun fail(text: String) = post { notice = Notice(text, error = true) }

    /** Applies [block] on the UI thread (for state that arrives from elsewhere, like sync status). */
    fun post(block: () -> Unit) {
        inFlight.incrementAndGet()
        scope.launch(ui) {
            try {
                block()
            } finally {
                settle()
            }
        }
    }

    private fun <T> launch(on: CoroutineDispatcher, call: () -> T, onError: (KithException) -> Unit, done: (T) -> Unit) {
        inFlight.incrementAndGet()
        scope.launch(ui) {
            busy = true
            try {
                val outcome = withContext(on) {
                    try {
                        Result.success(call())
                    } catch (e: Exception) {
                        Result.failure(e)
                    }
                }
                outcome.fold(done) {
                    if (it is KithException) onError(it)
                    notice = Notice(explain(it), error = true)
                }
            } finally {
                settle()
            }
        }
    }

    private fun settle() {
        busy = inFlight.decrementAndGet() > 0
    }

    /** The core's errors in its own words; the shell's (a file that would not save) as they come. */
    private fun explain(e: Throwable) = if (e is KithException) describe(e) else "Could not finish: ${e.message ?: e::class.simpleName}"
}
