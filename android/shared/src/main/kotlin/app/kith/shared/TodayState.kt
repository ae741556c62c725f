package app.kith.shared

import app.kith.core.KithException
import app.kith.core.TodayItem
import app.kith.core.TodayKind

/** The Today screen's state: one ranked list, each item with its reason. */
data class TodayState(
    val loading: Boolean = true,
    val items: List<TodayItem> = emptyList(),
    val error: String? = null,
    /** Items the person swiped away this session (done elsewhere, or later). */
    val dismissed: Set<String> = emptySet(),
) {
    val visible: List<TodayItem> get() = items.filter { it.subjectId !in dismissed }
    val overdueCount: Int get() = visible.count { it.kind == TodayKind.FOLLOW_UP }
}

sealed interface TodayEvent {
    data object Refresh : TodayEvent
    data class Loaded(val items: List<TodayItem>) : TodayEvent
    data class Failed(val error: KithException) : TodayEvent
    data class Dismissed(val subjectId: String) : TodayEvent
}

fun reduce(state: TodayState, event: TodayEvent): TodayState = when (event) {
    TodayEvent.Refresh -> state.copy(loading = true, error = null)
    is TodayEvent.Loaded -> state.copy(loading = false, items = event.items, error = null)
    is TodayEvent.Failed -> state.copy(loading = false, error = describe(event.error))
    is TodayEvent.Dismissed -> state.copy(dismissed = state.dismissed + event.subjectId)
}

/** What a person can read and act on, per error kind. */
fun describe(error: KithException): String = when (error) {
    is KithException.NotFound -> "That ${error.kind} is gone. Pull to refresh."
    is KithException.InvalidInput -> "Check ${error.field}: ${error.reason}"
    is KithException.Conflict -> "This changed on another device. Pull to refresh."
    is KithException.Busy -> "Kith is busy. Try again in a moment."
    is KithException.Storage -> "Kith cannot save: ${error.reason}"
    is KithException.Incompatible -> "This data needs a newer Kith: ${error.reason}"
    is KithException.Closed -> "Kith was closed. Reopen the app."
    is KithException.Refused -> "That device is not paired with this one (or was removed)."
    is KithException.Sync -> "The other device broke off. Try the sync again."
}
