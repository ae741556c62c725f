package app.kith.android

import android.content.Intent
import android.net.Uri
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.OnBackPressedCallback
import androidx.activity.compose.setContent
import androidx.lifecycle.lifecycleScope
import app.kith.ui.KithApp
import app.kith.ui.android.AndroidPlatform
import app.kith.ui.model.AppModel
import app.kith.ui.model.Place
import kotlinx.coroutines.Dispatchers
import kotlin.concurrent.thread

/**
 * The phone's window onto the shared UI (`ui/`, the same screens as the desktop app). The
 * activity keeps only what is Android's: the multicast lock mDNS needs while in front, the back
 * gesture, and files other apps share or open with Kith.
 */
class MainActivity : ComponentActivity() {
    private lateinit var platform: AndroidPlatform
    private lateinit var model: AppModel
    private var multicast: android.net.wifi.WifiManager.MulticastLock? = null

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val app = application as KithApplication
        platform = AndroidPlatform(this)
        // The service is the application's (it outlives this activity); the model borrows it.
        model = AppModel(app.repository, platform, lifecycleScope, Dispatchers.Main) { app.awaitSync() }
        onBackPressedDispatcher.addCallback(this, object : OnBackPressedCallback(true) {
            override fun handleOnBackPressed() {
                if (!model.navigator.back()) finish()
            }
        })
        offer(intent)
        setContent { KithApp(model) }
    }

    // Sync while the app is in front (mDNS needs the multicast lock); WorkManager covers the rest.
    override fun onStart() {
        super.onStart()
        val wifi = applicationContext.getSystemService(android.net.wifi.WifiManager::class.java)
        multicast = wifi?.createMulticastLock("kith-mdns")?.apply { acquire() }
        (application as KithApplication).apply { inFront = true }.sync?.start()
    }

    override fun onStop() {
        val app = application as KithApplication
        app.inFront = false
        app.sync?.stop()
        // Going behind is the phone's idle time: fold grown document histories (writes leave it).
        thread(name = "kith-maintain") { runCatching { app.repository.kith.maintain(16u) } }
        multicast?.release()
        multicast = null
        super.onStop()
    }

    override fun onDestroy() {
        model.close()
        super.onDestroy()
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        offer(intent)
    }

    /** A contact file another app opened or shared with Kith goes to the import preview. */
    private fun offer(intent: Intent?) {
        val uri = sharedFile(intent) ?: return
        model.navigator.open(Place.EXCHANGE)
        thread(name = "kith-read-shared") { platform.read(uri)?.let(model.exchange::offer) }
    }

    private fun sharedFile(intent: Intent?): Uri? = when (intent?.action) {
        Intent.ACTION_VIEW -> intent.data
        Intent.ACTION_SEND -> intent.getParcelableExtra(Intent.EXTRA_STREAM, Uri::class.java)
        else -> null
    }
}
