package app.kith.shared

import app.kith.core.ChangeEvent
import app.kith.core.ChangeListener
import app.kith.core.Kith
import app.kith.core.KithException
import app.kith.core.NewContact
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

/** Bad input from the foreign side, closed objects and throwing listeners. */
class BoundaryTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `invalid ids and malformed frames are typed exceptions`() {
        Kith.open(dir.resolve("k.db").toString()).use { kith ->
            val bad = assertFailsWith<KithException.InvalidInput> { kith.contact("not-an-id") }
            assertEquals("id", bad.field)
            assertFailsWith<KithException.NotFound> { kith.contact("01a20150-6076-7d73-8d4f-fe3d85e92936") }
            kith.acceptSync().use { session ->
                assertFailsWith<KithException.Refused> { kith.syncReceive(session, byteArrayOf(0, 1, 2)) }
            }
            assertFailsWith<KithException.InvalidInput> { kith.joinPairing("KITH1-not-a-code") }
            assertEquals(0uL, kith.countContacts())
        }
    }

    @Test
    fun `a closed object raises a clear error`() {
        val kith = Kith.open(dir.resolve("k.db").toString())
        kith.closeStore()
        assertFailsWith<KithException.Closed> { kith.countContacts() }
        kith.close()
        assertFailsWith<IllegalStateException> { kith.countContacts() }
    }

    @Test
    fun `a listener that throws does not poison the core`() {
        Kith.open(dir.resolve("k.db").toString()).use { kith ->
            val sub = kith.subscribe(object : ChangeListener {
                override fun onChange(event: ChangeEvent) = throw RuntimeException("listener bug")
            })
            kith.addContact(NewContact(name = "Ana Reyes"))
            kith.addContact(NewContact(name = "Ben Okafor"))
            assertEquals(2uL, kith.countContacts())
            sub.close()
        }
    }

    @Test
    fun `today's state and capture review reduce events`() {
        var state = TodayState()
        state = reduce(state, TodayEvent.Loaded(emptyList()))
        assertEquals(false, state.loading)
        state = reduce(state, TodayEvent.Failed(KithException.Busy()))
        assertEquals("Kith is busy. Try again in a moment.", state.error)

        val draft = Kith.open(dir.resolve("cards.db").toString()).use { it.readCard(listOf(app.kith.core.CardLine(text = "Ana Reyes"),
            app.kith.core.CardLine(text = "ana@acme.com"), app.kith.core.CardLine(text = "M 07700 900123")), "GB") }
        var review = CaptureReview(draft)
        assertEquals(listOf("phone[0]"), review.toCheck, "an unverified number is flagged")
        review = reduce(review, ReviewEdit.RemovePhone(0))
        review = reduce(review, ReviewEdit.Title("Head of Growth"))
        assertEquals(emptyList(), review.toCheck)
        assertEquals("Head of Growth", review.draft.title?.value)
        review = reduce(review, ReviewEdit.Name(""))
        assertEquals(true, review.canSave, "the e-mail alone still identifies the card")
    }

    @Test
    fun `reminders are planned against what is scheduled`() {
        val r = { id: String, due: String -> app.kith.core.Reminder(id, "Follow up", "x", due, null) }
        val plan = planReminders(listOf(r("a", "2026-12-01"), r("b", "2026-12-02")), mapOf("a" to "2026-12-01", "c" to "2026-11-30", "b" to "2026-11-01"))
        assertEquals(listOf("b"), plan.schedule.map { it.followUpId })
        assertEquals(setOf("c"), plan.cancel)
    }
}
