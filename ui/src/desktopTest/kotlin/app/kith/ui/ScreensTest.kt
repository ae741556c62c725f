package app.kith.ui

import androidx.compose.ui.ImageComposeScene
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.ComposeContentTestRule
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.unit.Density
import app.kith.core.FollowUpStatus
import app.kith.core.NeedStatus
import app.kith.core.ReferralStatus
import app.kith.ui.model.Place
import org.jetbrains.skia.EncodedImageFormat
import org.junit.After
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith
import org.junit.runners.Parameterized
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * One test per screen over a seeded store: it shows its content, its main action works through
 * the core (or bad input says what is wrong and changes nothing), every tappable element carries
 * a label, and a screenshot is written at a phone size, a desktop size and a large font scale
 * (for people to look at; nothing compares pixels).
 */
@RunWith(Parameterized::class)
class ScreensTest(private val place: Place) {
    companion object {
        @JvmStatic
        @Parameterized.Parameters(name = "{0}")
        fun places() = Place.entries.toList()
    }

    @get:Rule
    val rule = createComposeRule()
    private val store = Store()

    @After
    fun close() = store.close()

    /** What each place shows once loaded, from [seed]'s data. */
    private val expected = mapOf(
        Place.TODAY to "Send Ana the deck",
        Place.CAPTURE to "Card text",
        Place.CONTACTS to "Open: Ana Reyes",
        Place.REVIEW to " gained (",
        Place.NEEDS to "Ana Reyes: a designer for her startup",
        Place.LOOPS to "Send Ana the deck",
        // A contact added today cannot be drifting yet (the core counts from when it was added).
        Place.DRIFTING to "No one is past their cadence.",
        Place.REFERRALS to "Ben Okafor to Northwind",
        Place.RISK to "active contact",
        Place.EVENT to "At Web Summit",
        Place.CARD to "QR code of my professional card",
        Place.EXCHANGE to "Export vCard 4.0",
        Place.DUPLICATES to "Merge Ana Reyes into Ana Reyes",
        Place.SYNC to "Show pairing code",
        Place.SETTINGS to "Days for close contacts",
    )

    @Test
    fun `shows its content, acts through the core, labels what can be tapped, and is photographed`() {
        store.seed()
        rule.show(store)
        rule.go(store, place)
        rule.assertShows(place.label)
        rule.assertShows(expected.getValue(place))
        rule.assertEveryActionLabelled(place.name)
        photograph()
        act()
    }

    private fun photograph() {
        val shots = File(System.getProperty("kith.shots") ?: "target/screens").apply { mkdirs() }
        val sizes = listOf(
            Triple("phone", 400 to 860, Density(2f)),
            Triple("desktop", 1200 to 800, Density(1f)),
            Triple("large-font", 400 to 860, Density(2f, fontScale = 1.6f)),
        )
        for ((name, size, density) in sizes) {
            val scene = ImageComposeScene((size.first * density.density).toInt(), (size.second * density.density).toInt(), density) { KithApp(store.app) }
            scene.render(0)
            val image = scene.render(1_000_000_000)
            File(shots, "${place.name.lowercase()}-$name.png").writeBytes(image.encodeToData(EncodedImageFormat.PNG)!!.bytes)
            scene.close()
        }
        rule.settle(store)
    }

