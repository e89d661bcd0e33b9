package io.paymenthub.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's e-mail address is personal data: a log line, a failure reason or a dead letter shows at most its first
 * character and its domain ({@code m***@shop.example}), enough to tell addresses apart when looking for a problem.
 */
public final class EmailAddressMasker {

    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]*@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");

    private EmailAddressMasker() {
    }

    /** One address; null stays null. */
    public static String mask(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }

    /** Every address in a text (an SMTP server's answer quotes the recipient). */
    public static String maskAll(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        Matcher matcher = ADDRESS.matcher(text);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + "***@" + match.group(2)));
    }
}
