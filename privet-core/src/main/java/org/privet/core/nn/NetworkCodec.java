package org.privet.core.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.privet.core.model.io.ModelCodec;
import org.privet.core.model.io.ModelFile;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Codec for {@link NetworkClassifier}, kind {@value #KIND}: the header holds the network's
 * {@link Sequential#spec() spec}, the input shape and the class count; one tensor per named
 * parameter holds the trained weights. Registered with {@link org.privet.core.model.io.Models}
 * as a service.
 */
public final class NetworkCodec implements ModelCodec<NetworkClassifier> {
    /** The kind string. */
    public static final String KIND = "network";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<NetworkClassifier> type() {
        return NetworkClassifier.class;
    }

    @Override
    public ModelFile.Contents encode(NetworkClassifier model) {
        ObjectNode h = ModelFile.newHeader();
        h.put("spec", model.network().spec());
        ArrayNode shape = h.putArray("inputShape");
        for (int d : model.inputShape()) {
            shape.add(d);
        }
        h.put("classes", model.numClasses());
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (var e : model.network().namedParameters().entrySet()) {
            tensors.put(e.getKey(), e.getValue().value());
        }
        return new ModelFile.Contents(KIND, h, tensors, new LinkedHashMap<>());
    }

    @Override
    public NetworkClassifier decode(ModelFile.Contents contents) {
        ObjectNode h = contents.header();
        JsonNode spec = h.get("spec");
        JsonNode shapeNode = h.get("inputShape");
        JsonNode classes = h.get("classes");
        if (spec == null || !spec.isTextual() || shapeNode == null || !shapeNode.isArray()
                || classes == null || !classes.canConvertToInt()) {
            throw new IllegalArgumentException("network header needs 'spec' (text), 'inputShape' (array) and "
                    + "'classes' (int)");
        }
        int[] inputShape = new int[shapeNode.size()];
        for (int i = 0; i < inputShape.length; i++) {
            inputShape[i] = shapeNode.get(i).asInt();
            if (inputShape[i] <= 0) {
                throw new IllegalArgumentException("inputShape must be positive. Provided value: " + shapeNode);
            }
        }
        // the spec only fixes the architecture; every parameter is overwritten below
        Sequential net = Networks.fromSpec(spec.asText(), Rng.of(0));
        var params = net.namedParameters();
        if (!params.keySet().equals(contents.tensors().keySet())) {
            throw new IllegalArgumentException("network parameters " + params.keySet()
                    + " do not match the tensors in the file " + contents.tensors().keySet());
        }
        for (var e : params.entrySet()) {
            Tensor saved = contents.tensors().get(e.getKey());
            Tensor live = e.getValue().value();
            if (!live.sameShape(saved)) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "': file shape " + saved.shapeString()
                        + " != architecture shape " + live.shapeString());
            }
            System.arraycopy(saved.data(), 0, live.data(), 0, live.size());
        }
        int numClasses = classes.asInt();
        List<Parameter> ps = net.parameters();
        if (ps.isEmpty()) {
            throw new IllegalArgumentException("network has no parameters: " + spec.asText());
        }
        NetworkClassifier clf = new NetworkClassifier(net, inputShape, numClasses);
        Tensor probe = Tensor.zeros(prepend(1, inputShape));
        int outputs = clf.logits(probe).dim(1);
        if (outputs != numClasses) {
            throw new IllegalArgumentException("network outputs " + outputs + " classes but the header says "
                    + numClasses + " (input shape " + Arrays.toString(inputShape) + ")");
        }
        return clf;
    }

    private static int[] prepend(int first, int[] rest) {
        int[] s = new int[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }
}
