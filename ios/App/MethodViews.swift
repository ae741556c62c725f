import KithCore
import KithShared
import SwiftUI

// The rest of the app's places, the same set as the shared Compose UI (`ui/`): each view loads
// what it shows through `AppModel.call` and changes it through the core. Not compiled here (no
// Swift toolchain on the build machines); the core calls they make are tested in Kotlin and Python.

extension AppModel {
    /// Runs a blocking core call off the main actor; a failure shows its message and changes nothing.
    func call<T>(_ body: @escaping @Sendable (Kith) throws -> T) async -> T? {
        let kith = repository.kith
        do {
            return try await Task.detached { try body(kith) }.value
        } catch let e as KithError {
            error = describe(e)
        } catch {
            self.error = error.localizedDescription
        }
        return nil
    }
}

/// Every place beyond the tab bar.
struct MoreView: View {
    var body: some View {
        NavigationStack {
            List {
                NavigationLink("Weekly review") { ReviewView() }
                NavigationLink("Needs") { NeedsView() }
                NavigationLink("Loops") { LoopsView() }
                NavigationLink("Drifting") { DriftingView() }
                NavigationLink("Referrals") { ReferralsView() }
                NavigationLink("Network risk") { RiskView() }
                NavigationLink("Event") { EventView() }
                NavigationLink("My card") { CardView() }
                NavigationLink("Export") { ExportView() }
                NavigationLink("Duplicates") { DuplicatesView() }
                NavigationLink("Settings") { SettingsView() }
            }
            .navigationTitle("More")
        }
    }
}

struct ReviewView: View {
    @EnvironmentObject var model: AppModel
    @State private var review: WeeklyReview?
    @State private var notContacted: [NameGained] = []
    var body: some View {
        List {
            if let r = review {
                Section("\(r.from) to \(r.to)") {
                    Text("\(counted(r.networkingMeetings, "networking meeting")), \(counted(r.namesGained, "name")) gained")
                    Text("Gave \(r.gave), received \(r.received) · loops opened \(r.loopsOpened), closed \(r.loopsClosed)")
                    // Names gained per week, as bars; VoiceOver reads the values.
                    HStack(alignment: .bottom) {
                        ForEach(r.trend, id: \.weekOf) { w in
                            let top = Double(max(r.trend.map(\.namesGained).max() ?? 1, 1))
                            Rectangle().frame(height: 80 * Double(w.namesGained) / top)
                        }
                    }
                    .frame(height: 80)
                    .accessibilityLabel("Names gained per week: " + r.trend.map { "\($0.weekOf) \($0.namesGained)" }.joined(separator: ", "))
                }
            }
            Section("Names not contacted yet") {
                ForEach(notContacted, id: \.introduction.id) { n in
                    Text("\(n.name), from \(n.introducer ?? "a meeting"), \(n.ageDays == 0 ? "today" : "\(counted(n.ageDays, "day")) ago")")
                }
            }
        }
        .navigationTitle("Weekly review")
        .task {
            review = await model.call { try $0.weeklyReview() }
            notContacted = await model.call { try $0.namesNotContacted() } ?? []
        }
    }
}

struct NeedsView: View {
    @EnvironmentObject var model: AppModel
    @State private var open: [Need] = []
    @State private var offer = ""
    @State private var matches: [NeedMatch] = []
    var body: some View {
        List {
            Section("Whom could this help?") {
                TextField("What could you offer?", text: $offer)
                Button("Find who it helps") {
                    let text = offer
                    Task { matches = await model.call { try $0.matchNeeds(text: text) } ?? [] }
                }
                ForEach(matches, id: \.need.id) { Text("\($0.need.contactName): \($0.need.what)") }
            }
            Section("Open needs") {
                ForEach(open, id: \.id) { n in
                    Text("\(n.contactName): \(n.what)")
                        .swipeActions {
                            Button("Helped") { Task { _ = await model.call { try $0.setNeedStatus(needId: n.id, status: .helped) }; await load() } }
                            Button("Reviewed") { Task { _ = await model.call { try $0.reviewNeed(needId: n.id, nextReviewOn: nil) }; await load() } }
                        }
                }
            }
        }
        .navigationTitle("Needs")
        .task { await load() }
    }

    private func load() async { open = await model.call { try $0.needs(contactId: nil).filter { $0.status == .open } } ?? [] }
}

