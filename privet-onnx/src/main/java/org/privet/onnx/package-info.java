/**
 * Models trained elsewhere: ONNX models run through ONNX Runtime as Privet classifiers
 * ({@link org.privet.onnx.OnnxClassifier}), their structure read and checked first by Privet's own
 * protobuf reader ({@link org.privet.onnx.OnnxModelInfo}), and Privet models written out as ONNX
 * ({@link org.privet.onnx.OnnxExport}) with Privet's own protobuf writer (no protobuf dependency).
 * Score files of models trained anywhere are in {@link org.privet.onnx.scores}.
 */
package org.privet.onnx;
