-- Questions get their own search index. There are many more questions than items (100k vs 10k
-- on a large board); ranking them with bm25 beside items made every search pay for all of
-- them. Items, library answers and releases stay in search_index and are ranked by bm25;
-- questions are searched in question_index and returned newest first, which needs no ranking
-- and stops after the first matches.

DROP TRIGGER questions_search_insert;
DROP TRIGGER questions_search_update;
DROP TRIGGER answers_search_insert;
DELETE FROM search_index WHERE entity = 'question';

CREATE VIRTUAL TABLE question_index USING fts5(
  question_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER questions_search_insert AFTER INSERT ON questions BEGIN
  INSERT INTO question_index(question_id, body) VALUES (new.id, sb_index_text(new.body));
END;
CREATE TRIGGER questions_search_update AFTER UPDATE OF body ON questions BEGIN
  DELETE FROM question_index WHERE question_id = old.id;
  INSERT INTO question_index(question_id, body) VALUES (new.id, sb_index_text(new.body));
END;
CREATE TRIGGER answers_search_insert AFTER INSERT ON answers BEGIN
  UPDATE question_index SET body = body || ' ' || sb_index_text(new.body)
   WHERE question_id = new.question_id;
END;

INSERT INTO question_index(question_id, body)
  SELECT q.id, sb_index_text(q.body || ' ' || coalesce((SELECT group_concat(a.body, ' ')
                                                         FROM answers a WHERE a.question_id = q.id), ''))
  FROM questions q;
