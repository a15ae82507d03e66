-- Customer profiles and their event history. JSON is kept as text so the same schema serves
-- PostgreSQL and the embedded H2 default.
create table customer_profile (
    id              varchar(128) primary key,
    known           boolean          not null default true,
    segment         varchar(64),
    timezone        varchar(64),
    lifetime_value  double precision not null default 0,
    journey_stage   varchar(64),
    global_opt_out  boolean          not null default false,
    consents        text             not null,
    scores          text             not null,
    attributes      text             not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    version         bigint           not null default 0
);

create table customer_event (
    id           varchar(128) primary key,
    customer_id  varchar(128) not null,
    type         varchar(64)  not null,
    occurred_at  timestamp with time zone not null,
    channel      varchar(32),
    attributes   text         not null,
    received_at  timestamp with time zone not null
);

-- The one query a decision makes for history: a customer's events in a time window, newest first.
create index customer_event_history on customer_event (customer_id, occurred_at desc);
