-- A discharge batch's counters are its items, counted: every insert, change or removal of an
-- item recounts its batch, whoever writes it, so the counters cannot drift from the items.

CREATE FUNCTION recount_discharge_batch(p_batch_id uuid) RETURNS void
  LANGUAGE sql AS $$
  UPDATE discharge_batches b
     SET total_cases = c.total,
         processed_cases = c.processed,
         successful_cases = c.successful,
         failed_cases = c.failed
    FROM (SELECT count(*)::int AS total,
                 (count(*) FILTER (WHERE status IN ('success', 'failed', 'skipped')))::int AS processed,
                 (count(*) FILTER (WHERE status = 'success'))::int AS successful,
                 (count(*) FILTER (WHERE status = 'failed'))::int AS failed
            FROM discharge_batch_items WHERE batch_id = p_batch_id) c
   WHERE b.id = p_batch_id
     AND (b.total_cases, b.processed_cases, b.successful_cases, b.failed_cases)
         IS DISTINCT FROM (c.total, c.processed, c.successful, c.failed)
$$;

CREATE FUNCTION recount_discharge_batch_of_item() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM recount_discharge_batch(OLD.batch_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.batch_id IS DISTINCT FROM OLD.batch_id) THEN
    PERFORM recount_discharge_batch(NEW.batch_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER recount_discharge_batch AFTER INSERT OR UPDATE OR DELETE ON discharge_batch_items
  FOR EACH ROW EXECUTE FUNCTION recount_discharge_batch_of_item();

-- Existing batches, once.
SELECT recount_discharge_batch(id) FROM discharge_batches;
