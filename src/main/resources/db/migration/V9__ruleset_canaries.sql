-- Candidate rulesets serving a share of customers beside the active one. The newest row is the rollout in
-- force while ended_at is null; starting another (or a new share) ends it. percent: the share of customers,
-- chosen by a hash of the customer id salted with the version, so raising it keeps the customers already in.
-- files: JSON object, file name -> base64 content. outcome: promoted, abandoned or replaced.
create table ruleset_canary (
    id              bigserial    primary key,
    version         varchar(32)  not null,
    percent         double precision not null,
    files           text         not null,
    started_at      timestamp with time zone not null,
    ended_at        timestamp with time zone,
    outcome         varchar(16)
);
