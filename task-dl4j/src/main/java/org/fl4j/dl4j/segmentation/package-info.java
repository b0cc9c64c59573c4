/**
 * Binary image segmentation with DL4J: the {@code fl4j.dl4j.SegmentationRunner} task runner
 * ({@link SegmentationTaskRunner}) trains a fully convolutional network (a small U-Net in the
 * {@code dl4j_unet_2d} template) on images and masks from the collaborator's segmentation data, with a
 * soft-Dice plus binary cross-entropy loss ({@link DiceBceLoss}), and validates with Dice and IoU of the
 * foreground ({@link OverlapCounts}).
 */
package org.fl4j.dl4j.segmentation;
