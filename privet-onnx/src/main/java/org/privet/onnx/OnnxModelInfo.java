package org.privet.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.privet.core.model.io.ModelFileException;
import org.privet.onnx.ProtoReader.ProtoFormatException;

/**
 * The structure of an ONNX {@code ModelProto}, read with Privet's own protobuf wire-format reader
 * before ONNX Runtime sees the bytes: IR version, operator sets, producer, graph inputs and outputs
 * with their element types and shapes, nodes (operator, inputs, outputs) and initializers (type,
 * dimensions). Field numbers are those of {@code onnx/onnx.proto} (ModelProto: ir_version 1,
 * producer_name 2, producer_version 3, graph 7, opset_import 8; GraphProto: node 1, initializer 5,
 * input 11, output 12; NodeProto: input 1, output 2, name 3, op_type 4, domain 7; TensorProto: dims 1,
 * data_type 2, float_data 4, int32_data 5, int64_data 7, name 8, raw_data 9, double_data 10,
 * data_location 14; ValueInfoProto: name 1, type 2; TypeProto: tensor_type 1; TypeProto.Tensor:
 * elem_type 1, shape 2; TensorShapeProto: dim 1; Dimension: dim_value 1, dim_param 2).
 *
 * <p>{@link #parse} collects every structural problem it finds (a truncated or non-protobuf file
 * stops at the first) and throws one {@link ModelFileException} listing them all: no graph, no
 * default-domain operator set, an IR version below 3, no nodes, no inputs or outputs, a node reading
 * a value no earlier node, input or initializer defines, a value defined twice, an initializer whose
 * payload size disagrees with its dimensions, weights stored in external files (refused: the model
 * would read other files), inputs or outputs without a tensor type. Immutable; thread safe.
 */
public final class OnnxModelInfo {
    /** ONNX TensorProto.DataType FLOAT. */
    public static final int FLOAT = 1;
    /** ONNX TensorProto.DataType DOUBLE. */
    public static final int DOUBLE = 11;
    private static final String[] TYPE_NAMES = {"undefined", "float", "uint8", "int8", "uint16", "int16", "int32",
        "int64", "string", "bool", "float16", "double", "uint32", "uint64", "complex64", "complex128", "bfloat16"};
    private static final int[] TYPE_BYTES = {0, 4, 1, 1, 2, 2, 4, 8, 0, 1, 2, 8, 4, 8, 8, 16, 2};

    /**
     * A graph input or output.
     *
     * @param name        the value's name
     * @param elementType ONNX element type code ({@link #FLOAT} = 1), 0 when the value is not a tensor
     * @param dims        dimensions; -1 for a symbolic or unknown dimension; null when the shape is not given
     * @param typeKind    {@code tensor}, or the kind of a non-tensor value ({@code sequence}, {@code map}, ...)
     */
    public record ValueInfo(String name, int elementType, long[] dims, String typeKind) {
        /** The element type's name, e.g. {@code float}. */
        public String elementTypeName() {
            return typeName(elementType);
        }

