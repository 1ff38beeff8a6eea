-- Enablement packs and re-tell prompts (issue 15, parts 1 and 2): the language each customer
-- reads (default the board's, zh-Hant), the customer answer of an item in other languages,
-- the language and commitment a told entry was told in (its staleness compares them), and a
-- payload on inbox entries (release.shipped links its release; told.stale carries what was
-- said then and what is true now) with the customer a told.stale entry is about.
ALTER TABLE customers ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-Hant'
  CHECK (lang IN ('zh-Hant','zh-Hans','en'));

CREATE TABLE item_answers (
  item_id  INTEGER NOT NULL REFERENCES items(id),
  lang     TEXT NOT NULL CHECK (lang IN ('zh-Hant','zh-Hans','en')),
  text     TEXT NOT NULL,
  PRIMARY KEY (item_id, lang)
) WITHOUT ROWID;

ALTER TABLE told ADD COLUMN lang TEXT NOT NULL DEFAULT '';  -- '' = the main answer (before 007)
ALTER TABLE told ADD COLUMN basis_commitment TEXT;          -- NULL = unknown (before 007)
CREATE INDEX told_customer_item ON told(customer_id, item_id, id);

ALTER TABLE notifications ADD COLUMN payload TEXT NOT NULL DEFAULT '{}';
ALTER TABLE notifications ADD COLUMN customer_id INTEGER;  -- told.stale: the customer
CREATE INDEX notifications_unread_about ON notifications(user_id, item_id, customer_id)
  WHERE read = 0;
