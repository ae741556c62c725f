package app.kith.ui

import androidx.compose.ui.ImageComposeScene
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.unit.Density
import app.kith.core.Direction
import app.kith.core.ExchangeKind
import app.kith.core.Flow
import app.kith.core.MeetingKind
import app.kith.core.MyCard
import app.kith.core.NewContact
import app.kith.core.NewFollowUp
import app.kith.core.NewMeeting
import app.kith.ui.model.Place
import app.kith.ui.model.Screen
import org.jetbrains.skia.EncodedImageFormat
import org.junit.After
import org.junit.Rule
import org.junit.Test
import java.io.File
import java.time.LocalDate

/**
 * Every screen over one store holding a bit of everything: it shows its own content, every
 * actionable element carries a label, and a screenshot is written at a phone size, a desktop
 * size and a large font scale (for people to look at; nothing compares pixels).
 */
class ScreensTest {
    @get:Rule
    val rule = createComposeRule()
    private val store = Store()

    @After
    fun close() = store.close()

    /** What each place must show once loaded, from the data [seed] wrote. */
    private val expected = mapOf(
        Place.TODAY to "Send Ana the deck",
        Place.CAPTURE to "Card text",
        Place.CONTACTS to "Open: Ana Reyes",
        Place.REVIEW to "name(s) gained",
        Place.NEEDS to "Ana Reyes: a designer for her startup",
        Place.LOOPS to "Send Ana the deck",
        // A contact added today cannot be drifting yet (the core counts from when it was added).
        Place.DRIFTING to "No one is past their cadence.",
        Place.REFERRALS to "Ben Okafor to Northwind",
        Place.RISK to "active contact(s)",
        Place.EVENT to "At Web Summit",
        Place.CARD to "QR code of my professional card",
        Place.EXCHANGE to "Export vCard 4.0",
        Place.DUPLICATES to "Merge Ana Reyes into Ana Reyes",
        Place.SYNC to "Show pairing code",
        Place.SETTINGS to "Days for close contacts",
    )

    /** Seeds the store; returns the contact with a meeting, a need and an exchange. */
    private fun seed(): String {
        val k = store.kith
        val ana = k.addContact(NewContact(name = "Ana Reyes", organization = "Northwind", emails = listOf("ana@northwind.example")))
        k.addContact(NewContact(name = "Ana Reyes", emails = listOf("ana.reyes@example.org"), organization = "Northwind"))
        val ben = k.addContact(NewContact(name = "Ben Okafor", metOn = LocalDate.now().minusDays(200).toString()))
        k.setCadence(ben.id, app.kith.core.Cadence(days = 30u, tier = null))
        val m = k.logMeetingWithNames(
            NewMeeting(MeetingKind.NETWORKING, listOf(ana.id), null, null, "learn the market", emptyList(), null, null, null),
            listOf("Chen Wei", "Dana Levi"),
        )
        k.addFollowUp(NewFollowUp("Send Ana the deck", LocalDate.now().toString(), ana.id, m.id, Direction.I_OWE, null))
        k.addNeed(ana.id, "a designer for her startup", null)
        k.recordExchange(ana.id, Flow.GAVE, ExchangeKind.ADVICE, null)
        k.addReferral(ben.id, null, "Northwind", null)
        k.startEvent("Web Summit", "Lisbon", null)
        k.setCard("professional", MyCard("Sam Doe", null, null, "Founder", "Kith", listOf("sam@kith.example"), listOf("+1 415 555 0100"), emptyList(), null, null))
        return ana.id
    }

    @Test
    fun `every screen shows its content, labels what can be tapped, and is photographed`() {
        val ana = seed()
        rule.show(store)
        val shots = File(System.getProperty("kith.shots") ?: "target/screens").apply { mkdirs() }
        for (place in Place.entries) {
            rule.go(store, place)
            rule.assertShows(place.label)
            rule.assertShows(expected.getValue(place))
            assertEveryActionLabelled(place.name)
            for ((size, w, h, density) in listOf(Shot("phone", 400, 860, Density(2f)), Shot("desktop", 1200, 800, Density(1f)), Shot("large-font", 400, 860, Density(2f, fontScale = 1.6f)))) {
                val scene = ImageComposeScene((w * density.density).toInt(), (h * density.density).toInt(), density) { KithApp(store.app) }
                scene.render(0)
                val image = scene.render(1_000_000_000)
                File(shots, "${place.name.lowercase()}-$size.png").writeBytes(image.encodeToData(EncodedImageFormat.PNG)!!.bytes)
                scene.close()
            }
            rule.settle(store)
        }
        // The contact screen and the meeting form, which open from a contact.
        rule.runOnIdle { store.app.openContact(ana) }
        rule.settle(store)
        rule.assertShows("Give and take")
        rule.assertShows("Gave 1, received 0")
        assertEveryActionLabelled("contact")
        rule.tap(store, "Log meeting")
        rule.assertShows("Names gained (one a line)")
        assertEveryActionLabelled("meeting")
    }

    @Test
    fun `the phone's bottom bar and More reach every place`() {
        rule.show(store)
        for (place in Place.entries) {
            if (place !in Place.primary) {
                rule.onNode(hasText("More") and hasClickAction()).performClick()
                rule.settle(store)
            }
            val item = rule.onAllNodes(hasText(place.label) and hasClickAction())[0]
            if (place !in Place.primary) item.performScrollTo()
            item.performClick()
            rule.settle(store)
            check(store.app.navigator.current == Screen.Top(place)) { "tapping ${place.label} opened ${store.app.navigator.current}" }
        }
        rule.runOnIdle { check(store.app.navigator.back().not()) { "a top-level place has nothing to go back to" } }
    }

    private data class Shot(val name: String, val width: Int, val height: Int, val density: Density)

    private fun assertEveryActionLabelled(where: String) {
        val unlabelled = rule.onAllNodes(hasClickAction()).fetchSemanticsNodes().filter { node ->
            val c = node.config
            c.getOrNull(SemanticsProperties.ContentDescription).isNullOrEmpty() && c.getOrNull(SemanticsProperties.Text).isNullOrEmpty()
        }
        check(unlabelled.isEmpty()) { "$where: ${unlabelled.size} tappable element(s) without a label" }
    }
}