        /** e.g. {@code [batch?, 20]}; {@code ?} marks a symbolic dimension. */
        public String shapeString() {
            if (dims == null) {
                return "(no shape)";
            }
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < dims.length; i++) {
                b.append(i > 0 ? ", " : "").append(dims[i] < 0 ? "?" : Long.toString(dims[i]));
            }
            return b.append(']').toString();
        }
    }

    /** A node: operator type and domain ({@code ""} = ai.onnx), input and output value names. */
    public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs) {
    }

    private final long irVersion;
    private final String producer;
    private final Map<String, Long> opsets;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final List<Node> nodes;
    private final Set<String> initializers;
    private final Map<String, String> metadata;

    private OnnxModelInfo(long irVersion, String producer, Map<String, Long> opsets, List<ValueInfo> inputs,
            List<ValueInfo> outputs, List<Node> nodes, Set<String> initializers, Map<String, String> metadata) {
        this.metadata = Collections.unmodifiableMap(metadata);
        this.irVersion = irVersion;
        this.producer = producer;
        this.opsets = Collections.unmodifiableMap(opsets);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = List.copyOf(nodes);
        this.initializers = Collections.unmodifiableSet(initializers);
    }

    public long irVersion() {
        return irVersion;
    }

    /** Producer name and version, e.g. {@code pytorch 1.13.1}; empty when not recorded. */
    public String producer() {
        return producer;
    }

    /** Operator-set versions by domain ({@code ""} is the default ai.onnx domain). */
    public Map<String, Long> opsets() {
        return opsets;
    }

    /** The model's {@code metadata_props} (ModelProto field 14), e.g. Privet's provenance on exported models. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Graph inputs that are fed at run time (initializers listed as inputs are left out). */
    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    /** Nodes in graph order (ONNX requires topological order). */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node whose outputs include {@code value}, or null (a graph input or initializer). */
    public Node producerOf(String value) {
        for (Node n : nodes) {
            if (n.outputs().contains(value)) {
                return n;
            }
        }
        return null;
    }

    /** Whether {@code value} is an initializer (a stored constant). */
    public boolean isInitializer(String value) {
        return initializers.contains(value);
    }

    /** The name of an ONNX element type code. */
    public static String typeName(int code) {
        return code >= 0 && code < TYPE_NAMES.length ? TYPE_NAMES[code] : "type " + code;
    }

    /**
     * Reads and checks the structure of {@code bytes}, an ONNX model from {@code source} (used in messages).
     *
     * @throws ModelFileException naming the file and every problem found
     */
    public static OnnxModelInfo parse(byte[] bytes, Path source) throws ModelFileException {
        if (bytes.length == 0) {
            throw new ModelFileException(source, "not an ONNX model: the file is empty");
        }
        List<String> problems = new ArrayList<>();
        long ir = 0;
        String producer = "";
        String producerVersion = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        ProtoReader graph = null;
        try {
            ProtoReader r = new ProtoReader(bytes);
            while (r.hasMore()) {
                int at = r.position();
                int tag = r.readTag();
                switch (tag >>> 3) {
                    case 1 -> {
                        ProtoReader.expect(tag, ProtoReader.VARINT, "ir_version", at);
                        ir = r.readVarint();
                    }
                    case 2 -> {
                        ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "producer_name", at);
                        producer = r.readString();
                    }
                    case 3 -> {
                        ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "producer_version", at);
                        producerVersion = r.readString();
                    }
                    case 7 -> {
                        ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "graph", at);
                        graph = r.readMessage();
                    }
                    case 8 -> {
                        ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "opset_import", at);
                        ProtoReader o = r.readMessage();
                        String domain = "";
                        long version = 0;
                        while (o.hasMore()) {
                            int oat = o.position();
                            int ot = o.readTag();
                            if (ot >>> 3 == 1) {
                                ProtoReader.expect(ot, ProtoReader.LENGTH_DELIMITED, "opset domain", oat);
                                domain = o.readString();
                            } else if (ot >>> 3 == 2) {
                                ProtoReader.expect(ot, ProtoReader.VARINT, "opset version", oat);
                                version = o.readVarint();
                            } else {
                                o.skip(ot & 7);
                            }
                        }
                        opsets.put(domain.equals("ai.onnx") ? "" : domain, version);
                    }
                    case 14 -> {
                        ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "metadata_props", at);
                        ProtoReader e = r.readMessage();
                        String key = "";
                        String value = "";
                        while (e.hasMore()) {
                            int eat = e.position();
                            int et = e.readTag();
                            if (et >>> 3 == 1 || et >>> 3 == 2) {
                                ProtoReader.expect(et, ProtoReader.LENGTH_DELIMITED, "metadata entry", eat);
                                if (et >>> 3 == 1) {
                                    key = e.readString();
                                } else {
                                    value = e.readString();
                                }
                            } else {
                                e.skip(et & 7);
                            }
                        }
                        metadata.put(key, value);
                    }
                    default -> r.skip(tag & 7);
                }
            }
            if (graph == null) {
                throw new ModelFileException(source, "not an ONNX model: no graph (ModelProto field 7)"
                        + (ir == 0 ? " and no IR version (field 1)" : ""));
            }
            if (ir < 3) {
                problems.add("IR version " + ir + " is not supported (ONNX Runtime reads IR version 3 and later)");
            }
            if (!opsets.containsKey("")) {
                problems.add("no operator set imported for the default domain ai.onnx (opset_import)");
            }
            return parseGraph(graph, source, ir, (producer + " " + producerVersion).trim(), opsets, metadata, problems);
        } catch (ProtoFormatException e) {
            throw new ModelFileException(source, "not a valid ONNX model: the file is truncated, corrupted or not ONNX "
                    + "(protobuf structure broken at " + e.getMessage() + ")", e);
        }
    }

    private static OnnxModelInfo parseGraph(ProtoReader g, Path source, long ir, String producer,
            Map<String, Long> opsets, Map<String, String> metadata, List<String> problems) throws ProtoFormatException, ModelFileException {
        List<Node> nodes = new ArrayList<>();
        List<ValueInfo> declaredInputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        Set<String> initNames = new HashSet<>();
        while (g.hasMore()) {
            int at = g.position();
            int tag = g.readTag();
            switch (tag >>> 3) {
                case 1 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "node", at);
                    nodes.add(node(g.readMessage()));
                }
                case 5 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "initializer", at);
                    String name = initializer(g.readMessage(), problems);
                    if (!initNames.add(name)) {
                        problems.add("initializer '" + name + "' is defined twice");
                    }
                }
                case 11 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "graph input", at);
                    declaredInputs.add(valueInfo(g.readMessage()));
                }
                case 12 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "graph output", at);
                    outputs.add(valueInfo(g.readMessage()));
                }
                default -> g.skip(tag & 7);
            }
        }
        List<ValueInfo> inputs = new ArrayList<>();
        for (ValueInfo v : declaredInputs) {
            if (!initNames.contains(v.name())) {
                inputs.add(v);
            }
        }
        if (nodes.isEmpty()) {
            problems.add("the graph has no nodes");
        }
        if (inputs.isEmpty()) {
            problems.add("the graph has no inputs fed at run time");
        }
        if (outputs.isEmpty()) {
            problems.add("the graph has no outputs");
        }
        for (ValueInfo v : inputs) {
            if (!v.typeKind().equals("tensor")) {
                problems.add("input '" + v.name() + "' is a " + v.typeKind() + ", not a tensor");
            }
        }
        Set<String> defined = new HashSet<>(initNames);
        for (ValueInfo v : declaredInputs) {
            defined.add(v.name());
        }
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    problems.add("node " + i + " (" + n.opType() + (n.name().isEmpty() ? "" : " '" + n.name() + "'")
                            + ") reads '" + in + "', which no graph input, initializer or earlier node defines");
                }
            }
            for (String out : n.outputs()) {
                if (!out.isEmpty() && !defined.add(out)) {
                    problems.add("value '" + out + "' is defined twice (node " + i + ", " + n.opType() + ")");
                }
            }
        }
        for (ValueInfo v : outputs) {
            if (!defined.contains(v.name())) {
                problems.add("output '" + v.name() + "' is not produced by any node");
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelFileException(source, "invalid ONNX model: " + String.join("; ", problems));
        }
        return new OnnxModelInfo(ir, producer, opsets, inputs, outputs, nodes, initNames, metadata);
    }

    private static Node node(ProtoReader r) throws ProtoFormatException {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = "";
        String domain = "";
        while (r.hasMore()) {
            int at = r.position();
            int tag = r.readTag();
            int f = tag >>> 3;
            if (f == 1 || f == 2 || f == 3 || f == 4 || f == 7) {
                ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "node field", at);
                String s = r.readString();
                switch (f) {
                    case 1 -> in.add(s);
                    case 2 -> out.add(s);
                    case 3 -> name = s;
                    case 4 -> op = s;
                    default -> domain = s;
                }
            } else {
                r.skip(tag & 7);
            }
        }
        if (op.isEmpty()) {
            throw new ProtoFormatException(r.position(), "a node has no op_type");
        }
        return new Node(name, op, domain.equals("ai.onnx") ? "" : domain, List.copyOf(in), List.copyOf(out));
    }

    /** Checks one TensorProto initializer; returns its name. */
    private static String initializer(ProtoReader r, List<String> problems) throws ProtoFormatException {
        ProtoReader.LongList dims = new ProtoReader.LongList();
        int type = 0;
        String name = "";
        long raw = -1;
        long typed = 0;
        boolean external = false;
        while (r.hasMore()) {
            int at = r.position();
            int tag = r.readTag();
            int wire = tag & 7;
            switch (tag >>> 3) {
                case 1 -> r.readInt64s(wire, dims);
                case 2 -> {
                    ProtoReader.expect(tag, ProtoReader.VARINT, "data_type", at);
                    type = (int) r.readVarint();
                }
                case 4 -> typed += r.countFixed32(wire);
                case 5, 7 -> typed += r.countVarints(wire);
                case 10 -> typed += r.countFixed64(wire);
                case 8 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "tensor name", at);
                    name = r.readString();
                }
                case 9 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "raw_data", at);
                    raw = r.skipBytes();
                }
                case 13 -> {
                    external = true;
                    r.skip(wire);
                }
                case 14 -> {
                    ProtoReader.expect(tag, ProtoReader.VARINT, "data_location", at);
                    external |= r.readVarint() == 1;
                }
                default -> r.skip(wire);
            }
        }
        long[] d = dims.toArray();
        long count = 1;
        for (long x : d) {
            if (x < 0) {
                problems.add("initializer '" + name + "' has a negative dimension " + Arrays.toString(d));
                return name;
            }
            count = x != 0 && count > Long.MAX_VALUE / x ? -1 : count * x;
            if (count < 0) {
                problems.add("initializer '" + name + "' dimensions " + Arrays.toString(d) + " overflow");
                return name;
            }
        }
        if (external) {
            problems.add("initializer '" + name + "' stores its data in an external file; only self-contained "
                    + "models are loaded (re-export with the weights inside the .onnx file)");
            return name;
        }
        int size = type > 0 && type < TYPE_BYTES.length ? TYPE_BYTES[type] : 0;
        if (raw >= 0 && size > 0 && raw != count * size) {
            problems.add("initializer '" + name + "' (" + typeName(type) + " " + Arrays.toString(d) + ") needs "
                    + count * size + " bytes of raw_data but has " + raw);
        } else if (raw < 0 && type != 8 && typed != count) {
            problems.add("initializer '" + name + "' (" + typeName(type) + " " + Arrays.toString(d) + ") needs "
                    + count + " values but has " + typed);
        }
        return name;
    }

    private static ValueInfo valueInfo(ProtoReader r) throws ProtoFormatException {
        String name = "";
        int elem = 0;
        long[] dims = null;
        String kind = "untyped";
        while (r.hasMore()) {
            int at = r.position();
            int tag = r.readTag();
            if (tag >>> 3 == 1) {
                ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "value name", at);
                name = r.readString();
            } else if (tag >>> 3 == 2) {
                ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "value type", at);
                ProtoReader t = r.readMessage();
                while (t.hasMore()) {
                    int tat = t.position();
                    int tt = t.readTag();
                    switch (tt >>> 3) {
                        case 1 -> {
                            ProtoReader.expect(tt, ProtoReader.LENGTH_DELIMITED, "tensor_type", tat);
                            kind = "tensor";
                            ProtoReader tensor = t.readMessage();
                            while (tensor.hasMore()) {
                                int eat = tensor.position();
                                int et = tensor.readTag();
                                if (et >>> 3 == 1) {
                                    ProtoReader.expect(et, ProtoReader.VARINT, "elem_type", eat);
                                    elem = (int) tensor.readVarint();
                                } else if (et >>> 3 == 2) {
                                    ProtoReader.expect(et, ProtoReader.LENGTH_DELIMITED, "shape", eat);
                                    dims = shape(tensor.readMessage());
                                } else {
                                    tensor.skip(et & 7);
                                }
                            }
                        }
                        case 4 -> {
                            kind = "sequence";
                            t.skip(tt & 7);
                        }
                        case 5 -> {
                            kind = "map";
                            t.skip(tt & 7);
                        }
                        case 8 -> {
                            kind = "sparse tensor";
                            t.skip(tt & 7);
                        }
                        case 9 -> {
                            kind = "optional";
                            t.skip(tt & 7);
                        }
                        default -> t.skip(tt & 7);
                    }
                }
            } else {
                r.skip(tag & 7);
            }
        }
        return new ValueInfo(name, elem, dims, kind);
    }

    private static long[] shape(ProtoReader s) throws ProtoFormatException {
        ProtoReader.LongList dims = new ProtoReader.LongList();
        while (s.hasMore()) {
            int at = s.position();
            int tag = s.readTag();
            if (tag >>> 3 != 1) {
                s.skip(tag & 7);
                continue;
            }
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, "shape dim", at);
            ProtoReader d = s.readMessage();
            long v = -1;
            while (d.hasMore()) {
                int dat = d.position();
                int dt = d.readTag();
                if (dt >>> 3 == 1) {
                    ProtoReader.expect(dt, ProtoReader.VARINT, "dim_value", dat);
                    v = d.readVarint();
                } else {
                    d.skip(dt & 7);
                }
            }
            dims.add(v < 0 ? -1 : v);
        }
        return dims.toArray();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ONNX IR ").append(irVersion).append(", opsets ").append(opsets);
        if (!producer.isEmpty()) {
            b.append(", producer ").append(producer);
        }
        for (ValueInfo v : inputs) {
            b.append(", input '").append(v.name()).append("' ").append(v.elementTypeName()).append(v.shapeString());
        }
        for (ValueInfo v : outputs) {
            b.append(", output '").append(v.name()).append("' ").append(v.elementTypeName()).append(v.shapeString());
        }
        return b.append(", ").append(nodes.size()).append(" nodes").toString();
    }
}
