package app.kith.android

import android.content.Context
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import app.kith.shared.FrameTransport
import app.kith.shared.KithRepository
import com.google.android.gms.nearby.Nearby
import com.google.android.gms.nearby.connection.Payload
import com.google.android.gms.nearby.connection.PayloadCallback
import com.google.android.gms.nearby.connection.PayloadTransferUpdate
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Carries sync frames over an established Nearby Connections endpoint. `exchange` blocks until
 * the peer's answer arrives; an empty payload means the peer has finished.
 */
class NearbyTransport(context: Context, private val endpoint: String) : FrameTransport {
    private val client = Nearby.getConnectionsClient(context)
    private val answers = LinkedBlockingQueue<ByteArray>()

    val callback = object : PayloadCallback() {
        override fun onPayloadReceived(endpointId: String, payload: Payload) {
            if (endpointId == endpoint) payload.asBytes()?.let(answers::put)
        }

        override fun onPayloadTransferUpdate(endpointId: String, update: PayloadTransferUpdate) {}
    }

    override fun exchange(frame: ByteArray): ByteArray? {
        client.sendPayload(endpoint, Payload.fromBytes(frame))
        val answer = answers.poll(30, TimeUnit.SECONDS) ?: error("the other device stopped answering")
        return answer.takeIf { it.isNotEmpty() }
    }
}

@Composable
fun SyncScreen(repository: KithRepository) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    var status by remember { mutableStateOf("Bring the other device close and tap Sync.") }
    Column(modifier = Modifier.padding(16.dp)) {
        Text(status)
        Button(onClick = {
            scope.launch {
                // Discovery and connection (Nearby's advertise/discover, accepted after the
                // pairing QR code was scanned) hand over the endpoint id; frames then flow here.
                val endpoint = NearbyEndpoints.connected(context) ?: run { status = "No paired device nearby."; return@launch }
                val stats = withContext(Dispatchers.IO) { repository.syncWith(endpoint.peerDeviceId, NearbyTransport(context, endpoint.id)).stats }
                status = "Synced: ${stats.framesSent} frames sent, ${stats.entitiesChanged} changes received."
            }
        }) { Text("Sync") }
    }
}

/** The endpoint Nearby Connections connected to, with the paired device id it announced. */
data class Endpoint(val id: String, val peerDeviceId: String)

object NearbyEndpoints {
    @Volatile
    private var current: Endpoint? = null

    fun remember(endpoint: Endpoint) {
        current = endpoint
    }

    fun connected(@Suppress("UNUSED_PARAMETER") context: Context): Endpoint? = current
}
