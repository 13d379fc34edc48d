package io.tillgate.errors;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's report of an error it answers itself, before any filter or controller (a path with {@code %2F},
 * {@code %00} or {@code \}, a malformed request line), as JSON in the format of the path's API instead of
 * Tomcat's HTML page. Installed as the host's error report valve by {@link TomcatErrorReports}.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String message = status >= 500 ? "tillgate could not process the request"
                : status == 400 ? "the request could not be read: its path or headers are malformed" : null;
        String body = ErrorBodies.of(request.getRequestURI(), status, message);
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // as Tomcat's own report: the client has gone or the answer was already under way; nothing to tell
            container.getLogger().debug("the error report of " + status + " could not be written", e);
        }
    }
}
