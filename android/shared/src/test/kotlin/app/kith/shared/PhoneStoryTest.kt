package app.kith.shared

import app.kith.core.CaptureAction
import app.kith.core.ChangeReason
import app.kith.core.ContactQuery
import app.kith.core.Direction
import app.kith.core.KithException
import app.kith.core.MeetingKind
import app.kith.core.NewContact
import app.kith.core.NewFollowUp
import app.kith.core.NewMeeting
import app.kith.core.ReferralStatus
import app.kith.core.TodayKind
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/**
 * The phone story through the generated bindings: a card captured at a mixer, the phone and the
 * laptop paired by code (frames carried by the test, as a transport would), sealed syncs both
 * ways, the networking method on the phone, and a revoked laptop refused.
 */
class PhoneStoryTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `capture, pair by code, sync sealed frames, the method, then revoke`() {
        KithRepository(dir.resolve("phone.db").toString(), "phone").use { phone ->
            KithRepository(dir.resolve("laptop.db").toString(), "laptop").use { laptop ->
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
                assertNotNull(ana.metOn, "a capture records the day we met")

                // Pairing: the phone shows a code, the laptop joins with it.
                val shown = phone.showPairing()
                val code = assertNotNull(shown.code())
                assertTrue(laptop.joinPairing(code) { frame -> phone.answerPairing(shown, frame) })
                assertTrue(shown.isComplete())
                assertEquals("laptop", shown.peer()?.name)

                // Sealed sync, phone -> laptop.
                val heard = mutableListOf<ChangeReason>()
                laptop.onChange { heard += it.reason }.use {
                    laptop.answerSync().use { responder ->
                        val report = phone.syncWith(laptop.deviceId()) { frame -> responder.receive(frame) }
                        assertTrue(report.complete)
                    }
                    assertTrue(ChangeReason.SYNC in heard, "the laptop's list refreshes after the sync")
                }
                assertEquals("Ana Reyes", laptop.contact(ana.id).fullName)

                // On the laptop: a networking meeting with Ben, two names gained, a need, a loop, a referral.
                val ben = laptop.kith.addContact(NewContact(name = "Ben Okafor", organization = "Volta"))
                val meeting = laptop.kith.logMeetingFromTemplate(
                    NewMeeting(kind = MeetingKind.NETWORKING, participants = listOf(ben.id)),
                )
                val gained = laptop.kith.addNamesGained(meeting.id, listOf("Chen Wei", "Dana Levi"), null)
                assertEquals(2, gained.size)
                laptop.kith.addNeed(ben.id, "a battery engineer", null)
                laptop.addFollowUp(NewFollowUp(what = "Send Ben the deck", due = "2020-01-10", contactId = ben.id,
                    direction = Direction.I_OWE))
                val referral = laptop.kith.addReferral(gained[0].contactId, ben.id, null, null)
                laptop.kith.updateReferral(referral, ReferralStatus.HIRED, "started in May")

                laptop.answerSync().use { responder ->
                    assertTrue(phone.syncWith(laptop.deviceId()) { frame -> responder.receive(frame) }.complete)
                }

                // The phone sees all of it.
                val today = phone.today()
                assertTrue(today.any { it.kind == TodayKind.NAME_TO_CONTACT }, "names gained wait on Today")
                val matches = phone.kith.matchNeeds("job lead: battery engineers at Volta")
                assertEquals(ben.id, matches.first().need.contactId)
                assertTrue(phone.kith.openLoops().any { it.overdue && it.followUp.contactId == ben.id })
                assertEquals(ReferralStatus.HIRED, phone.kith.referrals().single().status)
                val risk = phone.kith.networkRisk(5u)
                assertEquals("Ben Okafor", risk.hanging.first().name, "the network hangs on the introducer")
                assertEquals(2u, phone.kith.weeklyReview().namesGained)

                // The phone revokes the laptop: the laptop's next sync is refused, nothing moves.
                phone.kith.revokeDevice(laptop.deviceId())
                laptop.kith.addContact(NewContact(name = "After Revocation"))
                assertFailsWith<KithException.Refused> {
                    laptop.syncWith(phone.deviceId()) { frame -> phone.answerSync().use { it.receive(frame) } }
                }
                assertTrue(phone.kith.contacts(ContactQuery(search = "Revocation")).isEmpty())
            }
        }
    }
}
