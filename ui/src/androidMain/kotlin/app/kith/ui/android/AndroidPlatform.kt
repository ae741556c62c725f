package app.kith.ui.android

import android.net.Uri
import androidx.activity.ComponentActivity
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.runtime.Composable
import app.kith.core.CardLine
import app.kith.ui.PickedFile
import app.kith.ui.Platform
import java.util.concurrent.CompletableFuture

/** The core refuses bigger imports anyway; reading stops here so a huge file cannot exhaust memory. */
private const val MAX_FILE_BYTES = 32 * 1024 * 1024

/**
 * Android's means: the system document picker (Storage Access Framework, no storage permission)
 * and the CameraX + ML Kit camera. Register it in the activity's `onCreate` (result launchers
 * must exist before the activity starts); the shared screens call it off the main thread and
 * wait for the person's choice.
 */
class AndroidPlatform(private val activity: ComponentActivity) : Platform {
    private var opened: CompletableFuture<Uri?>? = null
    private var created: CompletableFuture<Uri?>? = null

    private val open = activity.registerForActivityResult(ActivityResultContracts.OpenDocument()) { opened?.complete(it) }
    private val create = activity.registerForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { created?.complete(it) }

    override fun openFile(): PickedFile? {
        val answer = CompletableFuture<Uri?>().also { opened = it }
        activity.runOnUiThread { open.launch(arrayOf("text/vcard", "text/x-vcard", "text/directory", "text/csv", "text/comma-separated-values", "text/plain")) }
        val uri = answer.get() ?: return null
        return read(uri)
    }

    /** A file handed to Kith by another app (VIEW or SEND intent), read within the same bound. */
    fun read(uri: Uri): PickedFile? {
        val bytes = activity.contentResolver.openInputStream(uri)?.use { it.readNBytes(MAX_FILE_BYTES + 1) } ?: return null
        if (bytes.size > MAX_FILE_BYTES) throw java.io.IOException("the file is larger than 32 MB")
        return PickedFile(uri.lastPathSegment ?: "shared file", bytes)
    }

    override fun saveFile(name: String, bytes: ByteArray): String? {
        val answer = CompletableFuture<Uri?>().also { created = it }
        activity.runOnUiThread { create.launch(name) }
        val uri = answer.get() ?: return null
        activity.contentResolver.openOutputStream(uri, "wt")?.use { it.write(bytes) } ?: throw java.io.IOException("cannot write $uri")
        return uri.toString()
    }

    override val camera: (@Composable (onLines: (List<CardLine>) -> Unit, onQr: (String) -> Unit) -> Unit) =
        { onLines, onQr -> CardCamera(onLines, onQr) }
}
