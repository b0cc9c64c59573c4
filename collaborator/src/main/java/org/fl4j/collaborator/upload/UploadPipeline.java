package org.fl4j.collaborator.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.fl4j.protocol.codec.ErrorFeedback;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.rpc.OutgoingEncoding;
import org.fl4j.protocol.rpc.TaskUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a site's training results into what travels ({@link #prepare}) and keeps the error-feedback residual:
 * read from the residual file at the first upload (a residual of another model's layout is set aside with a
 * warning: the site starts from zeros), committed and written atomically when the aggregator acknowledges an
 * upload ({@link #acknowledged}). A refused upload leaves the residual as it was. One upload at a time.
 */
public final class UploadPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(UploadPipeline.class);
    private static final Pipeline FP32 = Pipeline.of(java.util.List.of(new Pipeline.StageSpec("fp32", Map.of())));

    private final UploadCompression settings;
    private ErrorFeedback feedback;
    private long pendingRound = -1;

    public UploadPipeline(UploadCompression settings) {
        this.settings = settings;
    }

    /** {@code upload} as it travels, its deltas taken against {@code global}, the round's global model. */
    public TaskUpload prepare(TaskUpload upload, ModelWeights global) {
        if (settings.none() || upload.tensors().tensorCount() == 0) {
            return upload;
        }
        Pipeline p = settings.pipeline() != null ? settings.pipeline() : FP32;
        ModelWeights base = settings.delta() ? global : null;
        ErrorFeedback f = settings.errorFeedback() ? residual(upload.tensors()) : null;
        pendingRound = upload.round();
        return upload.encoded(new OutgoingEncoding(p, base, upload.round(), f));
    }

    /** The aggregator holds the upload prepared last: its residual becomes the one kept. */
    public void acknowledged() {
        if (feedback == null || pendingRound < 0) {
            return;
        }
        feedback.commit();
        if (settings.residualFile() != null) {
            try {
                Files.createDirectories(settings.residualFile().getParent());
                ModelFile.write(settings.residualFile(), new SavedModel(pendingRound,
                        Map.of("content", "error-feedback residual"), feedback.residual()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the error-feedback residual to "
                        + settings.residualFile(), e);
            }
        }
        pendingRound = -1;
    }

    private ErrorFeedback residual(ModelWeights layout) {
        if (feedback != null && feedback.fits(layout)) {
            return feedback;
        }
        feedback = null;
        if (settings.residualFile() != null && Files.exists(settings.residualFile())) {
            try {
                ErrorFeedback saved = ErrorFeedback.restore(ModelFile.read(settings.residualFile()).weights());
                if (saved.fits(layout)) {
                    LOG.info("Error feedback: resuming from the residual in {}", settings.residualFile());
                    feedback = saved;
                } else {
                    LOG.warn("Error feedback: the residual in {} does not have the model's layout; starting from"
                            + " zeros", settings.residualFile());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the error-feedback residual " + settings.residualFile(),
                        e);
            }
        }
        if (feedback == null) {
            feedback = ErrorFeedback.zeros(layout);
        }
        return feedback;
    }
}
