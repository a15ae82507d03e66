-- An event is identified by its customer and its id: two customers' events may share an id (each source
-- numbers its own), and both are stored. The table is rebuilt rather than altered so that one script serves
-- PostgreSQL and the embedded H2, which name (and drop) a primary key differently.
create table customer_event_by_customer (
    id           varchar(128) not null,
    customer_id  varchar(128) not null,
    type         varchar(64)  not null,
    occurred_at  timestamp with time zone not null,
    channel      varchar(32),
    attributes   text         not null,
    received_at  timestamp with time zone not null,
    constraint customer_event_key primary key (customer_id, id)
);

insert into customer_event_by_customer (id, customer_id, type, occurred_at, channel, attributes, received_at)
select id, customer_id, type, occurred_at, channel, attributes, received_at from customer_event;

drop table customer_event;
alter table customer_event_by_customer rename to customer_event;

create index customer_event_history on customer_event (customer_id, occurred_at desc);
