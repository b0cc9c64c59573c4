package org.fl4j.workspace.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads an image tarball: its top-level entries, and every file of every layer with its content. */
final class ImageLayers {

    final Map<String, byte[]> topLevel = new LinkedHashMap<>();
    final List<String> layerFiles = new ArrayList<>();
    final Map<String, byte[]> layerContents = new LinkedHashMap<>();

    static ImageLayers read(Path image) throws IOException {
        ImageLayers layers = new ImageLayers();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(image))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    layers.topLevel.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        for (Map.Entry<String, byte[]> blob : layers.topLevel.entrySet()) {
            byte[] bytes = blob.getValue();
            if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                layers.readLayer(new GzipCompressorInputStream(new ByteArrayInputStream(bytes)));
            }
        }
        return layers;
    }

    private void readLayer(InputStream in) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    layerFiles.add(e.getName());
                    layerContents.put(e.getName(), tar.readAllBytes());
                }
            }
        }
    }
}
