package app.kith.ui.screens

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import app.kith.core.CaptureAction
import app.kith.shared.CHECK_BELOW
import app.kith.shared.ReviewEdit
import app.kith.ui.model.AppModel
import app.kith.ui.model.Place
import app.kith.ui.widgets.Action
import app.kith.ui.widgets.Field
import app.kith.ui.widgets.Item
import app.kith.ui.widgets.Page
import app.kith.ui.widgets.Section

/** Capture: read a card (camera, or pasted text / QR payload), review what to check, save with event and follow-up. */
@Composable
fun CaptureScreen(app: AppModel) {
    val model = app.capture
    val review = model.review
    Page("Capture") {
        model.event?.let { Text("At $it today: new cards are met there.") }
        if (review == null) {
            app.platform.camera?.let { camera -> camera({ model.readLines(it) }, { model.readQr(it) }) }
            Field("Card text", model.text, singleLine = false) { model.text = it }
            Action("Read card", primary = true) { model.readText() }
            Action("Read as QR payload") { model.readQr(model.text.trim()) }
            model.saved?.let { outcome ->
                Section("Saved") {
                    Item(outcome.contact.fullName, outcome.evidence.joinToString().ifBlank { null }) {
                        Action("Open", "Open: ${outcome.contact.fullName}") { app.openContact(outcome.contact.id) }
                        if (outcome.action == CaptureAction.ADDED_LOOK_ALIKE) {
                            Action("Review duplicates") { app.navigator.open(Place.DUPLICATES) }
                        }
                    }
                    outcome.followUp?.let { Text("Follow up by ${it.due}: ${it.what}") }
                }
            }
        } else {
            val draft = review.draft
            val check = review.toCheck
            if (check.isNotEmpty()) Text("Check: ${check.joinToString()}", color = MaterialTheme.colorScheme.error)
            Field(flag("Name", draft.name?.confidence, "name" in check), draft.name?.full.orEmpty()) { model.edit(ReviewEdit.Name(it)) }
            Field(flag("Title", draft.title?.confidence, "title" in check), draft.title?.value.orEmpty()) { model.edit(ReviewEdit.Title(it)) }
            Field(flag("Organization", draft.organization?.confidence, "organization" in check), draft.organization?.value.orEmpty()) {
                model.edit(ReviewEdit.Organization(it))
            }
            draft.emails.forEachIndexed { i, e ->
                Text(flag("E-mail ${e.value}", e.confidence, "email[$i]" in check))
            }
            draft.phones.forEachIndexed { i, p ->
                val shown = p.e164 ?: "${p.raw} (not verified)"
                Item(flag("Phone $shown", p.confidence, "phone[$i]" in check)) {
                    Action("Remove", "Remove phone $shown") { model.edit(ReviewEdit.RemovePhone(i)) }
                }
            }
            draft.websites.forEach { Text("Website ${it.value}") }
            draft.warnings.forEach { Text(it, style = MaterialTheme.typography.bodySmall) }
            Field("Met at", review.metAt.orEmpty()) { model.edit(ReviewEdit.MetAt(it)) }
            Field("Follow up by (YYYY-MM-DD, blank for none)", review.followUpBy.orEmpty()) { model.edit(ReviewEdit.FollowUpBy(it.ifBlank { null })) }
            Action("Save contact", primary = true, enabled = review.canSave) { model.save() }
            Action("Discard") { model.discard() }
        }
    }
}

/** A field's label with how sure the reader was, and a flag when the person should check it. */
private fun flag(label: String, confidence: Float?, toCheck: Boolean): String {
    val sure = confidence?.let { " · ${(it * 100).toInt()}% sure" }.orEmpty()
    return if (toCheck || (confidence != null && confidence < CHECK_BELOW)) "$label$sure · check" else "$label$sure"
}
