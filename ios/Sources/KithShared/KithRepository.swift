import Foundation
import KithCore

/// Carries one sync frame to the peer (MultipeerConnectivity, a socket) and returns its answer;
/// nil when the peer has finished.
public protocol FrameTransport {
    func exchange(_ frame: Data) throws -> Data?
}

/// The one door the views use to reach the core. Calls block: run them in a `Task.detached` or
/// on a background queue, never on the main actor.
public final class KithRepository: @unchecked Sendable {
    /// The core itself, for views that need a capability this door does not wrap.
    public let kith: Kith

    public init(path: String, deviceName: String = "Kith iPhone") throws {
        kith = try Kith.open(path: path, keyPath: nil, deviceName: deviceName)
    }

    init(kith: Kith) { self.kith = kith }

    public func readCard(lines: [String], region: String?) throws -> Draft {
        try kith.readCard(lines: lines.map { CardLine(text: $0, bounds: nil, confidence: nil) }, region: region)
    }

    /// Lines from VisionKit's `DataScannerViewController` / Vision, with boxes and confidences.
    public func readOcr(lines: [CardLine], region: String?) throws -> Draft {
        try kith.readCard(lines: lines, region: region)
    }

    public func readQr(payload: String) throws -> Draft {
        try kith.readQr(payload: payload)
    }

    public func saveCapture(_ draft: Draft, metAt: String?, followUpBy: String?, region: String?) throws -> CaptureOutcome {
        try kith.saveCapture(
            draft: draft,
            options: CaptureOptions(region: region, metAt: metAt, metOn: nil, followUpBy: followUpBy, forceNew: false)
        )
    }

    /// A file opened with Kith (vCard, CSV): first what it would do, then on confirm apply it.
    public func previewImport(_ bytes: Data) throws -> ImportReport {
        try kith.importContacts(bytes: bytes, format: nil, dryRun: true, region: nil, metAt: nil)
    }

    public func applyImport(_ bytes: Data) throws -> ImportReport {
        try kith.importContacts(bytes: bytes, format: nil, dryRun: false, region: nil, metAt: nil)
    }

    /// My card: the profile handed over at this exchange, as a QR code and a .vcf.
    public func setCard(_ card: MyCard, profile: String) throws -> MyCard { try kith.setCard(profile: profile, card: card) }

    public func cardPayload(profile: String) throws -> CardPayload { try kith.cardPayload(profile: profile) }

    /// "I'm at this event today": captures and added contacts are met there until the day ends.
    public func startEvent(_ name: String, place: String?) throws -> EventSession {
        try kith.startEvent(name: name, place: place, date: nil)
    }

    public func stopEvent() throws -> EventSession? { try kith.stopEvent() }

    public func eventReview() throws -> EventReview { try kith.eventReview(event: nil) }

    public func bulk(_ selection: Selection, _ action: BulkAction) throws -> BulkReport {
        try kith.bulk(selection: selection, action: action)
    }

    /// The core's sync service (LAN, hole-punched, or the account's relay). Shut it down
    /// before the repository goes.
    public func syncService(relayOnly: Bool = false, mdns: Bool = true) throws -> SyncService {
        try kith.syncService(options: SyncServiceOptions(relay: nil, relayOnly: relayOnly, mdns: mdns))
    }

    public func today() throws -> [TodayItem] { try kith.today() }

    public func search(_ text: String, limit: UInt32 = 50) throws -> [Contact] {
        try kith.contacts(query: ContactQuery(
            search: text.isEmpty ? nil : text, tag: nil, event: nil, organization: nil, deleted: false,
            limit: limit, offset: 0))
    }

    public func contact(id: String) throws -> Contact { try kith.contact(contactId: id) }

    public func meetings(with contactId: String) throws -> [Meeting] { try kith.meetingsWith(contactId: contactId) }

    public func logMeeting(_ meeting: NewMeeting) throws -> Meeting { try kith.logMeeting(meeting: meeting) }

    public func addFollowUp(_ followUp: NewFollowUp) throws -> FollowUp { try kith.addFollowUp(followUp: followUp) }

    public func upcomingReminders(days: UInt32) throws -> [Reminder] { try kith.upcomingReminders(days: days) }

    public func onChange(_ block: @escaping @Sendable (ChangeEvent) -> Void) -> Subscription {
        kith.subscribe(listener: ClosureListener(block))
    }

    public func deviceId() throws -> String { try kith.deviceId() }

    /// Seals the whole store with `passphrase` into `path` (the app's container); the view then
    /// hands the file to a `fileExporter` so the user keeps it where they choose.
    public func backup(to path: String, passphrase: String) throws -> UInt64 {
        try kith.backup(out: path, passphrase: passphrase)
    }

    /// A new phone from a backup the user picked with `fileImporter` (copied to `backup`).
    public static func restore(backup: String, passphrase: String, path: String) throws -> KithRepository {
        try KithRepository(kith: Kith.restoreBackup(
            backup: backup, passphrase: passphrase, path: path, overwrite: false, keyPath: nil, deviceName: "Kith iPhone"))
    }

    /// True when this store was paired with a key this device no longer has: pair again.
    public func lostPairing() throws -> Bool { try kith.lostPairing() }

    /// Shows a pairing code (text and QR payload); feed the joiner's frames to `answerPairing`.
    public func showPairing() throws -> Pairing { try kith.startPairing() }

    public func answerPairing(_ pairing: Pairing, frame: Data) throws -> Data? {
        try kith.pairingReceive(pairing: pairing, frame: frame)
    }

    /// Joins the device showing `code` over `transport`; true once both sides recorded it.
    public func joinPairing(code: String, over transport: FrameTransport) throws -> Bool {
        let start = try kith.joinPairing(code: code)
        var frame: Data? = start.firstFrame
        while let outgoing = frame {
            guard let answer = try transport.exchange(outgoing) else { break }
            frame = try kith.pairingReceive(pairing: start.pairing, frame: answer)
        }
        return start.pairing.isComplete()
    }

    /// Runs a whole sealed sync with `peer` over `transport`; this side starts.
    public func sync(with peer: String, over transport: FrameTransport) throws -> SyncReport {
        let start = try kith.startSync(peer: peer)
        var frame: Data? = start.firstFrame
        while let outgoing = frame {
            guard let answer = try transport.exchange(outgoing) else { break }
            frame = try kith.syncReceive(session: start.session, frame: answer)
        }
        return start.session.report()
    }

    /// Answers a device that starts a sync: each of its frames in, the reply out.
    public func answerSync() throws -> SyncResponder { SyncResponder(kith: kith, session: try kith.acceptSync()) }
}

public final class SyncResponder: FrameTransport, @unchecked Sendable {
    private let kith: Kith
    private let session: SyncSession
    init(kith: Kith, session: SyncSession) { self.kith = kith; self.session = session }
    public func exchange(_ frame: Data) throws -> Data? { try kith.syncReceive(session: session, frame: frame) }
}

private final class ClosureListener: ChangeListener, @unchecked Sendable {
    private let block: @Sendable (ChangeEvent) -> Void
    init(_ block: @escaping @Sendable (ChangeEvent) -> Void) { self.block = block }
    func onChange(event: ChangeEvent) throws { block(event) }
}
