-- Version 34 -> 35: what each deliveryman owes, read from an index (issue #19). The owner's
-- figures (`reports::ops::figures`, twice per report: the period and the one compared) replay
-- each deliveryman's settled runs with a difference; the runs were read row by row from the
-- table through `delivery_runs_man` (1 200 runs per deliveryman over five years: 18 % of the
-- month report under `perf`). This partial index holds only those runs, with what the replay
-- reads: a few dozen entries per deliveryman, nothing more to fetch.
CREATE INDEX delivery_runs_owed ON delivery_runs(deliveryman_id, settle_day, expected, counted)
    WHERE status = 'reglee' AND written_off = 0 AND expected <> counted;
