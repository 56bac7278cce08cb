"""Actions on meetings, one module per topic: ``scheduling``, ``agenda``, ``notice``,
``attendance``, ``session``, ``emergencies``, ``votes``, ``decisions``, ``minutes``. Callers import
the topic module (``from meetings.services import votes``); nothing is re-exported here."""
