-- Which attempt owns a payment's submission to the platform, and until when (a lease): an API request, a
-- replay, the background retry or the sweep of interrupted attempts takes it with a conditional update
-- before it calls the platform, so one payment is never submitted by two attempts at once; a lease that
-- ran out belongs to an attempt that died (a crash mid-call), and the next taker submits again with the key.
ALTER TABLE payments ADD COLUMN attempt_id VARCHAR(40);
ALTER TABLE payments ADD COLUMN attempt_until TIMESTAMP(6);
