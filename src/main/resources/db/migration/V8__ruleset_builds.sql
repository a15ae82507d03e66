-- Rulesets compiled once, by the replica that claimed them first, for every replica to load instead of
-- compiling them again. build_key: a hash of every file (scenario tests included) and of the application's
-- classes and Drools version, so a build is only ever loaded by the code that could have compiled it.
-- status: BUILDING (claimed, not finished), ACCEPTED (packages: the compiled, compressed packages;
-- warnings: the compiler's, as JSON) or REJECTED (problems: compile errors or failed scenarios, as JSON).
create table ruleset_build (
    build_key    varchar(64)  primary key,
    version      varchar(32)  not null,
    status       varchar(16)  not null,
    compiled_by  varchar(200) not null,
    claimed_at   timestamp with time zone not null,
    finished_at  timestamp with time zone,
    packages     bytea,
    warnings     text,
    problems     text
);
create index ruleset_build_claimed_at on ruleset_build (claimed_at desc);
