package io.paymenthub.refund;

import io.paymenthub.common.HubHttpException;

/**
 * The refund a request maps to and whether this request created it (then it goes to refunds.requests),
 * or the refusal decided while the payment was locked.
 */
public record RecordedRefund(Refund refund, boolean created, HubHttpException refusal) {

    public RecordedRefund(Refund refund, boolean created) {
        this(refund, created, null);
    }

    static RecordedRefund refused(HubHttpException refusal) {
        return new RecordedRefund(null, false, refusal);
    }
}
