/** Dense float32 tensors and the compute kernels behind them (the engine's hot path). */
package org.privet.core.tensor;
