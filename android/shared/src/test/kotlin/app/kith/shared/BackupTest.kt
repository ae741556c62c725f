package app.kith.shared

import app.kith.core.KithException
import app.kith.core.NewContact
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** The lost-phone story through the repository: back up, restore on a new phone, pair again. */
class BackupTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `a backup restores on a new phone that then pairs again`() {
        val file = dir.resolve("kith.backup").toString()
        KithRepository(dir.resolve("phone.db").toString(), "phone").use { phone ->
            KithRepository(dir.resolve("laptop.db").toString(), "laptop").use { laptop ->
                phone.kith.pairWith(laptop.kith)
                val ana = phone.kith.addContact(NewContact(name = "Ana Reyes"))
                assertTrue(phone.backup(file, "correct horse battery") > 0)
                assertFailsWith<KithException.InvalidInput> { phone.backup(file, "short") }
                assertFailsWith<KithException.InvalidInput> {
                    KithRepository.restore(file, "wrong passphrase!", dir.resolve("x.db").toString())
                }
                KithRepository.restore(file, "correct horse battery", dir.resolve("new.db").toString()).use { restored ->
                    assertEquals("Ana Reyes", restored.contact(ana.id).fullName)
                    assertTrue(restored.lostPairing(), "a new device of the account asks to pair again")
                    restored.kith.pairWith(laptop.kith)
                    assertTrue(!restored.lostPairing())
                }
            }
        }
    }
}
