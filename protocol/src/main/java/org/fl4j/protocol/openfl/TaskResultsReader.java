package org.fl4j.protocol.openfl;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.protocol.openfl.wire.MessageHeader;
import org.fl4j.protocol.openfl.wire.MetadataProto;
import org.fl4j.protocol.rpc.FederationException;

/**
 * Reads a serialized OpenFL {@code TaskResults} as it arrives in pieces (the {@code DataStream} messages of one
 * upload), event by event: the header, round, task name and data size, then for each tensor its description,
 * its data in slices of the pieces themselves, and its end. Only names, tags and transformer metadata are
 * collected (at most {@link #MAX_SMALL_FIELD} bytes each); tensor data is never copied here. Serializers write
 * fields in field-number order, so a tensor's name, tags and metadata precede its {@code data_bytes}; a field
 * after the data is refused. Unknown fields are skipped, as protobuf does. Not thread-safe.
 */
final class TaskResultsReader {

    /** Largest name, tag, header or metadata field accepted. */
    static final int MAX_SMALL_FIELD = 1 << 20;

    /** Something read from the stream. */
    sealed interface Event permits Header, Round, TaskName, DataSize, TensorBegin, TensorBytes, TensorEnd {
    }

    record Header(MessageHeader header) implements Event {
    }

    record Round(int round) implements Event {
    }

    record TaskName(String name) implements Event {
    }

    record DataSize(int size) implements Event {
    }

    /** A tensor's description, read before its data ({@code dataBytes} long, possibly 0). */
    record TensorBegin(String name, int round, boolean report, List<String> tags, List<MetadataProto> metadata,
            long dataBytes) implements Event {
    }

    /** The next bytes of the current tensor's data: a view valid until the next call of {@link #next()}. */
    record TensorBytes(ByteBuffer bytes) implements Event {
    }

    record TensorEnd() implements Event {
    }

    private enum State { TOP, TENSOR, DATA, SKIP }

    private ByteBuffer input = ByteBuffer.allocate(0);
    private byte[] carry = new byte[64];
    private int carryStart;
    private int carryEnd;
    private long consumed;
    private State state = State.TOP;
    private State afterSkip;
    private long skipLeft;
    private long dataLeft;
    private long tensorEnd;
    private int tensors;
    private String name = "";
    private int round;
    private boolean report;
    private boolean began;
    private boolean pendingEnd;
    private final List<String> tags = new ArrayList<>();
    private final List<MetadataProto> metadata = new ArrayList<>();
    private long value;
    /** Set when a token could not be completed from the pieces so far. */
    private boolean needMore;

    /** The next piece of the stream; every event of the one before must have been taken. */
    void add(ByteBuffer piece) {
        if (input.hasRemaining()) {
            throw new IllegalStateException("the previous piece was not read to its end");
        }
        input = piece.slice();
    }

    /** Bytes of the stream read so far. */
    long position() {
        return consumed;
    }

    /** The next event, or null when the pieces so far hold no more. */
    Event next() {
        while (true) {
            if (pendingEnd) {
                pendingEnd = false;
                return endTensor();
            }
            Event e;
            switch (state) {
                case SKIP -> {
                    if (!skip()) {
                        return null;
                    }
                    continue;
                }
                case DATA -> {
                    if (dataLeft == 0) {
                        state = State.TENSOR;
                        continue;
                    }
                    return data();
                }
                case TENSOR -> {
                    if (consumed == tensorEnd) {
                        if (!began) {
                            pendingEnd = true;
                            return begin(0);
                        }
                        return endTensor();
                    }
                    e = tensorField();
                }
                default -> {
                    if (available() == 0) {
                        return null;
                    }
                    e = topField();
                }
            }
            if (e != null) {
                return e;
            }
            if (needMore) {
                needMore = false;
                return null;
            }
        }
    }

    /** Checks that the stream ended between two fields of the {@code TaskResults}. */
    void finish() {
        if (state != State.TOP || available() > 0) {
            throw FederationException.invalid("the TaskResults stream ended in the middle of "
                    + (state == State.TOP ? "a field" : "tensor " + tensors + " '" + name + "'") + " (after "
                    + consumed + " bytes)");
        }
    }

