"""Public opinion (社情民意反映, X-1): what villages, branches and departments hear from the public is
verified and sent up to the party office (003 社情民意 第十九条), analysed and classified there
(第二十条), its adoption decided, and the source told of it within the rule set's days (第二十一条,
watched by the deadline engine); each month's figures by source, topic and outcome."""
