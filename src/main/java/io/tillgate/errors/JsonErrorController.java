package io.tillgate.errors;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the servlet container forwards an error no controller answered (an unknown path, a wrong method):
 * Spring Boot's own answers in its format, and a request for {@code /error} itself with a 500. This one
 * answers in the format of the API the failed path belongs to, and {@code GET /error} is a plain 404.
 */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<String> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        if (!(status instanceof Integer code) || code < 400) {
            return reply(404, request.getRequestURI(), "no such resource");
        }
        String text = message instanceof String m && !m.isBlank() ? m : null;
        if (code >= 500) {
            text = "tillgate could not process the request"; // the cause is logged; a client is told nothing of it
        } else if (code == 404) {
            text = "no such resource";
        } else if (code == 405) {
            text = "method " + request.getMethod() + " is not allowed here";
        }
        return reply(code, path instanceof String p ? p : request.getRequestURI(), text);
    }

    private static ResponseEntity<String> reply(int status, String path, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ErrorBodies.of(path, status, message));
    }
}
