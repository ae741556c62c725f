import BackgroundTasks
import KithCore
import KithShared
import SwiftUI
import UserNotifications

/// The app: opens the database in Application Support, warms the phone metadata off the main
/// thread, and keeps local notifications in step with the core's reminders.
@main
struct KithApp: App {
    @StateObject private var model = AppModel()
    @Environment(\.scenePhase) private var phase

    var body: some Scene {
        WindowGroup {
            TabView {
                TodayView().tabItem { Label("Today", systemImage: "sun.max") }
                CaptureView().tabItem { Label("Capture", systemImage: "camera.viewfinder") }
                ContactsView().tabItem { Label("Contacts", systemImage: "person.2") }
                SyncView().tabItem { Label("Sync", systemImage: "arrow.triangle.2.circlepath") }
                MoreView().tabItem { Label("More", systemImage: "ellipsis.circle") }
            }
            .environmentObject(model)
            .task { await model.start() }
            // A vCard or CSV opened with Kith: preview, then import.
            .onOpenURL { url in model.sharedFile = url }
            .sheet(item: $model.sharedFile) { url in ImportView(url: url) }
            // Sync while in front; BGAppRefreshTask covers the rest.
            .onChange(of: phase) { now in
                if now == .active { model.sync?.start() } else { model.sync?.stop() }
                if now == .background {
                    BackgroundSync.schedule()
                    // The phone's idle time: fold grown document histories (writes leave it).
                    let kith = model.repository.kith
                    Task.detached { _ = try? kith.maintain(maxDocs: 16) }
                }
            }
        }
    }
}

@MainActor
final class AppModel: ObservableObject {
    let repository: KithRepository
    @Published var today: [TodayItem] = []
    @Published var error: String?
    @Published var sharedFile: URL?
    /// The core's transport; nil when the network service could not start.
    private(set) var sync: SyncService?
    private var subscription: Subscription?

    init() {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        try? FileManager.default.createDirectory(at: support, withIntermediateDirectories: true)
        // A database that cannot open leaves nothing to show: fail loudly at launch.
        repository = try! KithRepository(path: support.appendingPathComponent("kith.db").path)
        // Registered before launch ends, as BGTaskScheduler requires; the service itself is
        // opened off the main thread in `start` (binding may wait for the relay).
        BackgroundSync.register { [weak self] in await self?.sync }
    }

    func start() async {
        await Task.detached { KithCore.warmUp() }.value
        let repo = repository
        sync = await Task.detached { try? repo.syncService() }.value
        sync?.start()
        subscription = repository.onChange { _ in Task { @MainActor in await self.refresh() } }
        await refresh()
    }

    func refresh() async {
        let repo = repository
        do {
            today = try await Task.detached { try repo.today() }.value
            let reminders = try await Task.detached { try repo.upcomingReminders(days: 14) }.value
            await ReminderScheduler.apply(reminders)
        } catch let e as KithError {
            error = describe(e)
        } catch {
            self.error = error.localizedDescription
        }
    }
}

/// Schedules due follow-ups as local notifications (identifier = follow-up id).
enum ReminderScheduler {
    static func apply(_ reminders: [Reminder]) async {
        let center = UNUserNotificationCenter.current()
        _ = try? await center.requestAuthorization(options: [.alert, .sound])
        let pending = await center.pendingNotificationRequests()
        let scheduled = Dictionary(uniqueKeysWithValues: pending.map { ($0.identifier, $0.content.userInfo["due"] as? String ?? "") })
        let plan = planReminders(upcoming: reminders, scheduled: scheduled)
        center.removePendingNotificationRequests(withIdentifiers: Array(plan.cancel))
        for reminder in plan.schedule {
            let content = UNMutableNotificationContent()
            content.title = reminder.title
            content.body = reminder.body
            content.userInfo = ["due": reminder.due]
            let parts = reminder.due.split(separator: "-").compactMap { Int($0) }
            var when = DateComponents()
            (when.year, when.month, when.day, when.hour) = (parts[0], parts[1], parts[2], 9)
            let trigger = UNCalendarNotificationTrigger(dateMatching: when, repeats: false)
            try? await center.add(UNNotificationRequest(identifier: reminder.followUpId, content: content, trigger: trigger))
        }
    }
}

extension URL: @retroactive Identifiable {
    public var id: String { absoluteString }
}

/// The core's import preview of a shared file (who is new, updated, already known, what was
/// changed or dropped), then one tap applies it.
struct ImportView: View {
    let url: URL
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var bytes: Data?
    @State private var preview: ImportReport?
    @State private var status = "Reading the file…"

    var body: some View {
        NavigationStack {
            List {
                if !status.isEmpty { Text(status) }
                if let p = preview {
                    Text("\(p.added) new, \(p.updated) updated, \(p.duplicates) already known, \(p.skipped) skipped")
                    ForEach(Array(p.lines.enumerated()), id: \.offset) { _, line in
                        VStack(alignment: .leading) {
                            Text("\(line.name): \(line.action)")
                            ForEach(line.warnings, id: \.self) { Text($0).font(.caption).foregroundStyle(.secondary) }
                        }
                    }
                }
            }
            .navigationTitle("Import")
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Import") { Task { await apply() } }.disabled(bytes == nil)
                }
            }
            .task { await load() }
        }
    }

    private func load() async {
        let repo = model.repository
        let scoped = url.startAccessingSecurityScopedResource()
        defer { if scoped { url.stopAccessingSecurityScopedResource() } }
        do {
            let data = try Data(contentsOf: url, options: .mappedIfSafe)
            preview = try await Task.detached { try repo.previewImport(data) }.value
            bytes = data
            status = ""
        } catch let e as KithError {
            status = describe(e)
        } catch {
            status = error.localizedDescription
        }
    }

    private func apply() async {
        guard let data = bytes else { return }
        let repo = model.repository
        do {
            let done = try await Task.detached { try repo.applyImport(data) }.value
            status = "Imported: \(done.added) new, \(done.updated) updated."
            dismiss()
        } catch let e as KithError {
            status = describe(e)
        } catch {
            status = error.localizedDescription
        }
    }
}

/// The periodic background sync: iOS wakes the app now and then; one pass over the devices.
enum BackgroundSync {
    static let identifier = "app.kith.sync"

    static func register(_ service: @escaping @Sendable () async -> SyncService?) {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            schedule()
            let work = Task.detached { _ = try? await service()?.syncNow() }
            task.expirationHandler = { work.cancel() }
            Task { _ = await work.value; task.setTaskCompleted(success: true) }
        }
    }

    static func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 30 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }
}