    private Event topField() {
        long start = consumed;
        if (!varint()) {
            return more();
        }
        int field = (int) (value >>> 3);
        int wire = (int) (value & 7);
        switch (field) {
            case 1, 3 -> {
                ByteBuffer b = small(field, wire, start, "TaskResults." + (field == 1 ? "header" : "task_name"));
                if (b == null) {
                    return null;
                }
                if (field == 3) {
                    return new TaskName(utf8(b));
                }
                try {
                    return new Header(MessageHeader.parseFrom(b));
                } catch (InvalidProtocolBufferException e) {
                    throw FederationException.invalid("TaskResults.header is not a MessageHeader: " + e.getMessage());
                }
            }
            case 2, 4 -> {
                expectWire(wire, 0, field, "TaskResults");
                if (!varint()) {
                    return rewind(start);
                }
                return field == 2 ? new Round((int) value) : new DataSize((int) value);
            }
            case 5 -> {
                expectWire(wire, 2, field, "TaskResults");
                if (!varint()) {
                    return rewind(start);
                }
                tensors++;
                tensorEnd = consumed + value;
                name = "";
                round = 0;
                report = false;
                began = false;
                tags.clear();
                metadata.clear();
                state = State.TENSOR;
                return null;
            }
            default -> {
                return startSkip(wire, start, State.TOP);
            }
        }
    }

    private Event tensorField() {
        long start = consumed;
        if (!varint()) {
            return more();
        }
        int field = (int) (value >>> 3);
        int wire = (int) (value & 7);
        String what = "tensor " + tensors + (name.isEmpty() ? "" : " '" + name + "'");
        if (began && field != 7) {
            throw FederationException.invalid(what + ": field " + field + " follows its data_bytes (fl4j reads"
                    + " the fields of a NamedTensor in field-number order, as serializers write them)");
        }
        switch (field) {
            case 1, 5, 6 -> {
                ByteBuffer b = small(field, wire, start, what);
                if (b == null) {
                    return null;
                }
                if (field == 1) {
                    name = utf8(b);
                } else if (field == 5) {
                    tags.add(utf8(b));
                } else {
                    try {
                        metadata.add(MetadataProto.parseFrom(b));
                    } catch (InvalidProtocolBufferException e) {
                        throw FederationException.invalid(what + ": transformer_metadata is not a MetadataProto: "
                                + e.getMessage());
                    }
                }
                return null;
            }
            case 2, 3, 4 -> {
                expectWire(wire, 0, field, what);
                if (!varint()) {
                    return rewind(start);
                }
                if (field == 2) {
                    round = (int) value;
                } else if (field == 4) {
                    report = value != 0;
                }
                return null;
            }
            case 7 -> {
                expectWire(wire, 2, field, what);
                if (began) {
                    throw FederationException.invalid(what + ": data_bytes appears twice");
                }
                if (!varint()) {
                    return rewind(start);
                }
                if (value > tensorEnd - consumed) {
                    throw FederationException.invalid(what + ": data_bytes of " + value + " bytes overruns the tensor");
                }
                dataLeft = value;
                state = State.DATA;
                return begin(value);
            }
            default -> {
                return startSkip(wire, start, State.TENSOR);
            }
        }
    }

    private Event begin(long dataBytes) {
        began = true;
        return new TensorBegin(name, round, report, List.copyOf(tags), List.copyOf(metadata), dataBytes);
    }

    private Event endTensor() {
        if (consumed != tensorEnd) {
            throw FederationException.invalid("tensor " + tensors + " '" + name + "' overruns its declared length");
        }
        state = State.TOP;
        return new TensorEnd();
    }

    private Event data() {
        int n = (int) Math.min(dataLeft, Integer.MAX_VALUE);
        ByteBuffer slice;
        if (carryEnd > carryStart) {
            int take = Math.min(n, carryEnd - carryStart);
            slice = ByteBuffer.wrap(carry, carryStart, take).slice();
            carryStart += take;
            consumed += take;
        } else if (input.hasRemaining()) {
            int take = Math.min(n, input.remaining());
            slice = input.slice();
            slice.limit(take);
            input.position(input.position() + take);
            consumed += take;
        } else {
            return null;
        }
        dataLeft -= slice.remaining();
        return new TensorBytes(slice);
    }

