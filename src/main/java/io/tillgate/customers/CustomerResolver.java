package io.tillgate.customers;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.store.ProfileStore;
import io.tillgate.pos.FieldError;
import io.tillgate.translate.CustomerIds;
import io.tillgate.translate.SessionMapping;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a transaction's customer: its ids in the mapping's order, the first that names a profile winning. An id of a
 * profile type names its profile (or, once that profile was merged, the one it was merged into); one of a linked type
 * names the profile it is linked to, or nothing yet.
 */
@Component
public class CustomerResolver {
    private final CustomerIdentities identities;

    public CustomerResolver(CustomerIdentities identities) {
        this.identities = identities;
    }

    /**
     * The customer of a transaction (a {@code request_payload}) of the application; of no application (null: a store
     * mapped to none), only ids of a profile type name one, as links are the application's.
     */
    public Identity identify(Long applicationId, JsonNode transaction, SessionMapping mapping) {
        CustomerIds customer = mapping.customer();
        List<FieldError> unresolved = new ArrayList<>();
        for (CustomerIds.Found id : customer.found(transaction)) {
            String field = "request_payload." + id.field();
            CustomerIds.Resolution resolution = customer.resolutionOf(id.type());
            if (resolution == null) {
                unresolved.add(new FieldError("customer_not_identified", field, (id.type() == null ? "an id without a type"
                        : "id type '" + id.type() + "'") + " is not among customer.types of mappings/session.yaml "
                        + customer.types().keySet() + "; the id names no profile"));
            } else if (id.value().startsWith(ProfileStore.ERASED_PREFIX)) {
                unresolved.add(new FieldError("customer_not_identified", field, "ids starting with '" + ProfileStore.ERASED_PREFIX
                        + "' are erased customers'; the id names no profile"));
            } else if (resolution == CustomerIds.Resolution.PROFILE) {
                if (id.value().length() > ProfileStore.MAX_ID_LENGTH) {
                    return new Identity.Invalid(field, "the profile id mappings/session.yaml finds is longer than "
                            + ProfileStore.MAX_ID_LENGTH + " characters");
                }
                // a profile merged into another names the other
                return new Identity.Known(applicationId == null ? id.value() : identities.find(applicationId, CustomerMerges.MERGED, id.value())
                        .map(CustomerIdentities.Link::integrationId).orElse(id.value()));
            } else {
                Optional<CustomerIdentities.Link> link = applicationId == null || id.value().length() > ProfileStore.MAX_ID_LENGTH
                        ? Optional.empty() : identities.find(applicationId, id.type(), id.value());
                if (link.isPresent()) {
                    return new Identity.Known(link.get().integrationId());
                }
                unresolved.add(new FieldError("customer_not_identified", field, id.type() + " '" + id.value()
                        + "' is linked to no profile" + (applicationId == null ? "" : " (PUT /v1/applications/" + applicationId
                        + "/customer_identities/" + id.type() + "/{id} links it)") + "; the sale counts for no customer"));
            }
        }
        return unresolved.isEmpty() ? Identity.Anonymous.NO_IDS : new Identity.Anonymous(List.copyOf(unresolved));
    }
}
