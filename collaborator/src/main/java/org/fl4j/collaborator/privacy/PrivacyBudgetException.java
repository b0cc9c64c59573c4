package org.fl4j.collaborator.privacy;

/**
 * The site refuses to train because its privacy budget ({@code privacy.settings.max_epsilon}) would be
 * exceeded, or is already spent. The message says which budget, what was spent and what the round would
 * reach; {@code fx collaborator start} reports it and exits 1.
 */
public final class PrivacyBudgetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PrivacyBudgetException(String message) {
        super(message);
    }
}