struct LoopsView: View {
    @EnvironmentObject var model: AppModel
    @State private var loops: [OpenLoop] = []
    var body: some View {
        List {
            ForEach([Direction.iOwe, Direction.theyOwe], id: \.self) { direction in
                Section(direction == .iOwe ? "I owe" : "Owed to me") {
                    ForEach(loops.filter { $0.followUp.direction == direction }, id: \.followUp.id) { l in
                        VStack(alignment: .leading) {
                            Text(l.followUp.what)
                            Text("\(l.contactName ?? "") · \(l.overdue ? "\(counted(l.daysOverdue, "day")) overdue" : "open \(counted(l.ageDays, "day"))")").font(.caption)
                        }
                        .swipeActions { Button("Close") { Task { _ = await model.call { try $0.completeFollowUp(followUpId: l.followUp.id) }; await load() } } }
                    }
                }
            }
        }
        .navigationTitle("Loops")
        .task { await load() }
    }

    private func load() async { loops = await model.call { try $0.openLoops() } ?? [] }
}

struct DriftingView: View {
    @EnvironmentObject var model: AppModel
    @State private var drifts: [Drift] = []
    var body: some View {
        List(drifts, id: \.contactId) { d in
            VStack(alignment: .leading) {
                Text(d.name)
                Text(d.reason).font(.caption)
            }
        }
        .overlay { if drifts.isEmpty { Text("No one is past their cadence.") } }
        .navigationTitle("Drifting")
        .task { drifts = await model.call { try $0.drifting() } ?? [] }
    }
}

struct ReferralsView: View {
    @EnvironmentObject var model: AppModel
    @State private var referrals: [Referral] = []
    var body: some View {
        List(referrals, id: \.id) { r in
            VStack(alignment: .leading) {
                Text("To \(r.company ?? "a contact")")
                Picker("Outcome", selection: Binding(get: { r.status }, set: { status in
                    Task { _ = await model.call { try $0.updateReferral(referralId: r.id, status: status, note: nil) }; await load() }
                })) {
                    Text("pending").tag(ReferralStatus.pending)
                    Text("hired").tag(ReferralStatus.hired)
                    Text("declined").tag(ReferralStatus.declined)
                    Text("parted well").tag(ReferralStatus.partedWell)
                    Text("parted badly").tag(ReferralStatus.partedBadly)
                }
            }
        }
        .navigationTitle("Referrals")
        .task { await load() }
    }

    private func load() async { referrals = await model.call { try $0.referrals() } ?? [] }
}

struct RiskView: View {
    @EnvironmentObject var model: AppModel
    @State private var report: RiskReport?
    var body: some View {
        List {
            if let report {
                Section("Hangs on one person") { ForEach(report.hanging, id: \.contactId) { Text("\($0.name): \(counted($0.count, "contact"))") } }
                Section("Employers") { ForEach(report.employers, id: \.organization) { Text("\($0.organization): \($0.contacts)") } }
            }
        }
        .navigationTitle("Network risk")
        .task { report = await model.call { try $0.networkRisk(limit: 5) } }
    }
}

struct EventView: View {
    @EnvironmentObject var model: AppModel
    @State private var current: EventSession?
    @State private var name = ""
    var body: some View {
        Form {
            if let current {
                Text("At \(current.name) on \(current.date)")
                Button("End event") { Task { _ = await model.call { try $0.stopEvent() }; self.current = nil } }
            } else {
                TextField("Event name", text: $name)
                Button("Start event") {
                    let event = name
                    Task { current = await model.call { try $0.startEvent(name: event, place: nil, date: nil) } }
                }
            }
        }
        .navigationTitle("Event")
        .task { current = await model.call { try $0.currentEvent() } ?? nil }
    }
}

struct CardView: View {
    @EnvironmentObject var model: AppModel
    @State private var payload: CardPayload?
    var body: some View {
        VStack {
            if let payload {
                QrView(width: Int(payload.qrWidth), modules: payload.qrModules).accessibilityLabel("QR code of my \(payload.profile) card")
                ShareLink(item: payload.vcf) { Text("Share my card (.vcf)") }
            } else {
                Text("Set up your card on the desktop app or with `kith card set`.")
            }
        }
        .navigationTitle("My card")
        .task { payload = await model.call { try $0.cardPayload(profile: "professional") } }
    }
}

