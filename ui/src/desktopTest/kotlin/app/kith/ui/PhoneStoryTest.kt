package app.kith.ui

import androidx.compose.ui.test.junit4.createComposeRule
import app.kith.core.ContactQuery
import app.kith.ui.model.Place
import org.junit.After
import org.junit.Rule
import org.junit.Test
import java.time.LocalDate
import kotlin.test.assertEquals

/** The phone story end to end, through the screens only, over a real store. */
class PhoneStoryTest {
    @get:Rule
    val rule = createComposeRule()
    private val store = Store()

    @After
    fun close() = store.close()

    @Test
    fun `a pasted card is reviewed, saved with event and follow-up, and shows on Today`() {
        rule.show(store)
        rule.go(store, Place.CAPTURE)
        rule.type(store, "Card text", "Amélie Lefèvre\nHead of Partnerships\nNorthwind Labs\namelie@northwind.example\n+33 1 42 68 53 00")
        rule.tap(store, "Read card")
        rule.assertShows("Amélie Lefèvre")
        rule.assertShows("Northwind Labs")
        rule.type(store, "Met at", "SaaStr")
        rule.type(store, "Follow up by (YYYY-MM-DD, blank for none)", LocalDate.now().toString())
        rule.tap(store, "Save contact")
        rule.assertShows("Saved Amélie Lefèvre.")

        val saved = store.kith.contacts(ContactQuery(search = "Amélie", limit = 5u)).single()
        assertEquals("SaaStr", saved.metEvent)
        assertEquals("+33142685300", saved.phones.single().e164)

        rule.go(store, Place.TODAY)
        rule.assertShows("Follow up with Amélie Lefèvre (met at SaaStr)")
    }

    @Test
    fun `a networking meeting with two names gained shows them on Today and in the weekly review`() {
        rule.show(store)
        rule.go(store, Place.CONTACTS)
        rule.tap(store, "Add contact")
        rule.type(store, "Name", "Priya Raman")
        rule.tap(store, "Save new contact")
        rule.tap(store, "Open: Priya Raman")
        rule.tap(store, "Log meeting")
        rule.assertShows("A networking meeting should yield two more names.")
        rule.type(store, "Names gained (one a line)", "Chen Wei\nDana Levi")
        rule.tap(store, "Save meeting")
        rule.assertShows("Meeting logged with 2 names gained.")

        rule.go(store, Place.TODAY)
        rule.assertShows("Chen Wei")
        rule.assertShows("Dana Levi")
        rule.go(store, Place.REVIEW)
        rule.assertShows("2 names gained")
        rule.assertShows("Names gained per week")
    }

    @Test
    fun `a need written on a contact is found by what I could offer`() {
        store.kith.addContact(app.kith.core.NewContact(name = "Marta Silva"))
        rule.show(store)
        rule.go(store, Place.CONTACTS)
        rule.tap(store, "Open: Marta Silva")
        rule.type(store, "What they need", "an introduction to a product designer in Lisbon")
        rule.tap(store, "Add need")
        rule.assertShows("Need written down.")
        rule.go(store, Place.NEEDS)
        rule.type(store, "What could you offer?", "product designer")
        rule.tap(store, "Find who it helps")
        rule.assertShows("Marta Silva: an introduction to a product designer in Lisbon")
    }

    @Test
    fun `an invalid e-mail and an unknown file say what is wrong and store nothing`() {
        rule.show(store)
        rule.go(store, Place.CONTACTS)
        rule.tap(store, "Add contact")
        rule.type(store, "Name", "Ben Okafor")
        rule.type(store, "E-mail", "ben at example")
        rule.tap(store, "Save new contact")
        rule.assertShows("Check email")
        assertEquals(0uL, store.kith.countContacts())

        store.platform.next = PickedFile("notes.txt", "shopping list: milk, eggs".encodeToByteArray())
        rule.go(store, Place.EXCHANGE)
        rule.tap(store, "Choose a file to import")
        rule.assertShows("Check file")
        rule.assertAbsent("Import these")
        assertEquals(0uL, store.kith.countContacts())
    }

    @Test
    fun `an empty card, a nameless event and a nameless own card are refused and store nothing`() {
        rule.show(store)
        rule.go(store, Place.CAPTURE)
        rule.tap(store, "Read card")
        rule.assertShows("Paste or type the card's text first.")
        rule.assertAbsent("Save contact")
        rule.go(store, Place.EVENT)
        rule.tap(store, "Start event")
        rule.assertShows("Name the event first.")
        assertEquals(null, store.kith.currentEvent())
        rule.go(store, Place.CARD)
        rule.type(store, "Title", "Founder")
        rule.tap(store, "Save card")
        rule.assertShows("Check name")
        assertEquals(emptyList(), store.kith.cardProfiles())
        assertEquals(0uL, store.kith.countContacts())
    }
}
