package app.kith.ui.widgets

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.RowScope
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp

/** A screen's scrolling column with its title. */
@Composable
fun Page(title: String, content: @Composable ColumnScope.() -> Unit) {
    Column(
        Modifier.fillMaxWidth().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(title, style = MaterialTheme.typography.headlineSmall)
        content()
    }
}

/** A titled group on a page. */
@Composable
fun Section(title: String, content: @Composable ColumnScope.() -> Unit) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            Text(title, style = MaterialTheme.typography.titleMedium)
            content()
        }
    }
}

/** One line of a list: a title, what it means, and its actions. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun Item(title: String, detail: String? = null, actions: @Composable RowScope.() -> Unit = {}) {
    Column(Modifier.fillMaxWidth().padding(vertical = 4.dp)) {
        Text(title, fontWeight = FontWeight.SemiBold)
        detail?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        // The actions themselves flow (spaced, wrapping on a narrow screen), not one row of them.
        FlowRow(
            horizontalArrangement = Arrangement.spacedBy(8.dp),
            verticalArrangement = Arrangement.spacedBy(4.dp),
            content = actions,
        )
    }
}

/** Shown when a list has nothing in it, so an empty screen still says something. */
@Composable
fun Empty(text: String) = Text(text, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.outline)

/** A text field whose label is what screen readers say and what tests find it by. */
@Composable
fun Field(label: String, value: String, singleLine: Boolean = true, onChange: (String) -> Unit) {
    OutlinedTextField(
        value = value,
        onValueChange = onChange,
        label = { Text(label) },
        singleLine = singleLine,
        minLines = if (singleLine) 1 else 3,
        modifier = Modifier.fillMaxWidth().semantics { contentDescription = label },
    )
}

/** A QR code from the core's modules (row by row, true dark), with its quiet zone. */
@Composable
fun Qr(width: Int, modules: List<Boolean>, label: String) {
    Canvas(Modifier.size(240.dp).background(Color.White).semantics { contentDescription = label }) {
        val cell = size.minDimension / (width + 8)
        for (i in modules.indices) {
            if (modules[i]) drawRect(Color.Black, Offset((i % width + 4) * cell, (i / width + 4) * cell), Size(cell, cell))
        }
    }
}

/** A small bar chart: one bar a value, each labelled below; the description reads the values out. */
@Composable
fun Bars(values: List<Int>, labels: List<String>, description: String) {
    val top = (values.maxOrNull() ?: 0).coerceAtLeast(1)
    val bar = MaterialTheme.colorScheme.primary
    Column(Modifier.semantics { contentDescription = description }) {
        Canvas(Modifier.fillMaxWidth().height(96.dp)) {
            val slot = size.width / values.size.coerceAtLeast(1)
            values.forEachIndexed { i, v ->
                val h = size.height * v / top
                drawRect(bar, Offset(i * slot + slot * 0.15f, size.height - h), Size(slot * 0.7f, h))
            }
        }
        Row(Modifier.fillMaxWidth()) {
            labels.forEach { Text(it, Modifier.weight(1f), style = MaterialTheme.typography.labelSmall) }
        }
    }
}

/**
 * A button. In a list, [description] names what it acts on ("Done: send the deck"), so a screen
 * reader (and a test) can tell the rows' buttons apart.
 */
@Composable
fun Action(label: String, description: String = label, primary: Boolean = false, enabled: Boolean = true, onClick: () -> Unit) {
    val modifier = Modifier.semantics { contentDescription = description }
    if (primary) {
        androidx.compose.material3.Button(onClick = onClick, enabled = enabled, modifier = modifier) { Text(label) }
    } else {
        androidx.compose.material3.OutlinedButton(onClick = onClick, enabled = enabled, modifier = modifier) { Text(label) }
    }
}

/** One choice among a few (a kind, a tier), as selectable chips. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun <T> Choice(options: List<T>, selected: T?, label: (T) -> String, onSelect: (T) -> Unit) {
    FlowRow(horizontalArrangement = Arrangement.spacedBy(6.dp)) {
        options.forEach { option ->
            androidx.compose.material3.FilterChip(
                selected = option == selected,
                onClick = { onSelect(option) },
                label = { Text(label(option)) },
            )
        }
    }
}

/** Rows a list shows before "Show more": a Today of 1,800 items at 20k contacts stays quick to lay out. */
const val LIST_STEP = 100

/**
 * A long list, [LIST_STEP] rows at a time: the rest one tap away. (The screens are scrolling
 * columns so forms and lists share a page; this keeps what a column lays out bounded.)
 */
@Composable
fun <T> Capped(items: List<T>, row: @Composable (T) -> Unit) {
    var shown by rememberSaveable { mutableIntStateOf(LIST_STEP) }
    items.take(shown).forEach { row(it) }
    if (items.size > shown) {
        Action("Show ${minOf(LIST_STEP, items.size - shown)} more of ${items.size - shown}") { shown += LIST_STEP }
    }
}
