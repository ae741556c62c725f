package app.kith.ui.screens

import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import app.kith.core.Direction
import app.kith.core.Tier
import app.kith.ui.model.AppModel
import app.kith.ui.model.counted
import app.kith.ui.widgets.Action
import app.kith.ui.widgets.Empty
import app.kith.ui.widgets.Field
import app.kith.ui.widgets.Item
import app.kith.ui.widgets.Page
import app.kith.ui.widgets.Qr
import app.kith.ui.widgets.Section
import java.time.Instant

/** Pairing by QR, the paired devices (and revoking one), each device's sync status, the relay. */
@Composable
fun SyncScreen(app: AppModel) {
    val model = app.sync
    Page("Devices & sync") {
        Action(if (model.syncing) "Syncing…" else "Sync now", primary = true, enabled = !model.syncing) { model.syncNow() }
        Section("Devices") {
            val others = model.devices.filter { !it.thisDevice }
            if (others.isEmpty()) Empty("No other device yet: pair one below.")
            model.devices.forEach { d ->
                val status = model.statuses[d.id]
                val state = when {
                    d.thisDevice -> "this device"
                    d.revokedAtMs != null -> "removed"
                    status == null -> d.lastSyncAtMs?.let { "last synced ${Instant.ofEpochMilli(it)}" } ?: "not synced yet"
                    status.reachable -> "reached ${status.path}, ${status.changed} changed"
                    else -> "not reached: ${status.lastError}"
                }
                Item(d.name, "$state${if (d.pending > 0u) " · ${counted(d.pending, "change")} to send" else ""}") {
                    if (!d.thisDevice && d.revokedAtMs == null) Action("Remove", "Remove ${d.name}") { model.revoke(d) }
                }
            }
        }
        Section("Pair a device") {
            val invite = model.invite
            if (invite == null) {
                Action("Show pairing code") { model.showInvite() }
            } else {
                Qr(invite.second.width.toInt(), invite.second.modules, "Pairing QR code")
                Text(invite.first)
                Text("Scan it with the other device, or paste the text there.")
            }
            // On a phone, the other device's code is scanned; on the desktop its text is pasted.
            app.platform.camera?.let { camera ->
                var scanning by remember { mutableStateOf(false) }
                if (scanning) {
                    camera({}, { scanned ->
                        scanning = false
                        model.joinText = scanned
                        model.join()
                    })
                } else {
                    Action("Scan the other device's code") { scanning = true }
                }
            }
            Field("Invite from the other device", model.joinText) { model.joinText = it }
            Action("Join") { model.join() }
        }
        Section("Relay") {
            Text("For syncing across networks: a relay you run (kith relay). Leave blank for LAN only.")
            Field("Relay URL", model.relay) { model.relay = it }
            Action("Save relay") { model.saveRelay() }
        }
    }
}

/** The account's defaults, a backup, and a health check. */
@Composable
fun SettingsScreen(app: AppModel) {
    val model = app.settings
    Page("Settings") {
        Section("Phone numbers") {
            Field("Default region (e.g. US, FR)", model.region) { model.region = it }
            Action("Save region") { model.saveRegion() }
        }
        model.settings?.let { s ->
            Section("Loops are overdue after") {
                DaysField("Days for what I owe", s.iOweOverdueDays.toString(), app.work::fail) { model.setOverdue(Direction.I_OWE, it) }
                DaysField("Days for what they owe", s.theyOweOverdueDays.toString(), app.work::fail) { model.setOverdue(Direction.THEY_OWE, it) }
            }
            Section("Keep in touch every") {
                DaysField("Days for close contacts", s.closeDays.toString(), app.work::fail) { model.setTier(Tier.CLOSE, it) }
                DaysField("Days for regular contacts", s.regularDays.toString(), app.work::fail) { model.setTier(Tier.REGULAR, it) }
                DaysField("Days for occasional contacts", s.occasionalDays.toString(), app.work::fail) { model.setTier(Tier.OCCASIONAL, it) }
            }
        }
        Section("Backup") {
            Field("Backup passphrase", model.passphrase) { model.passphrase = it }
            Action("Save a backup") { model.backup() }
        }
        Section("Health") {
            Action("Check the store") { model.check() }
            model.health?.let { Text(it) }
        }
    }
}

@Composable
private fun DaysField(label: String, current: String, fail: (String) -> Unit, save: (UInt) -> Unit) {
    var text by remember(current) { mutableStateOf(current) }
    Field(label, text) { text = it }
    Action("Save", "Save: $label") { text.trim().toUIntOrNull()?.let(save) ?: fail("$label: type a whole number of days.") }
}
