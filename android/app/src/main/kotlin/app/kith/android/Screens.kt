package app.kith.android

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.ListItem
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.kith.core.Contact
import app.kith.core.KithException
import app.kith.core.MeetingKind
import app.kith.core.NewMeeting
import app.kith.shared.KithRepository
import app.kith.shared.TodayEvent
import app.kith.shared.TodayState
import app.kith.shared.reduce
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Every core call runs on Dispatchers.IO; screens only render state. */
@Composable
fun TodayScreen(repository: KithRepository) {
    var state by remember { mutableStateOf(TodayState()) }
    suspend fun load() {
        state = reduce(state, TodayEvent.Refresh)
        state = try {
            reduce(state, TodayEvent.Loaded(withContext(Dispatchers.IO) { repository.today() }))
        } catch (e: KithException) {
            reduce(state, TodayEvent.Failed(e))
        }
    }
    val scope = rememberCoroutineScope()
    DisposableEffect(repository) {
        // A sync or an edit elsewhere refreshes the list; closing the handle unsubscribes.
        val subscription = repository.onChange { scope.launch { load() } }
        onDispose { subscription.close() }
    }
    LaunchedEffect(Unit) { load() }
    Column {
        state.error?.let { Text(it, modifier = Modifier.padding(16.dp)) }
        LazyColumn {
            items(state.visible) { item ->
                ListItem(headlineContent = { Text(item.title) }, supportingContent = { Text(item.reason) })
            }
        }
    }
}

@Composable
fun ContactsScreen(repository: KithRepository, open: (String) -> Unit) {
    var query by remember { mutableStateOf("") }
    var contacts by remember { mutableStateOf(emptyList<Contact>()) }
    LaunchedEffect(query) { contacts = withContext(Dispatchers.IO) { repository.search(query) } }
    Column {
        OutlinedTextField(query, { query = it }, label = { Text("Search") }, modifier = Modifier.padding(16.dp))
        LazyColumn {
            items(contacts, key = { it.id }) { c ->
                ListItem(
                    headlineContent = { Text(c.fullName) },
                    supportingContent = { Text(listOfNotNull(c.title, c.organization).joinToString(" at ")) },
                    modifier = Modifier.clickable { open(c.id) },
                )
            }
        }
    }
}

@Composable
fun ContactScreen(repository: KithRepository, id: String, logMeeting: (String) -> Unit) {
    var contact by remember { mutableStateOf<Contact?>(null) }
    val scope = rememberCoroutineScope()
    LaunchedEffect(id) { contact = withContext(Dispatchers.IO) { repository.contact(id) } }
    val c = contact ?: return
    LazyColumn(modifier = Modifier.padding(16.dp)) {
        item { Text(c.fullName); Text(listOfNotNull(c.title, c.organization).joinToString(" at ")) }
        items(c.emails) { Text(it.value) }
        items(c.phones) { Text(it.e164 ?: "${it.raw} (unverified)") }
        item { Text(c.notes) }
        items(c.conflicts) { conflict ->
            Column {
                Text("Edited on two devices: ${conflict.field}")
                conflict.values.forEachIndexed { i, v ->
                    Button(onClick = {
                        scope.launch {
                            withContext(Dispatchers.IO) { repository.resolveConflict(c.id, conflict.field, i) }
                            contact = withContext(Dispatchers.IO) { repository.contact(id) }
                        }
                    }) { Text(v ?: "(empty)") }
                }
            }
        }
        item { Button(onClick = { logMeeting(c.id) }) { Text("Log meeting") } }
    }
}

@Composable
fun LogMeetingScreen(repository: KithRepository, contactId: String, done: () -> Unit) {
    var purpose by remember { mutableStateOf("") }
    var notes by remember { mutableStateOf("") }
    val scope = rememberCoroutineScope()
    Column(modifier = Modifier.padding(16.dp)) {
        OutlinedTextField(purpose, { purpose = it }, label = { Text("Purpose") })
        OutlinedTextField(notes, { notes = it }, label = { Text("Notes") })
        Button(onClick = {
            scope.launch {
                withContext(Dispatchers.IO) {
                    repository.logMeeting(NewMeeting(kind = MeetingKind.NETWORKING, participants = listOf(contactId),
                        purpose = purpose.ifBlank { null }, notes = notes.ifBlank { null }))
                }
                done()
            }
        }) { Text("Save") }
    }
}