/// The core's QR modules, drawn with a quiet zone of four.
struct QrView: View {
    let width: Int
    let modules: [Bool]
    var body: some View {
        Canvas { context, size in
            let cell = min(size.width, size.height) / CGFloat(width + 8)
            for (i, dark) in modules.enumerated() where dark {
                let rect = CGRect(x: CGFloat(i % width + 4) * cell, y: CGFloat(i / width + 4) * cell, width: cell, height: cell)
                context.fill(Path(rect), with: .color(.black))
            }
        }
        .background(.white)
        .frame(width: 240, height: 240)
    }
}

struct ExportView: View {
    @EnvironmentObject var model: AppModel
    @State private var vcard: String?
    var body: some View {
        Form {
            if let vcard { ShareLink(item: vcard) { Text("Share every contact (vCard 4.0)") } }
        }
        .navigationTitle("Export")
        .task { vcard = await model.call { try $0.exportContacts(format: .vCard4) } }
    }
}

struct DuplicatesView: View {
    @EnvironmentObject var model: AppModel
    @State private var pairs: [DuplicatePair] = []
    @State private var merged: [ContactMerge] = []
    var body: some View {
        List {
            ForEach(merged, id: \.absorbedId) { m in
                Button("Undo merge into \(m.survivor.fullName)") {
                    Task { _ = await model.call { try $0.unmerge(contactId: m.absorbedId) }; merged.removeAll { $0.absorbedId == m.absorbedId }; await load() }
                }
            }
            ForEach(pairs, id: \.b.id) { p in
                Button("Merge \(p.b.fullName) into \(p.a.fullName)") {
                    Task {
                        if let m = await model.call({ try $0.mergeContacts(keep: p.a.id, other: p.b.id) }) { merged.append(m) }
                        await load()
                    }
                }
            }
        }
        .navigationTitle("Duplicates")
        .task { await load() }
    }

    private func load() async { pairs = await model.call { try $0.duplicates() } ?? [] }
}

struct SettingsView: View {
    @EnvironmentObject var model: AppModel
    @State private var region = ""
    @State private var relay = ""
    var body: some View {
        Form {
            Section("Phone numbers") {
                TextField("Default region (e.g. US, FR)", text: $region)
                Button("Save region") { let r = region; Task { _ = await model.call { try $0.setDefaultRegion(region: r) } } }
            }
            Section("Relay") {
                TextField("Relay URL", text: $relay)
                Button("Save relay") { let url = relay.isEmpty ? nil : relay; Task { _ = await model.call { try $0.setRelayUrl(url: url) } } }
            }
        }
        .navigationTitle("Settings")
        .task {
            region = await model.call { try $0.defaultRegion() } ?? nil ?? ""
            relay = await model.call { try $0.relayUrl() } ?? nil ?? ""
        }
    }
}

/// Log a meeting by kind, from its template, with the names it yielded.
struct LogMeetingView: View {
    @EnvironmentObject var model: AppModel
    @Environment(\.dismiss) private var dismiss
    let contactId: String
    @State private var kind = MeetingKind.networking
    @State private var purpose = ""
    @State private var names = ""
    var body: some View {
        Form {
            Picker("Kind", selection: $kind) {
                Text("Networking").tag(MeetingKind.networking)
                Text("Direct contact").tag(MeetingKind.directContact)
                Text("Interview").tag(MeetingKind.interview)
                Text("Coffee").tag(MeetingKind.coffee)
                Text("Call").tag(MeetingKind.call)
            }
            TextField("Purpose", text: $purpose)
            if kind == .networking { Text("A networking meeting should yield two more names.").font(.caption) }
            TextField("Names gained (comma-separated)", text: $names)
            Button("Save meeting") {
                let meeting = NewMeeting(kind: kind, participants: [contactId], occurredAtMs: nil, title: nil,
                                         purpose: purpose.isEmpty ? nil : purpose, agenda: [], notes: nil, outcome: nil, nextStep: nil)
                let gained = names.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                Task { if await model.call({ try $0.logMeetingWithNames(meeting: meeting, names: gained) }) != nil { dismiss() } }
            }
        }
        .navigationTitle("Log a meeting")
        .task(id: kind) {
            let k = kind
            if let t = await model.call({ try $0.template(kind: k) }) { purpose = t.purpose }
        }
    }
}

/// A count with its noun in the right number: "1 device", "3 devices", never "3 device(s)".
func counted<N: BinaryInteger>(_ n: N, _ one: String, _ many: String? = nil) -> String {
    "\(n) \(n == 1 ? one : (many ?? one + "s"))"
}
