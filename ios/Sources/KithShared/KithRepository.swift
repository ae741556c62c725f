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
    private let kith: Kith

    public init(path: String) throws {
        kith = try Kith.open(path: path)
    }

    public func readCard(lines: [String], region: String?) throws -> Draft {
        try KithCore.readCard(lines: lines.map { CardLine(text: $0, bounds: nil, confidence: nil) }, region: region)
    }

    /// Lines from VisionKit's `DataScannerViewController` / Vision, with boxes and confidences.
    public func readOcr(lines: [CardLine], region: String?) throws -> Draft {
        try KithCore.readCard(lines: lines, region: region)
    }

    public func readQr(payload: String) throws -> Draft {
        try KithCore.readQr(payload: payload)
    }

    public func saveCapture(_ draft: Draft, metAt: String?, followUpBy: String?, region: String?) throws -> CaptureOutcome {
        try kith.saveCapture(
            draft: draft,
            options: CaptureOptions(region: region, metAt: metAt, metOn: nil, followUpBy: followUpBy, forceNew: false)
        )
    }

    public func today() throws -> [TodayItem] { try kith.today() }

    public func search(_ text: String, limit: UInt32 = 50) throws -> [Contact] {
        try kith.contacts(query: ContactQuery(search: text.isEmpty ? nil : text, tag: nil, limit: limit, offset: 0))
    }

    public func contact(id: String) throws -> Contact { try kith.contact(contactId: id) }

    public func meetings(with contactId: String) throws -> [Meeting] { try kith.meetingsWith(contactId: contactId) }

    public func logMeeting(_ meeting: NewMeeting) throws -> Meeting { try kith.logMeeting(meeting: meeting) }

    public func addFollowUp(_ followUp: NewFollowUp) throws -> FollowUp { try kith.addFollowUp(followUp: followUp) }

    public func upcomingReminders(days: UInt32) throws -> [Reminder] { try kith.upcomingReminders(days: days) }

    public func onChange(_ block: @escaping @Sendable (ChangeEvent) -> Void) -> Subscription {
        kith.subscribe(listener: ClosureListener(block))
    }

    /// Runs a whole sync with `peer` over `transport`; this side starts.
    public func sync(with peer: String, over transport: FrameTransport) throws -> SyncStats {
        let session = try SyncSession.initiate(kith: kith, peer: peer)
        var frame = session.firstFrame()
        while let outgoing = frame {
            guard let answer = try transport.exchange(outgoing) else { break }
            frame = try session.receive(frame: answer)
        }
        return session.stats()
    }

    /// Answers a peer that started a sync.
    public func answerSync(from peer: String) -> SyncSession {
        SyncSession.respond(kith: kith, peer: peer)
    }
}

private final class ClosureListener: ChangeListener, @unchecked Sendable {
    private let block: @Sendable (ChangeEvent) -> Void
    init(_ block: @escaping @Sendable (ChangeEvent) -> Void) { self.block = block }
    func onChange(event: ChangeEvent) throws { block(event) }
}
