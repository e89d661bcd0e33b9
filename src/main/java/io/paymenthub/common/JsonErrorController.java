package io.paymenthub.common;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever fails outside a route (an unknown path, a method not served, a broken request) is still
 * answered in the contract's error shape: JSON, never an HTML page or a stack trace.
 */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping(path = "/error")
    public ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && HttpStatus.resolve(value) != null ? value : 500;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ContractErrorBody.of(codeFor(status), messageFor(status)));
    }

    /** The contract code for a status that no route chose (Tomcat's, Spring MVC's). */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 408 -> "REQUEST_TIMEOUT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 431 -> "HEADERS_TOO_LARGE";
            // a suspended route, a full pool or Spring's async timeout: the caller should retry
            case 503 -> "UNAVAILABLE";
            default -> status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL_ERROR";
        };
    }

    static String messageFor(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
