package app.kith.ui.screens

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import app.kith.core.ExportFormat
import app.kith.core.ImportReport
import app.kith.ui.model.AppModel
import app.kith.ui.model.counted
import app.kith.ui.widgets.Action
import app.kith.ui.widgets.Capped
import app.kith.ui.widgets.Choice
import app.kith.ui.widgets.Empty
import app.kith.ui.widgets.Field
import app.kith.ui.widgets.Item
import app.kith.ui.widgets.Page
import app.kith.ui.widgets.Qr
import app.kith.ui.widgets.Section

/** "I'm at this event today", and who was met there with what each card lacked. */
@Composable
fun EventScreen(app: AppModel) {
    val model = app.event
    Page("Event") {
        val now = model.current
        if (now == null) {
            Field("Event name", model.name) { model.name = it }
            Field("Place", model.place) { model.place = it }
            Action("Start event", primary = true) { model.start() }
        } else {
            Text("At ${now.name}${now.place?.let { ", $it" }.orEmpty()} on ${now.date}")
            Action("End event") { model.stop() }
            model.review?.let { review ->
                Section("Met here") {
                    if (review.people.isEmpty()) Empty("No one captured here yet.")
                    Capped(review.people) { p ->
                        Item(p.contact.fullName, p.missing.takeIf { it.isNotEmpty() }?.let { "lacks ${it.joinToString()}" }) {
                            Action("Open", "Open: ${p.contact.fullName}") { app.openContact(p.contact.id) }
                        }
                    }
                }
            }
        }
    }
}

/** My card: a profile to hand over as a QR code. */
@Composable
fun CardScreen(app: AppModel) {
    val model = app.card
    val form = model.form
    Page("My card") {
        // The code first: at the event it is what the other person's camera needs on screen.
        model.payload?.let { p ->
            Qr(p.qrWidth.toInt(), p.qrModules, "QR code of my ${p.profile} card")
            if (p.leftOut.isNotEmpty()) Text("The QR code leaves out ${p.leftOut.joinToString()}; the .vcf has everything.")
        }
        Choice(listOf("professional", "personal"), model.profile, { it }) { model.choose(it) }
        Field("Full name", form.name) { model.form = form.copy(name = it) }
        Field("Title", form.title) { model.form = form.copy(title = it) }
        Field("Organization", form.organization) { model.form = form.copy(organization = it) }
        Field("Phone", form.phone) { model.form = form.copy(phone = it) }
        Field("E-mail", form.email) { model.form = form.copy(email = it) }
        Action("Save card", primary = true) { model.save() }
    }
}

/** Import (preview, then apply) and export. */
@Composable
fun ExchangeScreen(app: AppModel) {
    val model = app.exchange
    Page("Import & export") {
        val preview = model.preview
        if (preview == null) {
            Action("Choose a file to import", primary = true) { model.pick() }
            Text("vCard (.vcf), LinkedIn connections (.csv) or MECARD.", style = MaterialTheme.typography.bodySmall)
        } else {
            Section("Preview of ${model.file?.name}") {
                ReportLines(preview)
                Action("Import these", primary = true) { model.apply() }
                Action("Cancel import") { model.cancel() }
            }
        }
        model.applied?.let { Section("Imported") { ReportLines(it) } }
        Section("Export") {
            Action("Export vCard 3.0") { model.export(ExportFormat.V_CARD3) }
            Action("Export vCard 4.0") { model.export(ExportFormat.V_CARD4) }
            Action("Export JSON") { model.export(ExportFormat.JSON) }
        }
    }
}

@Composable
private fun ReportLines(r: ImportReport) {
    Text("${r.added} new, ${counted(r.lookAlikes, "look-alike")}, ${counted(r.updated, "update")}, ${r.duplicates} already known, ${r.skipped} skipped")
    r.lines.take(50).forEach { line ->
        Text("${line.name}: ${line.action.replace('_', ' ')}${line.warnings.takeIf { it.isNotEmpty() }?.let { " (${it.joinToString()})" }.orEmpty()}")
    }
    if (r.lines.size > 50) Text("… and ${r.lines.size - 50} more")
}

/** Look-alikes to merge, and the merges to undo. */
@Composable
fun DuplicatesScreen(app: AppModel) {
    val model = app.duplicates
    Page("Duplicates") {
        model.merged.forEach { m ->
            Item("Merged into ${m.survivor.fullName}", "${counted(m.valuesAdded, "value")} added") {
                Action("Undo merge", "Undo merge into ${m.survivor.fullName}") { model.undo(m) }
            }
        }
        if (model.pairs.isEmpty()) Empty("No look-alikes.")
        Capped(model.pairs) { p ->
            Item("${p.a.fullName} and ${p.b.fullName}", p.evidence.joinToString()) {
                Action("Merge", "Merge ${p.b.fullName} into ${p.a.fullName}") { model.merge(p) }
            }
        }
    }
}
