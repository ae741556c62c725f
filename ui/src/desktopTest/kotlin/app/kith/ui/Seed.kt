package app.kith.ui

import app.kith.core.Cadence
import app.kith.core.Direction
import app.kith.core.ExchangeKind
import app.kith.core.Flow
import app.kith.core.MeetingKind
import app.kith.core.MyCard
import app.kith.core.NewContact
import app.kith.core.NewFollowUp
import app.kith.core.NewMeeting
import java.time.LocalDate

/** A store with a bit of everything every screen shows; returns Ana's id (meeting, need, exchange). */
fun Store.seed(): String {
    val ana = kith.addContact(NewContact(name = "Ana Reyes", organization = "Northwind", emails = listOf("ana@northwind.example")))
    kith.addContact(NewContact(name = "Ana Reyes", emails = listOf("ana.reyes@example.org"), organization = "Northwind"))
    val ben = kith.addContact(NewContact(name = "Ben Okafor"))
    kith.setCadence(ben.id, Cadence(days = 30u, tier = null))
    val m = kith.logMeetingWithNames(
        NewMeeting(MeetingKind.NETWORKING, listOf(ana.id), null, null, "learn the market", emptyList(), null, null, null),
        listOf("Chen Wei", "Dana Levi"),
    )
    kith.addFollowUp(NewFollowUp("Send Ana the deck", LocalDate.now().toString(), ana.id, m.id, Direction.I_OWE, null))
    kith.addNeed(ana.id, "a designer for her startup", null)
    kith.recordExchange(ana.id, Flow.GAVE, ExchangeKind.ADVICE, null)
    kith.addReferral(ben.id, null, "Northwind", null)
    kith.startEvent("Web Summit", "Lisbon", null)
    kith.setCard("professional", MyCard("Sam Doe", null, null, "Founder", "Kith", listOf("sam@kith.example"), listOf("+1 415 555 0100"), emptyList(), null, null))
    return ana.id
}
