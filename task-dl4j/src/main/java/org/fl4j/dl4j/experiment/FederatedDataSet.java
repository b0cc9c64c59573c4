package org.fl4j.dl4j.experiment;

import java.io.IOException;
import java.util.Objects;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.IdxDataSets;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.data.ShardSpec;
import org.fl4j.collaborator.data.Sharding;
import org.fl4j.collaborator.data.SplitMethod;

/**
 * The data of an in-process experiment: one training and one validation set, cut into one shard per
 * collaborator with a {@link SplitMethod} (round-robin by default; Dirichlet with {@code alpha} for
 * label-skewed, non-IID shards). Immutable; the {@code with...} methods return copies.
 */
public final class FederatedDataSet {

    private final LocalData data;
    private final SplitMethod split;
    private final double alpha;

    private FederatedDataSet(LocalData data, SplitMethod split, double alpha) {
        this.data = Objects.requireNonNull(data, "data");
        this.split = Objects.requireNonNull(split, "split");
        this.alpha = alpha;
    }

    /** Training and validation samples, cut round-robin. */
    public static FederatedDataSet of(LabeledData train, LabeledData validation) {
        return new FederatedDataSet(new LocalData(train, validation), SplitMethod.ROUND_ROBIN, 0.5);
    }

    /** The 10,000 MNIST digits embedded in fl4j (8,000 training, 2,000 validation), cut round-robin. */
    public static FederatedDataSet embeddedMnist() throws IOException {
        return new FederatedDataSet(IdxDataSets.embeddedMnist(), SplitMethod.ROUND_ROBIN, 0.5);
    }

    /** The same data cut with another method. */
    public FederatedDataSet withSplit(SplitMethod method) {
        return new FederatedDataSet(data, method, alpha);
    }

    /** Label-skewed shards: each class divided over the collaborators in Dirichlet(alpha) proportions. */
    public FederatedDataSet withDirichlet(double concentration) {
        return new FederatedDataSet(data, SplitMethod.DIRICHLET, concentration);
    }

    /** All of the data (for centralised training as a baseline). */
    public LocalData all() {
        return data;
    }

    public SplitMethod split() {
        return split;
    }

    /** Shard {@code shard} (1-based) of {@code shards}, cut with this data set's method and the seed. */
    public LocalData shard(int shard, int shards, long seed) throws DataException {
        return Sharding.shard(data, new ShardSpec(shard, shards, split, alpha, seed));
    }
}
