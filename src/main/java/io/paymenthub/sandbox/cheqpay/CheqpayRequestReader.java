package io.paymenthub.sandbox.cheqpay;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.paymenthub.common.CardNumberMasker;

/**
 * Reads the fields of one request body and collects every wrong one, so a 400 {@code VALIDATION_ERROR}
 * lists them all in {@code details} at once, as Cheqpay does. A problem names the field (e.g.
 * {@code paymentMethod.cardDetails.number}), never its value. Free text is masked on the way in
 * ({@link CardNumberMasker}), so a card number typed into a description is never kept or echoed.
 */
final class CheqpayRequestReader {

    static final int MAX_ID = 255;
    static final int MAX_TEXT = 2048;

    private final CardNumberMasker masker;
    private final List<CheqpayRefusal.Detail> problems = new ArrayList<>();

    CheqpayRequestReader(CardNumberMasker masker) {
        this.masker = masker;
    }

    /** @throws CheqpayRefusal 400 when the body is missing or not a JSON object */
    static JsonNode body(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw CheqpayRefusal.invalid("body", "must be a JSON object");
        }
        return body;
    }

    /** A text field given as is (ids, codes, URLs); null when absent. */
    String text(JsonNode parent, String name, String path, boolean required, int maxLength) {
        JsonNode value = parent.path(name);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                problem(path, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            problem(path, "must be a string");
            return null;
        }
        if (required && value.asText().isBlank()) {
            problem(path, "must not be blank");
            return null;
        }
        if (value.asText().length() > maxLength) {
            problem(path, "must be at most " + maxLength + " characters");
            return null;
        }
        return value.asText();
    }

    /** Free text (descriptions, names): optional, with any card number in it masked. */
    String freeText(JsonNode parent, String name, String path) {
        return masker.mask(text(parent, name, path, false, MAX_TEXT));
    }

    /** An object field; the missing node when absent (so reading inside it finds nothing rather than failing). */
    JsonNode object(JsonNode parent, String name, String path, boolean required) {
        JsonNode value = parent.path(name);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                problem(path, "is required");
            }
            return MissingNode.getInstance();
        }
        if (!value.isObject()) {
            problem(path, "must be an object");
            return MissingNode.getInstance();
        }
        return value;
    }

    /** A positive integer of minor units; null when absent or wrong. */
    Long positiveAmount(JsonNode parent, String name, String path, boolean required) {
        JsonNode value = parent.path(name);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                problem(path, "is required");
            }
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
            problem(path, "must be a positive integer in minor units");
            return null;
        }
        return value.asLong();
    }

    boolean flag(JsonNode parent, String name, String path) {
        JsonNode value = parent.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problem(path, "must be true or false");
            return false;
        }
        return value.asBoolean();
    }

    /**
     * True for 13–19 digits that pass the Luhn check. The masker masks exactly those (contract section 3), so
     * asking it keeps one Luhn check in the code base.
     */
    boolean isCardNumber(String digits) {
        return digits.matches("[0-9]{13,19}") && !masker.mask(digits).equals(digits);
    }

    void problem(String path, String message) {
        problems.add(new CheqpayRefusal.Detail(path, message));
    }

    /** @throws CheqpayRefusal 400 {@code VALIDATION_ERROR} with every problem found so far */
    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw CheqpayRefusal.invalid(problems);
        }
    }
}
