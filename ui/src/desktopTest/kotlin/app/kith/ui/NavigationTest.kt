package app.kith.ui

import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import app.kith.ui.model.Place
import app.kith.ui.model.Screen
import org.junit.After
import org.junit.Rule
import org.junit.Test

/** The phone's navigation, and the screens that open from a contact. */
class NavigationTest {
    @get:Rule
    val rule = createComposeRule()
    private val store = Store()

    @After
    fun close() = store.close()

    @Test
    fun `the bottom bar and More reach every place`() {
        rule.show(store)
        for (place in Place.entries) {
            if (place !in Place.primary) {
                rule.onNode(hasText("More") and hasClickAction()).performClick()
                rule.settle(store)
            }
            val shown = if (place in Place.primary) place.barLabel else place.label
            val item = rule.onAllNodes(hasText(shown) and hasClickAction())[0]
            if (place !in Place.primary) item.performScrollTo()
            item.performClick()
            rule.settle(store)
            check(store.app.navigator.current == Screen.Top(place)) { "tapping ${place.label} opened ${store.app.navigator.current}" }
        }
        rule.runOnIdle { check(!store.app.navigator.back()) { "a top-level place has nothing to go back to" } }
    }

    @Test
    fun `a long Today shows a hundred rows and the rest a tap away`() {
        val today = java.time.LocalDate.now().toString()
        store.kith.addFollowUps((1..150).map { app.kith.core.NewFollowUp("Reply to message $it", today, null, null, app.kith.core.Direction.I_OWE, null) })
        rule.show(store)
        rule.assertShows("Show 50 more of 50")
        check(rule.onAllNodes(hasText("Follow-up · ", substring = true)).fetchSemanticsNodes().size == 100)
        rule.tap(store, "Show 50 more of 50")
        rule.assertAbsent("more of")
        check(rule.onAllNodes(hasText("Follow-up · ", substring = true)).fetchSemanticsNodes().size == 150)
    }

    @Test
    fun `a contact's screen and its meeting form show everything and go back`() {
        val ana = store.seed()
        rule.show(store)
        rule.runOnIdle { store.app.openContact(ana) }
        rule.settle(store)
        rule.assertShows("Give and take")
        rule.assertShows("Gave 1, received 0")
        rule.assertShows("a designer for her startup")
        rule.assertEveryActionLabelled("contact")
        rule.tap(store, "Work view")
        rule.assertShows("Show everything")
        rule.tap(store, "Log meeting")
        rule.assertShows("Names gained (one a line)")
        rule.assertEveryActionLabelled("meeting")
        rule.onNode(hasText("Back") and hasClickAction()).performClick()
        rule.settle(store)
        check(store.app.navigator.current == Screen.ContactDetail(ana))
    }
}
