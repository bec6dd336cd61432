package dev.fer.onnx.internal;

import dev.fer.ModelLoadException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds intermediate tensors of an ONNX model as extra graph outputs, by editing the model's protobuf bytes in
 * memory: ONNX Runtime only returns graph outputs, and a penultimate layer (an embedding) is an intermediate tensor.
 * Nothing else in the model changes. Stateless and thread-safe.
 *
 * <p>The edit appends one {@code ValueInfoProto} per tensor to {@code ModelProto.graph.output} (field 7, then field
 * 12): a copy of the graph's {@code value_info} entry for the tensor when it has one (name, type and shape), else a
 * name with a float tensor type and no shape, which ONNX Runtime infers. Protobuf allows the entries of a repeated
 * field anywhere in a message, so the graph's existing bytes are kept as they are and only its length prefix is
 * rewritten. This is a minimal reader of the wire format (varints and length-delimited fields), not a general
 * protobuf library.
 */
public final class GraphOutputs {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int NODE_OUTPUT = 2;
    private static final int VALUE_INFO_NAME = 1;
    private static final int TENSOR_NAME = 8;
    /** TypeProto{tensor_type: Tensor{elem_type: FLOAT}} as field 2 of a ValueInfoProto. */
    private static final byte[] FLOAT_TYPE = {0x12, 0x04, 0x0a, 0x02, 0x08, 0x01};

    private GraphOutputs() {
    }

