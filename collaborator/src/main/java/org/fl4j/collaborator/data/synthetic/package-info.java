/**
 * SYNTHETIC data sets that look like the medical tasks fl4j's templates are for, so they run where the real
 * data cannot be downloaded: histology-like tiles of eight tissue classes with a per-site stain shift
 * ({@link SyntheticHistology}) and MRI-like slices with tumour-like blobs and per-site scanner intensity and
 * contrast ({@link SyntheticMri}). Nothing here is real patient data; every generator is deterministic in its
 * seed and site number, so every run and every site sees the same set.
 */
package org.fl4j.collaborator.data.synthetic;
