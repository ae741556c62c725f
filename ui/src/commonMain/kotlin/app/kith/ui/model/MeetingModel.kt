package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.Kith
import app.kith.core.MeetingKind
import app.kith.core.NewMeeting

/** The log-a-meeting form: a kind, its template's purpose and agenda, and the names gained. */
data class MeetingForm(
    val contactId: String,
    val kind: MeetingKind = MeetingKind.NETWORKING,
    val purpose: String = "",
    val agenda: String = "",
    val notes: String = "",
    val outcome: String = "",
    val nextStep: String = "",
    /** One name a line (or comma-separated): each becomes a contact introduced by this person. */
    val namesGained: String = "",
) {
    val names: List<String> get() = namesGained.split('\n', ',').map { it.trim() }.filter { it.isNotEmpty() }
}

/**
 * Log a meeting: networking meeting, direct contact and interview are different things, so the
 * form starts from the kind's template (its purpose and agenda), and a networking meeting asks
 * for the two names it should yield.
 */
class MeetingModel(private val kith: Kith, private val work: Work) {
    var form by mutableStateOf<MeetingForm?>(null)
    var logged by mutableStateOf(false)
        private set

    fun start(contactId: String) {
        logged = false
        form = MeetingForm(contactId)
        choose(MeetingKind.NETWORKING)
    }

    /** Switches kind and fills purpose and agenda from its template. */
    fun choose(kind: MeetingKind) {
        work.run({ kith.template(kind) }) { t ->
            form = form?.copy(kind = kind, purpose = t.purpose, agenda = (listOfNotNull(t.opener) + t.agenda).joinToString("\n"))
        }
    }

    fun save() {
        val f = form ?: return
        val meeting = NewMeeting(
            kind = f.kind,
            participants = listOf(f.contactId),
            occurredAtMs = null,
            title = null,
            purpose = f.purpose.trim().ifBlank { null },
            agenda = f.agenda.lines().map { it.trim() }.filter { it.isNotEmpty() },
            notes = f.notes.trim().ifBlank { null },
            outcome = f.outcome.trim().ifBlank { null },
            nextStep = f.nextStep.trim().ifBlank { null },
        )
        val names = f.names
        work.act({ kith.logMeetingWithNames(meeting, names) }) {
            logged = true
            form = null
            when (names.size) {
                0 -> "Meeting logged."
                1 -> "Meeting logged with one name gained."
                else -> "Meeting logged with ${names.size} names gained."
            }
        }
    }
}
