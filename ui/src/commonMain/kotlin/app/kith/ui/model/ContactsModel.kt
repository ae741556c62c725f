package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.BulkAction
import app.kith.core.Contact
import app.kith.core.ContactQuery
import app.kith.core.Kith
import app.kith.core.NewContact
import app.kith.core.Selection

/** The filters of the contact list; blank means "any". */
data class ContactFilter(
    val search: String = "",
    val tag: String = "",
    val event: String = "",
    val organization: String = "",
) {
    fun query(limit: UInt = 200u) = ContactQuery(
        search = search.trim().ifBlank { null },
        tag = tag.trim().ifBlank { null },
        event = event.trim().ifBlank { null },
        organization = organization.trim().ifBlank { null },
        limit = limit,
    )
}

/** A contact typed in by hand; the core checks every field. */
data class ContactForm(val name: String = "", val email: String = "", val phone: String = "", val organization: String = "")

/** Contacts: search and filters, adding one by hand, and tagging everyone a filter shows. */
class ContactsModel(private val kith: Kith, private val work: Work) {
    var filter by mutableStateOf(ContactFilter())
        private set
    var results by mutableStateOf<List<Contact>>(emptyList())
        private set
    var form by mutableStateOf<ContactForm?>(null)
    var bulkTag by mutableStateOf("")

    fun filter(change: ContactFilter) {
        filter = change
        refresh()
    }

    fun refresh() {
        val query = filter.query()
        work.run({ kith.contacts(query) }) { if (query == filter.query()) results = it }
    }

    fun save() {
        val f = form ?: return
        val contact = NewContact(
            name = f.name.trim(),
            organization = f.organization.trim().ifBlank { null },
            emails = listOfNotNull(f.email.trim().ifBlank { null }),
            phones = listOfNotNull(f.phone.trim().ifBlank { null }),
        )
        work.act({ kith.addContact(contact) }) {
            form = null
            refresh()
            "Added ${it.fullName}."
        }
    }

    /** Tags every contact the current filter lists, in one write. */
    fun tagAllShown() {
        val tag = bulkTag.trim()
        if (tag.isEmpty()) return work.fail("Type the tag to add first.")
        val query = filter.query(limit = UInt.MAX_VALUE)
        work.act({ kith.bulk(Selection.Query(query), BulkAction.AddTags(listOf(tag))) }) {
            bulkTag = ""
            refresh()
            "Tagged ${counted(it.changed, "contact")} $tag."
        }
    }
}
