-- Customers' places in journeys. A row is one enrolment; the scheduler claims due rows with
-- FOR UPDATE SKIP LOCKED, so each due step is decided by exactly one replica, and a replica that dies
-- mid-step rolls back and leaves the step due for another.
create table journey_enrolment (
    id               varchar(36)  primary key,
    customer_id      varchar(128) not null,
    journey          varchar(128) not null,
    -- the journey's name while the enrolment is active, null once it ended: one active enrolment per journey
    active_journey   varchar(128),
    step             varchar(128),
    status           varchar(16)  not null,  -- ACTIVE, COMPLETED, EXITED, FAILED
    enrolled_at      timestamp with time zone not null,
    step_since       timestamp with time zone not null,
    due_at           timestamp with time zone,
    attributes       text         not null,
    ruleset_version  varchar(64),
    last_decision_id varchar(36),
    attempts         integer      not null default 0,
    last_error       varchar(500),
    ended_at         timestamp with time zone,
    end_reason       varchar(200),
    constraint journey_enrolment_one_active unique (customer_id, active_journey)
);

create index journey_enrolment_due on journey_enrolment (status, due_at);

-- What each decision did to journeys (enrolled, moved, exited, completed), to explain it later.
alter table decision_record add column journeys text;
