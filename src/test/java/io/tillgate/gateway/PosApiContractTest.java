package io.tillgate.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract that every POS exchange of the suite is held to fails on drift, in each of its checks. */
class PosApiContractTest {
    private static final String ACCEPTED = "{\"status\":\"OK\",\"payload\":{\"request_id\":\"r\",\"transaction_id\":\"t\",\"job_id\":\"j\"}}";
    private static final String REQUEST = "{\"store_id\":\"store-1\",\"client_id\":\"c\",\"request_id\":\"r\","
            + "\"request_payload\":{\"transaction_id\":\"t\",\"modified_time\":\"2026-03-01T10:00:00Z\"}}";

    @Test
    void aDocumentedExchangePasses() {
        assertThatCode(() -> PosApiContract.check("POST", "/api/2.0/send_transaction", REQUEST, 200, ACCEPTED)).doesNotThrowAnyException();
        assertThatCode(() -> PosApiContract.check("GET", "/api/2.0/transactions/store-1/T%201", null, 404,
                "{\"status\":\"error\",\"errors\":[{\"code\":\"not_found\",\"field\":\"transaction_id\",\"message\":\"m\"}]}"))
                .doesNotThrowAnyException();
    }

    @Test
    void anUndocumentedPathStatusFieldOrCodeFails() {
        assertThatThrownBy(() -> PosApiContract.check("GET", "/api/2.0/stores", null, 200, "{}")).hasMessageContaining("matches no path");
        assertThatThrownBy(() -> PosApiContract.check("POST", "/api/2.0/send_transaction", REQUEST, 202, ACCEPTED))
                .hasMessageContaining("answered 202");
        assertThatThrownBy(() -> PosApiContract.check("POST", "/api/2.0/send_transaction", REQUEST, 200,
                ACCEPTED.replace("\"job_id\":\"j\"", "\"job_id\":\"j\",\"jobId\":\"j\""))).hasMessageContaining("does not match");
        assertThatThrownBy(() -> PosApiContract.check("POST", "/api/2.0/send_transaction", REQUEST, 400,
                "{\"status\":\"error\",\"errors\":[{\"code\":\"no_such_code\",\"field\":null,\"message\":\"m\"}]}"))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> PosApiContract.check("POST", "/api/2.0/send_transaction", "{\"store_id\":\"s\"}", 200, ACCEPTED))
                .hasMessageContaining("request does not match");
    }
}
