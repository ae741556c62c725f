package app.kith.shared

import app.kith.core.ContactQuery
import app.kith.core.NewContact
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * Two phones pair by invite and sync through the core's sync service over a relay on loopback
 * (`kith relay`, admitting only their endpoints), with direct paths disabled. The relay process
 * is stopped by its id.
 */
class SyncServiceTest {
    @TempDir
    lateinit var dir: Path

    private val kith = File(System.getProperty("kith.bin") ?: "../../target/debug/kith")

    @Test
    fun `two phones sync through the relay with no address typed`() {
        assumeTrue(kith.canExecute(), "the kith binary is not built at $kith")
        KithRepository(dir.resolve("phone.db").toString(), "phone").use { phone ->
            KithRepository(dir.resolve("laptop.db").toString(), "laptop").use { laptop ->
                val relay = ProcessBuilder(
                    kith.path, "--db", dir.resolve("relay.db").toString(), "--json", "relay", "--listen", "127.0.0.1:0",
                    "--allow", phone.kith.endpointId(), "--allow", laptop.kith.endpointId(),
                ).redirectError(ProcessBuilder.Redirect.DISCARD).start()
                try {
                    val url = Regex("\"relay\":\"([^\"]+)\"").find(relay.inputStream.bufferedReader().readLine())!!.groupValues[1]
                    phone.kith.setRelayUrl(url)
                    laptop.kith.setRelayUrl(url)
                    val phoneSync = phone.syncService(relayOnly = true, mdns = false)
                    val laptopSync = laptop.syncService(relayOnly = true, mdns = false)
                    phoneSync.start()
                    val invite = phoneSync.showPairing()
                    assertEquals("phone", laptopSync.joinPairing(invite).name)
                    assertEquals("laptop", phoneSync.waitForPairing().name)

                    phone.kith.addContact(NewContact(name = "Ana Reyes"))
                    laptop.kith.addContact(NewContact(name = "Ben Okafor"))
                    val status = laptopSync.syncNow().single()
                    assertTrue(status.reachable)
                    assertEquals("relay", status.path)
                    val names = { r: KithRepository -> r.search("").map { it.fullName }.sorted() }
                    assertEquals(listOf("Ana Reyes", "Ben Okafor"), names(phone))
                    assertEquals(names(phone), names(laptop))
                    phoneSync.stop()
                    phoneSync.shutdown()
                    laptopSync.shutdown()
                } finally {
                    relay.destroy()
                    relay.waitFor(10, TimeUnit.SECONDS)
                }
            }
        }
    }
}
