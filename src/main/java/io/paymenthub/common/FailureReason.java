package io.paymenthub.common;

/**
 * What an operator needs to know of a failure, on one line: the innermost cause's type and message, without the
 * wrapping layers (Camel's, Spring's) and without a stack trace. The one writer of that text, for log lines, the
 * {@code hubFailureReason} of dead letters and the last error of a queued payment. An exception message may quote
 * its input, so card numbers in it are masked (contract section 3): the last error is a database row; and so are
 * e-mail addresses (an SMTP server's refusal quotes the customer's, {@link EmailAddressMasker}).
 */
public final class FailureReason {

    private static final CardNumberMasker CARD_NUMBERS = new CardNumberMasker();

    private FailureReason() {
    }

    /** @return {@code "<type>: <message>"} of the innermost cause, at most {@code maxLength} characters; "unknown" for null */
    public static String of(Throwable failure, int maxLength) {
        if (failure == null) {
            return "unknown";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String text = root.getClass().getSimpleName()
                + (message == null ? "" : ": " + EmailAddressMasker.maskAll(CARD_NUMBERS.mask(message.replaceAll("\\s+", " "))));
        return text.length() > maxLength ? text.substring(0, maxLength) : text;
    }
}
