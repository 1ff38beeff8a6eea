-- Indexes that match the list sorts exactly, so a page is an index range scan instead of a
-- sort of the whole table: (key, id) scanned backwards gives "key DESC, id DESC" for updated,
-- demand and value; the ETA sort uses the same expression as the query.
DROP INDEX items_demand;
DROP INDEX items_updated;
CREATE INDEX items_updated ON items(updated_at, id);
CREATE INDEX items_demand ON items(demand_score, id);
CREATE INDEX items_value ON items(value_amount, id);
CREATE INDEX items_eta ON items(coalesce(eta_end, '9999-12-31'), id);
