package app.kith.ui

import androidx.compose.runtime.Composable
import app.kith.core.CardLine

/** A file the person picked to import. */
class PickedFile(val name: String, val bytes: ByteArray)

/**
 * What only the shell can do. The shared screens ask for it here; each shell fills it with its
 * platform's own means (the desktop's file dialog, Android's document picker and camera).
 */
interface Platform {
    /** Asks for a file to import; null when the person cancels. Called off the UI thread. */
    fun openFile(): PickedFile?

    /** Asks where to save [bytes] (suggesting [name]); returns where it went, null when cancelled. */
    fun saveFile(name: String, bytes: ByteArray): String?

    /**
     * The camera view that reads a card (text lines with their boxes) or a QR code, where the
     * device has a camera; null on the desktop, where card text is pasted.
     */
    val camera: (@Composable (onLines: (List<CardLine>) -> Unit, onQr: (String) -> Unit) -> Unit)?
}
