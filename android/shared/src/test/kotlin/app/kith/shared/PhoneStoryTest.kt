package app.kith.shared

import app.kith.core.CaptureAction
import app.kith.core.ChangeReason
import app.kith.core.MeetingKind
import app.kith.core.NewFollowUp
import app.kith.core.NewMeeting
import app.kith.core.Direction
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** The phone story: a card captured at a mixer, a meeting, a follow-up, then the laptop syncs. */
class PhoneStoryTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `capture, log, follow up, then two stores converge over frames`() {
        KithRepository(dir.resolve("phone.db").toString()).use { phone ->
            KithRepository(dir.resolve("laptop.db").toString()).use { laptop ->
                val draft = phone.readCard(
                    listOf("BRIGHTWAVE LABS", "Ana Reyes", "Head of Partnerships",
                        "T +1 415 555 0132 | M (415) 555-0187", "ana.reyes@brightwave.io"),
                    "US",
                )
                assertEquals("Ana Reyes", draft.name?.full)
                val saved = phone.saveCapture(draft, metAt = "SaaStr", followUpBy = "2026-12-01", region = "US")
                assertEquals(CaptureAction.ADDED, saved.action)
                val ana = saved.contact
                assertEquals("SaaStr", ana.metEvent)
                assertEquals("2026-12-01", saved.followUp?.due)

                val meeting = phone.logMeeting(
                    NewMeeting(kind = MeetingKind.COFFEE, participants = listOf(ana.id), purpose = "two more names"),
                )
                phone.addFollowUp(
                    NewFollowUp(what = "Intro Ana to Ben", due = "2026-12-03", contactId = ana.id,
                        meetingId = meeting.id, direction = Direction.I_OWE),
                )

                val heard = mutableListOf<ChangeReason>()
                laptop.onChange { heard += it.reason }.use {
                    val responder = laptop.answerSync("phone")
                    val stats = phone.syncWith("laptop") { frame -> responder.receive(frame) }
                    responder.close()
                    assertTrue(stats.framesSent >= 1u)
                    assertTrue(ChangeReason.SYNC in heard, "the laptop's list refreshes after the sync")
                }

                val onLaptop = laptop.contact(ana.id)
                assertEquals("Ana Reyes", onLaptop.fullName)
                assertEquals(listOf(meeting.id), laptop.meetingsWith(ana.id).map { it.id })
                assertEquals(
                    phone.upcomingReminders(30).map { it.followUpId }.sorted(),
                    laptop.upcomingReminders(30).map { it.followUpId }.sorted(),
                )
                assertNotNull(laptop.search("Reyes").firstOrNull { it.id == ana.id })
            }
        }
    }
}
