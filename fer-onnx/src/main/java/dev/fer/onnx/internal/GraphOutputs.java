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

    private static void lengthDelimited(ByteArrayOutputStream out, int number, byte[] payload) {
        varint(out, (long) number << 3 | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
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
