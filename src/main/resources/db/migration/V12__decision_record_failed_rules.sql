-- The rules that threw while deciding (JSON list of rule, file, row, phase, reason): their firings were undone and
-- the decision answered without them. Null when none did, and on records written before this column.
alter table decision_record add column failed_rules text;
