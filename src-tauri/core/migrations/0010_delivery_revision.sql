-- Every change to a delivery row bumps its revision, and the summary pushed to the window carries
-- it. Changes are made by several tasks at once (the dispatcher claiming, the writer saving an
-- answer, a Retry now from the user), so their events can arrive out of order; with the
-- revision a screen keeps the newest state of each delivery instead of the last one to arrive.
ALTER TABLE deliveries ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
