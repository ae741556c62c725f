package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.Direction
import app.kith.core.Kith
import app.kith.core.Settings
import app.kith.core.Tier
import app.kith.ui.Platform
import java.io.File

/** The account's defaults (region, when loops are overdue, cadence per tier), backup and a health check. */
class SettingsModel(private val kith: Kith, private val work: Work, private val platform: Platform) {
    var settings by mutableStateOf<Settings?>(null)
        private set
    var region by mutableStateOf("")
    var passphrase by mutableStateOf("")
    var health by mutableStateOf<String?>(null)
        private set

    fun refresh() = work.run({ kith.settings() to kith.defaultRegion() }) {
        settings = it.first
        region = it.second.orEmpty()
    }

    fun saveRegion() {
        val code = region.trim().uppercase()
        work.act({ kith.setDefaultRegion(code) }) { "Numbers without a country code are read as $code." }
    }

    fun setOverdue(direction: Direction, days: UInt) = work.act({ kith.setOverdueDays(direction, days) }) {
        refresh()
        "Saved."
    }

    fun setTier(tier: Tier, days: UInt) = work.act({ kith.setTierDays(tier, days) }) {
        refresh()
        "Saved."
    }

    /** Seals the store with the passphrase into a file the person then saves where they choose. */
    fun backup() {
        val secret = passphrase
        work.run({
            val sealed = File.createTempFile("kith-backup", ".age")
            try {
                kith.backup(sealed.path, secret)
                platform.saveFile("kith-backup.age", sealed.readBytes())
            } finally {
                sealed.delete()
            }
        }) { where ->
            passphrase = ""
            if (where != null) work.notice = Notice("Backup saved to $where.", error = false)
        }
    }

    fun check() = work.run({ kith.doctor(false) }) {
        health = if (it.healthy) "Healthy: ${it.docsChecked} documents checked." else "Problems: ${it.problems.joinToString("; ")}"
    }
}
