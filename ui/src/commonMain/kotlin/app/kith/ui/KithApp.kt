package app.kith.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.NavigationRail
import androidx.compose.material3.NavigationRailItem
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import app.kith.ui.model.AppModel
import app.kith.ui.model.Place
import app.kith.ui.model.Screen
import app.kith.ui.screens.CaptureScreen
import app.kith.ui.screens.CardScreen
import app.kith.ui.screens.ContactScreen
import app.kith.ui.screens.ContactsScreen
import app.kith.ui.screens.DriftingScreen
import app.kith.ui.screens.DuplicatesScreen
import app.kith.ui.screens.EventScreen
import app.kith.ui.screens.ExchangeScreen
import app.kith.ui.screens.LoopsScreen
import app.kith.ui.screens.MeetingScreen
import app.kith.ui.screens.NeedsScreen
import app.kith.ui.screens.ReferralsScreen
import app.kith.ui.screens.ReviewScreen
import app.kith.ui.screens.RiskScreen
import app.kith.ui.screens.SettingsScreen
import app.kith.ui.screens.SyncScreen
import app.kith.ui.screens.TodayScreen
import app.kith.ui.widgets.Page

/** Below this width the app lays out as a phone (bottom bar and More); above, a rail of every place. */
private val WIDE = 600.dp

/** Kith's whole UI, the same on the phone and the laptop. */
@Composable
fun KithApp(app: AppModel) {
    val screen = app.navigator.current
    LaunchedEffect(screen, app.revision) { app.refresh(screen) }
    MaterialTheme {
        Surface(Modifier.fillMaxSize()) {
            BoxWithConstraints {
                if (maxWidth >= WIDE) {
                    Row {
                        NavigationRail(Modifier.verticalScroll(rememberScrollState())) {
                            Place.entries.forEach { place ->
                                NavigationRailItem(
                                    selected = app.navigator.place == place && screen is Screen.Top,
                                    onClick = { app.navigator.open(place) },
                                    icon = {},
                                    label = { NavLabel(place.label) },
                                )
                            }
                        }
                        Body(app, screen, Modifier.weight(1f))
                    }
                } else {
                    Column {
                        Body(app, screen, Modifier.weight(1f))
                        NavigationBar {
                            (Place.primary.map { Screen.Top(it) } + Screen.More).forEach { target ->
                                val label = (target as? Screen.Top)?.place?.barLabel ?: "More"
                                NavigationBarItem(
                                    selected = screen == target,
                                    onClick = { if (target is Screen.Top) app.navigator.open(target.place) else app.navigator.open(Place.TODAY).also { app.navigator.push(Screen.More) } },
                                    icon = {},
                                    label = { NavLabel(label) },
                                )
                            }
                        }
                    }
                }
            }
        }
    }
}

@Composable
private fun Body(app: AppModel, screen: Screen, modifier: Modifier) {
    Column(modifier.fillMaxWidth()) {
        Row(Modifier.fillMaxWidth().padding(horizontal = 8.dp)) {
            if (app.navigator.stack.size > 1) TextButton(onClick = { app.navigator.back() }) { Text("Back") }
            if (app.work.busy) Text("Working…", Modifier.padding(12.dp), style = MaterialTheme.typography.labelSmall)
        }
        app.work.notice?.let { notice ->
            val color = if (notice.error) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.primary
            Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp)) {
                Text(
                    notice.text,
                    Modifier.weight(1f).semantics { liveRegion = LiveRegionMode.Polite },
                    color = color,
                )
                TextButton(onClick = { app.work.notice = null }, Modifier.semantics { contentDescription = "Dismiss message" }) { Text("OK") }
            }
        }
        Box(Modifier.weight(1f)) {
            when (screen) {
                is Screen.ContactDetail -> ContactScreen(app)
                is Screen.LogMeeting -> MeetingScreen(app)
                Screen.More -> MoreScreen(app)
                is Screen.Top -> when (screen.place) {
                    Place.TODAY -> TodayScreen(app)
                    Place.CAPTURE -> CaptureScreen(app)
                    Place.CONTACTS -> ContactsScreen(app)
                    Place.REVIEW -> ReviewScreen(app)
                    Place.NEEDS -> NeedsScreen(app)
                    Place.LOOPS -> LoopsScreen(app)
                    Place.DRIFTING -> DriftingScreen(app)
                    Place.REFERRALS -> ReferralsScreen(app)
                    Place.RISK -> RiskScreen(app)
                    Place.EVENT -> EventScreen(app)
                    Place.CARD -> CardScreen(app)
                    Place.EXCHANGE -> ExchangeScreen(app)
                    Place.DUPLICATES -> DuplicatesScreen(app)
                    Place.SYNC -> SyncScreen(app)
                    Place.SETTINGS -> SettingsScreen(app)
                }
            }
        }
    }
}

/** One line, cut with an ellipsis: at a large font a wrapped "Captur/e" reads worse than "Captu…". */
@Composable
private fun NavLabel(text: String) = Text(text, maxLines = 1, softWrap = false, overflow = TextOverflow.Ellipsis)

/** The phone's list of every place beyond the bottom bar. */
@Composable
private fun MoreScreen(app: AppModel) {
    Page("More") {
        Place.entries.filter { it !in Place.primary }.forEach { place ->
            TextButton(onClick = { app.navigator.open(place) }) { Text(place.label) }
        }
    }
}
