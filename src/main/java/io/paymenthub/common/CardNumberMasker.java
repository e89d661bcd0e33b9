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
 */
@Component("cardNumberMasker")
public class CardNumberMasker {

    /** Digit groups separated by one space or dash; not preceded or followed by another digit. */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])");
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
