/**
 * Dense float32 tensors and the compute kernels behind them (the engine's hot path).
 *
 * <ul>
 *   <li>{@link org.privet.core.tensor.Tensor}: row-major float32 tensor with numpy broadcasting.
 *   <li>{@link org.privet.core.tensor.Kernels}: elementwise, reduction, softmax, convolution and
 *       pooling kernels on tensors and raw arrays.
 *   <li>{@link org.privet.core.tensor.Sgemm}: packed, register-blocked {@code C += op(A) op(B)}
 *       on raw arrays with offsets and leading dimensions ({@code jdk.incubator.vector}).
 *   <li>{@link org.privet.core.tensor.Parallel}: how many threads kernels use, and the shared pool.
 * </ul>
 *
 * <p>Results never depend on the thread count: work is split by shape only and no reduction is
 * split across threads in a thread-count-dependent way, so a seed reproduces bit-for-bit on any
 * machine size with the same JVM and vector width.
 */
package org.privet.core.tensor;
