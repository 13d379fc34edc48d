package io.tillgate.customers;

import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.api.ApiRefusal;
import io.tillgate.engine.api.EngineSurface;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Talon.One's {@code DELETE /v1/customer_data/{integrationId}}: a customer erased, in every application ({@link CustomerErasure}). */
@RestController
class CustomerDataApi implements EngineSurface {
    private final Applications applications;
    private final CustomerErasure erasure;

    CustomerDataApi(Applications applications, CustomerErasure erasure) {
        this.applications = applications;
        this.erasure = erasure;
    }

    @DeleteMapping(path = "/v1/customer_data/{integrationId}", produces = "application/json")
    ResponseEntity<Void> erase(@PathVariable String integrationId,
                               @RequestHeader(value = "Authorization", required = false) String auth) {
        if (applications.byApiKey(auth).isEmpty() && !applications.isManagementKey(auth)) {
            throw ApiRefusal.integrationKeyRequired();
        }
        if (!erasure.erase(integrationId)) {
            throw EngineException.notFound("nothing is known of customer '" + integrationId + "'");
        }
        return ResponseEntity.noContent().build();
    }
}
