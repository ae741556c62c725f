package app.kith.shared

import app.kith.core.BulkAction
import app.kith.core.BulkReport
import app.kith.core.CaptureOptions
import app.kith.core.CardPayload
import app.kith.core.EventReview
import app.kith.core.EventSession
import app.kith.core.ImportReport
import app.kith.core.MyCard
import app.kith.core.Selection
import app.kith.core.CaptureOutcome
import app.kith.core.CardLine
import app.kith.core.ChangeEvent
import app.kith.core.ChangeListener
import app.kith.core.Contact
import app.kith.core.ContactQuery
import app.kith.core.Draft
import app.kith.core.FollowUp
import app.kith.core.Kith
import app.kith.core.Meeting
import app.kith.core.NewFollowUp
import app.kith.core.NewMeeting
import app.kith.core.Reminder
import app.kith.core.Subscription
import app.kith.core.Pairing
import app.kith.core.SyncReport
import app.kith.core.SyncService
import app.kith.core.SyncServiceOptions
import app.kith.core.SyncSession
import app.kith.core.TodayItem

/** Carries one frame to the other device and returns its answer (null: it has finished). */
fun interface FrameTransport {
    fun exchange(frame: ByteArray): ByteArray?
}

/**
 * The one door the screens use to reach the core. Every call blocks: the Android shell calls it
 * from `Dispatchers.IO`, the iOS shell from a background task. Owns the [Kith] handle and closes
 * it with [close].
 */
class KithRepository private constructor(
    /** The core itself, for screens that need a capability this door does not wrap. */
    val kith: Kith,
) : AutoCloseable {
    constructor(path: String, deviceName: String = "Kith phone") : this(Kith.open(path, null, deviceName))

    companion object {
        /** A new phone from a backup the user picked (copied to [backup] first): pair it again. */
        fun restore(backup: String, passphrase: String, path: String, deviceName: String = "Kith phone") =
            KithRepository(Kith.restoreBackup(backup, passphrase, path, false, null, deviceName))
    }

    fun readCard(lines: List<String>, region: String?): Draft =
        kith.readCard(lines.map { CardLine(text = it) }, region)

    fun readOcr(lines: List<CardLine>, region: String?): Draft = kith.readCard(lines, region)

    fun readQr(payload: String): Draft = kith.readQr(payload)

    fun saveCapture(draft: Draft, metAt: String?, followUpBy: String?, region: String?): CaptureOutcome =
        kith.saveCapture(draft, CaptureOptions(region = region, metAt = metAt, followUpBy = followUpBy))

    /** A file shared to the app (vCard, CSV): first what it would do, then on confirm apply it. */
    fun previewImport(bytes: ByteArray): ImportReport = kith.importContacts(bytes, null, true, null, null)

    fun applyImport(bytes: ByteArray): ImportReport = kith.importContacts(bytes, null, false, null, null)

    /** My card: the profile the person hands over at this exchange, as a QR code and a .vcf. */
    fun setCard(profile: String, card: MyCard): MyCard = kith.setCard(profile, card)

    fun cardProfiles(): List<String> = kith.cardProfiles()

    fun cardPayload(profile: String): CardPayload = kith.cardPayload(profile)

    /** "I'm at this event today": captures and added contacts are met there until the day ends. */
    fun startEvent(name: String, place: String?): EventSession = kith.startEvent(name, place, null)

    fun currentEvent(): EventSession? = kith.currentEvent()

    fun stopEvent(): EventSession? = kith.stopEvent()

    fun eventReview(): EventReview = kith.eventReview(null)

    fun bulk(selection: Selection, action: BulkAction): BulkReport = kith.bulk(selection, action)

    /** The core's sync service (LAN, hole-punched, or the account's relay); close it before [close]. */
    fun syncService(relayOnly: Boolean = false, mdns: Boolean = true): SyncService =
        kith.syncService(SyncServiceOptions(relay = null, relayOnly = relayOnly, mdns = mdns))

    fun today(): List<TodayItem> = kith.today()

    fun search(text: String, limit: Int = 50): List<Contact> =
        kith.contacts(ContactQuery(search = text.ifBlank { null }, limit = limit.toUInt()))

    fun contact(id: String): Contact = kith.contact(id)

    fun meetingsWith(contactId: String): List<Meeting> = kith.meetingsWith(contactId)

    fun logMeeting(meeting: NewMeeting): Meeting = kith.logMeeting(meeting)

    fun addFollowUp(followUp: NewFollowUp): FollowUp = kith.addFollowUp(followUp)

    fun upcomingReminders(days: Int): List<Reminder> = kith.upcomingReminders(days.toUInt())

    fun resolveConflict(entityId: String, field: String, pick: Int) = kith.resolveConflict(entityId, field, pick.toUInt())

    fun onChange(block: (ChangeEvent) -> Unit): Subscription =
        kith.subscribe(object : ChangeListener {
            override fun onChange(event: ChangeEvent) = block(event)
        })

    /** Shows a pairing code (text and QR); feed the joiner's frames to [answerPairing]. */
    fun showPairing(): Pairing = kith.startPairing()

    fun answerPairing(pairing: Pairing, frame: ByteArray): ByteArray? = kith.pairingReceive(pairing, frame)

    /** Joins the device showing [code] over [transport]; true once both sides recorded it. */
    fun joinPairing(code: String, transport: FrameTransport): Boolean {
        val start = kith.joinPairing(code)
        start.pairing.use { pairing ->
            converse(start.firstFrame, transport) { kith.pairingReceive(pairing, it) }
            return pairing.isComplete()
        }
    }

    fun deviceId(): String = kith.deviceId()

    /**
     * Seals the whole store with [passphrase] into the file at [path] (app-private storage);
     * the Activity then copies it where the user chose with a `CreateDocument` file picker.
     */
    fun backup(path: String, passphrase: String): Long = kith.backup(path, passphrase).toLong()

    /** True when this store was paired with a key this device no longer has: pair again. */
    fun lostPairing(): Boolean = kith.lostPairing()

    /** Runs a whole sealed sync with [peer] over [transport]; this side starts. */
    fun syncWith(peer: String, transport: FrameTransport): SyncReport {
        val start = kith.startSync(peer)
        start.session.use { session ->
            converse(start.firstFrame, transport) { kith.syncReceive(session, it) }
            return session.report()
        }
    }

    /** Carries frames until the core says this side is done or the other side stops answering. */
    private fun converse(first: ByteArray, transport: FrameTransport, receive: (ByteArray) -> ByteArray?) {
        var frame: ByteArray? = first
        while (frame != null) {
            val answer = transport.exchange(frame) ?: break
            frame = receive(answer)
        }
    }

    /** Answers a device that starts a sync: feed each of its frames, send back what returns. */
    fun answerSync(): SyncResponder = SyncResponder(kith, kith.acceptSync())

    override fun close() {
        kith.closeStore()
        kith.close()
    }
}

class SyncResponder internal constructor(private val kith: Kith, private val session: SyncSession) : AutoCloseable {
    fun receive(frame: ByteArray): ByteArray? = kith.syncReceive(session, frame)

    override fun close() = session.close()
}
