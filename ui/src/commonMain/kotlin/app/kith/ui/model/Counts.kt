package app.kith.ui.model

/** A count with its noun in the right number: "1 device", "3 devices", never "3 device(s)". */
fun counted(n: Long, one: String, many: String = one + "s"): String = "$n ${if (n == 1L) one else many}"

fun counted(n: UInt, one: String, many: String = one + "s"): String = counted(n.toLong(), one, many)

fun counted(n: Int, one: String, many: String = one + "s"): String = counted(n.toLong(), one, many)
