package org.fl4j.aggregation;

/**
 * A collaborator's update was refused: wrong tensor index, offset or length, a non-finite value, missing
 * elements at commit, or a round that closed before the update was committed. The round's result is as if
 * the update never came.
 */
public final class UpdateRejectedException extends AggregationException {

    private static final long serialVersionUID = 1L;

    private final String contributor;
    private final String tensor;
    private final long element;

    /**
     * @param contributor whose update was refused
     * @param tensor      the offending tensor's name, or null when the problem is not about one tensor
     * @param element     the offending element index within the tensor, or -1
     * @param problem     what is wrong
     */
    public UpdateRejectedException(String contributor, String tensor, long element, String problem) {
        super(message(contributor, tensor, element, problem));
        this.contributor = contributor;
        this.tensor = tensor;
        this.element = element;
    }

    private static String message(String contributor, String tensor, long element, String problem) {
        StringBuilder sb = new StringBuilder("update from '").append(contributor).append("' refused");
        if (tensor != null) {
            sb.append(": tensor '").append(tensor).append('\'');
            if (element >= 0) {
                sb.append(" element ").append(element);
            }
        }
        return sb.append(": ").append(problem).toString();
    }

    public String contributor() {
        return contributor;
    }

    /** The offending tensor's name, or null when the problem is not about one tensor. */
    public String tensor() {
        return tensor;
    }

    /** The offending element index within {@link #tensor()}, or -1. */
    public long element() {
        return element;
    }
}
