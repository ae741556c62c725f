package app.kith.desktop

import androidx.compose.runtime.Composable
import app.kith.core.CardLine
import app.kith.ui.PickedFile
import app.kith.ui.Platform
import java.awt.FileDialog
import java.awt.Frame
import java.io.File

/** The desktop's means: the system file dialog; no camera (card text is pasted). */
class DesktopPlatform : Platform {
    override fun openFile(): PickedFile? {
        val dialog = FileDialog(null as Frame?, "Import contacts", FileDialog.LOAD)
        dialog.isVisible = true
        val name = dialog.file ?: return null
        val file = File(dialog.directory, name)
        return PickedFile(file.name, file.readBytes())
    }

    override fun saveFile(name: String, bytes: ByteArray): String? {
        val dialog = FileDialog(null as Frame?, "Save", FileDialog.SAVE)
        dialog.file = name
        dialog.isVisible = true
        val chosen = dialog.file ?: return null
        val file = File(dialog.directory, chosen)
        // Written beside, then moved over: a cancelled or failed write never leaves half a file.
        val partial = File(file.parentFile, ".${file.name}.partial")
        partial.writeBytes(bytes)
        if (!partial.renameTo(file)) {
            partial.delete()
            throw java.io.IOException("cannot write $file")
        }
        return file.path
    }

    override val camera: (@Composable (onLines: (List<CardLine>) -> Unit, onQr: (String) -> Unit) -> Unit)? = null
}
