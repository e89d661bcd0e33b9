package io.paymenthub.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import io.paymenthub.support.WebhookSigner;

/**
 * Writes the webhook benchmark's requests, signed in advance, so that the load generator (wrk, bench/webhooks.lua) only
 * sends bytes and the machine's two cores go to the hub. One request a line: body, then the Standard Webhooks headers
 * (webhook-id, webhook-timestamp, webhook-signature), tab-separated. Not a test: bench/run calls it.
 *
 * <pre>args: file secret count duplicatePercent</pre>
 *
 * With duplicatePercent above 0, that share of the lines repeat an event sent earlier (same id, same body, signed
 * again), as a platform's retries do: the hub answers them "duplicate" and applies nothing twice.
 */
public final class SignedWebhookFile {

    private SignedWebhookFile() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        WebhookSigner signer = new WebhookSigner(args[1]);
        int count = Integer.parseInt(args[2]);
        int duplicatePercent = Integer.parseInt(args[3]);
        String run = UUID.randomUUID().toString().substring(0, 8);
        SplittableRandom random = new SplittableRandom(42);
        Instant now = Instant.now();
        long fresh = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int line = 0; line < count; line++) {
                // a duplicate repeats one of the last few thousand events, the window in which platforms retry
                boolean duplicate = fresh > 0 && random.nextInt(100) < duplicatePercent;
                long n = duplicate ? Math.max(1, fresh - random.nextLong(Math.min(fresh, 2_000))) : ++fresh;
                String body = "{\"eventId\":\"bench-" + run + "-" + n + "\",\"eventType\":\"payment.pending\","
                        + "\"data\":{\"paymentId\":\"bench-pay-" + run + "-" + n + "\",\"amount\":5000}}";
                Map<String, String> headers = signer.sign(body, now).headers();
                out.write(body);
                for (String value : headers.values()) {
                    out.write('\t');
                    out.write(value);
                }
                out.write('\n');
            }
        }
    }
}
