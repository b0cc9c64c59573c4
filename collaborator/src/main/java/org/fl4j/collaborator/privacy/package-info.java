/**
 * Record-level differential privacy at a site: {@link org.fl4j.collaborator.privacy.RecordPrivacy} wraps the
 * task runner (which trains with DP-SGD), composes every training's Poisson-subsampled Gaussian steps in the
 * privacy module's accountant, keeps them in a ledger file in the site's workspace across rounds, restarts and
 * federations, reports {@code epsilon} and {@code epsilon_next} with each training result, and refuses to
 * train past {@code privacy.settings.max_epsilon}.
 */
package org.fl4j.collaborator.privacy;
