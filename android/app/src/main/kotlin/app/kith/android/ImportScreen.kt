package app.kith.android

import android.content.Context
import android.content.Intent
import android.net.Uri
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import app.kith.core.ImportReport
import app.kith.core.KithException
import app.kith.shared.KithRepository
import app.kith.shared.describe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** The core refuses bigger imports anyway; reading stops here so a huge share cannot exhaust memory. */
private const val MAX_SHARED_BYTES = 32 * 1024 * 1024

/** The file another app shared or opened with Kith (ACTION_SEND's stream, or ACTION_VIEW's data). */
fun sharedFile(intent: Intent?): Uri? = when (intent?.action) {
    Intent.ACTION_VIEW -> intent.data
    Intent.ACTION_SEND -> intent.getParcelableExtra(Intent.EXTRA_STREAM, Uri::class.java)
    else -> null
}

private fun readBounded(context: Context, uri: Uri): ByteArray? =
    context.contentResolver.openInputStream(uri)?.use { input ->
        val bytes = input.readNBytes(MAX_SHARED_BYTES + 1)
        bytes.takeIf { it.size <= MAX_SHARED_BYTES }
    }

/**
 * A vCard or CSV file shared to Kith: the core's preview first (who is new, who it updates, who
 * is already known, what was changed or dropped), then one tap applies it.
 */
@Composable
fun ImportScreen(repository: KithRepository, uri: Uri, onDone: () -> Unit) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    var bytes by remember { mutableStateOf<ByteArray?>(null) }
    var preview by remember { mutableStateOf<ImportReport?>(null) }
    var status by remember { mutableStateOf("Reading the file…") }
    LaunchedEffect(uri) {
        status = withContext(Dispatchers.IO) {
            val read = readBounded(context, uri) ?: return@withContext "The file is larger than 32 MB."
            try {
                preview = repository.previewImport(read)
                bytes = read
                ""
            } catch (e: KithException) {
                describe(e)
            }
        }
    }
    Column(Modifier.padding(16.dp)) {
        if (status.isNotEmpty()) Text(status)
        preview?.let { p ->
            Text("${p.added} new, ${p.updated} updated, ${p.duplicates} already known, ${p.skipped} skipped")
            LazyColumn(Modifier.weight(1f)) {
                items(p.lines) { line ->
                    val notes = line.warnings.joinToString("; ")
                    Text("${line.name}: ${line.action}" + if (notes.isEmpty()) "" else " ($notes)")
                }
            }
            Button(onClick = {
                val file = bytes ?: return@Button
                scope.launch {
                    status = withContext(Dispatchers.IO) {
                        try {
                            val done = repository.applyImport(file)
                            "Imported: ${done.added} new, ${done.updated} updated."
                        } catch (e: KithException) {
                            describe(e)
                        }
                    }
                    preview = null
                    onDone()
                }
            }) { Text("Import") }
        }
    }
}
