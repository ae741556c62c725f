package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.Kith
import app.kith.core.TodayItem
import app.kith.core.TodayKind
import app.kith.shared.TodayEvent
import app.kith.shared.TodayState
import app.kith.shared.reduce
import java.time.LocalDate

/** Today: the core's ranked list with reasons; follow-ups can be marked done or snoozed. */
class TodayModel(private val kith: Kith, private val work: Work) {
    var state by mutableStateOf(TodayState())
        private set

    fun refresh() {
        state = reduce(state, TodayEvent.Refresh)
        work.run({ kith.today() }, onError = { state = reduce(state, TodayEvent.Failed(it)) }) { state = reduce(state, TodayEvent.Loaded(it)) }
    }

    /** Only a follow-up is something to tick off; the other kinds clear when acted on. */
    fun canComplete(item: TodayItem) = item.kind == TodayKind.FOLLOW_UP

    fun done(item: TodayItem) = work.act({ kith.completeFollowUp(item.subjectId) }) {
        state = reduce(state, TodayEvent.Dismissed(item.subjectId))
        "Done: ${item.title}"
    }

    fun snooze(item: TodayItem, days: Long = 7) {
        val until = LocalDate.now().plusDays(days).toString()
        work.act({ kith.snoozeFollowUp(item.subjectId, until) }) {
            state = reduce(state, TodayEvent.Dismissed(item.subjectId))
            "Snoozed until $until"
        }
    }
}
