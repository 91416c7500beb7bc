/**
 * The HTTP client of a privet prediction endpoint: {@link org.privet.serve.client.RemoteClassifier}
 * implements the classifier interfaces, so black-box attacks run against a live endpoint
 * ({@code RemoteClassifier.connect(URI, apiKey, RemoteOptions)}).
 */
package org.privet.serve.client;
