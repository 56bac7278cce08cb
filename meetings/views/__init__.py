"""Pages for the party office and the members, one module per topic: ``meetings`` (list, create,
edit), ``session`` (the live console), ``agenda``, ``notice`` (and calendars), ``attendance``,
``cadence``, ``emergencies``, ``votes``, ``decisions``, ``minutes``. ``meetings.urls`` names each
view by its module."""
