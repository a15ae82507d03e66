-- Rulesets activated through the API (uploads, rollbacks), so every replica activates the same one.
-- files: JSON object, file name -> base64 content. base_folder_version: the rules folder's version when
-- the release was made (a release overrides that folder content, not a later one).
create table ruleset_release (
    id                   bigserial    primary key,
    version              varchar(32)  not null,
    source               varchar(16)  not null,
    base_folder_version  varchar(32),
    files                text         not null,
    released_at          timestamp with time zone not null
);
