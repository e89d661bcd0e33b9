package io.paymenthub.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Contract section 3: any Luhn-valid number of 13 to 19 digits in a free-text field is masked to its first 6
 * and last 4 digits before it is stored, logged, queued or sent, so a card number a customer typed into a
 * description or a name never rests anywhere. Digits may be grouped by single spaces or dashes, as people
 * write card numbers; the grouping is kept.
 * <p>
 * Text the hub writes itself (log lines, identifiers such as {@code pay_5555555555554444}) has a rule of its own,
 * {@link #maskStandaloneNumbers}, and a value known to be a card number is masked by {@link #maskKnownCardNumber}.
 */
@Component("cardNumberMasker")
public class CardNumberMasker {

    /**
     * Digit groups separated by one space or dash, not joined to a letter or digit on either side: a card number
     * stands apart in text, while the digits inside an identifier such as a UUID ({@code 44a7-9995-816705471b38})
     * are not one, and masking them would corrupt the identifier (a dead letter's payment id, say).
     */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9A-Za-z])[0-9]+(?:[ -][0-9]+)*(?![0-9A-Za-z])");
    private static final Pattern GROUP = Pattern.compile("[0-9]+");
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    public String mask(String text) {
        if (text == null || text.length() < MIN_DIGITS) {
            return text;
        }
        char[] out = null;
        Matcher run = DIGIT_RUN.matcher(text);
        while (run.find()) {
            List<int[]> groups = new ArrayList<>();
            Matcher group = GROUP.matcher(text).region(run.start(), run.end());
            while (group.find()) {
                groups.add(new int[] {group.start(), group.end()});
            }
            // a number is a whole run of groups or consecutive groups within one (e.g. "card 4000 0000 0000 2503 x2")
            int first = 0;
            while (first < groups.size()) {
                int last = longestCardEndingFrom(text, groups, first);
                if (last < 0) {
                    first++;
                    continue;
                }
                if (out == null) {
                    out = text.toCharArray();
                }
                maskDigits(out, groups.get(first)[0], groups.get(last)[1]);
                first = last + 1;
            }
        }
        return out == null ? text : new String(out);
    }

    /**
     * The rule for machine-written text such as log lines: a run of 13 to 19 digits, Luhn-valid, with no ASCII
     * letter or digit right before or after it (so {@code pay_5555555555554444} and {@code "4000000000002503"} are
     * masked, {@code abc4111111111111111} and longer digit runs are not). A JSON escape right before the run
     * ({@code \n}, {@code \t}, a six-character unicode escape) also separates it, since a log line may be a JSON object
     * whose message had a line break before the number. Returns the same instance when nothing is masked.
     */
    public String maskStandaloneNumbers(String text) {
        if (text == null || text.length() < MIN_DIGITS) {
            return text;
        }
        char[] out = null;
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
            }
            int first = firstDigitAfterBoundary(text, start, i);
            boolean separatedAfter = i == length || !isAsciiLetter(text.charAt(i));
            if (first >= 0 && separatedAfter && i - first >= MIN_DIGITS && i - first <= MAX_DIGITS
                    && luhnValid(text.subSequence(first, i))) {
                if (out == null) {
                    out = text.toCharArray();
                }
                maskDigits(out, first, i);
            }
        }
        return out == null ? text : new String(out);
    }

    /**
     * A value known to be a card number (e.g. {@code cardDetails.number}), Luhn-valid or not: its first 6 and
     * last 4 digits are kept when it has at least 13, otherwise every digit is masked. A '*' counts as a digit
     * masked before, so a masked number stays as it is.
     */
    public String maskKnownCardNumber(String number) {
        if (number == null) {
            return null;
        }
        char[] out = number.toCharArray();
        int positions = 0;
        for (char c : out) {
            if (isDigit(c) || c == '*') {
                positions++;
            }
        }
        int seen = 0;
        for (int i = 0; i < out.length; i++) {
            if (isDigit(out[i]) || out[i] == '*') {
                seen++;
                if (positions < MIN_DIGITS || (seen > 6 && seen <= positions - 4)) {
                    out[i] = '*';
                }
            }
        }
        return new String(out);
    }

    /**
     * @return where the number of the digit run [start, end) begins when the run stands apart on its left: start,
     *         or the end of a JSON unicode escape (backslash, u, 4 hex digits) whose last hex digits the run
     *         took in; -1 when a letter joins it to what comes before
     */
    private static int firstDigitAfterBoundary(String text, int start, int end) {
        if (start == 0) {
            return start;
        }
        char before = text.charAt(start - 1);
        if (!isAsciiLetter(before)) {
            return start;
        }
        if (start >= 2 && text.charAt(start - 2) == '\\' && "nrtbf".indexOf(before) >= 0) {
            return start;
        }
        // a unicode escape ending at start (its last hex digit a letter) or inside the run (its last hex digits digits)
        for (int escape = Math.max(0, start - 6); escape <= start - 2; escape++) {
            int escapeEnd = escape + 6;
            if (text.charAt(escape) == '\\' && text.charAt(escape + 1) == 'u' && escapeEnd <= end
                    && isHex(text, escape + 2, escapeEnd)) {
                return escapeEnd;
            }
        }
        return -1;
    }

    private static boolean isHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** @return the last group of the longest Luhn-valid 13–19-digit number that starts at group {@code first}, or -1 */
    private static int longestCardEndingFrom(String text, List<int[]> groups, int first) {
        int found = -1;
        StringBuilder digits = new StringBuilder();
        for (int g = first; g < groups.size(); g++) {
            digits.append(text, groups.get(g)[0], groups.get(g)[1]);
            if (digits.length() > MAX_DIGITS) {
                break;
            }
            if (digits.length() >= MIN_DIGITS && luhnValid(digits)) {
                found = g;
            }
        }
        return found;
    }

    /** Replaces every digit between the first 6 and the last 4 of [start, end) with '*'. */
    private static void maskDigits(char[] text, int start, int end) {
        int total = 0;
        for (int i = start; i < end; i++) {
            if (text[i] >= '0' && text[i] <= '9') {
                total++;
            }
        }
        int seen = 0;
        for (int i = start; i < end; i++) {
            if (text[i] >= '0' && text[i] <= '9') {
                seen++;
                if (seen > 6 && seen <= total - 4) {
                    text[i] = '*';
                }
            }
        }
    }

    public static boolean luhnValid(CharSequence digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
