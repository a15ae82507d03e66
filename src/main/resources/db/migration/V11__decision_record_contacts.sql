-- The contacts each decision made (id, action, channel, category, moment counted), as JSON: the source of truth a
-- customer's contacts in Redis are rebuilt from when Redis lost them (read by customer, with the index
-- decision_record_customer). Null on records written before this column.
alter table decision_record add column contacts text;
