package app.kith.shared

import app.kith.core.ContactQuery
import app.kith.core.Kith
import app.kith.core.NewContact
import app.kith.core.coreVersion
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path
import kotlin.test.assertEquals

/** Prints the FFI figures (not a pass/fail timing: these machines are shared). */
class FfiOverheadTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `per-call overhead and listing 1000 contacts`() {
        Kith.open(dir.resolve("k.db").toString()).use { kith ->
            repeat(2_000) { coreVersion() }
            val calls = 20_000
            var started = System.nanoTime()
            repeat(calls) { coreVersion() }
            val smallUs = (System.nanoTime() - started) / 1_000.0 / calls
            started = System.nanoTime()
            repeat(calls) { kith.defaultRegion() }
            val regionUs = (System.nanoTime() - started) / 1_000.0 / calls
            for (batch in 0 until 10) {
                for (i in 0 until 100) kith.addContact(NewContact(name = "Person ${batch * 100 + i}", emails = listOf("p${batch * 100 + i}@example.com")))
            }
            repeat(3) { kith.contacts(ContactQuery(limit = 1000u)) }
            val runs = 20
            started = System.nanoTime()
            repeat(runs) { assertEquals(1000, kith.contacts(ContactQuery(limit = 1000u)).size) }
            val listMs = (System.nanoTime() - started) / 1_000_000.0 / runs
            println("kotlin-ffi: small call %.2f us, default_region %.2f us, listing 1,000 contacts %.2f ms".format(smallUs, regionUs, listMs))
        }
    }
}
