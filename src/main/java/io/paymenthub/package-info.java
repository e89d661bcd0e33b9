/**
 * Payment Hub. The background jobs (timer and scheduler routes) and what each does when several hub instances share one
 * database and one broker (docs-draft/scaling-out.md, the README's "Scaling out"). "Every instance" means the instances
 * share the work, each unit of it claimed in the database, so no unit is done twice; a lock (ShedLock, table
 * {@code shedlock}, {@code monitoring.MonitoringConfiguration}) only where one run at a time is what matters.
 *
 * <table>
 *   <caption>Background jobs with N instances</caption>
 *   <tr><th>job (route)</th><th>mechanism</th><th>why</th></tr>
 *   <tr><td>retryQueuedPayments</td><td>every instance; each payment taken by its attempt lease
 *       ({@code payment.PaymentRepository#takeAttempt}, a conditional update) just before its attempt; dead-lettering by
 *       a conditional update ({@code stopRetrying})</td>
 *       <td>shared work, one attempt at a time per payment; a dead instance's payment is taken over when its lease runs out</td></tr>
 *   <tr><td>renewPaymentAttempts</td><td>every instance, its own running attempts only ({@code payment.PaymentAttemptLease})</td>
 *       <td>a live attempt keeps its lease; a dead instance stops renewing</td></tr>
 *   <tr><td>applyParkedEvents</td><td>every instance; the payment's row locked ({@code SELECT ... FOR UPDATE}), then only
 *       the events not yet applied</td><td>a second sweep of the same payment waits, then finds nothing left</td></tr>
 *   <tr><td>publishPaymentEvents</td><td>every instance; each row deleted in the transaction that publishes it (another
 *       instance waits on the delete and skips the row), rows in the order written ({@code publish_order}, a sequence, V13)</td>
 *       <td>one message per change, a payment's changes in order; no SKIP LOCKED, which would let the next change overtake</td></tr>
 *   <tr><td>relayWebhookEvents</td><td>every instance; rows taken {@code FOR UPDATE SKIP LOCKED} and deleted in the
 *       sending transaction</td><td>shared work; the handler and the state machine take events in any order</td></tr>
 *   <tr><td>purgeWebhookEvents</td><td>ShedLock {@code purgeWebhookEvents}</td>
 *       <td>same work whoever does it; two purges at once deadlocked on MariaDB</td></tr>
 *   <tr><td>evaluateAlerts, deployment part</td><td>ShedLock {@code evaluateClusterAlerts}, states in {@code hub_alert_states}</td>
 *       <td>the same facts for every instance: one evaluation an interval, each firing announced once</td></tr>
 *   <tr><td>evaluateAlerts, instance part</td><td>every instance, no lock</td>
 *       <td>the instance's own meters; must alert while the database is away</td></tr>
 *   <tr><td>sampleQueueDepths</td><td>every instance, read-only</td><td>nothing to share; dashboards take max, not sum</td></tr>
 * </table>
 *
 * <p>A crash repeats, never loses: a row published or relayed but not yet deleted is sent again by another instance
 * (same event id), a platform call in flight is made again with the same Idempotency-Key. Tested with two killed-and-
 * surviving processes by {@code fault.ScaledOutJobsIT}.
 */
package io.paymenthub;
