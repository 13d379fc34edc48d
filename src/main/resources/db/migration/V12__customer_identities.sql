-- A customer's other ids, linked to the profile they name (mappings/session.yaml: customer.types ... linked):
-- the same person paying once with an External_ID and once with a SessionM_ID earns into one profile.
CREATE TABLE customer_identity (
    application_id BIGINT       NOT NULL,
    id_type        VARCHAR(64)  NOT NULL,
    external_id    VARCHAR(200) NOT NULL,
    integration_id VARCHAR(200) NOT NULL,
    created        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (application_id, id_type, external_id)
);
CREATE INDEX customer_identity_profile ON customer_identity (application_id, integration_id);
