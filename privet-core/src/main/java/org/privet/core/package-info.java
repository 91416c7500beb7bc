/** Privet's engine: tensors, autodiff, layers, training, data, metrics and model files (subpackages). */
package org.privet.core;
