package io.tillgate.customers;

import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The ids linked to customer profiles: an id of a type names the profile's integration id, within an application. */
@Repository
public class CustomerIdentities {
    private final JdbcClient jdbc;
    private final String insertIgnore;

    public CustomerIdentities(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.insertIgnore = dialect.insertIgnore("customer_identity",
                new String[]{"application_id", "id_type", "external_id", "integration_id", "created"},
                new String[]{"application_id", "id_type", "external_id"});
    }

    /** A link: the id of a type, the profile it names, and when it was made. */
    public record Link(String idType, String externalId, String integrationId, Instant created) {
    }

    public Optional<Link> find(long applicationId, String idType, String externalId) {
        return jdbc.sql("SELECT id_type, external_id, integration_id, created FROM customer_identity"
                        + " WHERE application_id = ? AND id_type = ? AND external_id = ?")
                .params(applicationId, idType, externalId).query(CustomerIdentities::link).optional();
    }

    /** Links the id unless it is linked already; the link that holds afterwards, the new one or the one found. */
    public Link link(long applicationId, String idType, String externalId, String integrationId, Instant now) {
        Dialect.insertIgnore(jdbc, insertIgnore, applicationId, idType, externalId, integrationId, Timestamps.utc(now));
        return find(applicationId, idType, externalId).orElseThrow();
    }

    public boolean unlink(long applicationId, String idType, String externalId) {
        return jdbc.sql("DELETE FROM customer_identity WHERE application_id = ? AND id_type = ? AND external_id = ?")
                .params(applicationId, idType, externalId).update() == 1;
    }

    /** Links to one profile made links to another (a merge); how many. */
    public int repoint(long applicationId, String from, String to) {
        return jdbc.sql("UPDATE customer_identity SET integration_id = ? WHERE application_id = ? AND integration_id = ?")
                .params(to, applicationId, from).update();
    }

    /** Every link to a profile, and the profile's own id as a merged one, gone (an erasure); how many, in all applications. */
    public int forget(String integrationId) {
        return jdbc.sql("DELETE FROM customer_identity WHERE integration_id = ? OR (id_type = ? AND external_id = ?)")
                .params(integrationId, CustomerMerges.MERGED, integrationId).update();
    }

    /** The ids linked to a profile, by type and id. */
    public List<Link> ofProfile(long applicationId, String integrationId) {
        return jdbc.sql("SELECT id_type, external_id, integration_id, created FROM customer_identity"
                        + " WHERE application_id = ? AND integration_id = ? ORDER BY id_type, external_id")
                .params(applicationId, integrationId).query(CustomerIdentities::link).list();
    }

    private static Link link(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Link(rs.getString(1), rs.getString(2), rs.getString(3), Timestamps.instant(rs, 4));
    }
}
