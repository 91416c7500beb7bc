/**
 * Models trained elsewhere: ONNX models run through ONNX Runtime as Privet classifiers, and Privet models
 * written out as ONNX.
 */
package org.privet.onnx;
