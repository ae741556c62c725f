import Foundation
import KithCore
import KithShared
import XCTest

/// The same phone story as the Kotlin JVM test: capture, meeting, follow-up, sync, converge.
final class PhoneStoryTests: XCTestCase {
    private func temp(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func testCaptureMeetFollowUpAndSync() throws {
        let phone = try KithRepository(path: temp("phone.db"))
        let laptop = try KithRepository(path: temp("laptop.db"))
        let draft = try phone.readCard(
            lines: ["BRIGHTWAVE LABS", "Ana Reyes", "Head of Partnerships",
                    "T +1 415 555 0132 | M (415) 555-0187", "ana.reyes@brightwave.io"],
            region: "US"
        )
        XCTAssertEqual(draft.name?.full, "Ana Reyes")
        let saved = try phone.saveCapture(draft, metAt: "SaaStr", followUpBy: "2026-12-01", region: "US")
        XCTAssertEqual(saved.action, .added)
        let meeting = try phone.logMeeting(NewMeeting(
            kind: .coffee, participants: [saved.contact.id], occurredAtMs: nil, title: nil,
            purpose: "two more names", agenda: [], notes: nil, outcome: nil, nextStep: nil))

        final class Shower: FrameTransport {
            let repo: KithRepository
            let pairing: Pairing
            init(_ repo: KithRepository, _ pairing: Pairing) { self.repo = repo; self.pairing = pairing }
            func exchange(_ frame: Data) throws -> Data? { try repo.answerPairing(pairing, frame: frame) }
        }
        let shown = try phone.showPairing()
        XCTAssertTrue(try laptop.joinPairing(code: shown.code()!, over: Shower(phone, shown)))
        let report = try phone.sync(with: try laptop.deviceId(), over: try laptop.answerSync())
        XCTAssertTrue(report.complete)
        XCTAssertEqual(try laptop.contact(id: saved.contact.id).fullName, "Ana Reyes")
        XCTAssertEqual(try laptop.meetings(with: saved.contact.id).map(\.id), [meeting.id])
        XCTAssertEqual(try laptop.upcomingReminders(days: 3650).count, 1)
    }

    func testInvalidIdsAreTypedErrors() throws {
        let repo = try KithRepository(path: temp("k.db"))
        XCTAssertThrowsError(try repo.contact(id: "not-an-id")) { error in
            guard case let KithError.InvalidInput(field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "id")
        }
    }
}
