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

/// One contact: fields, notes, conflicts to settle, employment, give and take, needs, cadence,
/// familiarity, meetings; the work view leaves out the personal side.
struct ContactView: View {
    @EnvironmentObject var model: AppModel
    let contact: Contact
    @State private var shown: Contact?
    @State private var balance: Balance?
    @State private var needs: [Need] = []
    @State private var need = ""
    @State private var note = ""
    @State private var workView = false

    var body: some View {
        let c = shown ?? contact
        Form {
            Section { Text(c.title ?? ""); Text(c.organization ?? "") }
            Toggle("Work view", isOn: $workView)
            Section("Reach") {
                ForEach(c.emails, id: \.value) { Text($0.value) }
                ForEach(c.phones, id: \.raw) { Text($0.e164 ?? $0.raw) }
            }
            if !c.conflicts.isEmpty {
                Section("Changed on two devices") {
                    ForEach(c.conflicts, id: \.field) { conflict in
                        ForEach(Array(conflict.values.enumerated()), id: \.offset) { i, value in
                            Button("Keep \(value ?? "(empty)") for \(conflict.field)") {
                                change { try $0.resolveConflict(entityId: c.id, field: conflict.field, pick: UInt32(i)) }
                            }
                        }
                    }
                }
            }
            Section("Relationship") {
                Picker("Familiarity", selection: Binding(get: { c.familiarity }, set: { f in
                    change { _ = try $0.updateContact(contactId: c.id, changes: ContactChanges(familiarity: f)) }
                })) {
                    Text("Strictly professional").tag(Familiarity.professional)
                    Text("Friendly").tag(Familiarity.friendly)
                    Text("Personal").tag(Familiarity.personal)
                    Text("Not set").tag(Familiarity.unknown)
                }
                Picker("Cadence", selection: Binding(get: { c.tier }, set: { tier in
                    change { _ = try $0.setCadence(contactId: c.id, cadence: Cadence(days: nil, tier: tier)) }
                })) {
                    Text("None").tag(Tier?.none)
                    Text("Close").tag(Tier?.some(.close))
                    Text("Regular").tag(Tier?.some(.regular))
                    Text("Occasional").tag(Tier?.some(.occasional))
                }
            }
            Section("Notes") {
                Text(c.notes)
                if !workView && !c.personalNotes.isEmpty { Text("Personal: \(c.personalNotes)") }
                TextField("Add a note", text: $note)
                Button("Add note") { let text = note; note = ""; change { _ = try $0.appendNotes(contactId: c.id, text: text) } }
            }
            Section("Give and take") {
                if let balance { Text("Gave \(balance.gave), received \(balance.received): \(balance.reading)") }
                Button("I gave advice") { change { _ = try $0.recordExchange(contactId: c.id, flow: .gave, kind: .advice, note: nil) } }
                Button("I received advice") { change { _ = try $0.recordExchange(contactId: c.id, flow: .received, kind: .advice, note: nil) } }
            }
            Section("Needs") {
                ForEach(needs, id: \.id) { Text($0.what) }
                TextField("What they need", text: $need)
                Button("Add need") { let what = need; need = ""; change { _ = try $0.addNeed(contactId: c.id, what: what, reviewOn: nil) } }
            }
            NavigationLink("Log meeting") { LogMeetingView(contactId: c.id) }
        }
        .navigationTitle(c.fullName)
        .task(id: workView) { await load() }
    }

    private func load() async {
        let id = contact.id, work = workView
        shown = await model.call { work ? try $0.workView(contactId: id) : try $0.contact(contactId: id) }
        balance = await model.call { try $0.balance(contactId: id) }
        needs = await model.call { try $0.needs(contactId: id) } ?? []
    }

    private func change(_ body: @escaping @Sendable (Kith) throws -> Void) {
        Task {
            _ = await model.call(body)
            await load()
        }
    }
}

/// Devices and sync: the core's `SyncService` carries everything; pairing by invite (its QR code
/// drawn from the core's modules), the paired devices with revocation.
struct SyncView: View {
    @EnvironmentObject private var model: AppModel
    @State private var statuses: [PeerStatus] = []
    @State private var invite = ""
    @State private var shown: String?
    @State private var message = ""
    @State private var devices: [Device] = []

    var body: some View {
        NavigationStack {
            List {
                ForEach(statuses, id: \.deviceId) { s in
                    Text(s.reachable ? "\(s.name): synced \(s.path ?? ""), \(s.changed) changed"
                                     : "\(s.name): not reached (\(s.lastError ?? ""))")
                }
                if !message.isEmpty { Text(message) }
                Button("Sync now") { run { "Synced with \(try counted($0.syncNow().filter(\.reachable).count, "device"))." } }
                Button("Show pairing code") {
                    run { service in
                        let text = try service.showPairing()
                        await MainActor.run { shown = text }
                        return "Paired with \(try service.waitForPairing().name)."
                    }
                }
                if let shown {
                    if let qr = try? model.repository.kith.qrCode(text: shown) {
                        QrView(width: Int(qr.width), modules: qr.modules).accessibilityLabel("Pairing QR code")
                    }
                    Text(shown).textSelection(.enabled).font(.caption)
                }
                Section("Devices") {
                    ForEach(devices, id: \.id) { d in
                        Text(d.thisDevice ? "\(d.name) (this device)" : d.name)
                            .swipeActions {
                                if !d.thisDevice && d.revokedAtMs == nil {
                                    Button("Remove", role: .destructive) {
                                        Task { _ = await model.call { try $0.revokeDevice(deviceId: d.id) }; devices = await model.call { try $0.devices() } ?? [] }
                                    }
                                }
                            }
                    }
                }
                TextField("Invite from the other device", text: $invite)
                Button("Join") { let text = invite; run { "Paired with \(try $0.joinPairing(invite: text).name)." } }
            }
            .navigationTitle("Sync")
            .task {
                statuses = model.sync?.statuses() ?? []
                devices = await model.call { try $0.devices() } ?? []
            }
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
