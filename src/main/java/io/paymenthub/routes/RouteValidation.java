package io.paymenthub.routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The answer of {@code POST /api/admin/routes/validate} (contract section 8): the body is one route file, checked by
 * {@link RouteFileCheck} against the running hub and never loaded; 200 {@code {"valid": true}} or 422
 * {@code {"valid": false, "errors": [{"line", "message"}]}} with 1-based lines. A route id the hub already runs is
 * no error (an operator validates the edit of a running route). With {@code ?file=name.yaml} the first route must be
 * named after that file, as in the routes folder.
 */
@Component("routeValidation")
public class RouteValidation {

    private final RouteFileCheck check;
    private final ObjectMapper json;

    public RouteValidation(RouteFileCheck check, ObjectMapper json) {
        this.check = check;
        this.json = json;
    }

    /** Sets the status and the JSON body of the answer. */
    public void answer(@Body String yaml, @Header("file") String file, Exchange exchange) throws JsonProcessingException {
        String fileName = file == null || file.isBlank() ? null : file.trim();
        List<RouteFileProblem> problems = check.check(fileName, yaml == null ? "" : yaml, Set.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", problems.isEmpty());
        if (!problems.isEmpty()) {
            body.put("errors", problems.stream().map(problem -> Map.of("line", problem.line(), "message", problem.message())).toList());
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problems.isEmpty() ? 200 : 422);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(body));
    }
}
