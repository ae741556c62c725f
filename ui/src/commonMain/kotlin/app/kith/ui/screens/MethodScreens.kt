package app.kith.ui.screens

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import app.kith.core.Direction
import app.kith.core.ReferralStatus
import app.kith.ui.model.AppModel
import app.kith.ui.model.counted
import app.kith.ui.widgets.Action
import app.kith.ui.widgets.Capped
import app.kith.ui.widgets.Bars
import app.kith.ui.widgets.Choice
import app.kith.ui.widgets.Empty
import app.kith.ui.widgets.Field
import app.kith.ui.widgets.Item
import app.kith.ui.widgets.Page
import app.kith.ui.widgets.Section

/** The weekly review, with names gained per week as a small chart. */
@Composable
fun ReviewScreen(app: AppModel) {
    val model = app.review
    Page("Weekly review") {
        val r = model.review ?: return@Page Empty("Loading…")
        Text("${r.from} to ${r.to}")
        Text("${counted(r.networkingMeetings, "networking meeting")}, ${counted(r.namesGained, "name")} gained (${"%.1f".format(r.yieldPerMeeting)} a meeting)")
        Text("Gave ${r.gave}, received ${r.received} · loops opened ${r.loopsOpened}, closed ${r.loopsClosed}")
        Text("${counted(r.contactsTouched, "contact")} touched · ${r.metAtEvents} met at ${counted(r.events, "event")}")
        if (r.trend.isNotEmpty()) {
            Bars(
                values = r.trend.map { it.namesGained.toInt() },
                labels = r.trend.map { it.weekOf.takeLast(5) },
                description = "Names gained per week: " + r.trend.joinToString { "${it.weekOf} ${it.namesGained}" },
            )
        }
        model.yields?.let { y ->
            Section("Yield") {
                Text("${counted(y.namesGained, "name")} from ${counted(y.networkingMeetings, "networking meeting")}; target ${"%.0f".format(y.target)} a meeting")
                y.byIntroducer.forEach { Text("${it.name}: ${counted(it.namesGiven, "name")}") }
            }
        }
        Section("Names not contacted yet") {
            if (model.notContacted.isEmpty()) Empty("Everyone gained has been contacted.")
            Capped(model.notContacted) { n ->
                Item(n.name, "from ${n.introducer ?: "a meeting"}, ${if (n.ageDays == 0L) "today" else counted(n.ageDays, "day") + " ago"}") {
                    Action("Open", "Open: ${n.name}") { app.openContact(n.introduction.contactId) }
                }
            }
        }
    }
}

/** Needs: what each contact needs, the ones due for review, and matching an offer to them. */
@Composable
fun NeedsScreen(app: AppModel) {
    val model = app.needs
    Page("Needs") {
        Field("What could you offer?", model.matchText) { model.matchText = it }
        Action("Find who it helps") { model.match() }
        model.matches?.let { found ->
            Section("Matches") {
                if (found.isEmpty()) Empty("No open need matches.")
                Capped(found) { Text("${it.need.contactName}: ${it.need.what}") }
            }
        }
        Section("Due for review") {
            if (model.toReview.isEmpty()) Empty("No need is due for review.")
            Capped(model.toReview) { n ->
                Item("${n.contactName}: ${n.what}", n.reviewReason) {
                    Action("Reviewed", "Reviewed: ${n.what}") { model.reviewed(n) }
                }
            }
        }
        Section("Open needs") {
            if (model.open.isEmpty()) Empty("Write down what your contacts need, from their page.")
            Capped(model.open) { n ->
                Item("${n.contactName}: ${n.what}", n.reviewOn?.let { "review on $it" }) {
                    Action("Helped", "Helped: ${n.what}") { model.helped(n) }
                    Action("Open", "Open: ${n.contactName}") { app.openContact(n.contactId) }
                }
            }
        }
    }
}

/** Loops both ways, with their age: what I owe and what is owed to me. */
@Composable
fun LoopsScreen(app: AppModel) {
    val model = app.loops
    Page("Loops") {
        listOf(Direction.I_OWE to "I owe", Direction.THEY_OWE to "Owed to me").forEach { (direction, title) ->
            Section(title) {
                val loops = model.loops.filter { it.followUp.direction == direction }
                if (loops.isEmpty()) Empty("Nothing open.")
                Capped(loops) { l ->
                    val age = if (l.overdue) "${counted(l.daysOverdue, "day")} overdue" else "open ${counted(l.ageDays, "day")}"
                    Item(l.followUp.what, listOfNotNull(l.contactName, age, l.reading).joinToString(" · ")) {
                        Action("Close", "Close: ${l.followUp.what}") { model.close(l) }
                    }
                }
            }
        }
    }
}

/** Drifting: contacts past their cadence, before crunch time. */
@Composable
fun DriftingScreen(app: AppModel) {
    val model = app.drifting
    Page("Drifting") {
        if (model.drifts.isEmpty()) Empty("No one is past their cadence.")
        Capped(model.drifts) { d ->
            Item(d.name, "${counted(d.daysSinceTouch, "day")} since last touch, cadence ${d.cadenceDays} · ${d.reason}") {
                Action("Open", "Open: ${d.name}") { app.openContact(d.contactId) }
            }
        }
    }
}

/** Referrals made and their outcomes. */
@Composable
fun ReferralsScreen(app: AppModel) {
    val model = app.referrals
    Page("Referrals") {
        Section("Refer someone") {
            Field("Whom do you refer?", model.candidateSearch) {
                model.candidateSearch = it
                model.findCandidates()
            }
            Field("To which company?", model.company) { model.company = it }
            if (model.candidates.isEmpty()) Text("Type part of a name, then tap the person to refer.", style = MaterialTheme.typography.bodySmall)
            model.candidates.forEach { c -> Action("Refer ${c.fullName}") { model.refer(c) } }
        }
        if (model.referrals.isEmpty()) Empty("No referral yet.")
        Capped(model.referrals) { r ->
            val who = model.names[r.candidateId] ?: "?"
            val to = listOfNotNull(r.company, r.toContactId?.let { model.names[it] }).joinToString(", ")
            Item("$who to $to", "Outcome: ${referralLabel(r.status)}") {
                Choice(ReferralStatus.entries.toList(), r.status, ::referralLabel) { model.update(r, it) }
            }
        }
    }
}

fun referralLabel(status: ReferralStatus) = when (status) {
    ReferralStatus.PENDING -> "pending"
    ReferralStatus.HIRED -> "hired"
    ReferralStatus.DECLINED -> "declined"
    ReferralStatus.PARTED_WELL -> "parted well"
    ReferralStatus.PARTED_BADLY -> "parted badly"
}

/** Network risk: where the network hangs on one person or one employer. */
@Composable
fun RiskScreen(app: AppModel) {
    val model = app.risk
    Page("Network risk") {
        val report = model.report ?: return@Page Empty("Loading…")
        Text("${counted(report.activeContacts, "active contact")}")
        Section("Hangs on one person") {
            if (report.hanging.isEmpty()) Empty("No one introduced a large share of your network.")
            report.hanging.forEach { Item(it.name, "${counted(it.count, "contact")} came through them") { Action("Open", "Open: ${it.name}") { app.openContact(it.contactId) } } }
        }
        Section("Employers") {
            report.employers.forEach { Text("${it.organization}: ${it.contacts} (${"%.0f".format(it.share * 100)}%)") }
        }
        Section("Introduction chains") {
            if (model.chains.isEmpty()) Empty("No chain of introductions yet.")
            model.chains.forEach { Text(it.names.joinToString(" → ")) }
        }
    }
}
