package app.kith.shared

import app.kith.core.BulkAction
import app.kith.core.ContactQuery
import app.kith.core.KithException
import app.kith.core.MyCard
import app.kith.core.Selection
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** The exchange at a mixer on the phone: hand over my card, run the event, take a shared file. */
class ExchangeTest {
    @TempDir
    lateinit var dir: Path

    private val ana = MyCard(
        fullName = "Ana Reyes", given = "Ana", family = "Reyes", title = "Head of Partnerships",
        organization = "Brightwave Labs", emails = listOf("ana@brightwave.io"),
        phones = listOf("+1 415 555 0132"), websites = listOf("brightwave.io"), address = null, note = null,
    )

    @Test
    fun `my card is scanned by the other phone and the event tags what I capture`() {
        KithRepository(dir.resolve("me.db").toString(), "me").use { me ->
            KithRepository(dir.resolve("them.db").toString(), "them").use { them ->
                me.setCard("professional", ana)
                assertEquals(listOf("professional"), me.cardProfiles())
                val payload = me.cardPayload("professional")
                assertEquals("M", payload.qrEcc)
                assertTrue(payload.qrVersion <= 11)
                assertEquals((payload.qrWidth * payload.qrWidth).toInt(), payload.qrModules.size)
                val scanned = them.readQr(payload.qrText)
                assertEquals("Ana Reyes", scanned.name?.full)
                assertEquals("+14155550132", scanned.phones.first().raw)

                them.startEvent("SaaStr", "San Mateo")
                val saved = them.saveCapture(scanned, metAt = null, followUpBy = null, region = "US").contact
                assertEquals("SaaStr", saved.metEvent)
                assertEquals("San Mateo", saved.metPlace)
                assertEquals(listOf("Ana Reyes"), them.eventReview().people.map { it.contact.fullName })
                assertEquals("SaaStr", them.stopEvent()?.name)
                assertNull(them.currentEvent())
                assertFailsWith<KithException.InvalidInput> { me.setCard("professional", ana.copy(emails = listOf("nope"))) }
            }
        }
    }

    @Test
    fun `a shared vCard file is previewed then imported and bulk-tagged`() {
        KithRepository(dir.resolve("phone.db").toString(), "phone").use { phone ->
            val file = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Okafor\r\nEMAIL:ben@brightwave.io\r\nEND:VCARD\r\n" +
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chen Wei\r\nORG:Globex\r\nEND:VCARD\r\n"
            val preview = phone.previewImport(file.toByteArray())
            assertEquals(2u, preview.added)
            assertEquals(0uL, phone.kith.countContacts(), "a preview writes nothing")
            phone.applyImport(file.toByteArray())
            val all = Selection.Query(ContactQuery(search = null, tag = null, event = null, organization = null, deleted = false, limit = 50u, offset = 0u))
            val report = phone.bulk(all, BulkAction.AddTags(listOf("imported")))
            assertEquals(2u, report.changed)
            assertEquals(0u, phone.bulk(all, BulkAction.AddTags(listOf("imported"))).changed)
        }
    }
}
