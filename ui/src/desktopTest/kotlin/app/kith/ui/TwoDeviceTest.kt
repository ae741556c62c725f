package app.kith.ui

import androidx.compose.ui.test.junit4.createComposeRule
import app.kith.core.ContactChanges
import app.kith.core.NewContact
import app.kith.core.SyncServiceOptions
import app.kith.ui.model.Place
import org.junit.After
import org.junit.Assume.assumeTrue
import org.junit.Rule
import org.junit.Test
import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** What needs a second device: a conflict to settle after merging its store, and pairing and sync. */
class TwoDeviceTest {
    @get:Rule
    val rule = createComposeRule()
    private val opened = mutableListOf<AutoCloseable>()

    @After
    fun close() = opened.asReversed().forEach { it.close() }

    private fun <T : AutoCloseable> keep(t: T) = t.also { opened += it }

    @Test
    fun `a conflict from a merged second store is settled on the contact screen`() {
        val phone = keep(Store("phone"))
        val laptop = keep(Store("laptop"))
        phone.kith.pairWith(laptop.kith)
        val ana = phone.kith.addContact(NewContact(name = "Ana Reyes"))
        phone.kith.syncWith(laptop.kith)
        phone.kith.updateContact(ana.id, ContactChanges(title = "CTO"))
        laptop.kith.updateContact(ana.id, ContactChanges(title = "VP Engineering"))
        val merged = phone.kith.mergeFile(File(laptop.dir, "laptop.db").path)
        assertTrue(merged.conflicts > 0u, "the two titles should conflict")

        rule.show(phone)
        rule.runOnIdle { phone.app.openContact(ana.id) }
        rule.settle(phone)
        rule.assertShows("Changed on two devices")
        rule.tap(phone, "Keep VP Engineering for title")
        rule.assertShows("Kept one value for title.")
        rule.assertAbsent("Changed on two devices")
        assertEquals("VP Engineering", phone.kith.contact(ana.id).title)
        assertTrue(phone.kith.conflicts().isEmpty())
    }

    @Test
    fun `two stores pair and sync through the sync screen`() {
        val kith = File(System.getProperty("kith.bin") ?: "../target/debug/kith")
        assumeTrue("skipped: the kith binary (the relay) is not built at $kith", kith.canExecute())
        val dir = kotlin.io.path.createTempDirectory("kith-relay").toFile()
        // Relay only, no mDNS: the test sees the path it asserts, on loopback, within bounds.
        val options = SyncServiceOptions(relay = null, relayOnly = true, mdns = false)
        val laptop = keep(Store("laptop") { it.kith.syncService(options) })
        val phone = keep(Store("phone"))
        val relay = ProcessBuilder(
            kith.path, "--db", File(dir, "relay.db").path, "--json", "relay", "--listen", "127.0.0.1:0",
            "--allow", phone.kith.endpointId(), "--allow", laptop.kith.endpointId(),
        ).redirectError(ProcessBuilder.Redirect.DISCARD).start()
        try {
            val url = Regex("\"relay\":\"([^\"]+)\"").find(relay.inputStream.bufferedReader().readLine())!!.groupValues[1]
            phone.kith.setRelayUrl(url)
            laptop.kith.setRelayUrl(url)
            val phoneSync = phone.kith.syncService(options)
            opened += AutoCloseable { phoneSync.shutdown() }
            phoneSync.start()
            val invite = phoneSync.showPairing()

            rule.show(laptop)
            rule.go(laptop, Place.SYNC)
            rule.type(laptop, "Invite from the other device", invite)
            rule.tap(laptop, "Join")
            rule.waitUntil(30_000) { rule.shows("Paired with phone.") }
            assertEquals("laptop", phoneSync.waitForPairing().name)

            phone.kith.addContact(NewContact(name = "Chen Wei"))
            rule.tap(laptop, "Sync now")
            rule.waitUntil(30_000) { rule.shows("Synced with 1 of 1 device.") }
            rule.assertShows("reached relay")
            rule.go(laptop, Place.CONTACTS)
            rule.assertShows("Open: Chen Wei")
        } finally {
            relay.destroy()
            relay.waitFor(10, TimeUnit.SECONDS)
            dir.deleteRecursively()
        }
    }
}
