package app.kith.ui.model

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import app.kith.core.Chain
import app.kith.core.Contact
import app.kith.core.ContactQuery
import app.kith.core.Drift
import app.kith.core.Kith
import app.kith.core.NameGained
import app.kith.core.Need
import app.kith.core.NeedMatch
import app.kith.core.NeedStatus
import app.kith.core.OpenLoop
import app.kith.core.Referral
import app.kith.core.ReferralStatus
import app.kith.core.RiskReport
import app.kith.core.WeeklyReview
import app.kith.core.YieldReport

// The networking method's lists. Each model loads what its screen shows in one call to the
// lane and changes it through the core; none keeps a copy of the rules.

/** The weekly review: names gained (with the weekly trend), give and take, loops, yield. */
class ReviewModel(private val kith: Kith, private val work: Work) {
    var review by mutableStateOf<WeeklyReview?>(null)
        private set
    var yields by mutableStateOf<YieldReport?>(null)
        private set
    var notContacted by mutableStateOf<List<NameGained>>(emptyList())
        private set

    fun refresh() = work.run({ Triple(kith.weeklyReview(), kith.yieldReport(), kith.namesNotContacted()) }) {
        review = it.first
        yields = it.second
        notContacted = it.third
    }
}

/** Mutual benefit: what each contact needs, the ones due for review, and whom a thing could help. */
class NeedsModel(private val kith: Kith, private val work: Work) {
    var open by mutableStateOf<List<Need>>(emptyList())
        private set
    var toReview by mutableStateOf<List<Need>>(emptyList())
        private set
    var matchText by mutableStateOf("")
    var matches by mutableStateOf<List<NeedMatch>?>(null)
        private set

    fun refresh() = work.run({ kith.needs(null).filter { it.status == NeedStatus.OPEN } to kith.needsToReview() }) {
        open = it.first
        toReview = it.second
    }

    fun match() {
        val text = matchText.trim()
        if (text.isEmpty()) return work.fail("Say what you could offer first.")
        work.run({ kith.matchNeeds(text) }) { matches = it }
    }

    fun reviewed(need: Need) = change("Reviewed: ${need.what}") { kith.reviewNeed(need.id, null) }

    fun helped(need: Need) = change("Marked as helped: ${need.what}") { kith.setNeedStatus(need.id, NeedStatus.HELPED) }

    private fun change(said: String, call: () -> Unit) = work.act(call) {
        refresh()
        said
    }
}

/** Loops both ways (what I owe, what they owe me), oldest first, with the core's reading. */
class LoopsModel(private val kith: Kith, private val work: Work) {
    var loops by mutableStateOf<List<OpenLoop>>(emptyList())
        private set

    fun refresh() = work.run({ kith.openLoops() }) { loops = it }

    fun close(loop: OpenLoop) = work.act({ kith.completeFollowUp(loop.followUp.id) }) {
        refresh()
        "Closed: ${loop.followUp.what}"
    }
}

/** Keep in touch before crunch time: contacts past their cadence. */
class DriftingModel(private val kith: Kith, private val work: Work) {
    var drifts by mutableStateOf<List<Drift>>(emptyList())
        private set

    fun refresh() = work.run({ kith.drifting() }) { drifts = it }
}

/** Referrals made and their outcomes: who was referred to whom, and how it went. */
class ReferralsModel(private val kith: Kith, private val work: Work) {
    var referrals by mutableStateOf<List<Referral>>(emptyList())
        private set
    /** Names of the contacts the referrals mention, by id. */
    var names by mutableStateOf<Map<String, String>>(emptyMap())
        private set
    var candidateSearch by mutableStateOf("")
    var candidates by mutableStateOf<List<Contact>>(emptyList())
        private set
    var company by mutableStateOf("")

    fun refresh() = work.run({
        val all = kith.referrals()
        val ids = all.flatMap { listOfNotNull(it.candidateId, it.toContactId) }.toSet()
        all to ids.associateWith { id -> runCatching { kith.contact(id).fullName }.getOrDefault("(gone)") }
    }) {
        referrals = it.first
        names = it.second
    }

    fun findCandidates() {
        val text = candidateSearch.trim()
        work.run({ if (text.isEmpty()) emptyList() else kith.contacts(ContactQuery(search = text, limit = 5u)) }) { candidates = it }
    }

    fun refer(candidate: Contact) {
        val to = company.trim()
        if (to.isEmpty()) return work.fail("Say which company you refer ${candidate.fullName} to.")
        work.act({ kith.addReferral(candidate.id, null, to, null) }) {
            company = ""
            candidateSearch = ""
            candidates = emptyList()
            refresh()
            "Referred ${candidate.fullName} to $to."
        }
    }

    fun update(referral: Referral, status: ReferralStatus) = work.act({ kith.updateReferral(referral.id, status, null) }) {
        refresh()
        "Outcome saved."
    }
}

/** Where the network hangs on one person or one employer, and the longest introduction chains. */
class RiskModel(private val kith: Kith, private val work: Work) {
    var report by mutableStateOf<RiskReport?>(null)
        private set
    var chains by mutableStateOf<List<Chain>>(emptyList())
        private set

    fun refresh() = work.run({ kith.networkRisk(5u) to kith.chains(5u) }) {
        report = it.first
        chains = it.second
    }
}
