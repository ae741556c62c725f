package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.CaptureAction
import app.kith.core.CaptureOutcome
import app.kith.core.CardLine
import app.kith.core.Draft
import app.kith.shared.CaptureReview
import app.kith.shared.KithRepository
import app.kith.shared.ReviewEdit
import app.kith.shared.reduce
import java.time.LocalDate

/**
 * Capture: card text (pasted, or the camera's lines) or a QR payload becomes a draft; the person
 * checks the flagged fields, sets where they met and when to follow up, and saves it in one step.
 */
class CaptureModel(private val repository: KithRepository, private val work: Work) {
    var text by mutableStateOf("")
    var review by mutableStateOf<CaptureReview?>(null)
        private set
    var saved by mutableStateOf<CaptureOutcome?>(null)
        private set
    /** The running event, which a capture is met at unless the person changes it. */
    var event by mutableStateOf<String?>(null)
        private set

    /** Keeps a review in progress; learns the running event for the next one. */
    fun refresh() = work.run({ repository.currentEvent() }) { event = it?.name }

    fun readText() {
        val lines = text.lines().filter { it.isNotBlank() }
        if (lines.isEmpty()) return work.fail("Paste or type the card's text first.")
        work.run({ repository.readCard(lines, null) }) { begin(it) }
    }

    fun readLines(lines: List<CardLine>) = work.run({ repository.readOcr(lines, null) }) { begin(it) }

    fun readQr(payload: String) = work.run({ repository.readQr(payload) }) { begin(it) }

    private fun begin(draft: Draft) {
        saved = null
        val followUp = LocalDate.now().plusDays(3).toString()
        review = CaptureReview(draft, metAt = draft.metEvent ?: event, followUpBy = followUp)
    }

    fun edit(edit: ReviewEdit) {
        review = review?.let { reduce(it, edit) }
    }

    fun save() {
        val current = review ?: return
        if (!current.canSave) return work.fail("A card needs a name, an organization or an e-mail.")
        work.act({ repository.saveCapture(current.draft, current.metAt, current.followUpBy, null) }) {
            saved = it
            review = null
            text = ""
            when (it.action) {
                CaptureAction.ADDED_LOOK_ALIKE -> "Saved ${it.contact.fullName}; it looks like someone you have."
                CaptureAction.UPDATED -> "Updated ${it.contact.fullName} with what the card added."
                CaptureAction.ALREADY_KNOWN -> "${it.contact.fullName} was already in Kith."
                else -> "Saved ${it.contact.fullName}."
            }
        }
    }

    fun discard() {
        review = null
    }
}
