package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue

/**
 * The top-level places, in the order the navigation lists them. [barLabel] is the word a phone's
 * bottom bar shows: five items share its width, and "Weekly review" came out as "Weekly r…".
 */
enum class Place(val label: String, val barLabel: String = label) {
    TODAY("Today"),
    CAPTURE("Capture"),
    CONTACTS("Contacts"),
    REVIEW("Weekly review", "Review"),
    NEEDS("Needs"),
    LOOPS("Loops"),
    DRIFTING("Drifting"),
    REFERRALS("Referrals"),
    RISK("Network risk"),
    EVENT("Event"),
    CARD("My card"),
    EXCHANGE("Import & export"),
    DUPLICATES("Duplicates"),
    SYNC("Devices & sync"),
    SETTINGS("Settings"),
    ;

    companion object {
        /** What a phone's bottom bar holds; the rest are one tap away under More. */
        val primary = listOf(TODAY, CAPTURE, CONTACTS, REVIEW)
    }
}

/** One screen on the back stack. */
sealed interface Screen {
    data class Top(val place: Place) : Screen
    data class ContactDetail(val contactId: String) : Screen
    data class LogMeeting(val contactId: String) : Screen
    /** The phone's list of every place not in the bottom bar. */
    data object More : Screen
}

/** A back stack: the top-level place at its root, detail screens above it. */
class Navigator {
    var stack: List<Screen> by mutableStateOf(listOf(Screen.Top(Place.TODAY)))
        private set

    val current: Screen get() = stack.last()

    val place: Place? get() = stack.filterIsInstance<Screen.Top>().lastOrNull()?.place

    fun open(place: Place) {
        stack = listOf(Screen.Top(place))
    }

    fun push(screen: Screen) {
        stack = stack + screen
    }

    /** False when there is nothing to go back to (the shell then leaves the app). */
    fun back(): Boolean {
        if (stack.size <= 1) return false
        stack = stack.dropLast(1)
        return true
    }
}
