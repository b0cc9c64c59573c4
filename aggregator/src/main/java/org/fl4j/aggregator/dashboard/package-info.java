/**
 * The aggregator's read-only dashboard: {@link org.fl4j.aggregator.dashboard.DashboardServer} serves one page over
 * HTTPS with the aggregator's certificate, with its own small script and style sheet from this jar (nothing
 * fetched from elsewhere), which polls the operator's status and each round's metrics as JSON and draws round
 * progress, each collaborator's state and the accuracy and loss charts.
 * {@link org.fl4j.aggregator.dashboard.DashboardAccess} admits, as
 * {@link org.fl4j.aggregator.dashboard.DashboardSettings.Access} says, this machine only (the default) or operator
 * certificates, and never a collaborator's certificate.
 */
package org.fl4j.aggregator.dashboard;
