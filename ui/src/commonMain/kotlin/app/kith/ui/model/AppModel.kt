package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.setValue
import app.kith.core.Subscription
import app.kith.shared.KithRepository
import app.kith.ui.Platform
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope

/**
 * The app's one view model: the repository, the work lane, the back stack, and one model per
 * screen. The core's change events (local writes, merges, syncs from the service) bump
 * [revision]; a visible screen reloads when it changes, so a sync that lands while the person
 * looks at Today shows up there.
 */
class AppModel(
    val repository: KithRepository,
    val platform: Platform,
    scope: CoroutineScope,
    /** The UI thread's dispatcher: every state write happens there. */
    ui: CoroutineDispatcher,
    /**
     * Gives the app's sync service (the shell owns it and shuts it down); null where the app runs
     * without a network.
     */
    openSync: (() -> app.kith.core.SyncService)?,
) : AutoCloseable {
    val work = Work(scope, ui)
    val navigator = Navigator()

    var revision by mutableIntStateOf(0)
        private set

    private val subscription: Subscription = repository.onChange { work.post { revision++ } }

    val today = TodayModel(repository.kith, work)
    val capture = CaptureModel(repository, work)
    val contacts = ContactsModel(repository.kith, work)
    val contact = ContactModel(repository.kith, work)
    val meeting = MeetingModel(repository.kith, work)
    val review = ReviewModel(repository.kith, work)
    val needs = NeedsModel(repository.kith, work)
    val loops = LoopsModel(repository.kith, work)
    val drifting = DriftingModel(repository.kith, work)
    val referrals = ReferralsModel(repository.kith, work)
    val risk = RiskModel(repository.kith, work)
    val event = EventModel(repository.kith, work)
    val card = CardModel(repository.kith, work)
    val exchange = ExchangeModel(repository.kith, work, platform)
    val duplicates = DuplicatesModel(repository.kith, work)
    val sync = SyncModel(repository.kith, work, openSync)
    val settings = SettingsModel(repository.kith, work, platform)

    /** Reloads what [screen] shows. */
    fun refresh(screen: Screen) {
        when (screen) {
            is Screen.ContactDetail -> contact.load(screen.contactId)
            // A form keeps what the person typed when data changes underneath it.
            is Screen.LogMeeting, Screen.More -> Unit
            is Screen.Top -> when (screen.place) {
                Place.TODAY -> today.refresh()
                Place.CAPTURE -> capture.refresh()
                Place.CONTACTS -> contacts.refresh()
                Place.REVIEW -> review.refresh()
                Place.NEEDS -> needs.refresh()
                Place.LOOPS -> loops.refresh()
                Place.DRIFTING -> drifting.refresh()
                Place.REFERRALS -> referrals.refresh()
                Place.RISK -> risk.refresh()
                Place.EVENT -> event.refresh()
                Place.CARD -> card.refresh()
                Place.EXCHANGE -> Unit
                Place.DUPLICATES -> duplicates.refresh()
                Place.SYNC -> sync.refresh()
                Place.SETTINGS -> settings.refresh()
            }
        }
    }

    fun openContact(id: String) = navigator.push(Screen.ContactDetail(id))

    fun logMeetingWith(contactId: String) {
        meeting.start(contactId)
        navigator.push(Screen.LogMeeting(contactId))
    }

    override fun close() = subscription.cancel()
}
