DROP TRIGGER IF EXISTS recount_discharge_batch ON discharge_batch_items;
DROP FUNCTION IF EXISTS recount_discharge_batch_of_item();
DROP FUNCTION IF EXISTS recount_discharge_batch(uuid);
