-- SPEC §10: an operator's own compute figure is a claim, not an authority the suite verified. A
-- figure weighs in the infrastructure pool only once an admin has confirmed it (an admin's report
-- is confirmed as it is written); an operator's change of the figure makes it a claim again.
-- Figures reported before this migration are claims too, until an admin confirms them.
ALTER TABLE compute_report ADD COLUMN confirmed_by VARCHAR(128);
ALTER TABLE compute_report ADD COLUMN confirmed_at TIMESTAMPTZ;
