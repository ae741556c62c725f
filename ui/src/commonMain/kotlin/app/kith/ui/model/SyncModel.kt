package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.Device
import app.kith.core.Kith
import app.kith.core.PeerStatus
import app.kith.core.QrImage
import app.kith.core.SyncObserver
import app.kith.core.SyncService

/**
 * Devices and sync: pairing by QR (show an invite, or join one scanned or pasted), the paired
 * devices with revocation, each device's sync status from the core's service, and the relay.
 */
class SyncModel(private val kith: Kith, private val work: Work, private val open: (() -> SyncService)?) {
    var devices by mutableStateOf<List<Device>>(emptyList())
        private set
    var statuses by mutableStateOf<Map<String, PeerStatus>>(emptyMap())
        private set
    /** The invite this device shows while it waits for the other to join, and its QR code. */
    var invite by mutableStateOf<Pair<String, QrImage>?>(null)
        private set
    var joinText by mutableStateOf("")
    var relay by mutableStateOf("")
    var syncing by mutableStateOf(false)
        private set

    @Volatile
    private var service: SyncService? = null

    /**
     * The service, asked for on first use (binding may wait for the relay). Whoever made [open]
     * owns the service and shuts it down; this model only starts it and listens.
     */
    private fun service(): SyncService {
        service?.let { return it }
        val factory = open ?: throw app.kith.core.KithException.InvalidInput("sync", "this app runs without a network")
        return synchronized(this) {
            service ?: factory().also { s ->
                s.setObserver(object : SyncObserver {
                    override fun onStatus(status: PeerStatus) = work.post { statuses = statuses + (status.deviceId to status) }
                })
                s.start()
                service = s
            }
        }
    }

    /** Starts the service in the background (the desktop while its window is open, a phone in front). */
    fun begin() = work.aside({ service() }) {}

    fun refresh() = work.run({ kith.devices() to kith.relayUrl() }) {
        devices = it.first
        relay = it.second.orEmpty()
    }

    fun syncNow() {
        syncing = true
        work.aside({ service().syncNow() }) { all ->
            syncing = false
            statuses = statuses + all.associateBy { it.deviceId }
            refresh()
            val reached = all.count { it.reachable }
            work.notice = Notice(if (all.isEmpty()) "No device is paired yet." else "Synced with $reached of ${counted(all.size, "device")}.", error = reached == 0 && all.isNotEmpty())
        }
    }

    /** Shows an invite and waits (beside the lane) for the other device to join. */
    fun showInvite() = work.aside({
        val text = service().showPairing()
        val qr = kith.qrCode(text)
        work.post { invite = text to qr }
        service().waitForPairing()
    }) {
        invite = null
        refresh()
        work.notice = Notice("Paired with ${it.name}.", error = false)
    }

    fun join() {
        val text = joinText.trim()
        if (text.isEmpty()) return work.fail("Scan or paste the other device's invite first.")
        work.aside({ service().joinPairing(text) }) {
            joinText = ""
            refresh()
            work.notice = Notice("Paired with ${it.name}.", error = false)
        }
    }

    fun revoke(device: Device) = work.act({ kith.revokeDevice(device.id) }) {
        refresh()
        "${device.name} can no longer sync with this device."
    }

    fun saveRelay() {
        val url = relay.trim().ifBlank { null }
        work.act({ kith.setRelayUrl(url) }) { if (url == null) "Relay cleared." else "Relay saved; every paired device uses it." }
    }
}
