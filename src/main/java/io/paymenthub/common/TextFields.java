package io.paymenthub.common;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one rule set for text that callers send (contract section 3: every string field has a documented
 * maximum length). Lengths are counted in UTF-16 code units, as Java and JavaScript count them, so a limit
 * is never more than the column holds on PostgreSQL, MariaDB or H2. Identifiers (ids, keys, e-mail, URLs)
 * take printable characters only; free text (descriptions, names, addresses) may also hold tabs and line
 * breaks. Neither may hold a control character (NUL makes PostgreSQL refuse the row), a lone surrogate
 * (stored as '?') or a Unicode non-character. A refusal names the field and never quotes its value.
 */
public final class TextFields {

    // the documented limits (README, "Field limits"); each is at most the column that stores the value
    public static final int USER_ID = 255;
    public static final int ORDER_ID = 255;
    public static final int IDEMPOTENCY_KEY = 255;
    public static final int PROVIDER = 50;
    public static final int DESCRIPTION = 1000;
    public static final int RETURN_URL = 2048;
    public static final int CUSTOMER_EXTERNAL_ID = 255;
    public static final int EMAIL = 254;
    public static final int NAME = 100;
    public static final int PHONE_NUMBER = 32;
    /** Each string inside paymentMethod, billingAddress and deviceInformation. */
    public static final int NESTED_TEXT = 1000;
    public static final int PAYMENT_ID = 40;
    public static final int EVENT_ID = 255;
    public static final int EVENT_TYPE = 100;
    public static final int PROVIDER_PAYMENT_ID = 255;
    /** An ISO-8601 time such as a webhook's createdAt. */
    public static final int TIME = 64;

    /** The API and the queues: INVALID_FIELD for a wrong type or character, FIELD_TOO_LONG beyond a limit. */
    public static final TextFields API = new TextFields("INVALID_FIELD", "FIELD_TOO_LONG");
    /** Webhooks: every defect of a signed body is MALFORMED_EVENT (contract section 2). */
    public static final TextFields WEBHOOK = new TextFields("MALFORMED_EVENT", "MALFORMED_EVENT");

    private final String invalidCode;
    private final String tooLongCode;

    private TextFields(String invalidCode, String tooLongCode) {
        this.invalidCode = invalidCode;
        this.tooLongCode = tooLongCode;
    }

    /** @return the identifier, or a 400 when it is too long or holds a character no identifier has */
    public String identifier(String field, String value, int maxLength) {
        return check(field, value, maxLength, false);
    }

    /** @return the free text, or a 400 when it is too long or holds a control character other than tab and line breaks */
    public String freeText(String field, String value, int maxLength) {
        return check(field, value, maxLength, true);
    }

    /**
     * A string member of a JSON object (a number is taken as its text): null when absent or null, a 400 when
     * it is another type or breaks the rules.
     */
    public String text(JsonNode parent, String field, String name, int maxLength, boolean freeText) {
        JsonNode value = parent.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw invalid(name + " must be a string");
        }
        return check(name, value.asText(), maxLength, freeText);
    }

    /** Whether the value could be an identifier of at most {@code maxLength}: for lookups that must not reach the database otherwise. */
    public static boolean isIdentifier(String value, int maxLength) {
        return value != null && value.length() <= maxLength && firstBadCharacter(value, false) < 0;
    }

    public HubHttpException invalid(String message) {
        return new HubHttpException(400, invalidCode, message);
    }

    private String check(String field, String value, int maxLength, boolean freeText) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new HubHttpException(400, tooLongCode, field + " is longer than " + maxLength + " characters");
        }
        int bad = firstBadCharacter(value, freeText);
        if (bad >= 0) {
            throw invalid(field + " contains a character that is not allowed (position " + bad + ")");
        }
        return value;
    }

    /** @return the index of the first character the rules refuse, or -1 */
    static int firstBadCharacter(String value, boolean freeText) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++; // a proper pair: a character outside the Basic Multilingual Plane
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                return i;
            }
            if (Character.isISOControl(c) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
            if (!freeText && Character.getType(c) == Character.FORMAT) {
                // zero-width and bidirectional marks make two different ids look alike
                return i;
            }
        }
        return -1;
    }
}
