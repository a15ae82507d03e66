-- Identity stitching: an anonymous id (cookie, device) linked to a known customer.
create table customer_alias (
    alias_id     varchar(128) primary key,
    customer_id  varchar(128) not null,
    created_at   timestamp with time zone not null
);

create index customer_alias_customer on customer_alias (customer_id);
