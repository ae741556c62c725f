package app.kith.android

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.kith.core.KithException
import app.kith.core.PeerStatus
import app.kith.core.SyncObserver
import app.kith.shared.describe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Devices and sync. The transport lives in the core (`SyncService`: LAN, hole-punched, or the
 * account's relay); this screen shows each device's status, syncs on demand, and pairs by the
 * invite another device shows (scanned from its QR code, or pasted).
 */
@Composable
fun SyncScreen(app: KithApplication) {
    val scope = rememberCoroutineScope()
    var statuses by remember { mutableStateOf(app.sync?.statuses().orEmpty()) }
    var message by remember { mutableStateOf(if (app.sync == null) "Sync is off: no network service." else "") }
    var invite by remember { mutableStateOf("") }
    var shown by remember { mutableStateOf<String?>(null) }
    DisposableEffect(app.sync) {
        app.sync?.setObserver(object : SyncObserver {
            override fun onStatus(status: PeerStatus) {
                statuses = statuses.filter { it.deviceId != status.deviceId } + status
            }
        })
        onDispose {}
    }
    fun run(block: suspend () -> String) = scope.launch {
        message = try { withContext(Dispatchers.IO) { block() } } catch (e: KithException) { describe(e) }
    }
    Column(modifier = Modifier.padding(16.dp)) {
        statuses.forEach { s ->
            val how = if (s.reachable) "synced ${s.path}, ${s.changed} changed" else "not reached: ${s.lastError}"
            Text("${s.name}: $how")
        }
        if (message.isNotEmpty()) Text(message)
        Button(onClick = { run { "Synced with ${app.sync?.syncNow()?.count { it.reachable } ?: 0} device(s)." } }) { Text("Sync now") }
        Button(onClick = {
            run {
                val service = app.sync ?: return@run "Sync is off."
                shown = service.showPairing()
                "Paired with ${service.waitForPairing().name}."
            }
        }) { Text("Show pairing code") }
        shown?.let { QrCode(it) }
        OutlinedTextField(value = invite, onValueChange = { invite = it }, label = { Text("Invite from the other device") })
        Button(onClick = { run { "Paired with ${app.sync?.joinPairing(invite.trim())?.name}." } }) { Text("Join") }
    }
}

/** The pairing invite as a QR code for the other device's camera (ECC M, like my card). */
@Composable
fun QrCode(text: String) {
    val hints = mapOf(com.google.zxing.EncodeHintType.ERROR_CORRECTION to com.google.zxing.qrcode.decoder.ErrorCorrectionLevel.M)
    val matrix = remember(text) { com.google.zxing.qrcode.QRCodeWriter().encode(text, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0, hints) }
    androidx.compose.foundation.Canvas(Modifier.padding(8.dp).then(Modifier.size(240.dp))) {
        val cell = size.minDimension / (matrix.width + 8)
        for (y in 0 until matrix.height) for (x in 0 until matrix.width) {
            if (matrix[x, y]) drawRect(androidx.compose.ui.graphics.Color.Black, androidx.compose.ui.geometry.Offset((x + 4) * cell, (y + 4) * cell), androidx.compose.ui.geometry.Size(cell, cell))
        }
    }
    Text(text)
}
