package io.paymenthub.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} the hub believes ({@code hub.trusted-proxies}): IPv4 or IPv6
 * addresses and CIDRs. Only address literals are accepted, never host names, so no check ever waits on DNS.
 */
public final class TrustedProxies {

    /** The characters of an IPv4 or IPv6 literal: anything else is not looked up, it is refused. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private record Range(byte[] network, int prefixLength) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** @throws IllegalArgumentException for an entry that is not an address or CIDR, naming it */
    public static TrustedProxies parse(String setting) {
        List<Range> ranges = new ArrayList<>();
        if (setting != null) {
            for (String entry : setting.split(",")) {
                String trimmed = entry.trim();
                if (!trimmed.isEmpty()) {
                    ranges.add(range(trimmed));
                }
            }
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the address (a literal; anything else is never trusted) is one of the trusted proxies. */
    public boolean trusts(String address) {
        byte[] bytes = bytesOf(address);
        return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /** The address literal's bytes (IPv4-mapped IPv6 as IPv4), or null when it is not an address literal. */
    public static byte[] bytesOf(String address) {
        if (address == null || address.isEmpty() || address.length() > 45 || !LITERAL.matcher(address).matches()
                || !address.contains(".") && !address.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] network = bytesOf(address);
        if (network == null) {
            throw new IllegalArgumentException("hub.trusted-proxies: " + entry + " is not an IP address or CIDR");
        }
        int prefixLength = network.length * 8;
        if (slash >= 0) {
            try {
                prefixLength = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefixLength = -1;
            }
            if (prefixLength < 0 || prefixLength > network.length * 8) {
                throw new IllegalArgumentException("hub.trusted-proxies: " + entry + " has a wrong prefix length");
            }
        }
        return new Range(network, prefixLength);
    }
}
