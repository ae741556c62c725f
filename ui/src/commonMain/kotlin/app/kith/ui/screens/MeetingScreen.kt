package app.kith.ui.screens

import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import app.kith.core.MeetingKind
import app.kith.ui.model.AppModel
import app.kith.ui.widgets.Action
import app.kith.ui.widgets.Choice
import app.kith.ui.widgets.Empty
import app.kith.ui.widgets.Field
import app.kith.ui.widgets.Page

/** Log a meeting by kind, from its template, with the names it yielded. */
@Composable
fun MeetingScreen(app: AppModel) {
    val model = app.meeting
    val form = model.form
    Page("Log a meeting") {
        if (form == null) {
            if (model.logged) Action("Back to the contact") { app.navigator.back() } else Empty("Open a contact to log a meeting with them.")
            return@Page
        }
        Choice(MeetingKind.entries.toList(), form.kind, ::meetingKindLabel) { model.choose(it) }
        Field("Purpose", form.purpose) { model.form = form.copy(purpose = it) }
        Field("Agenda (one item a line)", form.agenda, singleLine = false) { model.form = form.copy(agenda = it) }
        Field("Notes", form.notes, singleLine = false) { model.form = form.copy(notes = it) }
        Field("Outcome", form.outcome) { model.form = form.copy(outcome = it) }
        Field("Next step", form.nextStep) { model.form = form.copy(nextStep = it) }
        if (form.kind == MeetingKind.NETWORKING) Text("A networking meeting should yield two more names.")
        Field("Names gained (one a line)", form.namesGained, singleLine = false) { model.form = form.copy(namesGained = it) }
        Action("Save meeting", primary = true) { model.save() }
    }
}

fun meetingKindLabel(kind: MeetingKind) = when (kind) {
    MeetingKind.NETWORKING -> "Networking"
    MeetingKind.DIRECT_CONTACT -> "Direct contact"
    MeetingKind.INTERVIEW -> "Interview"
    MeetingKind.EVENT -> "Event"
    MeetingKind.CALL -> "Call"
    MeetingKind.MESSAGE -> "Message"
    MeetingKind.COFFEE -> "Coffee"
}