    private fun act() {
        val k = store.kith
        when (place) {
            Place.TODAY -> {
                rule.tap(store, "Done: Send Ana the deck")
                assertEquals(FollowUpStatus.DONE, k.followUps(null).single().status)
            }
            Place.CAPTURE -> {
                rule.type(store, "Card text", "Lena Park\nlena@studio.example")
                rule.tap(store, "Read card")
                rule.assertShows("Save contact")
            }
            Place.CONTACTS -> {
                rule.type(store, "Organization", "Northwind")
                rule.assertAbsent("Open: Ben Okafor")
                rule.type(store, "Tag to add", "vip")
                rule.tap(store, "Tag all shown")
                rule.assertShows("Tagged 2 contacts vip.")
            }
            Place.REVIEW -> rule.assertShows("Names gained per week")
            Place.NEEDS -> {
                rule.tap(store, "Helped: a designer for her startup")
                assertEquals(NeedStatus.HELPED, k.needs(null).single().status)
            }
            Place.LOOPS -> {
                rule.tap(store, "Close: Send Ana the deck")
                assertEquals(FollowUpStatus.DONE, k.followUps(null).single().status)
            }
            Place.DRIFTING -> assertTrue(k.drifting().isEmpty())
            Place.REFERRALS -> {
                rule.onNode(hasText("hired") and hasClickAction()).performScrollTo().performClick()
                rule.settle(store)
                assertEquals(ReferralStatus.HIRED, k.referrals().single().status)
            }
            Place.RISK -> rule.assertShows("Employers")
            Place.EVENT -> {
                rule.tap(store, "End event")
                rule.assertShows("Event name")
                assertNull(k.currentEvent())
            }
            Place.CARD -> {
                rule.type(store, "Title", "CEO")
                rule.tap(store, "Save card")
                rule.assertShows("Card saved.")
                assertEquals("CEO", k.card("professional").title)
            }
            Place.EXCHANGE -> {
                store.platform.next = PickedFile("marta.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marta Silva\r\nEMAIL:marta@example.org\r\nEND:VCARD\r\n".encodeToByteArray())
                val before = k.countContacts()
                rule.tap(store, "Choose a file to import")
                rule.assertShows("Preview of marta.vcf")
                assertEquals(before, k.countContacts(), "a preview writes nothing")
                rule.tap(store, "Import these")
                rule.assertShows("Imported marta.vcf: 1 added")
                assertEquals(before + 1u, k.countContacts())
                rule.tap(store, "Export vCard 4.0")
                assertTrue(store.platform.saved.getValue("kith-contacts.vcf").decodeToString().contains("FN:Marta Silva"))
            }
            Place.DUPLICATES -> {
                val before = k.countContacts()
                rule.tap(store, "Merge Ana Reyes into Ana Reyes")
                assertEquals(before - 1u, k.countContacts())
                rule.tap(store, "Undo merge into Ana Reyes")
                assertEquals(before, k.countContacts())
                rule.assertShows("Merge Ana Reyes into Ana Reyes")
            }
            Place.SYNC -> {
                rule.type(store, "Relay URL", "ftp://relay.example")
                rule.tap(store, "Save relay")
                rule.assertShows("Check relay")
                assertNull(k.relayUrl(), "a refused relay is not stored")
            }
            Place.SETTINGS -> {
                rule.type(store, "Days for close contacts", "soon")
                rule.tap(store, "Save: Days for close contacts")
                rule.assertShows("type a whole number of days")
                rule.type(store, "Days for close contacts", "10")
                rule.tap(store, "Save: Days for close contacts")
                assertEquals(10u, k.settings().closeDays)
                rule.type(store, "Backup passphrase", "short")
                rule.tap(store, "Save a backup")
                rule.assertShows("Check passphrase")
                assertTrue(store.platform.saved.isEmpty(), "a refused backup writes nothing")
                rule.type(store, "Backup passphrase", "correct horse battery staple")
                rule.tap(store, "Save a backup")
                rule.assertShows("Backup saved to test:kith-backup.age.")
            }
        }
    }
}

/** Every node a person can tap has a label: its text, or a description a screen reader says. */
fun ComposeContentTestRule.assertEveryActionLabelled(where: String) {
    val unlabelled = onAllNodes(hasClickAction()).fetchSemanticsNodes().filter { node ->
        val c = node.config
        c.getOrNull(SemanticsProperties.ContentDescription).isNullOrEmpty() && c.getOrNull(SemanticsProperties.Text).isNullOrEmpty()
    }
    check(unlabelled.isEmpty()) { "$where: ${unlabelled.size} tappable element(s) without a label" }
}
