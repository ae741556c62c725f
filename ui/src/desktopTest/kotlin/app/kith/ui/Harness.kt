package app.kith.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.size
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.test.SemanticsNodeInteraction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.ComposeContentTestRule
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextClearance
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.unit.dp
import app.kith.core.CardLine
import app.kith.shared.KithRepository
import app.kith.ui.model.AppModel
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import java.io.File
import java.nio.file.Files

/** The file the person "picks" in a test, and the files the app "saves". */
class TestPlatform : Platform {
    var next: PickedFile? = null
    val saved = mutableMapOf<String, ByteArray>()

    override fun openFile(): PickedFile? = next

    override fun saveFile(name: String, bytes: ByteArray): String {
        saved[name] = bytes
        return "test:$name"
    }

    override val camera: (@Composable (onLines: (List<CardLine>) -> Unit, onQr: (String) -> Unit) -> Unit)? = null
}

/** A real store in a temporary folder, with the app's model over it. */
class Store(name: String = "phone", sync: ((KithRepository) -> app.kith.core.SyncService)? = null) : AutoCloseable {
    val dir: File = Files.createTempDirectory("kith-ui").toFile()
    val repository = KithRepository(File(dir, "$name.db").path, name)
    val kith get() = repository.kith
    val platform = TestPlatform()
    private val scope = CoroutineScope(SupervisorJob())
    private val service = lazy { sync?.invoke(repository) }
    val app = AppModel(repository, platform, scope, kotlinx.coroutines.Dispatchers.Main, sync?.let { { service.value!! } })

    override fun close() {
        app.close()
        if (service.isInitialized()) service.value?.shutdown()
        scope.cancel()
        repository.close()
        dir.deleteRecursively()
    }
}

/** Phone-sized unless told otherwise, so the bottom bar and More are what is tested. */
fun ComposeContentTestRule.show(store: Store, width: Int = 400, height: Int = 860) {
    setContent { Box(Modifier.size(width.dp, height.dp)) { KithApp(store.app) } }
    settle(store)
}

/** Waits until every queued core call has finished and the screen has recomposed. */
fun ComposeContentTestRule.settle(store: Store) {
    waitForIdle()
    waitUntil(20_000) { store.app.work.idle }
    waitForIdle()
}

fun ComposeContentTestRule.node(label: String): SemanticsNodeInteraction =
    onNodeWithContentDescription(label).performScrollTo()

fun ComposeContentTestRule.tap(store: Store, label: String) {
    node(label).performClick()
    settle(store)
}

fun ComposeContentTestRule.type(store: Store, label: String, text: String) {
    node(label).performTextClearance()
    node(label).performTextInput(text)
    settle(store)
}

/** True once some node shows [text] (or is described by it), scrolled into the tree or not. */
fun ComposeContentTestRule.shows(text: String, substring: Boolean = true): Boolean =
    onAllNodes(hasText(text, substring = substring) or hasContentDescription(text, substring = substring), useUnmergedTree = true)
        .fetchSemanticsNodes().isNotEmpty()

fun ComposeContentTestRule.assertShows(text: String) = check(shows(text)) { "the screen does not show \"$text\"" }

fun ComposeContentTestRule.assertAbsent(text: String) = check(!shows(text)) { "the screen still shows \"$text\"" }

/** Opens [place] as its navigation would (the navigation itself is tested in NavigationTest). */
fun ComposeContentTestRule.go(store: Store, place: app.kith.ui.model.Place) {
    runOnIdle { store.app.navigator.open(place) }
    settle(store)
}
