package app.kith.shared

import app.kith.core.Draft
import app.kith.core.DraftText

/** Fields read with less confidence than this are highlighted for the person to check. */
const val CHECK_BELOW = 0.75f

/** The review screen after a card was read: the draft, what to check, and the save inputs. */
data class CaptureReview(
    val draft: Draft,
    val metAt: String? = null,
    val followUpBy: String? = null,
) {
    /** Field names to highlight, in screen order. */
    val toCheck: List<String>
        get() = buildList {
            draft.name?.let { if (it.confidence < CHECK_BELOW) add("name") }
            draft.title?.let { if (it.confidence < CHECK_BELOW) add("title") }
            draft.organization?.let { if (it.confidence < CHECK_BELOW) add("organization") }
            draft.phones.forEachIndexed { i, p -> if (p.confidence < CHECK_BELOW || p.e164 == null) add("phone[$i]") }
            draft.emails.forEachIndexed { i, e -> if (e.confidence < CHECK_BELOW) add("email[$i]") }
            if (draft.addresses.any { it.confidence < CHECK_BELOW }) add("address")
        }

    /** A card with nothing to save (no name, organization or e-mail) cannot be confirmed. */
    val canSave: Boolean get() = draft.name != null || draft.organization != null || draft.emails.isNotEmpty()
}

sealed interface ReviewEdit {
    data class Name(val full: String) : ReviewEdit
    data class Title(val title: String) : ReviewEdit
    data class Organization(val name: String) : ReviewEdit
    data class RemovePhone(val index: Int) : ReviewEdit
    data class MetAt(val event: String) : ReviewEdit
    data class FollowUpBy(val day: String?) : ReviewEdit
}

/** Edits the person makes; an edited field is certain (confidence 1). */
fun reduce(review: CaptureReview, edit: ReviewEdit): CaptureReview = when (edit) {
    is ReviewEdit.Name -> {
        val name = review.draft.name
        val edited = name?.copy(full = edit.full, given = null, family = null, confidence = 1f)
            ?: app.kith.core.DraftName(edit.full, null, null, null, null, null, 1f)
        review.copy(draft = review.draft.copy(name = edit.full.takeIf { it.isNotBlank() }?.let { edited }))
    }
    is ReviewEdit.Title -> review.copy(draft = review.draft.copy(title = certain(edit.title)))
    is ReviewEdit.Organization -> review.copy(draft = review.draft.copy(organization = certain(edit.name)))
    is ReviewEdit.RemovePhone ->
        review.copy(draft = review.draft.copy(phones = review.draft.phones.filterIndexed { i, _ -> i != edit.index }))
    is ReviewEdit.MetAt -> review.copy(metAt = edit.event.ifBlank { null })
    is ReviewEdit.FollowUpBy -> review.copy(followUpBy = edit.day)
}

private fun certain(text: String): DraftText? = text.takeIf { it.isNotBlank() }?.let { DraftText(it, 1f) }