    /**
     * Returns a copy of the model whose graph also outputs the named tensors.
     *
     * @param model the bytes of an ONNX model (already verified by the caller)
     * @param tensors the names of tensors computed inside the graph; names that already are graph outputs are kept
     *     once
     * @param modelId for messages
     * @return the edited model bytes
     * @throws ModelLoadException when the bytes are not an ONNX model with a graph, or a tensor is not produced by
     *     any node of the graph (the message lists the last node outputs)
     */
    public static byte[] withOutputs(byte[] model, List<String> tensors, String modelId) {
        Field graphField = null;
        List<Field> top;
        try {
            top = fields(model, 0, model.length);
        } catch (IllegalStateException e) {
            throw new ModelLoadException("Model '" + modelId + "' is not a valid ONNX protobuf (" + e.getMessage()
                    + "); cannot add embedding outputs to it.", e);
        }
        for (Field f : top) {
            if (f.number == MODEL_GRAPH && f.wireType == 2) {
                graphField = f;
            }
        }
        if (graphField == null) {
            throw new ModelLoadException("Model '" + modelId + "' has no graph; cannot add embedding outputs to it.");
        }
        Set<String> produced = new LinkedHashSet<>();
        Set<String> outputs = new HashSet<>();
        Map<String, byte[]> valueInfo = new HashMap<>();
        for (Field g : fields(model, graphField.start, graphField.end)) {
            if (g.wireType != 2) {
                continue;
            }
            switch (g.number) {
                case GRAPH_NODE -> {
                    for (Field n : fields(model, g.start, g.end)) {
                        if (n.number == NODE_OUTPUT && n.wireType == 2) {
                            produced.add(string(model, n));
                        }
                    }
                }
                case GRAPH_INITIALIZER -> {
                    for (Field t : fields(model, g.start, g.end)) {
                        if (t.number == TENSOR_NAME && t.wireType == 2) {
                            produced.add(string(model, t));
                        }
                    }
                }
                case GRAPH_INPUT -> produced.add(valueInfoName(model, g));
                case GRAPH_OUTPUT -> outputs.add(valueInfoName(model, g));
                case GRAPH_VALUE_INFO -> valueInfo.put(valueInfoName(model, g), slice(model, g.start, g.end));
                default -> {
                }
            }
        }
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        for (String name : new LinkedHashSet<>(tensors)) {
            if (outputs.contains(name)) {
                continue;
            }
            if (!produced.contains(name)) {
                List<String> all = new ArrayList<>(produced);
                List<String> last = all.subList(Math.max(0, all.size() - 8), all.size());
                throw new ModelLoadException("Model '" + modelId + "' has no tensor named '" + name + "' (its last "
                        + "node outputs: " + last + "); the embedding tensor must be produced inside the graph.");
            }
            byte[] info = valueInfo.get(name);
            if (info == null) {
                byte[] n = name.getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream vi = new ByteArrayOutputStream();
                vi.write(VALUE_INFO_NAME << 3 | 2);
                varint(vi, n.length);
                vi.writeBytes(n);
                vi.writeBytes(FLOAT_TYPE);
                info = vi.toByteArray();
            }
            extra.write(GRAPH_OUTPUT << 3 | 2);
            varint(extra, info.length);
            extra.writeBytes(info);
        }
        if (extra.size() == 0) {
            return model.clone();
        }
        int graphLength = graphField.end - graphField.start + extra.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + extra.size() + 8);
        out.write(model, 0, graphField.tagStart);
        out.write(MODEL_GRAPH << 3 | 2);
        varint(out, graphLength);
        out.write(model, graphField.start, graphField.end - graphField.start);
        out.writeBytes(extra.toByteArray());
        out.write(model, graphField.end, model.length - graphField.end);
        return out.toByteArray();
    }

    /**
     * Returns a copy of the model whose graph inputs and outputs have a symbolic first (batch) dimension
     * {@value #BATCH_DIM} where the file fixes it at 1, so ONNX Runtime accepts any batch size. The graph's
     * {@code value_info} entries (optional shape hints for intermediate tensors, which would still say batch 1) are
     * dropped; ONNX Runtime infers those shapes itself. Inputs that are initializers (weights listed as inputs by
     * older exporters) keep their shapes. Nodes and weights are not touched: whether the graph really computes
     * each batch item independently (no reshape to a fixed batch of 1) is for the caller to verify. For
     * MobileFaceNet int8 it does (EmbeddingParityTest: batch 15 equals batch 1), but on the CPU one run of N faces
     * measured no faster than N runs, so {@code EmbeddingExtractor} does not use it; it is here for callers that
     * batch on an accelerator.
     *
     * @param model the bytes of an ONNX model
     * @param modelId for messages
     * @return the edited model bytes; equal to a copy of {@code model} when no input or output had batch 1
     * @throws ModelLoadException when the bytes are not an ONNX model with a graph
     */
    public static byte[] withDynamicBatch(byte[] model, String modelId) {
        List<Field> top;
        try {
            top = fields(model, 0, model.length);
        } catch (IllegalStateException e) {
            throw new ModelLoadException("Model '" + modelId + "' is not a valid ONNX protobuf (" + e.getMessage()
                    + "); cannot make its batch dimension dynamic.", e);
        }
        Field graphField = null;
        for (Field f : top) {
            if (f.number == MODEL_GRAPH && f.wireType == 2) {
                graphField = f;
            }
        }
        if (graphField == null) {
            throw new ModelLoadException("Model '" + modelId + "' has no graph; cannot make its batch dimension "
                    + "dynamic.");
        }
        List<Field> graph = fields(model, graphField.start, graphField.end);
        Set<String> initializers = new HashSet<>();
        for (Field g : graph) {
            if (g.number == GRAPH_INITIALIZER && g.wireType == 2) {
                for (Field t : fields(model, g.start, g.end)) {
                    if (t.number == TENSOR_NAME && t.wireType == 2) {
                        initializers.add(string(model, t));
                    }
                }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(graphField.end - graphField.start);
        boolean changed = false;
        for (Field g : graph) {
            boolean io = g.wireType == 2 && (g.number == GRAPH_OUTPUT
                    || g.number == GRAPH_INPUT && !initializers.contains(valueInfoName(model, g)));
            if (g.wireType == 2 && g.number == GRAPH_VALUE_INFO) {
                changed = true;
                continue;
            }
            byte[] edited = io ? batchDynamic(model, g) : null;
            if (edited == null) {
                body.write(model, g.tagStart, g.end - g.tagStart);
            } else {
                changed = true;
                lengthDelimited(body, g.number, edited);
            }
        }
        if (!changed) {
            return model.clone();
        }
        byte[] graphBytes = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length);
        out.write(model, 0, graphField.tagStart);
        lengthDelimited(out, MODEL_GRAPH, graphBytes);
        out.write(model, graphField.end, model.length - graphField.end);
        return out.toByteArray();
    }

    /** The symbolic batch dimension written by {@link #withDynamicBatch(byte[], String)}. */
    public static final String BATCH_DIM = "batch";

    /** A ValueInfoProto with its first dimension made symbolic, or null when it is not a fixed 1. */
    private static byte[] batchDynamic(byte[] b, Field valueInfo) {
        return rewrite(b, valueInfo, 2, type -> rewrite(b, type, 1, tensor -> rewrite(b, tensor, 2, shape -> {
            List<Field> dims = fields(b, shape.start, shape.end);
            Field first = null;
            for (Field d : dims) {
                if (d.number == 1 && d.wireType == 2) {
                    first = d;
                    break;
                }
            }
            if (first == null) {
                return null;
            }
            long value = -1;
            for (Field x : fields(b, first.start, first.end)) {
                if (x.number == 1 && x.wireType == 0) {
                    int[] pos = {x.tagStart};
                    readVarint(b, pos, x.end);
                    value = readVarint(b, pos, x.end);
                }
            }
            if (value != 1) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Field d : dims) {
                if (d == first) {
                    lengthDelimited(out, 1, concat(new byte[] {0x12, (byte) BATCH_DIM.length()},
                            BATCH_DIM.getBytes(StandardCharsets.UTF_8)));
                } else {
                    out.write(b, d.tagStart, d.end - d.tagStart);
                }
            }
            return out.toByteArray();
        })));
    }

    /** Rewrites the first length-delimited sub-field {@code number} of a message; null when nothing changed. */
    private static byte[] rewrite(byte[] b, Field message, int number,
                                  java.util.function.Function<Field, byte[]> edit) {
        List<Field> subs = fields(b, message.start, message.end);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean done = false;
        for (Field f : subs) {
            byte[] edited = !done && f.number == number && f.wireType == 2 ? edit.apply(f) : null;
            if (f.number == number && f.wireType == 2) {
                done = true;
            }
            if (edited == null) {
                out.write(b, f.tagStart, f.end - f.tagStart);
            } else {
                lengthDelimited(out, f.number, edited);
                done = true;
            }
        }
        byte[] result = out.toByteArray();
        return java.util.Arrays.equals(b, message.start, message.end, result, 0, result.length) ? null : result;
    }

    private static void lengthDelimited(ByteArrayOutputStream out, int number, byte[] payload) {
        varint(out, (long) number << 3 | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String valueInfoName(byte[] b, Field vi) {
        for (Field f : fields(b, vi.start, vi.end)) {
            if (f.number == VALUE_INFO_NAME && f.wireType == 2) {
                return string(b, f);
            }
        }
        return "";
    }

    private static String string(byte[] b, Field f) {
        return new String(b, f.start, f.end - f.start, StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] b, int start, int end) {
        byte[] s = new byte[end - start];
        System.arraycopy(b, start, s, 0, s.length);
        return s;
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** One field: its tag position, number, wire type and (for length-delimited fields) payload bounds. */
    private record Field(int tagStart, int number, int wireType, int start, int end) {
    }

    private static List<Field> fields(byte[] b, int from, int to) {
        List<Field> list = new ArrayList<>();
        int[] pos = {from};
        while (pos[0] < to) {
            int tagStart = pos[0];
            long key = readVarint(b, pos, to);
            int number = (int) (key >>> 3);
            int wire = (int) (key & 7);
            int start;
            int end;
            switch (wire) {
                case 0 -> {
                    readVarint(b, pos, to);
                    start = pos[0];
                    end = pos[0];
                }
                case 1 -> {
                    start = pos[0];
                    end = start + 8;
                }
                case 2 -> {
                    long len = readVarint(b, pos, to);
                    if (len < 0 || len > to - pos[0]) {
                        throw new IllegalStateException("field " + number + " at byte " + tagStart
                                + " runs past its message");
                    }
                    start = pos[0];
                    end = start + (int) len;
                }
                case 5 -> {
                    start = pos[0];
                    end = start + 4;
                }
                default -> throw new IllegalStateException("unsupported wire type " + wire + " at byte "
                        + tagStart);
            }
            if (end > to) {
                throw new IllegalStateException("field " + number + " at byte " + tagStart + " is truncated");
            }
            pos[0] = end;
            list.add(new Field(tagStart, number, wire, start, end));
        }
        return list;
    }

    private static long readVarint(byte[] b, int[] pos, int to) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= to) {
                throw new IllegalStateException("varint runs past the end at byte " + pos[0]);
            }
            int c = b[pos[0]++] & 0xff;
            result |= (long) (c & 0x7f) << shift;
            if (c < 0x80) {
                return result;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes at byte " + pos[0]);
    }
}
