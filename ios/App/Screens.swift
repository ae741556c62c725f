import KithCore
import KithShared
import SwiftUI
import VisionKit

/// Views stay thin: they show what the model holds and send edits back through the repository.
struct TodayView: View {
    @EnvironmentObject var model: AppModel
    var body: some View {
        NavigationStack {
            List(model.today, id: \.subjectId) { item in
                VStack(alignment: .leading) {
                    Text(item.title).font(.headline)
                    Text(item.reason).font(.subheadline).foregroundStyle(.secondary)
                }
            }
            .navigationTitle("Today")
            .refreshable { await model.refresh() }
        }
    }
}

/// Capture: VisionKit's DataScannerViewController reads text and QR codes; the core turns
/// them into a draft the person reviews and saves with the event and a follow-up date.
struct CaptureView: View {
    @EnvironmentObject var model: AppModel
    @State private var draft: Draft?
    @State private var metAt = ""
    @State private var followUp = Date().addingTimeInterval(3 * 86_400)
    @State private var message: String?

    var body: some View {
        NavigationStack {
            VStack {
                if let draft {
                    Form {
                        Section("Card") {
                            Text(draft.name?.full ?? "No name")
                            if let title = draft.title { Text(title.value) }
                            if let org = draft.organization { Text(org.value) }
                            ForEach(draft.phones, id: \.raw) { Text($0.e164 ?? "\($0.raw) (check)") }
                            ForEach(draft.emails, id: \.value) { Text($0.value) }
                        }
                        Section("Where you met") {
                            TextField("Event", text: $metAt)
                            DatePicker("Follow up by", selection: $followUp, displayedComponents: .date)
                        }
                        Button("Save") { save(draft) }
                    }
                } else if DataScannerViewController.isSupported {
                    CardScanner { lines, qr in read(lines: lines, qr: qr) }
                } else {
                    Text("This device cannot scan cards.")
                }
                if let message { Text(message).font(.footnote) }
            }
            .navigationTitle("Capture")
        }
    }

    private func read(lines: [CardLine], qr: String?) {
        let repo = model.repository
        Task {
            do {
                let read = try await Task.detached {
                    if let qr { return try repo.readQr(payload: qr) }
                    return try repo.readOcr(lines: lines, region: Locale.current.region?.identifier)
                }.value
                draft = read
            } catch let e as KithError { message = describe(e) }
        }
    }

    private func save(_ draft: Draft) {
        let repo = model.repository
        let day = followUp.formatted(.iso8601.year().month().day())
        let event = metAt.isEmpty ? nil : metAt
        Task {
            do {
                let saved = try await Task.detached {
                    try repo.saveCapture(draft, metAt: event, followUpBy: day, region: Locale.current.region?.identifier)
                }.value
                message = "Saved \(saved.contact.fullName)"
                self.draft = nil
            } catch let e as KithError { message = describe(e) }
        }
    }
}

/// Wraps DataScannerViewController: recognized text lines (with bounds) and QR payloads.
struct CardScanner: UIViewControllerRepresentable {
    let onRead: ([CardLine], String?) -> Void

    func makeUIViewController(context: Context) -> DataScannerViewController {
        let scanner = DataScannerViewController(
            recognizedDataTypes: [.text(), .barcode(symbologies: [.qr])],
            qualityLevel: .accurate, isHighlightingEnabled: true)
        scanner.delegate = context.coordinator
        try? scanner.startScanning()
        return scanner
    }

    func updateUIViewController(_ controller: DataScannerViewController, context: Context) {}

    func makeCoordinator() -> Coordinator { Coordinator(onRead: onRead) }

    final class Coordinator: NSObject, DataScannerViewControllerDelegate {
        let onRead: ([CardLine], String?) -> Void
        init(onRead: @escaping ([CardLine], String?) -> Void) { self.onRead = onRead }

        func dataScanner(_ scanner: DataScannerViewController, didTapOn item: RecognizedItem) {
            var lines: [CardLine] = []
            var qr: String?
            for recognized in scanner.recognizedItems {
                switch recognized {
                case let .text(text):
                    let b = text.bounds
                    let box = Bounds(x: Float(b.topLeft.x), y: Float(b.topLeft.y),
                                     width: Float(b.topRight.x - b.topLeft.x), height: Float(b.bottomLeft.y - b.topLeft.y))
                    for line in text.transcript.split(separator: "\n") {
                        lines.append(CardLine(text: String(line), bounds: box, confidence: nil))
                    }
                case let .barcode(code): qr = code.payloadStringValue
                @unknown default: break
                }
            }
            onRead(lines, qr)
        }
    }
}

struct ContactsView: View {
    @EnvironmentObject var model: AppModel
    @State private var query = ""
    @State private var contacts: [Contact] = []
    var body: some View {
        NavigationStack {
            List(contacts, id: \.id) { c in
                NavigationLink(c.fullName) { ContactView(contact: c) }
            }
            .searchable(text: $query)
            .task(id: query) {
                let repo = model.repository, text = query
                contacts = (try? await Task.detached { try repo.search(text) }.value) ?? []
            }
            .navigationTitle("Contacts")
        }
    }
}

struct ContactView: View {
    let contact: Contact
    var body: some View {
        Form {
            Section { Text(contact.title ?? ""); Text(contact.organization ?? "") }
            Section("Reach") {
                ForEach(contact.emails, id: \.value) { Text($0.value) }
                ForEach(contact.phones, id: \.raw) { Text($0.e164 ?? $0.raw) }
            }
            Section("Notes") { Text(contact.notes) }
            if !contact.conflicts.isEmpty {
                Section("Edited on two devices") {
                    ForEach(contact.conflicts, id: \.field) { Text("\($0.field): \($0.values.compactMap { $0 }.joined(separator: " / "))") }
                }
            }
        }
        .navigationTitle(contact.fullName)
    }
}

/// Sync: MultipeerConnectivity carries the frames (see SyncTransport.swift); pairing by QR.
struct SyncView: View {
    @EnvironmentObject private var model: AppModel
    @State private var statuses: [PeerStatus] = []
    @State private var invite = ""
    @State private var shown: String?
    @State private var message = ""

    var body: some View {
        NavigationStack {
            List {
                ForEach(statuses, id: \.deviceId) { s in
                    Text(s.reachable ? "\(s.name): synced \(s.path ?? ""), \(s.changed) changed"
                                     : "\(s.name): not reached (\(s.lastError ?? ""))")
                }
                if !message.isEmpty { Text(message) }
                Button("Sync now") { run { "Synced with \(try $0.syncNow().filter(\.reachable).count) device(s)." } }
                Button("Show pairing code") {
                    run { service in
                        let text = try service.showPairing()
                        await MainActor.run { shown = text }
                        return "Paired with \(try service.waitForPairing().name)."
                    }
                }
                if let shown { Text(shown).textSelection(.enabled).font(.caption) }
                TextField("Invite from the other device", text: $invite)
                Button("Join") { let text = invite; run { "Paired with \(try $0.joinPairing(invite: text).name)." } }
            }
            .navigationTitle("Sync")
            .task { statuses = model.sync?.statuses() ?? [] }
        }
    }

    /// Runs a blocking service call off the main actor and shows what it said.
    private func run(_ call: @escaping @Sendable (SyncService) async throws -> String) {
        guard let service = model.sync else { message = "Sync is off."; return }
        Task {
            do {
                let said = try await Task.detached { try await call(service) }.value
                message = said
                statuses = service.statuses()
            } catch let e as KithError {
                message = describe(e)
            } catch {
                message = error.localizedDescription
            }
        }
    }
}
