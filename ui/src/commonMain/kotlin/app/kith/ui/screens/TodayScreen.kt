package app.kith.ui.screens

import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import app.kith.core.TodayKind
import app.kith.ui.model.AppModel
import app.kith.ui.widgets.Action
import app.kith.ui.widgets.Capped
import app.kith.ui.widgets.Empty
import app.kith.ui.widgets.Item
import app.kith.ui.widgets.Page

/** Today: what to do now, ranked by the core, each with the reason it is here. */
@Composable
fun TodayScreen(app: AppModel) {
    val model = app.today
    val state = model.state
    Page("Today") {
        state.error?.let { Text(it) }
        if (!state.loading && state.visible.isEmpty()) Empty("Nothing is due. Capture a card or log a meeting.")
        Capped(state.visible) { item ->
            Item(item.title, "${kindLabel(item.kind)} · ${item.reason}") {
                item.contactId?.let { id -> Action("Open", "Open: ${item.title}") { app.openContact(id) } }
                if (model.canComplete(item)) {
                    Action("Done", "Done: ${item.title}") { model.done(item) }
                    Action("Snooze a week", "Snooze: ${item.title}") { model.snooze(item) }
                }
            }
        }
    }
}

fun kindLabel(kind: TodayKind) = when (kind) {
    TodayKind.FOLLOW_UP -> "Follow-up"
    TodayKind.NAME_TO_CONTACT -> "Name to contact"
    TodayKind.DRIFTING -> "Drifting"
    TodayKind.NEED_REVIEW -> "Need to review"
    TodayKind.BIRTHDAY -> "Birthday"
    TodayKind.GIVE_BACK -> "Give back"
}
