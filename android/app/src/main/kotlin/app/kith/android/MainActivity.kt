package app.kith.android

import android.content.Intent
import android.net.Uri
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Home
import androidx.compose.material.icons.filled.Lock
import androidx.compose.material.icons.filled.Person
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material.icons.filled.Search
import androidx.compose.foundation.layout.padding
import androidx.compose.ui.Modifier
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.runtime.LaunchedEffect

/** The screens: Today, Capture, Contacts (search) -> Contact, Log meeting, Sync; Import for shared files. */
class MainActivity : ComponentActivity() {
    /** A contact file another app opened or shared with Kith, waiting for the import preview. */
    private var shared by mutableStateOf<Uri?>(null)

    private var multicast: android.net.wifi.WifiManager.MulticastLock? = null

    // Sync while the app is in front (mDNS needs the multicast lock); WorkManager covers the rest.
    override fun onStart() {
        super.onStart()
        val wifi = applicationContext.getSystemService(android.net.wifi.WifiManager::class.java)
        multicast = wifi?.createMulticastLock("kith-mdns")?.apply { acquire() }
        (application as KithApplication).apply { inFront = true }.sync?.start()
    }

    override fun onStop() {
        (application as KithApplication).apply { inFront = false }.sync?.stop()
        multicast?.release()
        multicast = null
        super.onStop()
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        shared = sharedFile(intent)
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        shared = sharedFile(intent)
        val repository = (application as KithApplication).repository
        setContent {
            MaterialTheme {
                val nav = rememberNavController()
                val current by nav.currentBackStackEntryAsState()
                Scaffold(bottomBar = {
                    NavigationBar {
                        listOf("today" to Icons.Filled.Home, "capture" to Icons.Filled.Person,
                            "contacts" to Icons.Filled.Search, "sync" to Icons.Filled.Refresh,
                            "backup" to Icons.Filled.Lock).forEach { (route, icon) ->
                            NavigationBarItem(
                                selected = current?.destination?.route == route,
                                onClick = { nav.navigate(route) },
                                icon = { Icon(icon, contentDescription = route) },
                                label = { Text(route.replaceFirstChar { it.uppercase() }) },
                            )
                        }
                    }
                }) { padding ->
                    LaunchedEffect(shared) { if (shared != null) nav.navigate("import") }
                    NavHost(nav, startDestination = "today", modifier = Modifier.padding(padding)) {
                        composable("today") { TodayScreen(repository) }
                        composable("capture") { CaptureScreen(repository) }
                        composable("contacts") { ContactsScreen(repository) { id -> nav.navigate("contact/$id") } }
                        composable("contact/{id}") { entry ->
                            ContactScreen(repository, entry.arguments?.getString("id").orEmpty()) { id -> nav.navigate("meeting/$id") }
                        }
                        composable("meeting/{id}") { entry -> LogMeetingScreen(repository, entry.arguments?.getString("id").orEmpty()) { nav.popBackStack() } }
                        composable("sync") { SyncScreen(application as KithApplication) }
                        composable("backup") { BackupScreen(repository) }
                        composable("import") {
                            shared?.let { uri -> ImportScreen(repository, uri) { shared = null; nav.navigate("contacts") } }
                        }
                    }
                }
            }
        }
    }
}
