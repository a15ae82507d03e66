-- The customer's own quiet hours, "HH:mm-HH:mm" in their timezone; null means the service default.
alter table customer_profile add column quiet_hours varchar(11);
