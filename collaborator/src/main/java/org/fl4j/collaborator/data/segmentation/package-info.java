/**
 * Data for image segmentation in pure Java: images with a per-pixel label mask ({@link SegmentationData}),
 * read from PNG image and mask pairs ({@link PngPairs}) or from NIfTI-1 volumes ({@code .nii}, {@code .nii.gz},
 * the format BraTS ships; {@link NiftiReader}) cut into 2D slices along an axis with an intensity
 * normalisation ({@link VolumeSlices}). Mask values are checked against the declared labels, and a mask whose
 * size differs from its image is an error naming both files.
 */
package org.fl4j.collaborator.data.segmentation;