    private Event startSkip(int wire, long start, State back) {
        switch (wire) {
            case 0 -> {
                if (!varint()) {
                    return rewind(start);
                }
                return null;
            }
            case 1, 5 -> skipLeft = wire == 1 ? 8 : 4;
            case 2 -> {
                if (!varint()) {
                    return rewind(start);
                }
                skipLeft = value;
            }
            default -> throw FederationException.invalid("malformed TaskResults: wire type " + wire + " at byte "
                    + start);
        }
        afterSkip = back;
        state = State.SKIP;
        return null;
    }

    private boolean skip() {
        int n = (int) Math.min(skipLeft, available());
        consume(n);
        skipLeft -= n;
        if (skipLeft > 0) {
            return false;
        }
        state = afterSkip;
        return true;
    }

    /** A length-delimited field of at most {@link #MAX_SMALL_FIELD} bytes, whole, or null for more input. */
    private ByteBuffer small(int field, int wire, long start, String what) {
        expectWire(wire, 2, field, what);
        if (!varint()) {
            rewind(start);
            return null;
        }
        if (value > MAX_SMALL_FIELD) {
            throw FederationException.invalid(what + ": field " + field + " of " + value + " bytes exceeds the "
                    + MAX_SMALL_FIELD + " bytes fl4j accepts for a header, name, tag or metadata");
        }
        int n = (int) value;
        if (available() < n) {
            rewind(start);
            return null;
        }
        ByteBuffer out;
        if (carryEnd == carryStart && input.remaining() >= n) {
            out = input.slice();
            out.limit(n);
            input.position(input.position() + n);
        } else {
            byte[] copy = new byte[n];
            for (int i = 0; i < n; i++) {
                copy[i] = peek(i);
            }
            out = ByteBuffer.wrap(copy);
            consume(n);
            return out;
        }
        consumed += n;
        return out;
    }

    private static void expectWire(int wire, int expected, int field, String what) {
        if (wire != expected) {
            throw FederationException.invalid("malformed " + what + ": field " + field + " has wire type " + wire
                    + ", expected " + expected);
        }
    }

    /** Reads a varint into {@link #value}; false (nothing consumed) when the input ends first. */
    private boolean varint() {
        long v = 0;
        for (int i = 0; i < 10; i++) {
            if (i >= available()) {
                return false;
            }
            byte b = peek(i);
            v |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                consume(i + 1);
                value = v;
                return true;
            }
        }
        throw FederationException.invalid("malformed TaskResults: a varint longer than 10 bytes at byte " + consumed);
    }

    /** Gives back what was read since {@code start} and asks for more input. */
    private Event rewind(long start) {
        unconsume(consumed - start);
        return more();
    }

    /** Keeps the unread rest of the piece for the next one. */
    private Event more() {
        int rest = input.remaining();
        int held = carryEnd - carryStart;
        if (held + rest > MAX_SMALL_FIELD + 16) {
            throw FederationException.invalid("malformed TaskResults: a field spans more than " + MAX_SMALL_FIELD
                    + " bytes at byte " + consumed);
        }
        if (carryStart > 0) {
            System.arraycopy(carry, carryStart, carry, 0, held);
            carryStart = 0;
            carryEnd = held;
        }
        if (carryEnd + rest > carry.length) {
            carry = java.util.Arrays.copyOf(carry, Math.max(carry.length * 2, carryEnd + rest));
        }
        input.get(carry, carryEnd, rest);
        carryEnd += rest;
        needMore = true;
        return null;
    }

    private int available() {
        return (carryEnd - carryStart) + input.remaining();
    }

    private byte peek(int i) {
        int held = carryEnd - carryStart;
        return i < held ? carry[carryStart + i] : input.get(input.position() + i - held);
    }

    private void consume(int n) {
        int fromCarry = Math.min(n, carryEnd - carryStart);
        carryStart += fromCarry;
        input.position(input.position() + (n - fromCarry));
        consumed += n;
    }

    /** Undoes the last {@code n} bytes consumed (only bytes of the current piece and the carry). */
    private void unconsume(long n) {
        int k = (int) n;
        int fromInput = Math.min(k, input.position());
        input.position(input.position() - fromInput);
        carryStart -= k - fromInput;
        consumed -= k;
    }

    private static String utf8(ByteBuffer b) {
        return java.nio.charset.StandardCharsets.UTF_8.decode(b).toString();
    }
}
