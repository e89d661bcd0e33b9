package io.paymenthub.confirmation;

/** A message on the confirmations queue that no delivery can turn into a mail: dead-lettered at once. */
public class UnusableConfirmationEventException extends RuntimeException {

    public UnusableConfirmationEventException(String message) {
        super(message);
    }
}
