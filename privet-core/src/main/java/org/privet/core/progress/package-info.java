/** Progress reporting for long work; rendered by the CLI, silent in libraries. */
package org.privet.core.progress;
