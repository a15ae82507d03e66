-- One row per decision: what was asked, what was decided and why. Kept for a configurable retention.
create table decision_record (
    id               varchar(36)  primary key,
    customer_id      varchar(128) not null,
    decided_at       timestamp with time zone not null,
    ruleset_version  varchar(32)  not null,
    dry_run          boolean      not null,
    request          text         not null,
    actions          text         not null,
    suppressed       text         not null,
    fired_rules      text         not null,
    took_micros      bigint       not null,
    recorded_at      timestamp with time zone not null
);

create index decision_record_customer on decision_record (customer_id, decided_at desc);
create index decision_record_recorded on decision_record (recorded_at);
