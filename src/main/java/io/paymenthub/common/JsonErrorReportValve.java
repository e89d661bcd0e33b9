package io.paymenthub.common;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report for requests it refuses before the application sees them (a malformed request line
 * or header, an encoded slash in the path, an unsupported transfer coding or HTTP version...): the contract's
 * JSON instead of an HTML page or an empty body. Such refusals are the client's fault, so the 5xx Tomcat uses
 * for some of them (501 for a transfer coding, 505 for an HTTP version) are answered 400. Errors of the
 * application itself never get here: Spring's /error page ({@link JsonErrorController}) has answered them.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        int answered = status == 501 || status == 505 ? 400 : status;
        try {
            String body = new String(ContractErrorBody.of(JsonErrorController.codeFor(answered),
                    JsonErrorController.messageFor(answered)), StandardCharsets.UTF_8);
            response.setStatus(answered);
            response.setContentType("application/json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was taken over: nothing more to say
        }
    }
}
