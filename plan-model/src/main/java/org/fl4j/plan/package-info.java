/**
 * The FL plan: {@code plan/plan.yaml}, {@code plan/cols.yaml} and {@code plan/data.yaml} read into
 * immutable, validated records. {@link org.fl4j.plan.PlanReader} composes the YAML into node trees that keep
 * line and column, merges each section's {@code defaults} file under the plan's own settings, applies
 * overrides by dotted path and maps the result to {@link org.fl4j.plan.Plan} by hand, collecting every
 * problem into one {@link org.fl4j.plan.PlanException} ({@code plan/plan.yaml:14:7: message}).
 *
 * <p>{@link org.fl4j.plan.Plan#hash()} is the SHA-384 of the plan's canonical YAML; the federation id and
 * the automatic aggregator port derive from it, so every site holding the same plan agrees on them.
 * Free-form component settings travel as {@link org.fl4j.plan.Settings}, whose accessors name the dotted
 * path of a bad value. {@link org.fl4j.plan.CollaboratorRegistry} makes the explicit edits of cols.yaml and
 * data.yaml; {@link org.fl4j.plan.Names} is the collaborator naming rule shared with the PKI.
 */
package org.fl4j.plan;
