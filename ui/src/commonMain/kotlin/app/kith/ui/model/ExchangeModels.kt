package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.CardPayload
import app.kith.core.ContactMerge
import app.kith.core.DuplicatePair
import app.kith.core.EventReview
import app.kith.core.EventSession
import app.kith.core.ExportFormat
import app.kith.core.ImportReport
import app.kith.core.Kith
import app.kith.core.MyCard
import app.kith.ui.PickedFile
import app.kith.ui.Platform

/** "I'm at this event today": captures are met there until it stops; who was met, and what each card lacked. */
class EventModel(private val kith: Kith, private val work: Work) {
    var current by mutableStateOf<EventSession?>(null)
        private set
    var review by mutableStateOf<EventReview?>(null)
        private set
    var name by mutableStateOf("")
    var place by mutableStateOf("")

    fun refresh() = work.run({
        val now = kith.currentEvent()
        now to now?.let { kith.eventReview(null) }
    }) {
        current = it.first
        review = it.second
    }

    fun start() {
        val event = name.trim()
        if (event.isEmpty()) return work.fail("Name the event first.")
        work.act({ kith.startEvent(event, place.trim().ifBlank { null }, null) }) {
            name = ""
            place = ""
            refresh()
            "At ${it.name} today: captures are met there."
        }
    }

    fun stop() = work.act({ kith.stopEvent() }) {
        refresh()
        "Event ended."
    }
}

/** My card: a profile to hand over as a QR code (and a .vcf file). */
class CardModel(private val kith: Kith, private val work: Work) {
    var profile by mutableStateOf("professional")
    var form by mutableStateOf(CardForm())
    var payload by mutableStateOf<CardPayload?>(null)
        private set

    fun refresh() {
        val chosen = profile
        work.run({
            if (chosen in kith.cardProfiles()) kith.card(chosen) to kith.cardPayload(chosen) else null
        }) {
            form = it?.first?.let(CardForm::of) ?: CardForm()
            payload = it?.second
        }
    }

    fun choose(name: String) {
        profile = name
        refresh()
    }

    fun save() {
        val card = form.card()
        val chosen = profile
        work.act({ kith.setCard(chosen, card).let { kith.cardPayload(chosen) } }) {
            payload = it
            if (it.leftOut.isEmpty()) "Card saved." else "Card saved; the QR code leaves out ${it.leftOut.joinToString()} (the .vcf has them)."
        }
    }
}

data class CardForm(val name: String = "", val title: String = "", val organization: String = "", val phone: String = "", val email: String = "") {
    fun card() = MyCard(
        fullName = name.trim(),
        given = null,
        family = null,
        title = title.trim().ifBlank { null },
        organization = organization.trim().ifBlank { null },
        emails = listOfNotNull(email.trim().ifBlank { null }),
        phones = listOfNotNull(phone.trim().ifBlank { null }),
        websites = emptyList(),
        address = null,
        note = null,
    )

    companion object {
        fun of(c: MyCard) = CardForm(c.fullName, c.title.orEmpty(), c.organization.orEmpty(), c.phones.firstOrNull().orEmpty(), c.emails.firstOrNull().orEmpty())
    }
}

/** Import (a preview first, then apply the same file) and export. */
class ExchangeModel(private val kith: Kith, private val work: Work, private val platform: Platform) {
    var file by mutableStateOf<PickedFile?>(null)
        private set
    var preview by mutableStateOf<ImportReport?>(null)
        private set
    var applied by mutableStateOf<ImportReport?>(null)
        private set

    fun pick() = work.run({ platform.openFile()?.let(::dryRun) }) { it?.let(::show) }

    /** A file another app handed to Kith (a shared or opened vCard): previewed like a picked one. */
    fun offer(picked: PickedFile) = work.run({ dryRun(picked) }, done = ::show)

    private fun dryRun(picked: PickedFile) = picked to kith.importContacts(picked.bytes, null, true, null, null)

    private fun show(previewed: Pair<PickedFile, ImportReport>) {
        file = previewed.first
        preview = previewed.second
        applied = null
    }

    fun apply() {
        val chosen = file ?: return
        work.act({ kith.importContacts(chosen.bytes, null, false, null, null) }) {
            applied = it
            preview = null
            file = null
            "Imported ${chosen.name}: ${it.added} added, ${it.updated} updated, ${it.duplicates} already known."
        }
    }

    fun cancel() {
        file = null
        preview = null
    }

    fun export(format: ExportFormat) {
        val name = if (format == ExportFormat.JSON) "kith-contacts.json" else "kith-contacts.vcf"
        work.run({ platform.saveFile(name, kith.exportContacts(format).encodeToByteArray()) }) { where ->
            if (where != null) work.notice = Notice("Exported to $where.", error = false)
        }
    }
}

/** Look-alikes to merge (reversibly: the merges done here can be undone). */
class DuplicatesModel(private val kith: Kith, private val work: Work) {
    var pairs by mutableStateOf<List<DuplicatePair>>(emptyList())
        private set
    var merged by mutableStateOf<List<ContactMerge>>(emptyList())
        private set

    fun refresh() = work.run({ kith.duplicates() }) { pairs = it }

    fun merge(pair: DuplicatePair) = work.act({ kith.mergeContacts(pair.a.id, pair.b.id) }) {
        merged = merged + it
        refresh()
        "Merged ${pair.b.fullName} into ${it.survivor.fullName}."
    }

    fun undo(merge: ContactMerge) = work.act({ kith.unmerge(merge.absorbedId) }) {
        merged = merged - merge
        refresh()
        "Split ${it.fullName} back out."
    }
}
