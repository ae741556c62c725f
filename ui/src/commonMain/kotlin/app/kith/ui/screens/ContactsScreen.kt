package app.kith.ui.screens

import androidx.compose.runtime.Composable
import app.kith.ui.model.AppModel
import app.kith.ui.model.ContactForm
import app.kith.ui.widgets.Action
import app.kith.ui.widgets.Capped
import app.kith.ui.widgets.Empty
import app.kith.ui.widgets.Field
import app.kith.ui.widgets.Item
import app.kith.ui.widgets.Page
import app.kith.ui.widgets.Section

/** Contacts: search with filters (tag, event, organization), add by hand, tag everyone shown. */
@Composable
fun ContactsScreen(app: AppModel) {
    val model = app.contacts
    val filter = model.filter
    Page("Contacts") {
        Field("Search", filter.search) { model.filter(filter.copy(search = it)) }
        Field("Tag", filter.tag) { model.filter(filter.copy(tag = it)) }
        Field("Event", filter.event) { model.filter(filter.copy(event = it)) }
        Field("Organization", filter.organization) { model.filter(filter.copy(organization = it)) }
        val form = model.form
        if (form == null) {
            Action("Add contact") { model.form = ContactForm() }
        } else {
            Section("New contact") {
                Field("Name", form.name) { model.form = form.copy(name = it) }
                Field("E-mail", form.email) { model.form = form.copy(email = it) }
                Field("Phone", form.phone) { model.form = form.copy(phone = it) }
                Field("Company", form.organization) { model.form = form.copy(organization = it) }
                Action("Save new contact", primary = true) { model.save() }
                Action("Cancel") { model.form = null }
            }
        }
        if (model.results.isEmpty()) Empty("No contact matches.")
        Capped(model.results) { c ->
            val line = listOfNotNull(c.title, c.organization, c.metEvent?.let { "met at $it" }).joinToString(" · ")
            Item(c.fullName, line.ifBlank { null }) {
                Action("Open", "Open: ${c.fullName}") { app.openContact(c.id) }
            }
        }
        if (model.results.isNotEmpty()) {
            Section("Everyone shown") {
                Field("Tag to add", model.bulkTag) { model.bulkTag = it }
                Action("Tag all shown") { model.tagAllShown() }
            }
        }
    }
}
