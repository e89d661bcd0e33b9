package io.paymenthub.deadletter;

/**
 * One dead letter as the admin API lists it (contract section 8).
 *
 * @param messageId its JMSMessageID on {@code DLQ.<queue>}, the id a replay or a delete names
 * @param queue     the queue it came from and goes back to on a replay
 * @param reason    why it could not be processed ({@code hubFailureReason})
 * @param failedAt  when it was dead-lettered, ISO-8601 UTC: its {@code hubDeadLetteredAt} header; a dead letter without
 *                  it (written before the hub set it, or by another program) shows its JMSTimestamp, which for the
 *                  hub's older dead letters is the same moment (the hub sends each dead letter as a new message)
 * @param body      its body as text, without card data
 */
public record DeadLetter(String messageId, String queue, String reason, String failedAt, String body) {
}
