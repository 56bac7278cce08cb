"""Delegates' proposals (党代表提案, M-C4): before the party congress's annual session a delegate
submits a proposal with the co-signers the rule set asks for; the committee accepts it – and it is
handled as a supervision item (owner, feedback deadline, feedback) – or converts it into a
suggestion; the author says whether the handling satisfies; the session hears a report of all."""
