package io.paymenthub.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The contract's error body {@code {"error","code"}} for answers given outside a route: by the servlet filter,
 * the platform-http consumer or Tomcat's error report valve, where {@link ErrorResponder} cannot be used.
 * The one writer of error bodies: a card number in the sentence (a refusal may quote what it refused) is
 * masked to its first 6 and last 4 digits, as an error body never holds one (contract, top and section 3).
 */
public final class ContractErrorBody {

    private static final CardNumberMasker CARD_NUMBERS = new CardNumberMasker();

    private ContractErrorBody() {
    }

    public static byte[] of(String code, String message) {
        JsonStringEncoder json = JsonStringEncoder.getInstance();
        return ("{\"error\":\"" + new String(json.quoteAsString(CARD_NUMBERS.mask(message))) + "\",\"code\":\""
                + new String(json.quoteAsString(code)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the status and body, unless the response is already committed. With {@code close}, the connection
     * is closed after the answer, because what is left of the request body was not read.
     */
    public static void write(HttpServletResponse response, int status, String code, String message, boolean close)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = of(code, message);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        if (close) {
            response.setHeader("Connection", "close");
        }
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
