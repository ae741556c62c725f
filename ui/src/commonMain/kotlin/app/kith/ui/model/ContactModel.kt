package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.Balance
import app.kith.core.Cadence
import app.kith.core.Contact
import app.kith.core.ContactChanges
import app.kith.core.Direction
import app.kith.core.ExchangeKind
import app.kith.core.Familiarity
import app.kith.core.Flow
import app.kith.core.FollowUp
import app.kith.core.Kith
import app.kith.core.Meeting
import app.kith.core.Need
import app.kith.core.NewFollowUp
import app.kith.core.Tier
import java.time.LocalDate

/** Everything one contact's screen shows, loaded together. */
data class ContactView(
    val contact: Contact,
    val meetings: List<Meeting>,
    val followUps: List<FollowUp>,
    val needs: List<Need>,
    val balance: Balance,
)

/**
 * One contact: fields and notes (or the work view, without personal notes and birthday),
 * conflicts from two devices to settle, employment, give and take, needs, cadence, familiarity.
 */
class ContactModel(private val kith: Kith, private val work: Work) {
    var view by mutableStateOf<ContactView?>(null)
        private set
    /** A work context: the core's view without the personal side. */
    var workView by mutableStateOf(false)
        private set
    var noteDraft by mutableStateOf("")
    var needDraft by mutableStateOf("")
    var followUpDraft by mutableStateOf("")

    private var id: String? = null

    fun load(contactId: String) {
        if (contactId != id) {
            view = null
            noteDraft = ""
            needDraft = ""
            followUpDraft = ""
        }
        id = contactId
        val forWork = workView
        work.run({
            ContactView(
                contact = if (forWork) kith.workView(contactId) else kith.contact(contactId),
                meetings = kith.meetingsWith(contactId),
                followUps = kith.followUps(contactId),
                needs = kith.needs(contactId),
                balance = kith.balance(contactId),
            )
        }) { if (contactId == id) view = it }
    }

    private fun reload() = id?.let(::load)

    fun toggleWorkView() {
        workView = !workView
        reload()
    }

    private fun change(what: String, call: (String) -> Any?) {
        val target = id ?: return
        work.act({ call(target) }) {
            reload()
            what
        }
    }

    fun appendNote() {
        val text = noteDraft.trim()
        if (text.isEmpty()) return
        change("Note added.") { kith.appendNotes(it, text) }
        noteDraft = ""
    }

    fun setEmployment(title: String, organization: String) = change("Employment saved.") {
        kith.updateContact(it, ContactChanges(title = title.trim().ifBlank { null }, organization = organization.trim().ifBlank { null }))
    }

    fun setFamiliarity(familiarity: Familiarity) = change("Now ${familiarity.label()}.") {
        kith.updateContact(it, ContactChanges(familiarity = familiarity))
    }

    fun setCadence(tier: Tier?, days: UInt?) = change("Cadence saved.") { kith.setCadence(it, Cadence(days = days, tier = tier)) }

    fun resolve(field: String, pick: Int) = change("Kept one value for $field.") { kith.resolveConflict(it, field, pick.toUInt()) }

    fun record(flow: Flow, kind: ExchangeKind) = change(if (flow == Flow.GAVE) "Recorded what you gave." else "Recorded what you received.") {
        kith.recordExchange(it, flow, kind, null)
    }

    fun addNeed() {
        val what = needDraft.trim()
        if (what.isEmpty()) return work.fail("Say what they need first.")
        change("Need written down.") { kith.addNeed(it, what, null) }
        needDraft = ""
    }

    /** A promise: what I owe them (or they me), due in [days]. */
    fun addFollowUp(direction: Direction, days: Long = 3) {
        val what = followUpDraft.trim()
        if (what.isEmpty()) return work.fail("Say what is promised first.")
        val due = LocalDate.now().plusDays(days).toString()
        change("Follow-up due $due.") {
            kith.addFollowUp(NewFollowUp(what = what, due = due, contactId = it, meetingId = null, direction = direction, kind = null))
        }
        followUpDraft = ""
    }

    fun complete(followUp: FollowUp) = change("Done: ${followUp.what}") { kith.completeFollowUp(followUp.id) }

    fun delete() = change("Deleted; restore it from here.") { kith.deleteContact(it) }

    fun restore() = change("Restored.") { kith.restoreContact(it) }

    fun unmerge() = change("Split back into two contacts.") { kith.unmerge(it) }
}

fun Familiarity.label() = when (this) {
    Familiarity.UNKNOWN -> "not set"
    Familiarity.PROFESSIONAL -> "strictly professional"
    Familiarity.FRIENDLY -> "friendly"
    Familiarity.PERSONAL -> "personal"
}
