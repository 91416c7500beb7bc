/**
 * A prediction API for privet models with the output defences of the literature, API keys, query budgets
 * and an extraction monitor; and the HTTP client that lets every black-box attack run against a live endpoint.
 */
package org.privet.serve;
