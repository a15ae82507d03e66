-- Demo customers for the embedded default, so the README's examples answer at once.
delete from customer_profile where id in ('demo-anna', 'demo-ben', 'demo-chloe', 'demo-dev');

insert into customer_profile (id, known, segment, timezone, lifetime_value, journey_stage, global_opt_out,
                              consents, scores, attributes, created_at, updated_at)
values
    ('demo-anna', true, 'consumer', 'Europe/Paris', 420, 'active', false,
     '{"email": true, "sms": true, "push": true}', '{"churnRisk": 0.2, "purchasePropensity": 0.6}',
     '{"firstName": "Anna"}', current_timestamp, current_timestamp),
    ('demo-ben', true, 'consumer', 'America/New_York', 1800, 'loyal', false,
     '{"email": true, "sms": false}', '{"churnRisk": 0.85, "purchasePropensity": 0.3}',
     '{"firstName": "Ben"}', current_timestamp, current_timestamp),
    ('demo-chloe', true, 'enterprise', 'Europe/London', 25000, 'evaluating', false,
     '{"email": true}', '{"churnRisk": 0.1, "purchasePropensity": 0.8}',
     '{"firstName": "Chloe", "company": "Acme Ltd"}', current_timestamp, current_timestamp),
    ('demo-dev', true, 'consumer', 'Asia/Tokyo', 0, 'new', true,
     '{"email": true, "sms": true}', '{}',
     '{"firstName": "Dev"}', current_timestamp, current_timestamp);
