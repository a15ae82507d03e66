-- Actions the service delivers itself, through a webhook per channel: at least once, with retries.
create table delivery (
    id               varchar(200) primary key,  -- decisionId:actionId, also the receiver's idempotency key
    decision_id      varchar(36)  not null,
    customer_id      varchar(128) not null,
    action_id        varchar(128) not null,
    channel          varchar(32)  not null,
    body             text         not null,
    send_at          timestamp with time zone not null,
    status           varchar(16)  not null,
    attempts         integer      not null default 0,
    next_attempt_at  timestamp with time zone not null,
    last_error       varchar(500),
    delivered_at     timestamp with time zone
);

create index delivery_due on delivery (status, next_attempt_at);
create index delivery_customer on delivery (customer_id);
