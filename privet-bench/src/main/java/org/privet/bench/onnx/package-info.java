/** Benchmarks of privet-onnx: inference in Privet's engine versus ONNX Runtime on the exported model, and export. */
package org.privet.bench.onnx;
