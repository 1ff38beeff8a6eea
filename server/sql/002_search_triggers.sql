-- Search index maintenance: triggers keep search_index in step with items, questions, the
-- answer library and releases. sb_index_text() is a C++ function the server registers on
-- every connection (shipboard::search_index_text: lower case, half-width, Traditional folded
-- to Simplified, CJK unigrams and bigrams).

CREATE TRIGGER items_search_insert AFTER INSERT ON items BEGIN
  INSERT INTO search_index(entity, entity_id, body) VALUES ('item', new.id,
    sb_index_text(new.title || ' ' || new.area || ' ' || new.description || ' ' || new.customer_answer));
END;
CREATE TRIGGER items_search_update AFTER UPDATE OF title, area, description, customer_answer ON items BEGIN
  DELETE FROM search_index WHERE entity = 'item' AND entity_id = old.id;
  INSERT INTO search_index(entity, entity_id, body) VALUES ('item', new.id,
    sb_index_text(new.title || ' ' || new.area || ' ' || new.description || ' ' || new.customer_answer));
END;
CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN
  DELETE FROM search_index WHERE entity = 'item' AND entity_id = old.id;
END;

CREATE TRIGGER questions_search_insert AFTER INSERT ON questions BEGIN
  INSERT INTO search_index(entity, entity_id, body) VALUES ('question', new.id, sb_index_text(new.body));
END;
CREATE TRIGGER questions_search_update AFTER UPDATE OF body ON questions BEGIN
  DELETE FROM search_index WHERE entity = 'question' AND entity_id = old.id;
  INSERT INTO search_index(entity, entity_id, body) VALUES ('question', new.id, sb_index_text(new.body));
END;
CREATE TRIGGER answers_search_insert AFTER INSERT ON answers BEGIN
  UPDATE search_index SET body = body || ' ' || sb_index_text(new.body)
   WHERE entity = 'question' AND entity_id = new.question_id;
END;

CREATE TRIGGER library_search_insert AFTER INSERT ON library_answers BEGIN
  INSERT INTO search_index(entity, entity_id, body) VALUES ('answer', new.id,
    sb_index_text(new.title || ' ' || new.body || ' ' || new.tags));
END;
CREATE TRIGGER library_search_update AFTER UPDATE OF title, body, tags ON library_answers BEGIN
  DELETE FROM search_index WHERE entity = 'answer' AND entity_id = old.id;
  INSERT INTO search_index(entity, entity_id, body) VALUES ('answer', new.id,
    sb_index_text(new.title || ' ' || new.body || ' ' || new.tags));
END;

CREATE TRIGGER releases_search_insert AFTER INSERT ON releases BEGIN
  INSERT INTO search_index(entity, entity_id, body) VALUES ('release', new.id,
    sb_index_text(new.name || ' ' || new.notes || ' ' || new.faq));
END;
CREATE TRIGGER releases_search_update AFTER UPDATE OF name, notes, faq ON releases BEGIN
  DELETE FROM search_index WHERE entity = 'release' AND entity_id = old.id;
  INSERT INTO search_index(entity, entity_id, body) VALUES ('release', new.id,
    sb_index_text(new.name || ' ' || new.notes || ' ' || new.faq));
END;

-- Rows written before this migration.
INSERT INTO search_index(entity, entity_id, body)
  SELECT 'item', id, sb_index_text(title || ' ' || area || ' ' || description || ' ' || customer_answer) FROM items;
INSERT INTO search_index(entity, entity_id, body)
  SELECT 'question', id, sb_index_text(body) FROM questions;
INSERT INTO search_index(entity, entity_id, body)
  SELECT 'answer', id, sb_index_text(title || ' ' || body || ' ' || tags) FROM library_answers;
INSERT INTO search_index(entity, entity_id, body)
  SELECT 'release', id, sb_index_text(name || ' ' || notes || ' ' || faq) FROM releases;
