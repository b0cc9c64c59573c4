/**
 * Image data in pure Java (the JDK's ImageIO reads PNG, JPEG, BMP, GIF and TIFF): class folders as histology
 * sets such as Kather's are distributed ({@code data/<class>/*.png|jpg|tif}, {@link ImageFolder}), images
 * scaled to a common size and held channels-first ({@code [3, h, w]}, values 0..1), and the training-side
 * augmentation of square images by flips and 90-degree rotations ({@link Augmentation}).
 */
package org.fl4j.collaborator.data.images;
