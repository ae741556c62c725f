package app.kith.desktop

import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.unit.dp
import androidx.compose.ui.window.Window
import androidx.compose.ui.window.application
import androidx.compose.ui.window.rememberWindowState
import app.kith.core.defaultDatabasePath
import app.kith.shared.KithRepository
import app.kith.ui.KithApp
import app.kith.ui.model.AppModel
import kotlinx.coroutines.Dispatchers

/**
 * The laptop's Kith: a window over the same default database as the `kith` CLI (`$KITH_DB`, else
 * the platform data directory), syncing with the person's other devices while it is open.
 */
fun main(args: Array<String>) {
    val path = args.firstOrNull() ?: defaultDatabasePath()
    val repository = KithRepository(path, deviceName = "Kith on ${hostName()}")
    val service = lazy { repository.syncService() }
    application {
        val scope = rememberCoroutineScope()
        val model = remember { AppModel(repository, DesktopPlatform(), scope, Dispatchers.Main) { service.value }.also { it.sync.begin() } }
        Window(
            onCloseRequest = {
                model.close()
                if (service.isInitialized()) service.value.shutdown()
                repository.close()
                exitApplication()
            },
            title = "Kith",
            state = rememberWindowState(width = 1100.dp, height = 800.dp),
        ) {
            KithApp(model)
        }
    }
}

private fun hostName(): String = runCatching { java.net.InetAddress.getLocalHost().hostName }.getOrDefault("this computer")
