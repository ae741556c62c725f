package app.kith.android

import android.net.Uri
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import app.kith.core.KithException
import app.kith.shared.KithRepository
import app.kith.shared.describe
import java.io.File
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The backup that survives a lost phone: the core seals the store into app-private storage,
 * then the system file picker (`CreateDocument`) lets the user keep it where they choose (a
 * drive folder, a USB stick). The sealed file is deleted from the cache once copied.
 */
@Composable
fun BackupScreen(repository: KithRepository) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    var passphrase by remember { mutableStateOf("") }
    var status by remember { mutableStateOf("") }
    val picker = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { uri: Uri? ->
        if (uri == null) return@rememberLauncherForActivityResult
        scope.launch {
            status = withContext(Dispatchers.IO) {
                val sealed = File(context.cacheDir, "kith.backup")
                try {
                    val bytes = repository.backup(sealed.path, passphrase)
                    context.contentResolver.openOutputStream(uri)?.use { out -> sealed.inputStream().use { it.copyTo(out) } }
                    "Backed up ($bytes bytes). Keep the passphrase: nothing opens the file without it."
                } catch (e: KithException) {
                    describe(e)
                } finally {
                    sealed.delete()
                }
            }
        }
    }
    Column(Modifier.padding(16.dp)) {
        OutlinedTextField(
            value = passphrase,
            onValueChange = { passphrase = it },
            label = { Text("Passphrase (10 characters or more)") },
            visualTransformation = PasswordVisualTransformation(),
        )
        Button(onClick = { picker.launch("kith.backup") }, enabled = passphrase.length >= 10) { Text("Back up to a file") }
        Text(status)
    }
}
