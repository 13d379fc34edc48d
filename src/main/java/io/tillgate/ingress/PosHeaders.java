package io.tillgate.ingress;

import org.apache.camel.Exchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The headers the POS routes let through (routes/pos-api.camel.yaml, routes/error-handling.camel.yaml). */
@Configuration(proxyBeanMethods = false)
public class PosHeaders {

    /**
     * What a queued POS request carries as message properties: its group and job id (the credential is in the
     * accepted request, the body); HTTP headers stay behind.
     */
    @Bean
    KeepHeaders queuedRequestHeaders() {
        return new KeepHeaders("JMSXGroupID", PosIngress.JOB_ID_HEADER);
    }

    /** The POS API's answers carry these headers and no others (Camel would echo the request's). */
    @Bean
    KeepHeaders posReplyHeaders() {
        return new KeepHeaders(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE, "Retry-After", "WWW-Authenticate");
    }
}
