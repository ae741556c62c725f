package app.kith.ui.screens

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import app.kith.core.Direction
import app.kith.core.ExchangeKind
import app.kith.core.Familiarity
import app.kith.core.Flow
import app.kith.core.FollowUpStatus
import app.kith.core.Tier
import app.kith.ui.model.AppModel
import app.kith.ui.model.label
import app.kith.ui.widgets.Action
import app.kith.ui.widgets.Choice
import app.kith.ui.widgets.Empty
import app.kith.ui.widgets.Field
import app.kith.ui.widgets.Item
import app.kith.ui.widgets.Page
import app.kith.ui.widgets.Section
import java.time.Instant
import java.time.ZoneId

/** One contact: fields, notes, conflicts, employment, give and take, needs, cadence, familiarity. */
@Composable
fun ContactScreen(app: AppModel) {
    val model = app.contact
    val view = model.view ?: return Page("Contact") { Empty("Loading…") }
    val c = view.contact
    Page(c.fullName) {
        listOfNotNull(c.title, c.organization).joinToString(" at ").ifBlank { null }?.let { Text(it) }
        if (c.deletedAtMs != null) {
            Text("Deleted.", color = MaterialTheme.colorScheme.error)
            Action("Restore contact") { model.restore() }
        }
        c.mergedInto?.let { Action("Split back out (undo the merge)") { model.unmerge() } }
        Action(if (model.workView) "Show everything" else "Work view") { model.toggleWorkView() }
        if (c.conflicts.isNotEmpty()) {
            Section("Changed on two devices") {
                c.conflicts.forEach { conflict ->
                    Text(conflict.field)
                    conflict.values.forEachIndexed { i, v ->
                        val shown = v ?: "(empty)"
                        Action("Keep $shown", "Keep $shown for ${conflict.field}") { model.resolve(conflict.field, i) }
                    }
                }
            }
        }
        Section("Details") {
            c.emails.forEach { Text("E-mail ${it.value}") }
            c.phones.forEach { Text("Phone ${it.e164 ?: it.raw}") }
            c.websites.forEach { Text("Web $it") }
            c.addresses.forEach { Text("Address ${it.label}") }
            c.otherFields.forEach { Text("${it.label ?: it.property}: ${it.value}") }
            if (c.tags.isNotEmpty()) Text("Tags: ${c.tags.joinToString()}")
            c.metEvent?.let { Text("Met at $it${c.metOn?.let { d -> " on $d" }.orEmpty()}") }
            c.birthday?.let { Text("Birthday $it") }
        }
        Section("Employment") {
            var title by remember(c.id, c.title) { mutableStateOf(c.title.orEmpty()) }
            var org by remember(c.id, c.organization) { mutableStateOf(c.organization.orEmpty()) }
            Field("Job title", title) { title = it }
            Field("Employer", org) { org = it }
            Action("Save employment") { model.setEmployment(title, org) }
        }
        Section("Relationship") {
            Text("Familiarity: ${c.familiarity.label()}")
            Choice(Familiarity.entries.filter { it != Familiarity.UNKNOWN }, c.familiarity, { it.label() }) { model.setFamiliarity(it) }
            Text("Cadence: ${c.tier?.name?.lowercase() ?: "no tier"}${c.cadenceDays?.let { ", every $it days" }.orEmpty()}")
            Choice(Tier.entries.toList(), c.tier, { it.name.lowercase() }) { model.setCadence(it, null) }
        }
        Section("Notes") {
            if (c.notes.isNotBlank()) Text(c.notes)
            if (!model.workView && c.personalNotes.isNotBlank()) Text("Personal: ${c.personalNotes}")
            Field("Add a note", model.noteDraft, singleLine = false) { model.noteDraft = it }
            Action("Add note") { model.appendNote() }
        }
        Section("Give and take") {
            Text("Gave ${view.balance.gave}, received ${view.balance.received}: ${view.balance.reading}")
            var kind by remember(c.id) { mutableStateOf(ExchangeKind.ADVICE) }
            Choice(ExchangeKind.entries.toList(), kind, { it.name.lowercase() }) { kind = it }
            Action("I gave") { model.record(Flow.GAVE, kind) }
            Action("I received") { model.record(Flow.RECEIVED, kind) }
        }
        Section("Needs") {
            view.needs.forEach { Text("${it.what} (${it.status.name.lowercase()})") }
            Field("What they need", model.needDraft) { model.needDraft = it }
            Action("Add need") { model.addNeed() }
        }
        Section("Follow-ups") {
            view.followUps.filter { it.status == FollowUpStatus.OPEN }.forEach { f ->
                val who = if (f.direction == Direction.I_OWE) "I owe" else "They owe"
                Item(f.what, "$who · due ${f.due}") { Action("Done", "Done: ${f.what}") { model.complete(f) } }
            }
            Field("Promise", model.followUpDraft) { model.followUpDraft = it }
            Action("I owe this") { model.addFollowUp(Direction.I_OWE) }
            Action("They owe this") { model.addFollowUp(Direction.THEY_OWE) }
        }
        Section("Meetings") {
            if (view.meetings.isEmpty()) Empty("No meeting yet.")
            view.meetings.forEach { m ->
                val day = Instant.ofEpochMilli(m.occurredAtMs).atZone(ZoneId.systemDefault()).toLocalDate()
                Text("$day · ${m.kind.name.lowercase().replace('_', ' ')}${m.purpose?.let { ": $it" }.orEmpty()}")
            }
            Action("Log meeting", primary = true) { app.logMeetingWith(c.id) }
        }
        if (c.deletedAtMs == null) Action("Delete contact") { model.delete() }
    }
}
