/**
 * A small task runner in plain Java (multinomial logistic regression), registered as
 * {@code fl4j.SoftmaxRegression}: it needs no native libraries, so tests, benchmarks and the multi-process
 * federation checks run anywhere, and it trains deterministically for a given seed.
 */
package org.fl4j.collaborator.linear;
