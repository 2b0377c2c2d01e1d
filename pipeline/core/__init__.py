"""What every layer above the declaration shares: the report data model, the problem catalogue,
"cannot go on" (fatal), atomic output, the project's own paths, and the sentences generated from
the tables (a pure function of the model, read by the checks and printed by the report)."""
